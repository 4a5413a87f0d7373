// The account pages against the real app process, as a browser without JavaScript uses them:
// plain form posts, the session cookie, redirects, per-field errors, the CSRF guard, and the
// /profile action FavoriteStar posts to.
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '~/.server/db/client';
import { assets, favorites, loginAttempts, users } from '~/.server/db/schema';
import type { AppProcess } from '../support/app-process';
import { CookieJar, http, pageText, startAuthApp } from './auth-helpers';
import { testDatabase, truncate } from './helpers';

let app: AppProcess;
let database: Database;
const secrets = new Set<string>();
const createdAssetIds: number[] = [];

function jar(): CookieJar {
  return new CookieJar(app.url);
}

async function registerVia(j: CookieJar, username: string, password = `${username}-Secret-9`) {
  secrets.add(password);
  const res = await j.request('POST', '/register', {
    username,
    email: `${username}@example.com`,
    password,
    redirectTo: '/profile',
  });
  expect(res.status, pageText(res.text).slice(0, 500)).toBe(302);
  if (j.cookie) secrets.add(j.cookie.split('=').slice(1).join('='));
  return { password };
}

async function userId(username: string): Promise<number> {
  const [row] = await database.db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return row!.id;
}

beforeAll(async () => {
  database = testDatabase();
  await truncate(database, ['users', 'login_attempts']);
  app = await startAuthApp();
  const rows = await database.db
    .insert(assets)
    .values([{ symbol: 'XPAGE' }, { symbol: 'YPAGE' }])
    .returning({ id: assets.id });
  createdAssetIds.push(...rows.map((r) => r.id));
});

afterAll(async () => {
  const output = app?.output() ?? '';
  if (app && app.child.exitCode === null) await app.stop();
  if (database) {
    await truncate(database, ['users', 'login_attempts']);
    if (createdAssetIds.length) await database.db.delete(assets).where(inArray(assets.id, createdAssetIds));
    await database.close();
  }
  expect([...secrets].filter((s) => s.length >= 8 && output.includes(s))).toEqual([]);
});

beforeEach(async () => {
  await truncate(database, ['users', 'login_attempts']);
});

describe('register page', () => {
  it('renders a plain form that works without JavaScript', async () => {
    const res = await http(app.url, 'GET', '/register');
    expect(res.status).toBe(200);
    for (const name of ['username', 'email', 'password', 'redirectTo']) expect(res.text).toContain(`name="${name}"`);
    expect(res.text).toMatch(/<form[^>]*method="post"/);
  });

  it('shows every problem under its field, keeps what was typed except the password', async () => {
    await registerVia(jar(), 'taken');
    const res = await jar().request('POST', '/register', {
      username: 'TAKEN',
      email: 'not-an-email',
      password: '1234',
    });
    expect(res.status).toBe(400);
    const text = pageText(res.text);
    expect(text).toContain('A user with that username already exists.');
    expect(text).toContain('Enter a valid email address.');
    expect(text).toContain('This password is too short. It must contain at least 8 characters.');
    expect(text).toContain('This password is entirely numeric.');
    expect(res.text).toContain('value="TAKEN"');
    expect(res.text).toContain('value="not-an-email"');
    expect(res.text).not.toContain('value="1234"');
    // Mantine ties each message to its input.
    expect(res.text).toMatch(/name="email"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="email"/);
  });

  it('signs the new user in with an httpOnly, SameSite=Lax session cookie (not Secure over plain http) and goes on', async () => {
    const j = jar();
    secrets.add('pass-word-77');
    const res = await j.request('POST', '/register', {
      username: 'kim',
      email: 'kim@example.com',
      password: 'pass-word-77',
      redirectTo: '/profile?x=1',
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/profile?x=1');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^__session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    secrets.add(j.cookie!.split('=').slice(1).join('='));
    // Untrusted forwarding headers change nothing.
    const spoofed = await jar().request(
      'POST',
      '/login',
      { username: 'kim', password: 'pass-word-77' },
      { 'x-forwarded-proto': 'https' },
    );
    expect(spoofed.headers.get('set-cookie')).not.toMatch(/Secure/i);
    const profile = await j.request('GET', '/profile');
    expect(profile.status).toBe(200);
    expect(pageText(profile.text)).toContain('kim@example.com');
  });
});

describe('login page', () => {
  it('logs in, sends the user to redirectTo (same-site only) and the shell then shows the name and a logout button', async () => {
    const { password } = await registerVia(jar(), 'lena');
    const j = jar();
    const res = await j.request('POST', '/login', { username: 'LENA', password, redirectTo: '/profile?tab=favs' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/profile?tab=favs');
    secrets.add(j.cookie!.split('=').slice(1).join('='));
    const home = await j.request('GET', '/');
    expect(home.text).toContain('data-testid="signed-in-user"');
    expect(pageText(home.text)).toMatch(/lena Log out/);

    const evil = await jar().request('POST', '/login', { username: 'lena', password, redirectTo: '//evil.example/x' });
    expect(evil.headers.get('location')).toBe('/profile');
  });

  it('guests see Log in and Register, and no logout button', async () => {
    const home = await http(app.url, 'GET', '/');
    const text = pageText(home.text);
    expect(text).toContain('Log in');
    expect(text).toContain('Register');
    expect(home.text).not.toContain('data-testid="signed-in-user"');
  });

  it('401 page with the API’s message for bad credentials; 400 with per-field messages for blanks', async () => {
    await registerVia(jar(), 'mona');
    secrets.add('wrong-password');
    const wrong = await jar().request('POST', '/login', { username: 'mona', password: 'wrong-password' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect(pageText(wrong.text)).toContain('No active account found with the given credentials');
    expect(wrong.text).toContain('value="mona"');
    const blank = await jar().request('POST', '/login', { username: '', password: '' });
    expect(blank.status).toBe(400);
    expect(pageText(blank.text).match(/This field may not be blank\./g)).toHaveLength(2);
  });

  it('shares the throttle with the API: 429 with Retry-After after 5 failures', async () => {
    const { password } = await registerVia(jar(), 'nina');
    for (let i = 0; i < 5; i++) {
      const res = await http(app.url, 'POST', '/api/token/', {
        json: { username: 'nina', password: 'wrong-password' },
      });
      expect(res.status).toBe(401);
    }
    const blocked = await jar().request('POST', '/login', { username: 'nina', password });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(pageText(blocked.text)).toContain('Too many failed logins');
    expect(blocked.headers.get('set-cookie')).toBeNull();
  });

  it('a signed-in user visiting /login or /register goes straight on', async () => {
    const j = jar();
    await registerVia(j, 'olga');
    expect((await j.request('GET', '/login')).headers.get('location')).toBe('/profile');
    expect((await j.request('GET', '/register?redirectTo=%2F')).headers.get('location')).toBe('/');
  });
});

describe('sessions', () => {
  it('requireUser sends guests to /login?redirectTo=… and back', async () => {
    const res = await http(app.url, 'GET', '/profile?tab=1');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login?redirectTo=%2Fprofile%3Ftab%3D1');
    const login = await http(app.url, 'GET', '/login?redirectTo=%2Fprofile%3Ftab%3D1');
    expect(login.text).toContain('value="/profile?tab=1"');
  });

  it('a forged or tampered cookie is no session', async () => {
    const j = jar();
    await registerVia(j, 'pia');
    const [, value] = j.cookie!.split('=');
    const [payload, signature] = decodeURIComponent(value!).split('.');
    const victim = await registerVia(jar(), 'pia-victim').then(() => userId('pia-victim'));
    expect(JSON.parse(Buffer.from(payload!, 'base64').toString())).toEqual({ userId: await userId('pia') });
    const otherUser = Buffer.from(JSON.stringify({ userId: victim })).toString('base64');
    for (const cookie of [`__session=${encodeURIComponent(`${otherUser}.${signature}`)}`, `__session=${payload}`]) {
      const res = await http(app.url, 'GET', '/profile', { headers: { cookie } });
      expect(res.status).toBe(302);
    }
  });

  it('a disabled account is signed out on its next request', async () => {
    const j = jar();
    await registerVia(j, 'quinn');
    await database.db.update(users).set({ isActive: false }).where(eq(users.username, 'quinn'));
    expect((await j.request('GET', '/profile')).status).toBe(302);
  });

  it('POST /logout ends the session; GET /logout never does', async () => {
    const j = jar();
    await registerVia(j, 'rosa');
    const cookie = j.cookie!;
    const page = await j.request('GET', '/logout');
    expect(page.status).toBe(200);
    expect((await j.request('GET', '/profile')).status).toBe(200);
    const res = await j.request('POST', '/logout', {});
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    expect(res.headers.get('set-cookie')).toMatch(/__session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i);
    expect(j.cookie).toBeNull();
    expect((await j.request('GET', '/profile')).status).toBe(302);
    // A cookie is a bearer credential until it expires: cookie sessions keep no server-side list (see README).
    expect((await http(app.url, 'GET', '/profile', { headers: { cookie } })).status).toBe(200);
    expect((await http(app.url, 'GET', '/logout')).headers.get('location')).toBe('/');
  });
});

describe('CSRF on form posts', () => {
  it('a post whose Referer names another site gets a 403 page and changes nothing', async () => {
    const j = jar();
    await registerVia(j, 'sam');
    const res = await j.request(
      'POST',
      '/profile',
      { intent: 'add', asset_symbol: 'XPAGE' },
      { referer: 'https://evil.example/page' },
    );
    expect(res.status).toBe(403);
    expect(pageText(res.text)).toContain('This form was sent from another site, so it was refused.');
    expect(await database.db.select().from(favorites)).toEqual([]);
    const logout = await j.request('POST', '/logout', {}, { referer: 'https://evil.example/' });
    expect(logout.status).toBe(403);
    expect(j.cookie).not.toBeNull();
  });

  it('a post whose Origin names another site never reaches the action', async () => {
    const { password } = await registerVia(jar(), 'tess');
    // Refused by the server's CSRF middleware before Remix (which would answer an empty 500).
    const res = await jar().request(
      'POST',
      '/login',
      { username: 'tess', password },
      { origin: 'https://evil.example' },
    );
    expect(res.status).toBe(403);
    expect(res.text).toContain('This form was sent from another site, so it was refused.');
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('same-origin posts go through', async () => {
    const j = jar();
    await registerVia(j, 'uma');
    const res = await j.request(
      'POST',
      '/profile',
      { intent: 'add', asset_symbol: 'XPAGE' },
      { origin: app.url, referer: `${app.url}/profile` },
    );
    expect(res.status).toBe(302);
  });
});

describe('profile page and its favourite actions', () => {
  it('lists the account, empty states, and adds favourites (per-field errors for unknown ones)', async () => {
    const j = jar();
    await registerVia(j, 'vera');
    let text = pageText((await j.request('GET', '/profile')).text);
    expect(text).toContain('vera');
    expect(text).toContain('vera@example.com');
    expect(text).toContain('No favourites yet.');
    expect(text).toContain('No positions yet.');

    const added = await j.request('POST', '/profile', {
      intent: 'add',
      asset_symbol: 'xpage',
      exchange: 'hyperliquid',
    });
    expect(added.status).toBe(302);
    expect(added.headers.get('location')).toBe('/profile');
    // Adding twice is harmless.
    expect(
      (await j.request('POST', '/profile', { intent: 'add', asset_symbol: 'XPAGE', exchange: 'hyperliquid' })).status,
    ).toBe(302);
    const page = await j.request('GET', '/profile');
    expect(page.text).toContain('data-testid="favorite-XPAGE-hyperliquid"');
    text = pageText(page.text);
    expect(text).toContain('Hyperliquid');
    expect(page.text).toContain('aria-label="Remove XPAGE on Hyperliquid from favourites"');

    const unknown = await j.request('POST', '/profile', { intent: 'add', asset_symbol: 'NOSUCH' });
    expect(unknown.status).toBe(404);
    expect(pageText(unknown.text)).toContain('Asset "NOSUCH" not found');
    const blank = await j.request('POST', '/profile', { intent: 'add', asset_symbol: ' ' });
    expect(blank.status).toBe(400);
    expect(pageText(blank.text)).toContain('This field may not be blank.');
  });

  it('the star without JavaScript toggles and comes back to the page it was on', async () => {
    const j = jar();
    await registerVia(j, 'wade');
    const id = await userId('wade');
    const on = await j.request('POST', '/profile', {
      intent: 'toggle',
      asset_symbol: 'YPAGE',
      exchange: 'binance',
      redirectTo: '/table?q=Y',
    });
    expect(on.status).toBe(302);
    expect(on.headers.get('location')).toBe('/table?q=Y');
    expect(
      await database.db.select({ venueId: favorites.venueId }).from(favorites).where(eq(favorites.userId, id)),
    ).toEqual([{ venueId: 'binance' }]);
    const off = await j.request('POST', '/profile', {
      intent: 'toggle',
      asset_symbol: 'YPAGE',
      exchange: 'binance',
      redirectTo: 'https://evil.example',
    });
    expect(off.headers.get('location')).toBe('/profile');
    expect(await database.db.select().from(favorites).where(eq(favorites.userId, id))).toEqual([]);
  });

  it("each user's actions touch only their own favourites, and guests are sent to log in", async () => {
    const a = jar();
    const b = jar();
    await registerVia(a, 'xena');
    await registerVia(b, 'yuri');
    await a.request('POST', '/profile', { intent: 'add', asset_symbol: 'XPAGE' });
    await b.request('POST', '/profile', { intent: 'toggle', asset_symbol: 'XPAGE', redirectTo: '/profile' });
    await b.request('POST', '/profile', { intent: 'toggle', asset_symbol: 'XPAGE', redirectTo: '/profile' });
    const rows = await database.db.select({ userId: favorites.userId }).from(favorites);
    expect(rows).toEqual([{ userId: await userId('xena') }]);
    expect((await b.request('GET', '/profile')).text).not.toContain('favorite-XPAGE');
    const guest = await http(app.url, 'POST', '/profile', {
      body: new URLSearchParams({ intent: 'toggle', asset_symbol: 'XPAGE' }),
    });
    expect(guest.status).toBe(302);
    expect(guest.headers.get('location')).toMatch(/^\/login\?redirectTo=/);
  });

  it('400 for an unknown form action', async () => {
    const j = jar();
    await registerVia(j, 'zoe');
    expect((await j.request('POST', '/profile', { intent: 'delete-everything' })).status).toBe(400);
  });
});

describe('behind a trusted proxy (TRUST_PROXY=1)', () => {
  let proxied: AppProcess;
  beforeAll(async () => {
    proxied = await startAuthApp({ TRUST_PROXY: '1' });
  });
  afterAll(async () => {
    const output = proxied?.output() ?? '';
    await proxied?.stop();
    expect([...secrets].filter((s) => s.length >= 8 && output.includes(s))).toEqual([]);
  });

  it("keys login limits on the proxy's X-Forwarded-For entry and marks the cookie Secure for https", async () => {
    const j = new CookieJar(proxied.url);
    secrets.add('proxy-pass-1');
    await j.request('POST', '/register', { username: 'pat', email: 'pat@example.com', password: 'proxy-pass-1' });
    const res = await new CookieJar(proxied.url).request(
      'POST',
      '/login',
      { username: 'pat', password: 'proxy-pass-1' },
      { 'x-forwarded-for': '6.6.6.6, 203.0.113.9', 'x-forwarded-proto': 'https' },
    );
    expect(res.status).toBe(302);
    expect(res.headers.get('set-cookie')).toMatch(/; Secure/i);
    const rows = await database.db.select({ ip: loginAttempts.ip }).from(loginAttempts);
    expect(rows).toEqual([{ ip: '203.0.113.9' }]);
  });
});
