// Bearer-token authentication for /api routes, with simplejwt's 401 bodies.
import type { AppLoadContext } from '@remix-run/node';
import { apiError } from '~/.server/http/api';
import { TokenInvalidError, verifyToken } from './jwt';
import { isFamilyRevoked, type TokenSettings } from './tokens';
import { getUserById, type PublicUser } from './users';

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="api"' };

export const AUTH_MESSAGES = {
  missing: 'Authentication credentials were not provided.',
  badHeader: 'Authorization header must contain two space-delimited values',
  tokenInvalid: 'Given token not valid for any token type',
  userNotFound: 'User not found',
  userInactive: 'User is inactive',
} as const;

function unauthorized(detail: string, code?: string): Response {
  return apiError(401, code ? { detail, code } : { detail }, CHALLENGE);
}

export function tokenSettings(context: AppLoadContext): TokenSettings {
  const { config, secrets } = context.services;
  return { secret: secrets.jwtSecret, accessTtlSec: config.jwtAccessTtlSec, refreshTtlSec: config.jwtRefreshTtlSec };
}

/** The bearer token of `Authorization: Bearer <token>`; null when no bearer credentials were sent. */
export function bearerToken(header: string | null): string | null {
  if (header === null) return null;
  const parts = header.trim().split(/\s+/);
  if (parts[0]?.toLowerCase() !== 'bearer') return null;
  if (parts.length !== 2) throw unauthorized(AUTH_MESSAGES.badHeader, 'bad_authorization_header');
  return parts[1]!;
}

/** The active user an access token belongs to; throws a 401 JSON response otherwise. */
export async function requireApiUser(request: Request, context: AppLoadContext): Promise<PublicUser> {
  const token = bearerToken(request.headers.get('authorization'));
  if (token === null) throw unauthorized(AUTH_MESSAGES.missing);
  let claims;
  try {
    claims = await verifyToken(context.services.secrets.jwtSecret, token, 'access');
  } catch (err) {
    if (err instanceof TokenInvalidError) throw unauthorized(AUTH_MESSAGES.tokenInvalid, 'token_not_valid');
    throw err;
  }
  const { db } = context.services.database;
  const [user, revoked] = await Promise.all([getUserById(db, claims.userId), isFamilyRevoked(db, claims.familyId)]);
  if (revoked) throw unauthorized(AUTH_MESSAGES.tokenInvalid, 'token_not_valid');
  if (!user) throw unauthorized(AUTH_MESSAGES.userNotFound, 'user_not_found');
  if (!user.isActive) throw unauthorized(AUTH_MESSAGES.userInactive, 'user_inactive');
  return user;
}
