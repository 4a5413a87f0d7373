// POST /api/token/refresh/ {refresh} → {access, refresh}. The refresh token rotates; presenting
// a used one again revokes its whole family (a copy is in someone else's hands).
import type { ActionFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { tokenSettings } from '~/.server/auth/api-auth';
import { methodNotAllowed } from '~/.server/auth/api-methods';
import { assertSameOriginApi } from '~/.server/auth/csrf';
import { rotateRefreshToken, type RefreshFailure } from '~/.server/auth/tokens';
import { requiredText } from '~/.server/auth/user-rules';
import { apiError, apiHandler, jsonResponse, parseBody, requireMethod } from '~/.server/http/api';

const FAILURES: Record<RefreshFailure, { detail: string; code: string }> = {
  invalid: { detail: 'Token is invalid or expired', code: 'token_not_valid' },
  revoked: { detail: 'Token is blacklisted', code: 'token_not_valid' },
  reused: { detail: 'Token is blacklisted', code: 'token_not_valid' },
  user_inactive: { detail: 'No active account found for the given token.', code: 'no_active_account' },
};

export const loader = methodNotAllowed('POST');

export const action = apiHandler(async ({ request, context }: ActionFunctionArgs) => {
  requireMethod(request, 'POST');
  assertSameOriginApi(request, context);
  const { refresh } = await parseBody(request, z.object({ refresh: requiredText({ trim: true }) }));
  const result = await rotateRefreshToken(context.services.database.db, tokenSettings(context), refresh);
  if (!result.ok) {
    if (result.reason === 'reused') {
      context.services.log.warn('refresh token used twice: its family is revoked', {
        userId: result.userId,
        ip: context.clientIp,
      });
    }
    return apiError(401, FAILURES[result.reason], { 'WWW-Authenticate': 'Bearer realm="api"' });
  }
  return jsonResponse(result.tokens, 200, { 'Cache-Control': 'no-store' });
});
