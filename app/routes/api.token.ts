// POST /api/token/ {username, password} → {access, refresh}; 401 on bad credentials (the same
// body and similar timing whether or not the user exists); 429 with Retry-After when throttled.
import type { ActionFunctionArgs } from '@remix-run/node';
import { tokenSettings } from '~/.server/auth/api-auth';
import { methodNotAllowed } from '~/.server/auth/api-methods';
import { assertSameOriginApi } from '~/.server/auth/csrf';
import { checkLogin, LOGIN_FAILED, loginInputSchema, throttledMessage } from '~/.server/auth/login';
import { issueTokenPair } from '~/.server/auth/tokens';
import { apiError, apiHandler, jsonResponse, parseBody, requireMethod } from '~/.server/http/api';

export const loader = methodNotAllowed('POST');

export const action = apiHandler(async ({ request, context }: ActionFunctionArgs) => {
  requireMethod(request, 'POST');
  assertSameOriginApi(request, context);
  const input = await parseBody(request, loginInputSchema);
  const { db } = context.services.database;
  const result = await checkLogin(db, { ...input, ip: context.clientIp });
  if (!result.ok) {
    if (result.reason === 'throttled') {
      return apiError(
        429,
        { detail: throttledMessage(result.retryAfterSec) },
        { 'Retry-After': String(result.retryAfterSec) },
      );
    }
    return apiError(401, { detail: LOGIN_FAILED }, { 'WWW-Authenticate': 'Bearer realm="api"' });
  }
  const tokens = await issueTokenPair(db, tokenSettings(context), result.user.id);
  return jsonResponse(tokens, 200, { 'Cache-Control': 'no-store' });
});
