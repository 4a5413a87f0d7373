// remix-auth with a FormStrategy for the login page. Built per request because the strategy's
// verify callback needs this request's services and client address (remix-auth hands it only
// the form and the request).
import type { AppLoadContext } from '@remix-run/node';
import { Authenticator } from 'remix-auth';
import { FormStrategy } from 'remix-auth-form';
import { fieldErrors, type FieldErrors } from '~/.server/http/api';
import { checkLogin, loginInputSchema } from './login';

export const PASSWORD_STRATEGY = 'password';

export interface AuthenticatedUser {
  id: number;
  username: string;
}

export type LoginRefusal =
  { reason: 'fields'; errors: FieldErrors } | { reason: 'invalid' } | { reason: 'throttled'; retryAfterSec: number };

/** Thrown by the strategy when a login is refused; the page turns it into messages. */
export class LoginRefusedError extends Error {
  name = 'LoginRefusedError';
  constructor(readonly refusal: LoginRefusal) {
    super(`login refused: ${refusal.reason}`);
  }
}

function formText(form: FormData, name: string): string | undefined {
  const v = form.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function createAuthenticator(context: AppLoadContext): Authenticator<AuthenticatedUser> {
  const authenticator = new Authenticator<AuthenticatedUser>();
  authenticator.use(
    new FormStrategy<AuthenticatedUser>(async ({ form }) => {
      const parsed = loginInputSchema.safeParse({
        username: formText(form, 'username'),
        password: formText(form, 'password'),
      });
      if (!parsed.success) throw new LoginRefusedError({ reason: 'fields', errors: fieldErrors(parsed.error) });
      const result = await checkLogin(context.services.database.db, { ...parsed.data, ip: context.clientIp });
      if (!result.ok) throw new LoginRefusedError(result);
      return result.user;
    }),
    PASSWORD_STRATEGY,
  );
  return authenticator;
}
