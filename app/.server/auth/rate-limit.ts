// Login throttling kept in Postgres, so the limits hold across every app process: at most
// LOGIN_LIMITS.perUsername failures per username and LOGIN_LIMITS.perIp per client address in
// a sliding window. Blocked attempts are not recorded, so waiting out Retry-After always works.
import { and, desc, eq, gt, lt, or } from 'drizzle-orm';
import type { Db } from '~/.server/db/client';
import { loginAttempts } from '~/.server/db/schema';

export const LOGIN_LIMITS = { windowSec: 15 * 60, perUsername: 5, perIp: 20 } as const;

export type LoginGate = { allowed: true } | { allowed: false; retryAfterSec: number };

/**
 * Seconds until a key with these failure times (newest first, inside the window) drops below
 * `limit`: when the limit-th newest failure leaves the window. Pure.
 */
export function retryAfterSec(failuresNewestFirst: Date[], limit: number, windowSec: number, now: Date): number {
  const pivot = failuresNewestFirst[limit - 1];
  if (!pivot) return 0;
  const freeAt = pivot.getTime() + windowSec * 1000;
  return Math.max(0, Math.ceil((freeAt - now.getTime()) / 1000));
}

async function recentFailures(
  db: Db,
  key: 'ip' | 'username',
  value: string,
  limit: number,
  since: Date,
): Promise<Date[]> {
  const column = key === 'ip' ? loginAttempts.ip : loginAttempts.usernameLower;
  const rows = await db
    .select({ at: loginAttempts.at })
    .from(loginAttempts)
    .where(and(eq(column, value), eq(loginAttempts.success, false), gt(loginAttempts.at, since)))
    .orderBy(desc(loginAttempts.at))
    .limit(limit);
  return rows.map((r) => r.at);
}

/** May this address try this username now? Checked before any password work is done. */
export async function checkLoginGate(
  db: Db,
  attempt: { ip: string; username: string },
  now = new Date(),
): Promise<LoginGate> {
  const since = new Date(now.getTime() - LOGIN_LIMITS.windowSec * 1000);
  const [byUser, byIp] = await Promise.all([
    recentFailures(db, 'username', attempt.username.toLowerCase(), LOGIN_LIMITS.perUsername, since),
    recentFailures(db, 'ip', attempt.ip, LOGIN_LIMITS.perIp, since),
  ]);
  const wait = Math.max(
    retryAfterSec(byUser, LOGIN_LIMITS.perUsername, LOGIN_LIMITS.windowSec, now),
    retryAfterSec(byIp, LOGIN_LIMITS.perIp, LOGIN_LIMITS.windowSec, now),
  );
  return wait > 0 ? { allowed: false, retryAfterSec: wait } : { allowed: true };
}

/** Record one checked attempt, and drop this address's and username's rows that no window can see any more. */
export async function recordLoginAttempt(
  db: Db,
  attempt: { ip: string; username: string; success: boolean },
  now = new Date(),
): Promise<void> {
  const usernameLower = attempt.username.toLowerCase();
  const expired = new Date(now.getTime() - LOGIN_LIMITS.windowSec * 1000);
  await db.insert(loginAttempts).values({ ip: attempt.ip, usernameLower, success: attempt.success, at: now });
  await db
    .delete(loginAttempts)
    .where(
      and(
        or(eq(loginAttempts.ip, attempt.ip), eq(loginAttempts.usernameLower, usernameLower)),
        lt(loginAttempts.at, expired),
      ),
    );
}
