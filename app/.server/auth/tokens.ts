// API tokens with server-side refresh state: every refresh token is a row; using one marks it
// used and issues the next of its family; using one twice means it was copied, so the whole
// family (and the access tokens carrying its id) is revoked.
import { randomUUID } from 'node:crypto';
import { and, eq, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '~/.server/db/client';
import { refreshTokens, users } from '~/.server/db/schema';
import { signToken, TokenInvalidError, verifyToken } from './jwt';

export interface TokenSettings {
  secret: string;
  accessTtlSec: number;
  refreshTtlSec: number;
}

export interface TokenPair {
  access: string;
  refresh: string;
}

/** Why a refresh was refused: `reused` means theft was detected and the family is now dead. */
export type RefreshFailure = 'invalid' | 'revoked' | 'reused' | 'user_inactive';

export type RefreshResult =
  { ok: true; tokens: TokenPair; userId: number } | { ok: false; reason: RefreshFailure; userId?: number };

async function issueInFamily(
  db: Pick<Db, 'insert'>,
  settings: TokenSettings,
  userId: number,
  familyId: string,
  now: Date,
): Promise<TokenPair> {
  const [access, refresh] = await Promise.all([
    signToken({ secret: settings.secret, userId, type: 'access', familyId, ttlSec: settings.accessTtlSec, now }),
    signToken({ secret: settings.secret, userId, type: 'refresh', familyId, ttlSec: settings.refreshTtlSec, now }),
  ]);
  await db.insert(refreshTokens).values({
    jti: refresh.claims.jti,
    userId,
    familyId,
    expiresAt: refresh.claims.expiresAt,
    createdAt: now,
  });
  return { access: access.token, refresh: refresh.token };
}

/** A fresh pair starting a new family (one per login), after dropping this user's expired rows. */
export async function issueTokenPair(
  db: Db,
  settings: TokenSettings,
  userId: number,
  now = new Date(),
): Promise<TokenPair> {
  // An expired refresh token fails its own signature check, so its row is no longer needed.
  await db.delete(refreshTokens).where(and(eq(refreshTokens.userId, userId), lt(refreshTokens.expiresAt, now)));
  return issueInFamily(db, settings, userId, randomUUID(), now);
}

/**
 * Exchange a refresh token for a new pair of the same family. Runs under a row lock so two
 * concurrent uses of one token cannot both succeed: the second is a reuse.
 */
export async function rotateRefreshToken(
  db: Db,
  settings: TokenSettings,
  token: string,
  now = new Date(),
): Promise<RefreshResult> {
  let claims;
  try {
    claims = await verifyToken(settings.secret, token, 'refresh', now);
  } catch (err) {
    if (err instanceof TokenInvalidError) return { ok: false, reason: 'invalid' };
    throw err;
  }
  return db.transaction(async (tx): Promise<RefreshResult> => {
    const [row] = await tx.select().from(refreshTokens).where(eq(refreshTokens.jti, claims.jti)).for('update');
    if (!row || row.userId !== claims.userId || row.familyId !== claims.familyId)
      return { ok: false, reason: 'invalid' };
    if (row.revokedAt) return { ok: false, reason: 'revoked' };
    if (row.usedAt) {
      await tx
        .update(refreshTokens)
        .set({ revokedAt: now })
        .where(and(eq(refreshTokens.familyId, row.familyId), isNull(refreshTokens.revokedAt)));
      return { ok: false, reason: 'reused', userId: row.userId };
    }
    if (row.expiresAt <= now) return { ok: false, reason: 'invalid' };
    const [user] = await tx.select({ isActive: users.isActive }).from(users).where(eq(users.id, row.userId));
    if (!user?.isActive) return { ok: false, reason: 'user_inactive', userId: row.userId };
    await tx.update(refreshTokens).set({ usedAt: now }).where(eq(refreshTokens.jti, row.jti));
    const tokens = await issueInFamily(tx, settings, row.userId, row.familyId, now);
    return { ok: true, tokens, userId: row.userId };
  });
}

/** Whether a family has been revoked (reuse detected); access tokens of such a family are refused. */
export async function isFamilyRevoked(db: Db, familyId: string): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(refreshTokens)
    .where(and(eq(refreshTokens.familyId, familyId), isNotNull(refreshTokens.revokedAt)))
    .limit(1);
  return row !== undefined;
}
