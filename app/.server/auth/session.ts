// Browser sessions: a signed cookie holding the user id, read by every page loader that cares.
// The cookie is httpOnly and SameSite=Lax; it is Secure in production when the request came in
// over https (directly, or through a trusted proxy's X-Forwarded-Proto), so a production build
// tested over plain http on loopback still gets a cookie back.
import { createCookieSessionStorage, redirect, type AppLoadContext, type SessionStorage } from '@remix-run/node';
import { isHttpsRequest } from './client-ip';
import { safeRedirect } from './safe-redirect';
import { getUserById } from './users';

export const SESSION_COOKIE = '__session';
export const SESSION_MAX_AGE_SEC = 7 * 86_400;

/** What pages know about the signed-in user. */
export interface SessionUser {
  id: number;
  username: string;
  email: string;
}

interface SessionData {
  userId: number;
}

const storages = new WeakMap<object, Map<boolean, SessionStorage<SessionData>>>();

function sessionStorage(request: Request, context: AppLoadContext): SessionStorage<SessionData> {
  const { config, secrets } = context.services;
  const secure = config.env === 'production' && isHttpsRequest(request, config.trustProxy);
  let bySecure = storages.get(secrets);
  if (!bySecure) storages.set(secrets, (bySecure = new Map()));
  let storage = bySecure.get(secure);
  if (!storage) {
    storage = createCookieSessionStorage<SessionData>({
      cookie: {
        name: SESSION_COOKIE,
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
        secure,
        secrets: [secrets.sessionSecret],
        maxAge: SESSION_MAX_AGE_SEC,
      },
    });
    bySecure.set(secure, storage);
  }
  return storage;
}

/** The signed-in, active user, or null (no cookie, a forged one, or an account since disabled). */
export async function getOptionalUser(request: Request, context: AppLoadContext): Promise<SessionUser | null> {
  const session = await sessionStorage(request, context).getSession(request.headers.get('cookie'));
  const userId = session.get('userId');
  if (typeof userId !== 'number') return null;
  const user = await getUserById(context.services.database.db, userId);
  return user?.isActive ? { id: user.id, username: user.username, email: user.email } : null;
}

/** The signed-in user, or a redirect to /login that comes back here afterwards. */
export async function requireUser(request: Request, context: AppLoadContext): Promise<SessionUser> {
  const user = await getOptionalUser(request, context);
  if (user) return user;
  const url = new URL(request.url);
  throw redirect(`/login?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`);
}

/** Start a session for this user and go on to `redirectTo` (same-site paths only). */
export async function createUserSession(
  request: Request,
  context: AppLoadContext,
  userId: number,
  redirectTo: string | null | undefined,
): Promise<Response> {
  const storage = sessionStorage(request, context);
  // A fresh session, not the old one with the id added: nothing from before login carries over.
  const session = await storage.getSession();
  session.set('userId', userId);
  return redirect(safeRedirect(redirectTo, '/profile'), {
    headers: { 'Set-Cookie': await storage.commitSession(session) },
  });
}

/** End the session and go home. */
export async function destroyUserSession(request: Request, context: AppLoadContext): Promise<Response> {
  const storage = sessionStorage(request, context);
  const session = await storage.getSession(request.headers.get('cookie'));
  return redirect('/', { headers: { 'Set-Cookie': await storage.destroySession(session) } });
}
