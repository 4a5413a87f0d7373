// Checking a username and password: the one path both the API (`/api/token/`) and the login
// page take. Throttled first (no password work for a blocked caller), then one argon2 check
// whether or not the account exists, then the attempt is recorded.
import { z } from 'zod';
import type { Db } from '~/.server/db/client';
import { burnPasswordCheck, verifyPassword } from './passwords';
import { checkLoginGate, recordLoginAttempt } from './rate-limit';
import { requiredText } from './user-rules';
import { findUserForLogin } from './users';

/** DRF/simplejwt's words for a failed login, the same whether the user exists or not. */
export const LOGIN_FAILED = 'No active account found with the given credentials';

export const loginInputSchema = z.object({
  username: requiredText({ trim: true }),
  password: requiredText({ trim: false }),
});

export type LoginInput = z.infer<typeof loginInputSchema>;

export type LoginResult =
  | { ok: true; user: { id: number; username: string } }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterSec: number };

export async function checkLogin(db: Db, input: LoginInput & { ip: string }): Promise<LoginResult> {
  const gate = await checkLoginGate(db, { ip: input.ip, username: input.username });
  if (!gate.allowed) return { ok: false, reason: 'throttled', retryAfterSec: gate.retryAfterSec };
  const user = await findUserForLogin(db, input.username);
  const passwordOk = user
    ? await verifyPassword(user.passwordHash, input.password)
    : await burnPasswordCheck(input.password);
  // An inactive account fails like a wrong password (after the same hashing work).
  const success = passwordOk && user !== null && user.isActive;
  await recordLoginAttempt(db, { ip: input.ip, username: input.username, success });
  return success ? { ok: true, user: { id: user.id, username: user.username } } : { ok: false, reason: 'invalid' };
}

/** DRF's throttling sentence, for the 429 body. */
export function throttledMessage(retryAfterSec: number): string {
  return `Request was throttled. Expected available in ${retryAfterSec} second${retryAfterSec === 1 ? '' : 's'}.`;
}
