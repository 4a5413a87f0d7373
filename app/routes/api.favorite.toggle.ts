// POST /api/favorite/toggle/ (Bearer) {asset_symbol, exchange?} → {status: "added"|"removed"};
// 404 {error} for an unknown asset or exchange.
import type { ActionFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { requireApiUser } from '~/.server/auth/api-auth';
import { methodNotAllowed } from '~/.server/auth/api-methods';
import { assertSameOriginApi } from '~/.server/auth/csrf';
import { toggleFavorite } from '~/.server/auth/favorites';
import { MESSAGES, requiredText } from '~/.server/auth/user-rules';
import { apiError, apiHandler, jsonResponse, parseBody, requireMethod } from '~/.server/http/api';

const toggleSchema = z.object({
  asset_symbol: requiredText({ trim: true }),
  exchange: z.string({ invalid_type_error: MESSAGES.notString }).nullish(),
});

export const loader = methodNotAllowed('POST');

export const action = apiHandler(async ({ request, context }: ActionFunctionArgs) => {
  requireMethod(request, 'POST');
  assertSameOriginApi(request, context);
  const user = await requireApiUser(request, context);
  const body = await parseBody(request, toggleSchema);
  const result = await toggleFavorite(context.services.database.db, user.id, {
    assetSymbol: body.asset_symbol,
    exchange: body.exchange,
  });
  if (!result.ok) return apiError(404, { error: result.error });
  return jsonResponse({ status: result.status });
});
