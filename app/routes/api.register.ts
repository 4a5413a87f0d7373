// POST /api/register/ {username, email, password} → 201 {id, username, email}; 400 {field: [messages]}.
import type { ActionFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { methodNotAllowed } from '~/.server/auth/api-methods';
import { assertSameOriginApi } from '~/.server/auth/csrf';
import { registerUser } from '~/.server/auth/users';
import { apiError, apiHandler, jsonResponse, parseBody, requireMethod } from '~/.server/http/api';

export const loader = methodNotAllowed('POST');

export const action = apiHandler(async ({ request, context }: ActionFunctionArgs) => {
  requireMethod(request, 'POST');
  assertSameOriginApi(request, context);
  // Field rules live in registerUser, shared with the register page.
  const body = await parseBody(request, z.object({}).passthrough());
  const result = await registerUser(context.services.database.db, body);
  if (!result.ok) return apiError(400, result.errors);
  const { id, username, email } = result.value;
  context.services.log.info('user registered', { userId: id, via: 'api' });
  return jsonResponse({ id, username, email }, 201);
});
