// The funding table updating live in Chromium: new snapshots arrive the way production brings
// them (the app's worker runs `snapshot_funding` against the venue simulators, stores, NOTIFYs
// `funding_updates`, the hub tells the page on its `funding` channel, the page revalidates), and
// the reader keeps their scroll position, sort and filters while the values change under them.
//
// Its own app on its own Postgres: the test queues the snapshot job itself instead of waiting up
// to a minute for the cron (which may also fire meanwhile; any update will do).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VenueId } from '~/lib/venues';
import { startAppWithDatabase, type AppWithDatabase } from '../support/app-with-database';
import { launchBrowser, screenshot } from '../support/browser';

/** Every venue but Hyperliquid: a venue filter in force. */
const SHOWN: VenueId[] = ['binance', 'bybit', 'kucoin', 'bitget', 'coinex', 'paradex'];

const symbols = (page: Page) =>
  page.$$eval('[data-testid="funding-row"]', (rows) => rows.map((r) => r.getAttribute('data-symbol') ?? ''));

/** Each shown leg's APR as the page has it, by `symbol|venue`. */
const legAprs = (page: Page) =>
  page.$$eval('[data-leg]', (cells) =>
    Object.fromEntries(cells.map((c) => [c.getAttribute('data-leg') ?? '', c.getAttribute('data-apr') ?? ''])),
  );

/** Newest snapshot time behind the rows shown (ms), from the live-status badge. */
const updatedMs = async (page: Page) =>
  Number((await page.getByTestId('live-status').getAttribute('data-updated-ms')) || 0);

/** Where a row and the page are: the row's top edge in the viewport, and the page's scroll offset. */
const placeOf = (page: Page, symbol: string) =>
  page.evaluate((s) => {
    const row = document.querySelector(`[data-testid="funding-row"][data-symbol="${s}"]`);
    return { scrollY: window.scrollY, top: row ? row.getBoundingClientRect().top : Number.NaN };
  }, symbol);

function changedCount(before: Record<string, string>, after: Record<string, string>): number {
  return Object.keys(before).filter((k) => k in after && after[k] !== before[k]).length;
}

/** Descending with blanks last (the table's rule). */
function expectSortedDesc(values: (number | null)[]) {
  const present = values.filter((v): v is number => v !== null);
  expect(values.slice(0, present.length)).toEqual(present);
  expect(present).toEqual([...present].sort((a, b) => b - a));
}

describe('funding table live updates (Chromium, app on venue simulators)', () => {
  let env: AppWithDatabase;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    env = await startAppWithDatabase({}, { seed: 11, updateIntervalMs: 500 });
    browser = await launchBrowser();
    // Short enough that a page of assets scrolls.
    page = await browser.newPage({ viewport: { width: 1280, height: 480 } });
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  }, 60_000);

  /** Ask every shown venue for fresh funding now, as the minute cron does. */
  async function snapshotNow() {
    for (const venue of SHOWN) await env.runJob('snapshot_funding', venue);
  }

  it(
    'keeps scroll position, sort and filters while the rows change under a live update',
    { timeout: 150_000 },
    async () => {
      // The legs the simulators list on the shown venues: once all are on the page the start-up
      // ingestion has landed and the row set stops growing.
      const expectedLegs = new Set<string>();
      for (const venue of SHOWN) {
        for (const inst of env.sims.get(venue)!.market.instruments()) expectedLegs.add(`${inst.asset}|${venue}`);
      }
      await page.goto(`${env.app.url}/table?mode=live&exchanges=${SHOWN.join(',')}`);
      await page.waitForSelector('[data-testid="live-status"][data-socket="open"]');
      // A fresh install starts empty and fills by itself as the jobs store data (no reload).
      await expect
        .poll(async () => Object.keys(await legAprs(page)).sort(), { timeout: 90_000, interval: 1_000 })
        .toEqual([...expectedLegs].sort());

      // The reader's sort: asset name, Z→A (two clicks on the header), with the filters kept.
      await page.getByTestId('sort-symbol').click();
      await page.waitForURL(/sort=symbol/);
      await page.getByTestId('sort-symbol').click();
      await page.waitForURL(/order=desc/);
      await expect.poll(() => page.getByTestId('funding-table').getAttribute('data-order')).toBe('desc');
      const url = page.url();
      const params = new URL(url).searchParams;
      expect(params.get('mode')).toBe('live');
      expect(params.get('exchanges')).toBe(SHOWN.join(','));
      const rows = await symbols(page);
      expect(rows).toEqual([...rows].sort().reverse());
      expect(await page.getByRole('columnheader', { name: 'Hyperliquid' }).count()).toBe(0);

      // Scroll to the middle of the page and take the row nearest the viewport's centre.
      const maxScroll = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
      expect(maxScroll, 'the page must scroll for this test to mean anything').toBeGreaterThan(150);
      await page.evaluate((y) => window.scrollTo(0, y), Math.round(maxScroll / 2));
      const anchor = await page.evaluate(() => {
        const mid = window.innerHeight / 2;
        let best: { symbol: string; distance: number } | null = null;
        for (const row of document.querySelectorAll('[data-testid="funding-row"]')) {
          const r = row.getBoundingClientRect();
          const distance = Math.abs(r.top + r.height / 2 - mid);
          if (!best || distance < best.distance) best = { symbol: row.getAttribute('data-symbol') ?? '', distance };
        }
        return best?.symbol ?? '';
      });
      const before = { place: await placeOf(page, anchor), updated: await updatedMs(page), aprs: await legAprs(page) };
      expect(before.place.scrollY).toBeGreaterThan(50);
      expect(before.place.top).toBeGreaterThan(0);
      expect(before.place.top).toBeLessThan(480);

      await snapshotNow();
      // The update landed: newer data behind the page, and values in the rows changed.
      await expect.poll(() => updatedMs(page), { timeout: 60_000, interval: 500 }).toBeGreaterThan(before.updated);
      await expect
        .poll(async () => changedCount(before.aprs, await legAprs(page)), { timeout: 30_000 })
        .toBeGreaterThan(0);

      // Nothing moved under the reader: same scroll offset, the same row at the same place.
      const after = await placeOf(page, anchor);
      expect(Math.abs(after.scrollY - before.place.scrollY)).toBeLessThanOrEqual(1);
      expect(Math.abs(after.top - before.place.top)).toBeLessThanOrEqual(1);
      // And the view is the reader's: URL, sort, filters, rows in their order.
      expect(page.url()).toBe(url);
      expect(await page.getByTestId('funding-table').getAttribute('data-sort')).toBe('symbol');
      expect(await page.getByTestId('funding-table').getAttribute('data-order')).toBe('desc');
      expect(await symbols(page)).toEqual(rows);
      expect(await page.getByRole('columnheader', { name: 'Hyperliquid' }).count()).toBe(0);
      expect(await page.getByTestId('live-status').getAttribute('data-socket')).toBe('open');
      expect(problems).toEqual([]);
    },
  );

  it('re-sorts a value column with the new values and keeps the scroll position', { timeout: 120_000 }, async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByTestId('sort-binance').click();
    await page.waitForURL(/sort=binance/);
    await expect.poll(() => page.getByTestId('funding-table').getAttribute('data-sort')).toBe('binance');
    const url = page.url();
    const binanceAprs = () =>
      page.$$eval('[data-testid="funding-row"]', (rows) =>
        rows.map((r) => {
          const v = r.querySelector('[data-venue="binance"]')?.getAttribute('data-apr');
          return v ? Number(v) : null;
        }),
      );
    expectSortedDesc(await binanceAprs());

    const maxScroll = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
    await page.evaluate((y) => window.scrollTo(0, y), Math.round(maxScroll / 2));
    const tableTop = () =>
      page.evaluate(() => document.querySelector('[data-testid="funding-table"]')!.getBoundingClientRect().top);
    const before = {
      scrollY: await page.evaluate(() => window.scrollY),
      tableTop: await tableTop(),
      updated: await updatedMs(page),
      aprs: await legAprs(page),
      rows: (await symbols(page)).length,
    };
    expect(before.scrollY).toBeGreaterThan(50);

    await snapshotNow();
    await expect.poll(() => updatedMs(page), { timeout: 60_000, interval: 500 }).toBeGreaterThan(before.updated);
    await expect
      .poll(async () => changedCount(before.aprs, await legAprs(page)), { timeout: 30_000 })
      .toBeGreaterThan(0);

    // Sorted by the values now shown (rows may have swapped), under the same URL and scroll.
    expectSortedDesc(await binanceAprs());
    expect((await symbols(page)).length).toBe(before.rows);
    expect(page.url()).toBe(url);
    expect(Math.abs((await page.evaluate(() => window.scrollY)) - before.scrollY)).toBeLessThanOrEqual(1);
    expect(Math.abs((await tableTop()) - before.tableTop)).toBeLessThanOrEqual(1);
    await screenshot(page, 'live-table');
    expect(problems).toEqual([]);
  });
  it(
    'says "reconnecting" and keeps its rows while the server is away, then goes live again',
    { timeout: 150_000 },
    async () => {
      const url = page.url();
      const rows = await symbols(page);
      const liveStatus = page.getByTestId('live-status');
      await env.stopApp();
      // The rows stay (no error page, no blank table); the badge stops claiming "live".
      await page.waitForSelector('[data-testid="live-status"][data-socket="reconnecting"]', { timeout: 30_000 });
      expect(await liveStatus.textContent()).toContain('reconnecting');
      expect(await symbols(page)).toEqual(rows);
      expect(page.url()).toBe(url);

      await env.startApp();
      // The page finds the server again by itself (its socket retries with backoff) and takes
      // live updates once more: the funding subscription was restored on the new connection.
      await page.waitForSelector('[data-testid="live-status"][data-socket="open"]', { timeout: 60_000 });
      const before = { updated: await updatedMs(page), aprs: await legAprs(page) };
      await snapshotNow();
      await expect.poll(() => updatedMs(page), { timeout: 60_000, interval: 500 }).toBeGreaterThan(before.updated);
      await expect
        .poll(async () => changedCount(before.aprs, await legAprs(page)), { timeout: 30_000 })
        .toBeGreaterThan(0);
      expect(page.url()).toBe(url);
      // The browser reports each refused reconnect attempt as a console error: expected here.
      expect(problems.filter((p) => !/WebSocket connection to .* failed/.test(p))).toEqual([]);
    },
  );
});
