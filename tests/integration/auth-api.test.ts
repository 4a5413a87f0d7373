// The accounts API against the real app process: registration, tokens (rotation and theft
// detection), bearer auth failures, profile, favourites, throttling, CSRF and isolation between
// users — and, over the whole run, that no password or token ever reaches the app's output.
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '~/.server/db/client';
import { assets, instruments, loginAttempts, positions, refreshTokens, users } from '~/.server/db/schema';
import type { AppProcess } from '../support/app-process';
import { bearer, decodePayload, forgeToken, http, startAuthApp, unsignedToken, type HttpResult } from './auth-helpers';
import { testDatabase, truncate } from './helpers';

let app: AppProcess;
let database: Database;
/** Every password and token the tests send or receive: none may appear in the app's output. */
const secrets = new Set<string>();
const createdAssetIds: number[] = [];
const createdInstrumentIds: number[] = [];

const call = (method: string, path: string, opts: Parameters<typeof http>[3] = {}) => http(app.url, method, path, opts);

function remember<T>(value: T): T {
  const walk = (v: unknown) => {
    if (typeof v === 'string' && v.length > 0) secrets.add(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(value);
  return value;
}

async function register(username: string, password = `${username}-Secret-9`, email = `${username}@example.com`) {
  remember(password);
  const res = await call('POST', '/api/register/', { json: { username, email, password } });
  expect(res.status, res.text).toBe(201);
  return { ...(res.json() as { id: number; username: string; email: string }), password };
}

async function login(username: string, password: string): Promise<{ access: string; refresh: string }> {
  remember(password);
  const res = await call('POST', '/api/token/', { json: { username, password } });
  expect(res.status, res.text).toBe(200);
  return remember(res.json() as { access: string; refresh: string });
}

function expectJson(res: HttpResult, status: number): unknown {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  return res.json();
}

async function seedAsset(symbol: string): Promise<number> {
  const [row] = await database.db.insert(assets).values({ symbol }).returning({ id: assets.id });
  createdAssetIds.push(row!.id);
  return row!.id;
}

beforeAll(async () => {
  database = testDatabase();
  await truncate(database, ['users', 'login_attempts']);
  app = await startAuthApp();
  await seedAsset('XAUTH');
  await seedAsset('YAUTH');
});

afterAll(async () => {
  const output = app?.output() ?? '';
  if (app && app.child.exitCode === null) await app.stop();
  if (database) {
    await truncate(database, ['users', 'login_attempts']);
    if (createdInstrumentIds.length)
      await database.db.delete(instruments).where(inArray(instruments.id, createdInstrumentIds));
    if (createdAssetIds.length) await database.db.delete(assets).where(inArray(assets.id, createdAssetIds));
    await database.close();
  }
  // Checked after stopping, so shutdown logging is covered too.
  const leaked = [...secrets].filter((s) => s.length >= 8 && output.includes(s));
  expect(leaked).toEqual([]);
  expect(output).not.toMatch(/\$argon2id\$/);
});

beforeEach(async () => {
  await truncate(database, ['login_attempts']);
});

describe('POST /api/register/', () => {
  beforeEach(async () => {
    await truncate(database, ['users']);
  });

  it('creates the account (201 {id, username, email}) with an argon2id hash, never the password', async () => {
    const res = await call('POST', '/api/register/', {
      json: remember({ username: 'alice', email: 'Alice@Example.COM', password: 's3cret-pass' }),
    });
    const body = expectJson(res, 201) as Record<string, unknown>;
    expect(body).toEqual({ id: expect.any(Number), username: 'alice', email: 'Alice@example.com' });
    const [row] = await database.db
      .select()
      .from(users)
      .where(eq(users.id, body.id as number));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row!.passwordHash).not.toContain('s3cret-pass');
    expect(res.text).not.toContain('argon2');
  });

  it('answers both with and without the trailing slash', async () => {
    expect(
      (
        await call('POST', '/api/register', {
          json: remember({ username: 'noslash', email: 'n@example.com', password: 'pass-word-1' }),
        })
      ).status,
    ).toBe(201);
  });

  it('refuses taken usernames and emails case-insensitively, both fields at once', async () => {
    await register('bob');
    const res = await call('POST', '/api/register/', {
      json: remember({ username: 'BOB', email: 'BOB@EXAMPLE.com', password: 'another-pass' }),
    });
    expect(expectJson(res, 400)).toEqual({
      username: ['A user with that username already exists.'],
      email: ['A user with that email already exists.'],
    });
  });

  it('reports uniqueness next to format errors of other fields', async () => {
    await register('carol');
    const res = await call('POST', '/api/register/', { json: { username: 'carol', email: 'nope', password: '123' } });
    expect(expectJson(res, 400)).toEqual({
      username: ['A user with that username already exists.'],
      email: ['Enter a valid email address.'],
      password: [
        'This password is too short. It must contain at least 8 characters.',
        'This password is entirely numeric.',
      ],
    });
  });

  it.each([
    [
      {},
      {
        username: ['This field is required.'],
        email: ['This field is required.'],
        password: ['This field is required.'],
      },
    ],
    [
      { username: 'ab', email: 'a@b.io', password: 'pass-word-1' },
      { username: ['Ensure this field has at least 3 characters.'] },
    ],
    [
      { username: 'x'.repeat(151), email: 'a@b.io', password: 'pass-word-1' },
      { username: ['Ensure this field has no more than 150 characters.'] },
    ],
    [
      { username: 'bad name', email: 'a@b.io', password: 'pass-word-1' },
      { username: ['Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.'] },
    ],
    [{ username: 'dave', email: 'dave@', password: 'pass-word-1' }, { email: ['Enter a valid email address.'] }],
    [
      { username: 'dave', email: 'd@e.io', password: 'short' },
      { password: ['This password is too short. It must contain at least 8 characters.'] },
    ],
    [
      { username: 'dave', email: 'd@e.io', password: '1234567890' },
      { password: ['This password is entirely numeric.'] },
    ],
    [
      { username: 'DaveTrader', email: 'd@e.io', password: 'davetrader' },
      { password: ['The password is too similar to the username.'] },
    ],
    [{ username: 7, email: 'd@e.io', password: 'pass-word-1' }, { username: ['Not a valid string.'] }],
  ])('400 for %j', async (input, errors) => {
    expect(expectJson(await call('POST', '/api/register/', { json: input }), 400)).toEqual(errors);
    expect(await database.db.select({ id: users.id }).from(users)).toEqual([]);
  });

  it('400 for bad JSON and non-object bodies, 415 for other content types', async () => {
    expect(
      expectJson(
        await call('POST', '/api/register/', { body: '{"username":', headers: { 'content-type': 'application/json' } }),
        400,
      ),
    ).toEqual({
      detail: 'request body is not valid JSON',
    });
    expect(expectJson(await call('POST', '/api/register/', { json: ['alice'] }), 400)).toEqual({
      detail: 'request body must be a JSON object',
    });
    expect(
      (await call('POST', '/api/register/', { body: 'x', headers: { 'content-type': 'text/plain' } })).status,
    ).toBe(415);
  });

  it('405 JSON with Allow for other methods', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const res = await call(method, '/api/register/');
      expect(expectJson(res, 405)).toEqual({ detail: `method ${method} not allowed` });
      expect(res.headers.get('allow')).toBe('POST');
    }
  });

  it('refuses a cross-site post (Origin or Referer of another host) with 403 JSON', async () => {
    const input = { username: 'csrf', email: 'c@example.com', password: 'pass-word-1' };
    const foreign = await call('POST', '/api/register/', { json: input, headers: { origin: 'https://evil.example' } });
    expect(expectJson(foreign, 403)).toEqual({
      detail: 'CSRF Failed: Origin checking failed - https://evil.example does not match any trusted origins.',
    });
    expect(
      (await call('POST', '/api/register/', { json: input, headers: { referer: 'http://evil.example/x' } })).status,
    ).toBe(403);
    expect((await call('POST', '/api/register/', { json: input, headers: { origin: app.url } })).status).toBe(201);
  });
});

describe('POST /api/token/', () => {
  let alice: Awaited<ReturnType<typeof register>>;
  beforeAll(async () => {
    await truncate(database, ['users']);
    alice = await register('alice');
  });

  it('returns {access, refresh} with the documented claims; the username matches case-insensitively', async () => {
    for (const path of ['/api/token/', '/api/token']) {
      const res = await call('POST', path, { json: { username: 'ALICE', password: alice.password } });
      const body = remember(expectJson(res, 200)) as { access: string; refresh: string };
      expect(res.headers.get('cache-control')).toBe('no-store');
      const access = decodePayload(body.access);
      const refresh = decodePayload(body.refresh);
      expect(access).toMatchObject({ sub: String(alice.id), type: 'access' });
      expect(refresh).toMatchObject({ sub: String(alice.id), type: 'refresh', fid: access.fid });
      expect((access.exp as number) - (access.iat as number)).toBe(300);
      expect((refresh.exp as number) - (refresh.iat as number)).toBe(86_400);
      expect(access.jti).not.toBe(refresh.jti);
      const [row] = await database.db
        .select()
        .from(refreshTokens)
        .where(eq(refreshTokens.jti, refresh.jti as string));
      expect(row).toMatchObject({ userId: alice.id, familyId: refresh.fid, usedAt: null, revokedAt: null });
    }
  });

  it('401 with the same body for a wrong password and an unknown user', async () => {
    const wrong = await call('POST', '/api/token/', {
      json: remember({ username: 'alice', password: 'not-her-password' }),
    });
    const unknown = await call('POST', '/api/token/', {
      json: remember({ username: 'nobody', password: 'not-her-password' }),
    });
    expect(expectJson(wrong, 401)).toEqual({ detail: 'No active account found with the given credentials' });
    expect(unknown.status).toBe(401);
    expect(unknown.text).toBe(wrong.text);
  });

  it('takes about as long for an unknown user as for a wrong password (a dummy hash is checked)', async () => {
    const time = async (username: string) => {
      const started = performance.now();
      const res = await call('POST', '/api/token/', { json: { username, password: 'wrong-password-x' } });
      expect(res.status).toBe(401);
      return performance.now() - started;
    };
    remember('wrong-password-x');
    const known: number[] = [];
    const unknown: number[] = [];
    await time('alice'); // warm-up: the first request of a route pays for module loading
    for (let i = 0; i < 8; i++) {
      // Stay under the per-username limit (5 failures per window).
      if (i === 4) await truncate(database, ['login_attempts']);
      known.push(await time('alice'));
      unknown.push(await time(`ghost${i}`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ratio = median(unknown) / median(known);
    // Without the dummy check an unknown user answers in about a third of the time (no hashing, only HTTP and SQL).
    expect(ratio, `known ${known.map(Math.round)} ms, unknown ${unknown.map(Math.round)} ms`).toBeGreaterThan(0.65);
    expect(ratio).toBeLessThan(1.6);
  });

  it('401 for an inactive account, even with the right password', async () => {
    const eve = await register('eve');
    await database.db.update(users).set({ isActive: false }).where(eq(users.id, eve.id));
    const res = await call('POST', '/api/token/', { json: { username: 'eve', password: eve.password } });
    expect(expectJson(res, 401)).toEqual({ detail: 'No active account found with the given credentials' });
  });

  it('400 naming each missing field; 400 for bad JSON; 405 for GET', async () => {
    expect(expectJson(await call('POST', '/api/token/', { json: {} }), 400)).toEqual({
      username: ['This field is required.'],
      password: ['This field is required.'],
    });
    expect(expectJson(await call('POST', '/api/token/', { json: { username: '', password: 5 } }), 400)).toEqual({
      username: ['This field may not be blank.'],
      password: ['Not a valid string.'],
    });
    expect(
      (await call('POST', '/api/token/', { body: 'nope', headers: { 'content-type': 'application/json' } })).status,
    ).toBe(400);
    expect((await call('GET', '/api/token/')).status).toBe(405);
  });
});

describe('login throttling', () => {
  let frank: Awaited<ReturnType<typeof register>>;
  beforeAll(async () => {
    await truncate(database, ['users']);
    frank = await register('frank');
  });

  it('after 5 failures for one username answers 429 with Retry-After, even to the right password', async () => {
    for (let i = 0; i < 5; i++) {
      expect(
        (await call('POST', '/api/token/', { json: { username: 'frank', password: 'bad-password' } })).status,
      ).toBe(401);
    }
    remember('bad-password');
    const blocked = await call('POST', '/api/token/', { json: { username: 'FRANK', password: frank.password } });
    const body = expectJson(blocked, 429) as { detail: string };
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(880);
    expect(retryAfter).toBeLessThanOrEqual(900);
    expect(body.detail).toBe(`Request was throttled. Expected available in ${retryAfter} seconds.`);
    // Blocked attempts are not recorded (so the wait does not grow), and no password work was done for them.
    const rows = await database.db.select().from(loginAttempts).where(eq(loginAttempts.usernameLower, 'frank'));
    expect(rows).toHaveLength(5);
  });

  it('counts failures recorded by any process (the limit lives in Postgres) and frees the key when they age out', async () => {
    const now = Date.now();
    // Five failures written as another app process would; the oldest is 10 minutes old.
    await database.db.insert(loginAttempts).values(
      [600, 300, 200, 100, 10].map((sec) => ({
        ip: '198.51.100.7',
        usernameLower: 'frank',
        success: false,
        at: new Date(now - sec * 1000),
      })),
    );
    const blocked = await call('POST', '/api/token/', { json: { username: 'frank', password: frank.password } });
    expect(blocked.status).toBe(429);
    // The 5th newest failure (600 s old) leaves the 900 s window in about 300 s.
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(295);
    expect(retryAfter).toBeLessThanOrEqual(300);
    await database.db.update(loginAttempts).set({ at: sql`${loginAttempts.at} - interval '15 minutes'` });
    expect((await call('POST', '/api/token/', { json: { username: 'frank', password: frank.password } })).status).toBe(
      200,
    );
  });

  it('after 20 failures from one address blocks every username from it; X-Forwarded-For is not trusted', async () => {
    for (let i = 0; i < 20; i++) {
      const res = await call('POST', '/api/token/', {
        json: { username: `spray${i % 4}`, password: 'spray-password' },
      });
      expect(res.status).toBe(401);
    }
    remember('spray-password');
    const blocked = await call('POST', '/api/token/', {
      json: { username: 'frank', password: frank.password },
      headers: { 'x-forwarded-for': '203.0.113.50' },
    });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    const ips = await database.db.selectDistinct({ ip: loginAttempts.ip }).from(loginAttempts);
    expect(ips).toEqual([{ ip: '127.0.0.1' }]);
  });
});

describe('POST /api/token/refresh/', () => {
  let grace: Awaited<ReturnType<typeof register>>;
  beforeAll(async () => {
    await truncate(database, ['users']);
    grace = await register('grace');
  });

  it('rotates: a new pair of the same family, the old refresh token marked used', async () => {
    for (const path of ['/api/token/refresh/', '/api/token/refresh']) {
      const current = await login('grace', grace.password);
      const res = await call('POST', path, { json: { refresh: current.refresh } });
      const next = remember(expectJson(res, 200)) as { access: string; refresh: string };
      expect(next.refresh).not.toBe(current.refresh);
      expect(decodePayload(next.refresh).fid).toBe(decodePayload(current.refresh).fid);
      const [old] = await database.db
        .select()
        .from(refreshTokens)
        .where(eq(refreshTokens.jti, decodePayload(current.refresh).jti as string));
      expect(old!.usedAt).not.toBeNull();
      expect(expectJson(await call('GET', '/api/profile/', { headers: bearer(next.access) }), 200)).toMatchObject({
        username: 'grace',
      });
    }
  });

  it('a refresh token used twice revokes its whole family: every token of it is dead, other logins are not', async () => {
    const stolen = await login('grace', grace.password);
    const other = await login('grace', grace.password);
    const legit = remember(
      expectJson(await call('POST', '/api/token/refresh/', { json: { refresh: stolen.refresh } }), 200),
    ) as {
      access: string;
      refresh: string;
    };
    // The copy is replayed: refused and the family dies.
    expect(expectJson(await call('POST', '/api/token/refresh/', { json: { refresh: stolen.refresh } }), 401)).toEqual({
      detail: 'Token is blacklisted',
      code: 'token_not_valid',
    });
    expect((await call('POST', '/api/token/refresh/', { json: { refresh: legit.refresh } })).status).toBe(401);
    for (const access of [stolen.access, legit.access]) {
      expect(expectJson(await call('GET', '/api/profile/', { headers: bearer(access) }), 401)).toMatchObject({
        code: 'token_not_valid',
      });
    }
    const family = await database.db
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.familyId, decodePayload(stolen.refresh).fid as string));
    expect(family.length).toBe(2);
    expect(family.every((r) => r.revokedAt !== null)).toBe(true);
    // A separate login (another family) is untouched.
    expect((await call('GET', '/api/profile/', { headers: bearer(other.access) })).status).toBe(200);
    expect((await call('POST', '/api/token/refresh/', { json: { refresh: other.refresh } })).status).toBe(200);
  });

  it('two concurrent uses of one refresh token: at most one succeeds and the family is revoked', async () => {
    const pair = await login('grace', grace.password);
    const results = await Promise.all(
      [1, 2].map(() => call('POST', '/api/token/refresh/', { json: { refresh: pair.refresh } })),
    );
    results.forEach((r) => r.status === 200 && remember(r.json()));
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    const family = await database.db
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.familyId, decodePayload(pair.refresh).fid as string));
    expect(family.every((r) => r.revokedAt !== null)).toBe(true);
  });

  it('401 for an access token, an expired, forged, unknown or garbled refresh token; 400 without one', async () => {
    const pair = await login('grace', grace.password);
    const invalid = { detail: 'Token is invalid or expired', code: 'token_not_valid' };
    const nowSec = Math.floor(Date.now() / 1000);
    const jti = decodePayload(pair.refresh).jti as string;
    const fid = decodePayload(pair.refresh).fid as string;
    const candidates = [
      pair.access,
      await forgeToken({ sub: String(grace.id), type: 'refresh', fid, jti, iatSec: nowSec - 100, expSec: nowSec - 10 }),
      // Signed by us, never issued: no row.
      await forgeToken({ sub: String(grace.id), type: 'refresh' }),
      // Our row's jti under another user's id.
      await forgeToken({ sub: String(grace.id + 1), type: 'refresh', fid, jti }),
      unsignedToken({ sub: String(grace.id), type: 'refresh', fid, jti, iat: nowSec, exp: nowSec + 60 }),
      await forgeToken({ sub: String(grace.id), type: 'refresh', fid, jti }, 'HS512'),
      'garbage',
    ];
    for (const refresh of remember(candidates)) {
      expect(expectJson(await call('POST', '/api/token/refresh/', { json: { refresh } }), 401)).toEqual(invalid);
    }
    // None of that burnt the real token.
    expect((await call('POST', '/api/token/refresh/', { json: { refresh: pair.refresh } })).status).toBe(200);
    expect(expectJson(await call('POST', '/api/token/refresh/', { json: {} }), 400)).toEqual({
      refresh: ['This field is required.'],
    });
    expect((await call('GET', '/api/token/refresh/')).status).toBe(405);
  });

  it('401 when the account was disabled since', async () => {
    const henry = await register('henry');
    const pair = await login('henry', henry.password);
    await database.db.update(users).set({ isActive: false }).where(eq(users.id, henry.id));
    expect(expectJson(await call('POST', '/api/token/refresh/', { json: { refresh: pair.refresh } }), 401)).toEqual({
      detail: 'No active account found for the given token.',
      code: 'no_active_account',
    });
  });
});

describe('bearer authentication (GET /api/profile/)', () => {
  let ivy: Awaited<ReturnType<typeof register>>;
  let tokens: { access: string; refresh: string };
  beforeAll(async () => {
    await truncate(database, ['users']);
    ivy = await register('ivy');
    tokens = await login('ivy', ivy.password);
  });

  it('answers with and without the trailing slash', async () => {
    for (const path of ['/api/profile/', '/api/profile']) {
      const res = await call('GET', path, { headers: bearer(tokens.access) });
      expect(expectJson(res, 200)).toEqual({ username: 'ivy', email: 'ivy@example.com', favorites: [], positions: [] });
      expect(res.headers.get('cache-control')).toBe('private, no-store');
    }
  });

  it('401 "not provided" without credentials or with another scheme, with a Bearer challenge', async () => {
    const anonymous: Record<string, string>[] = [
      {},
      { authorization: `Basic ${Buffer.from('ivy:x').toString('base64')}` },
    ];
    for (const headers of anonymous) {
      const res = await call('GET', '/api/profile/', { headers });
      expect(expectJson(res, 401)).toEqual({ detail: 'Authentication credentials were not provided.' });
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="api"');
    }
    expect(expectJson(await call('GET', '/api/profile/', { headers: { authorization: 'Bearer' } }), 401)).toEqual({
      detail: 'Authorization header must contain two space-delimited values',
      code: 'bad_authorization_header',
    });
  });

  it('401 token_not_valid for expired, tampered, alg none, other algorithms, wrong type and garbage', async () => {
    const nowSec = Math.floor(Date.now() / 1000);
    const fid = decodePayload(tokens.access).fid as string;
    const [h, , s] = tokens.access.split('.');
    const claims = decodePayload(tokens.access);
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: '999' })).toString('base64url')}.${s}`;
    const bad = remember([
      await forgeToken({ sub: String(ivy.id), fid, iatSec: nowSec - 600, expSec: nowSec - 1 }),
      tampered,
      unsignedToken({ ...claims }),
      await forgeToken({ sub: String(ivy.id), fid }, 'HS384'),
      tokens.refresh,
      `${tokens.access}x`,
      'abc.def',
    ]);
    for (const token of bad) {
      const res = await call('GET', '/api/profile/', { headers: bearer(token) });
      expect(expectJson(res, 401)).toEqual({
        detail: 'Given token not valid for any token type',
        code: 'token_not_valid',
      });
    }
  });

  it('401 for a valid token of an unknown or inactive user', async () => {
    expect(
      expectJson(await call('GET', '/api/profile/', { headers: bearer(await forgeToken({ sub: '987654' })) }), 401),
    ).toEqual({
      detail: 'User not found',
      code: 'user_not_found',
    });
    const jack = await register('jack');
    const jackTokens = await login('jack', jack.password);
    await database.db.update(users).set({ isActive: false }).where(eq(users.id, jack.id));
    expect(expectJson(await call('GET', '/api/profile/', { headers: bearer(jackTokens.access) }), 401)).toEqual({
      detail: 'User is inactive',
      code: 'user_inactive',
    });
  });

  it('405 for other methods', async () => {
    const res = await call('POST', '/api/profile/', { headers: bearer(tokens.access), json: {} });
    expect(expectJson(res, 405)).toEqual({ detail: 'method POST not allowed' });
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('favourites and profile', () => {
  let a: { access: string; refresh: string };
  let b: { access: string; refresh: string };
  let aliceId: number;
  beforeAll(async () => {
    await truncate(database, ['users']);
    const alice = await register('alice');
    const bob = await register('bob');
    aliceId = alice.id;
    a = await login('alice', alice.password);
    b = await login('bob', bob.password);
  });

  const toggle = (token: string, body: unknown, path = '/api/favorite/toggle/') =>
    call('POST', path, { headers: bearer(token), json: body });
  const profile = async (token: string) =>
    expectJson(await call('GET', '/api/profile/', { headers: bearer(token) }), 200) as Record<string, unknown>;

  it('toggles added → removed → added, by symbol case-insensitively, with and without the trailing slash', async () => {
    expect(expectJson(await toggle(a.access, { asset_symbol: 'xauth' }), 200)).toEqual({ status: 'added' });
    expect(expectJson(await toggle(a.access, { asset_symbol: 'XAUTH' }, '/api/favorite/toggle'), 200)).toEqual({
      status: 'removed',
    });
    expect(expectJson(await toggle(a.access, { asset_symbol: ' Xauth ' }), 200)).toEqual({ status: 'added' });
  });

  it('keeps per-venue favourites apart from the all-venue one, accepting venue ids or names', async () => {
    expect(expectJson(await toggle(a.access, { asset_symbol: 'XAUTH', exchange: 'Binance' }), 200)).toEqual({
      status: 'added',
    });
    expect(expectJson(await toggle(a.access, { asset_symbol: 'YAUTH', exchange: 'bybit' }), 200)).toEqual({
      status: 'added',
    });
    const body = await profile(a.access);
    expect(body.favorites).toEqual([
      { id: expect.any(Number), asset: createdAssetIds[0], exchange: null, asset_symbol: 'XAUTH', exchange_name: null },
      {
        id: expect.any(Number),
        asset: createdAssetIds[0],
        exchange: 'binance',
        asset_symbol: 'XAUTH',
        exchange_name: 'Binance',
      },
      {
        id: expect.any(Number),
        asset: createdAssetIds[1],
        exchange: 'bybit',
        asset_symbol: 'YAUTH',
        exchange_name: 'Bybit',
      },
    ]);
  });

  it('404 {error} for an unknown asset or exchange; 400 without asset_symbol; 401 without a token', async () => {
    expect(expectJson(await toggle(a.access, { asset_symbol: 'NOPE' }), 404)).toEqual({
      error: 'Asset "NOPE" not found',
    });
    expect(expectJson(await toggle(a.access, { asset_symbol: 'XAUTH', exchange: 'mtgox' }), 404)).toEqual({
      error: 'Exchange "mtgox" not found',
    });
    expect(expectJson(await toggle(a.access, {}), 400)).toEqual({ asset_symbol: ['This field is required.'] });
    expect(expectJson(await toggle(a.access, { asset_symbol: 'XAUTH', exchange: 3 }), 400)).toEqual({
      exchange: ['Not a valid string.'],
    });
    expect((await call('POST', '/api/favorite/toggle/', { json: { asset_symbol: 'XAUTH' } })).status).toBe(401);
    expect((await call('GET', '/api/favorite/toggle/', { headers: bearer(a.access) })).status).toBe(405);
  });

  it("user B never sees or changes user A's favourites", async () => {
    const before = (await profile(a.access)).favorites;
    expect((await profile(b.access)).favorites).toEqual([]);
    // The same target toggled by B is B's own: added for B, A's row untouched.
    expect(expectJson(await toggle(b.access, { asset_symbol: 'XAUTH' }), 200)).toEqual({ status: 'added' });
    expect(expectJson(await toggle(b.access, { asset_symbol: 'XAUTH' }), 200)).toEqual({ status: 'removed' });
    expect((await profile(a.access)).favorites).toEqual(before);
    expect((await profile(b.access)).favorites).toEqual([]);
  });

  it("lists the user's own positions, and nobody else's", async () => {
    const [long, short] = await database.db
      .insert(instruments)
      .values([
        { venueId: 'binance', symbol: 'XAUTHUSDT', assetId: createdAssetIds[0]!, quoteAsset: 'USDT' },
        { venueId: 'bybit', symbol: 'XAUTHUSDT', assetId: createdAssetIds[0]!, quoteAsset: 'USDT' },
      ])
      .returning({ id: instruments.id });
    createdInstrumentIds.push(long!.id, short!.id);
    await database.db.insert(positions).values({
      userId: aliceId,
      amount: '0.5',
      status: 'ACTIVE',
      longInstrumentId: long!.id,
      shortInstrumentId: short!.id,
    });
    expect((await profile(a.access)).positions).toEqual([
      {
        id: expect.any(Number),
        mode: 'paper',
        status: 'ACTIVE',
        amount: '0.5',
        long_exchange: 'binance',
        long_symbol: 'XAUTHUSDT',
        short_exchange: 'bybit',
        short_symbol: 'XAUTHUSDT',
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
    expect((await profile(b.access)).positions).toEqual([]);
  });

  it('a bearer call is not CSRF-checked (it cannot be forged cross-site); a cookie-less anonymous one is', async () => {
    const res = await call('POST', '/api/favorite/toggle/', {
      headers: { ...bearer(a.access), origin: 'https://other-frontend.example' },
      json: { asset_symbol: 'YAUTH' },
    });
    expect(res.status).toBe(200);
    remember(res.json());
    const anonymous = await call('POST', '/api/favorite/toggle/', {
      headers: { origin: 'https://evil.example' },
      json: { asset_symbol: 'YAUTH' },
    });
    expect(anonymous.status).toBe(403);
  });
});
