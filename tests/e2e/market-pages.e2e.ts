// The market pages in Chromium against the demo app (all seven venue simulators, the funding
// pipeline filling the store within about a minute): the funding table sorts, filters and keeps its
// view in the URL; /best ranks pairs by net APR and links them to the terminal; /coin/BTC draws
// its history chart; an unknown coin is a 404 that says so and links to the table's search.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { launchBrowser, screenshot } from '../support/browser';

const DATA_WAIT_MS = 90_000;

/** Reload until the selector shows up: the pipeline fills the store in the first minute. */
async function waitForData(page: Page, url: string, selector: string): Promise<void> {
  const until = Date.now() + DATA_WAIT_MS;
  await page.goto(url);
  while ((await page.locator(selector).count()) === 0) {
    if (Date.now() > until) throw new Error(`no ${selector} on ${url} after ${DATA_WAIT_MS} ms`);
    await page.waitForTimeout(3_000);
    await page.goto(url);
  }
}

const symbols = (page: Page) =>
  page.$$eval('[data-testid="funding-row"]', (rows) => rows.map((r) => r.getAttribute('data-symbol') ?? ''));

/** Values of a data attribute down the rows; blanks (no value) as null. */
const columnValues = (page: Page, selector: string, attr: string) =>
  page.$$eval(
    selector,
    (cells, a) =>
      cells.map((c) => {
        const v = c.getAttribute(a);
        return v === null || v === '' ? null : Number(v);
      }),
    attr,
  );

/** Descending with missing values last (the table's rule). */
function expectSortedDesc(values: (number | null)[]) {
  const present = values.filter((v): v is number => v !== null);
  expect(values.slice(0, present.length)).toEqual(present);
  expect(present).toEqual([...present].sort((a, b) => b - a));
}

describe('market pages (Chromium)', () => {
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const base = () => inject('appUrl');

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // Remix's single fetch logs the body of a load it aborted because a newer navigation took
      // over (a filter change while a live refresh was in flight): the browser's doing, not a bug.
      if (m.type() === 'error' && !m.text().startsWith('AbortError: signal is aborted without reason')) {
        problems.push(`console.error: ${m.text()}`);
      }
    });
  });
  afterAll(async () => {
    await browser?.close();
  });
  // Each test answers for its own page errors.
  beforeEach(() => {
    problems.length = 0;
  });

  it('the funding table renders, sorts, filters and keeps its view in the URL', { timeout: 180_000 }, async () => {
    await waitForData(page, `${base()}/table`, '[data-testid="funding-row"]');
    // Hydrated: the live badge comes from the socket, which only exists in the browser.
    await page.waitForSelector('[data-testid="live-status"][data-socket="open"]', { timeout: 20_000 });
    const all = await symbols(page);
    expect(all.length).toBeGreaterThan(3);
    expect(all).toContain('BTC');
    // A column per venue, APR cells with a value, the spread sorted high → low by default.
    for (const venue of ['Binance', 'Bybit', 'KuCoin', 'Bitget', 'CoinEx', 'Paradex', 'Hyperliquid']) {
      await expect.poll(() => page.getByRole('columnheader', { name: venue }).count()).toBe(1);
    }
    expect((await columnValues(page, '[data-leg]', 'data-apr')).filter((v) => v !== null).length).toBeGreaterThan(10);
    expectSortedDesc(await columnValues(page, '[data-testid="row-spread"]', 'data-value'));

    // The shared tooltip: raw rate, interval and a ticking countdown for the hovered venue cell.
    await page.locator('[data-testid="funding-row"][data-symbol="BTC"] [data-venue="binance"]').hover();
    const tooltip = page.getByTestId('leg-tooltip');
    await expect.poll(() => tooltip.textContent()).toContain('Rate per interval');
    expect(await tooltip.textContent()).toMatch(/Binance · BTCUSDT/);
    expect(await tooltip.textContent()).toMatch(/Interval\s*\d+h/);
    await expect
      .poll(() => tooltip.getByTestId('countdown').textContent())
      .toMatch(/^\d{2}:\d{2}:\d{2}$|^\d+d \d{2}h$/);
    // Binance publishes no predicted rate; KuCoin does, and the tooltip shows it.
    expect(await tooltip.textContent()).not.toContain('Predicted next rate');
    await page.locator('[data-testid="funding-row"][data-symbol="BTC"] [data-venue="kucoin"]').hover();
    await expect.poll(() => tooltip.textContent()).toMatch(/KuCoin · XBTUSDTM/);
    expect(await tooltip.textContent()).toMatch(/Predicted next rate\s*[+-]?\d/);

    // Sort by asset name: A→Z, then Z→A; the order is asserted on the symbols themselves.
    await page.getByTestId('sort-symbol').click();
    await page.waitForURL(/sort=symbol/);
    await expect.poll(() => symbols(page)).toEqual([...all].sort());
    await page.getByTestId('sort-symbol').click();
    await page.waitForURL(/order=desc/);
    await expect.poll(() => symbols(page)).toEqual([...all].sort().reverse());

    // Sort by market cap, then by one venue's APR (a sort the page adds to the API's).
    await page.getByTestId('sort-market_cap').click();
    await page.waitForURL(/sort=market_cap/);
    await expect.poll(() => page.getByTestId('funding-table').getAttribute('data-sort')).toBe('market_cap');
    expectSortedDesc(await columnValues(page, '[data-testid="row-market-cap"]', 'data-value'));
    await page.getByTestId('sort-bybit').click();
    await page.waitForURL(/sort=bybit/);
    await expect.poll(() => page.getByTestId('funding-table').getAttribute('data-sort')).toBe('bybit');
    const bybit = await page.$$eval('[data-testid="funding-row"]', (rows) =>
      rows.map((r) => {
        const v = r.querySelector('[data-venue="bybit"]')?.getAttribute('data-apr');
        return v ? Number(v) : null;
      }),
    );
    expectSortedDesc(bybit);
    expect(bybit.filter((v) => v !== null).length).toBeGreaterThan(2);

    // Search narrows the rows to matching assets.
    await page.getByTestId('table-search').fill('BT');
    await page.waitForURL(/q=BT/);
    await expect.poll(() => symbols(page)).toEqual(['BTC']);

    // Venue filter: without Hyperliquid its column goes and so do assets listed only there.
    await page.getByTestId('table-search').fill('');
    await page.waitForURL((u) => !u.searchParams.has('q'));
    await expect.poll(async () => (await symbols(page)).length).toBe(all.length);
    const elsewhere = await page.$$eval('[data-testid="funding-row"]', (rows) =>
      rows
        .filter((r) =>
          [...r.querySelectorAll('[data-leg]')].some((c) => c.getAttribute('data-venue') !== 'hyperliquid'),
        )
        .map((r) => r.getAttribute('data-symbol') ?? ''),
    );
    await page.locator('label[for="table-venue-hyperliquid"]').click();
    await page.waitForURL(/exchanges=/);
    expect(new URL(page.url()).searchParams.get('exchanges')).toBe('binance,bybit,kucoin,bitget,coinex,paradex');
    await expect.poll(() => page.getByRole('columnheader', { name: 'Hyperliquid' }).count()).toBe(0);
    await expect.poll(async () => (await symbols(page)).sort()).toEqual(elsewhere.sort());
    expect(await page.locator('[data-venue="hyperliquid"]').count()).toBe(0);

    // Search again on top, then reload: the same view comes back from the URL alone.
    await page.getByTestId('table-search').fill('e');
    await page.waitForURL(/q=e/);
    // The URL can change a moment before the filtered rows render: wait for the narrower list.
    await expect
      .poll(async () => {
        const rows = await symbols(page);
        return rows.every((s) => elsewhere.includes(s)) && rows.length < elsewhere.length;
      })
      .toBe(true);
    const before = { url: page.url(), rows: await symbols(page) };
    expect(before.rows.length).toBeGreaterThan(0);
    expect(before.rows.length).toBeLessThan(all.length);
    await page.reload();
    await page.waitForSelector('[data-testid="funding-row"]');
    expect(page.url()).toBe(before.url);
    expect(await symbols(page)).toEqual(before.rows);
    expect(await page.getByTestId('table-search').inputValue()).toBe('e');
    expect(await page.locator('#table-venue-hyperliquid').isChecked()).toBe(false);
    expect(await page.getByTestId('funding-table').getAttribute('data-sort')).toBe('bybit');

    // The spread sparklines are plain SVG in the server's HTML, drawn before any script runs (once
    // the backfilled history gives a row two points, which may take the demo's first minute).
    await expect
      .poll(async () => (await page.request.get(`${base()}/table`)).text(), { timeout: DATA_WAIT_MS, interval: 3_000 })
      .toMatch(/<svg[^>]*data-testid="spread-sparkline"/);
    await page.goto(`${base()}/table`);
    await page.waitForSelector('[data-testid="funding-row"]');
    const sparkline = page.locator('[data-testid="funding-row"] svg[data-testid="spread-sparkline"]').first();
    expect(await sparkline.getAttribute('aria-label')).toMatch(/^Spread over 7 days, \d+ points$/);
    // A drawn line (a move and at least one segment) and its filled area.
    const [area, line] = await sparkline.locator('path').evaluateAll((paths) => paths.map((p) => p.getAttribute('d')));
    expect(line).toMatch(/^M[\d.]+,[\d.]+[LC]/);
    expect(area).toMatch(/Z$/);
    await screenshot(page, 'table');
    // A row opens its coin page.
    await page.locator('[data-testid="funding-row"][data-symbol="ETH"] td').nth(3).click();
    await page.waitForURL(/\/coin\/ETH$/);
    expect(problems).toEqual([]);
  });

  it('/best ranks pairs by net APR and opens a pair in the terminal', { timeout: 120_000 }, async () => {
    await waitForData(page, `${base()}/best`, '[data-testid="pair-row"]');
    // The list is live: a hub message or a filter change re-runs the loader, which can re-rank it
    // (in a fresh demo the backfilled history lands in the first seconds and changes the top pair
    // and its legs). So each check reads one snapshot of the rows, and the steps after it follow
    // one pair by its symbol, never "the first row" read again later.
    const snapshot = await page.$$eval('[data-testid="pair-row"]', (rows) =>
      rows.map((r) => {
        const text = (id: string) => r.querySelector(`[data-testid="${id}"]`)?.textContent ?? '';
        return {
          symbol: r.getAttribute('data-symbol') ?? '',
          net: r.getAttribute('data-net'),
          gross: text('pair-gross'),
          fees: text('pair-fees'),
          netText: text('pair-net'),
          long: r.querySelector('[data-testid="pair-long"]')?.getAttribute('data-venue'),
          short: r.querySelector('[data-testid="pair-short"]')?.getAttribute('data-venue'),
          href: r.querySelector('[data-testid="open-terminal"]')?.getAttribute('href'),
        };
      }),
    );
    const nets = snapshot.map((p) => (p.net ? Number(p.net) : null));
    expect(nets.length).toBeGreaterThan(2);
    expect(nets.every((n) => n !== null)).toBe(true);
    expectSortedDesc(nets);
    const top = snapshot[0]!;
    // Net = gross − fees, as printed.
    const num = (text: string) => Number(text.replace(/[^\d.+-]/g, ''));
    expect(Math.abs(num(top.gross) - Math.abs(num(top.fees)) - num(top.netText))).toBeLessThan(0.02);
    // The button names this pair's asset and venues.
    expect(top.long).not.toBe(top.short);
    expect(top.href).toBe(`/terminal?asset=${top.symbol}&long=${top.long}&short=${top.short}`);

    // Both books stream for the top rows: cross spread and slippage in bps; a bigger notional
    // walks further into the books.
    const row = page.locator(`[data-testid="pair-row"][data-symbol="${top.symbol}"]`);
    await expect.poll(() => row.getByTestId('pair-slippage').textContent(), { timeout: 30_000 }).toMatch(/bps/);
    await page.getByTestId('best-notional').fill('5000000');
    await page.waitForURL(/notional=5000000/);
    await expect
      .poll(async () => num((await row.getByTestId('pair-slippage').textContent()) ?? ''), { timeout: 15_000 })
      .toBeGreaterThan(0);
    expect(await row.getByTestId('pair-entry-spread').textContent()).toMatch(/bps/);
    await screenshot(page, 'best');

    // The terminal opens on the pair the button showed when clicked. Read and click in one task
    // of the page, so a refresh cannot change the row between the two.
    const clicked = await row.evaluate((r) => {
      const link = r.querySelector<HTMLAnchorElement>('a[data-testid="open-terminal"]')!;
      const legs = {
        long: r.querySelector('[data-testid="pair-long"]')?.getAttribute('data-venue'),
        short: r.querySelector('[data-testid="pair-short"]')?.getAttribute('data-venue'),
      };
      link.click();
      return legs;
    });
    expect(clicked.long).not.toBe(clicked.short);
    await page.waitForURL(/\/terminal\?asset=/);
    const opened = new URL(page.url()).searchParams;
    expect([opened.get('asset'), opened.get('long'), opened.get('short')]).toEqual([
      top.symbol,
      clicked.long,
      clicked.short,
    ]);
    expect(problems).toEqual([]);
  });

  it('/coin/BTC shows every venue and the history chart; an unknown coin is a 404', { timeout: 120_000 }, async () => {
    await waitForData(page, `${base()}/coin/BTC`, '[data-testid="history-chart"]');
    expect(await page.getByTestId('coin-symbol').textContent()).toBe('BTC');
    const venues = await page.$$eval('[data-testid="venue-row"]', (rows) =>
      rows.map((r) => r.getAttribute('data-venue')),
    );
    expect(venues.length).toBeGreaterThanOrEqual(5);
    expect(venues).toContain('binance');
    for (const price of await page.getByTestId('venue-price').allTextContents()) {
      expect(Number(price.replace(/,/g, ''))).toBeGreaterThan(1000);
    }
    // One drawn line per venue with history.
    await page.waitForSelector('[data-testid="history-chart"] svg path.recharts-curve');
    const lines = await page.locator('[data-testid="history-chart"] svg path.recharts-line-curve').count();
    expect(lines).toBe(Number(await page.getByTestId('history-chart').getAttribute('data-series')));
    expect(lines).toBeGreaterThanOrEqual(2);
    const d = await page
      .locator('[data-testid="history-chart"] svg path.recharts-line-curve')
      .first()
      .getAttribute('d');
    expect((d ?? '').length).toBeGreaterThan(50);
    await screenshot(page, 'coin');

    // A native symbol leads to the asset's page.
    await page.goto(`${base()}/coin/btc`);
    await page.waitForURL(/\/coin\/BTC$/);
    // An unknown one is a 404 that names what was not found and offers the table searched for it.
    const res = await page.goto(`${base()}/coin/NOPE`);
    expect(res?.status()).toBe(404);
    expect(await page.getByTestId('error-page').getByRole('heading').textContent()).toBe('Coin not found');
    expect(await page.getByTestId('coin-not-found-message').textContent()).toBe(
      'No perpetual on any venue for "NOPE".',
    );
    expect(await page.getByTestId('error-home').getAttribute('href')).toBe('/');
    const search = page.getByTestId('coin-not-found-search');
    expect(await search.getAttribute('href')).toBe('/table?q=NOPE');
    await search.click();
    await page.waitForURL(/\/table\?q=NOPE$/);
    expect(await page.getByTestId('table-search').inputValue()).toBe('NOPE');
    expect(problems.filter((p) => !p.includes('404'))).toEqual([]);
  });

  it(
    'a signed-in reader stars an asset in the table and finds it starred after a reload',
    { timeout: 60_000 },
    async () => {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const own = await context.newPage();
      own.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      own.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
      });
      const username = `mp${Date.now().toString(36)}`;
      await own.goto(`${base()}/register`);
      await own.getByLabel('Username').fill(username);
      await own.getByLabel('Email').fill(`${username}@example.com`);
      await own.getByLabel('Password').fill('market-pages-e2e-pass');
      await own.getByRole('button', { name: 'Register', exact: true }).click();
      await own.waitForURL(/\/profile$/);

      await own.goto(`${base()}/table?q=SOL`);
      const star = own.locator('[data-testid="funding-row"][data-symbol="SOL"] [data-testid="favorite-star"]');
      await expect.poll(() => star.getAttribute('data-state')).toBe('off');
      await star.click();
      await expect.poll(() => star.getAttribute('data-state')).toBe('on');
      // The click stays on the table (the star is not a row click).
      expect(new URL(own.url()).pathname).toBe('/table');
      await own.waitForLoadState('networkidle');
      await own.reload();
      await expect.poll(() => star.getAttribute('data-state')).toBe('on');
      await context.close();
      expect(problems).toEqual([]);
    },
  );
});
