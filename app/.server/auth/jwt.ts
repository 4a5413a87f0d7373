// Signing and checking our JWTs (HS256 only). Pure apart from the clock: no database here.
// Claims: sub (user id as a string), jti, iat, exp, type ('access' | 'refresh') and fid, the
// refresh family the token belongs to, so revoking a family also kills its access tokens.
import { randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';

export type TokenType = 'access' | 'refresh';

export interface TokenClaims {
  userId: number;
  jti: string;
  familyId: string;
  type: TokenType;
  issuedAt: Date;
  expiresAt: Date;
}

/** Why a token was refused; the API turns every kind into the same 401 body. */
export class TokenInvalidError extends Error {
  name = 'TokenInvalidError';
  constructor(readonly reason: 'malformed' | 'signature' | 'algorithm' | 'expired' | 'claims' | 'wrong_type') {
    super(`token rejected: ${reason}`);
  }
}

const encoder = new TextEncoder();

export async function signToken(opts: {
  secret: string;
  userId: number;
  type: TokenType;
  familyId: string;
  ttlSec: number;
  now?: Date;
}): Promise<{ token: string; claims: TokenClaims }> {
  const nowSec = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  const jti = randomUUID();
  const token = await new SignJWT({ type: opts.type, fid: opts.familyId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(String(opts.userId))
    .setJti(jti)
    .setIssuedAt(nowSec)
    .setExpirationTime(nowSec + opts.ttlSec)
    .sign(encoder.encode(opts.secret));
  return {
    token,
    claims: {
      userId: opts.userId,
      jti,
      familyId: opts.familyId,
      type: opts.type,
      issuedAt: new Date(nowSec * 1000),
      expiresAt: new Date((nowSec + opts.ttlSec) * 1000),
    },
  };
}

/**
 * Check signature (HS256 only: `none` and every other algorithm are refused before any key is
 * used), expiry and claims, and that the token is of the expected type.
 */
export async function verifyToken(
  secret: string,
  token: string,
  expected: TokenType,
  now?: Date,
): Promise<TokenClaims> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, encoder.encode(secret), {
      algorithms: ['HS256'],
      requiredClaims: ['sub', 'jti', 'iat', 'exp'],
      ...(now ? { currentDate: now } : {}),
    }));
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new TokenInvalidError(
      code === 'ERR_JWT_EXPIRED'
        ? 'expired'
        : code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'
          ? 'signature'
          : code === 'ERR_JOSE_ALG_NOT_ALLOWED' || code === 'ERR_JOSE_NOT_SUPPORTED'
            ? 'algorithm'
            : code === 'ERR_JWT_CLAIM_VALIDATION_FAILED'
              ? 'claims'
              : 'malformed',
    );
  }
  const { sub, jti, type, fid, iat, exp } = payload;
  if (typeof sub !== 'string' || !/^[1-9]\d{0,9}$/.test(sub) || typeof jti !== 'string' || typeof fid !== 'string') {
    throw new TokenInvalidError('claims');
  }
  if (type !== 'access' && type !== 'refresh') throw new TokenInvalidError('claims');
  if (type !== expected) throw new TokenInvalidError('wrong_type');
  return {
    userId: Number(sub),
    jti,
    familyId: fid,
    type,
    issuedAt: new Date((iat as number) * 1000),
    expiresAt: new Date((exp as number) * 1000),
  };
}
