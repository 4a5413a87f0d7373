import { base64url, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { signToken, TokenInvalidError, verifyToken } from './jwt';

const SECRET = 'unit-test-secret-unit-test-secret-0123';
const key = new TextEncoder().encode(SECRET);

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof TokenInvalidError) return err.reason;
    throw err;
  }
  return 'accepted';
}

function unsigned(payload: object): string {
  const enc = (o: object) => base64url.encode(JSON.stringify(o));
  return `${enc({ alg: 'none', typ: 'JWT' })}.${enc(payload)}.`;
}

describe('signToken / verifyToken', () => {
  it('round-trips the claims with HS256', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const { token, claims } = await signToken({
      secret: SECRET,
      userId: 42,
      type: 'access',
      familyId: 'fam-1',
      ttlSec: 300,
      now,
    });
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    expect(payload).toMatchObject({ sub: '42', type: 'access', fid: 'fam-1', iat: 1767225600, exp: 1767225900 });
    expect(payload.jti).toBe(claims.jti);
    const verified = await verifyToken(SECRET, token, 'access', new Date('2026-01-01T00:04:59Z'));
    expect(verified).toEqual(claims);
  });

  it('refuses expiry, the other type, another secret and a tampered payload', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const { token } = await signToken({ secret: SECRET, userId: 1, type: 'refresh', familyId: 'f', ttlSec: 60, now });
    expect(await reason(verifyToken(SECRET, token, 'refresh', new Date('2026-01-01T00:01:01Z')))).toBe('expired');
    expect(await reason(verifyToken(SECRET, token, 'access', now))).toBe('wrong_type');
    expect(await reason(verifyToken('another-secret-another-secret-0123456', token, 'refresh', now))).toBe('signature');
    const [h, p, s] = token.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const forged = `${h}.${base64url.encode(JSON.stringify({ ...payload, sub: '2' }))}.${s}`;
    expect(await reason(verifyToken(SECRET, forged, 'refresh', now))).toBe('signature');
  });

  it('refuses alg none and every algorithm but HS256', async () => {
    const nowSec = Math.floor(Date.now() / 1000);
    const claims = { sub: '1', jti: 'j', type: 'access', fid: 'f', iat: nowSec, exp: nowSec + 60 };
    expect(await reason(verifyToken(SECRET, unsigned(claims), 'access'))).toBe('algorithm');
    const hs512 = await new SignJWT(claims).setProtectedHeader({ alg: 'HS512' }).sign(key);
    expect(await reason(verifyToken(SECRET, hs512, 'access'))).toBe('algorithm');
  });

  it('refuses tokens without our claims', async () => {
    const nowSec = Math.floor(Date.now() / 1000);
    const base = { sub: '1', jti: 'j', type: 'access', fid: 'f', iat: nowSec, exp: nowSec + 60 };
    const sign = (c: object) => new SignJWT({ ...c }).setProtectedHeader({ alg: 'HS256' }).sign(key);
    expect(await reason(verifyToken(SECRET, await sign(base), 'access'))).toBe('accepted');
    for (const broken of [
      { ...base, sub: 'admin' },
      { ...base, sub: '0' },
      { ...base, type: 'id' },
      { ...base, fid: undefined },
      { ...base, jti: undefined },
      { ...base, exp: undefined },
    ]) {
      expect(await reason(verifyToken(SECRET, await sign(broken), 'access'))).toBe('claims');
    }
    expect(await reason(verifyToken(SECRET, 'not.a.jwt', 'access'))).toBe('malformed');
    expect(await reason(verifyToken(SECRET, '', 'access'))).toBe('malformed');
  });
});
