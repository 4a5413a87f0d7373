// GET /api/profile/ (Bearer) → {username, email, favorites, positions}.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { AUTH_MESSAGES, requireApiUser } from '~/.server/auth/api-auth';
import { methodNotAllowed } from '~/.server/auth/api-methods';
import { getProfile } from '~/.server/auth/profile';
import { apiError, apiHandler, jsonResponse, requireMethod } from '~/.server/http/api';

export const loader = apiHandler(async ({ request, context }: LoaderFunctionArgs) => {
  requireMethod(request, 'GET', 'HEAD');
  const user = await requireApiUser(request, context);
  const profile = await getProfile(context.services.database.db, user.id);
  // Deleted between the token check and here.
  if (!profile) return apiError(401, { detail: AUTH_MESSAGES.userNotFound, code: 'user_not_found' });
  return jsonResponse(profile, 200, { 'Cache-Control': 'private, no-store' });
});

export const action = methodNotAllowed('GET', 'HEAD');
