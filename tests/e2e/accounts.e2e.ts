// A trader's account in Chromium: register, log out, log in, favourite assets from the profile
// page, flip one with the star, and see the result survive a reload; then the same forms with
// JavaScript off.
//
// The shared e2e app keeps its embedded database to itself, and favourites need rows in
// `assets`, which in production the funding pipeline writes. So this file runs its own app on
// its own throwaway Postgres and seeds the assets a pipeline would have listed; everything after
// that is what a user does in the browser.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '~/.server/db/client';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '~/.server/db/embedded-postgres';
import { assets } from '~/.server/db/schema';
import { createLogger } from '~/.server/logger';
import { startAppProcess, type AppProcess } from '../support/app-process';
import { launchBrowser, screenshot } from '../support/browser';

const USER = { username: 'e2e-trader', email: 'e2e-trader@example.com', password: 'funding-arb-2026' };

let root: string;
let pg: EmbeddedPostgresHandle;
let app: AppProcess;
let browser: Browser;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'fat-acc-e2e-'));
  pg = await startEmbeddedPostgres({
    dir: path.join(root, 'pg'),
    log: createLogger({ level: 'warn' }),
    ephemeral: true,
  });
  app = await startAppProcess({ DATABASE_URL: pg.url, DATA_DIR: path.join(root, 'data'), DEMO: '1' }, 120_000);
  // The app has migrated by now: stand in for the funding pipeline's asset list.
  const database = createDatabase(pg.url, { max: 1 });
  await database.db
    .insert(assets)
    .values([{ symbol: 'BTC' }, { symbol: 'ETH' }])
    .onConflictDoNothing();
  await database.close();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  const output = app?.output() ?? '';
  await app?.stop();
  await pg?.stop();
  if (root) await rm(root, { recursive: true, force: true });
  expect(output).not.toContain(USER.password);
});

/** A context whose waits fail (naming the step) well within the test's own timeout. */
async function newContext(opts: Parameters<Browser['newContext']>[0] = {}) {
  const context = await browser.newContext(opts);
  context.setDefaultTimeout(10_000);
  return context;
}

function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  return problems;
}

async function signIn(page: Page, username: string, password: string) {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
}

describe('accounts (Chromium)', () => {
  it('register → log out → log in → favourites with the star → profile', async () => {
    const context = await newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const problems = watch(page);

    await page.goto(`${app.url}/register`);
    await page.getByLabel('Username').fill(USER.username);
    await page.getByLabel('Email').fill(USER.email);
    await page.getByLabel('Password').fill(USER.password);
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await page.waitForURL(`${app.url}/profile`);
    await expect(page.getByTestId('signed-in-user').textContent()).resolves.toBe(USER.username);
    await expect(page.getByTestId('profile-email').textContent()).resolves.toBe(USER.email);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    expect(await nav.getByText('Profile', { exact: true }).count()).toBe(1);
    expect(await nav.getByText('Log in', { exact: true }).count()).toBe(0);

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`${app.url}/`);
    await page.getByTestId('signed-in-user').waitFor({ state: 'detached' });
    expect(await nav.getByText('Log in', { exact: true }).count()).toBe(1);

    // A wrong password first: the message shows and nothing else happens.
    await nav.getByText('Log in', { exact: true }).click();
    await page.waitForURL(`${app.url}/login`);
    await signIn(page, USER.username, 'not-the-password');
    await expect(page.getByTestId('form-error').textContent()).resolves.toContain('No active account found');
    await signIn(page, USER.username, USER.password);
    await page.waitForURL(`${app.url}/profile`);
    await page.getByTestId('favorites-empty').waitFor();
    await page.getByTestId('positions-empty').waitFor();

    // Add BTC on every venue and ETH on Binance.
    const asset = page.getByLabel('Asset');
    await asset.fill('btc');
    await page.getByRole('button', { name: 'Add favourite' }).click();
    await page.getByTestId('favorite-BTC-all').waitFor();
    await asset.fill('ETH');
    await page.getByRole('textbox', { name: 'Venue' }).click();
    await page.getByRole('option', { name: 'Binance' }).click();
    await page.getByRole('button', { name: 'Add favourite' }).click();
    await page.getByTestId('favorite-ETH-binance').waitFor();
    // An unknown asset is refused under its field.
    await asset.fill('NOPE');
    await page.getByRole('button', { name: 'Add favourite' }).click();
    await page.getByText('Asset "NOPE" not found').waitFor();

    // The star removes BTC: it empties at once (before the server answers), then the row goes.
    const star = page.getByRole('button', { name: 'Remove BTC from favourites' });
    await star.click();
    await page.getByTestId('favorite-BTC-all').waitFor({ state: 'detached' });
    // ETH's star inside its row likewise; then BTC comes back through the form (which starts fresh: all venues).
    const ethRow = page.getByTestId('favorite-ETH-binance');
    await ethRow.getByTestId('favorite-star').click();
    await ethRow.waitFor({ state: 'detached' });
    await asset.fill('BTC');
    await page.getByRole('button', { name: 'Add favourite' }).click();
    await page.getByTestId('favorite-BTC-all').waitFor();

    await page.reload();
    await page.getByTestId('favorite-BTC-all').waitFor();
    expect(await page.getByTestId('favorite-ETH-binance').count()).toBe(0);
    expect(await page.getByTestId('favorite-star').getAttribute('data-state')).toBe('on');
    await screenshot(page, 'profile');
    // The failed login answered 401 and the unknown asset 404: Chromium logs those as resource errors.
    expect(problems.filter((p) => !/status of 40[14]/.test(p))).toEqual([]);
    await context.close();
  });

  it('shows the star state optimistically, before the server has answered', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(`${app.url}/login`);
    await signIn(page, USER.username, USER.password);
    await page.waitForURL(`${app.url}/profile`);
    // Hold the toggle's response so the optimistic state can be seen.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/profile.data*', async (route) => {
      if (route.request().method() === 'POST') await held;
      await route.continue();
    });
    const star = page.getByTestId('favorite-BTC-all').getByTestId('favorite-star');
    await star.click();
    // While the server has not answered, the star already shows the new state.
    await page.getByTestId('favorite-BTC-all').locator('[data-testid="favorite-star"][data-state="off"]').waitFor();
    expect(await star.getAttribute('aria-label')).toBe('Add BTC to favourites');
    release();
    await page.getByTestId('favorite-BTC-all').waitFor({ state: 'detached' });
    await context.close();
  });

  it('works without JavaScript: log in, add a favourite, star it away, log out', async () => {
    const context = await newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${app.url}/profile`);
    // Sent to log in, and back afterwards.
    expect(page.url()).toBe(`${app.url}/login?redirectTo=%2Fprofile`);
    await signIn(page, USER.username, USER.password);
    await page.waitForURL(`${app.url}/profile`);
    await page.getByLabel('Asset').fill('ETH');
    await page.getByRole('button', { name: 'Add favourite' }).click();
    await page.getByTestId('favorite-ETH-all').waitFor();
    await page.getByRole('button', { name: 'Remove ETH from favourites' }).click();
    await page.waitForURL(`${app.url}/profile`);
    expect(await page.getByTestId('favorite-ETH-all').count()).toBe(0);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`${app.url}/`);
    expect(await page.getByTestId('signed-in-user').count()).toBe(0);
    await context.close();
  });
});
