// The terminal and home pages in Chromium against the demo app (all seven venue simulators):
// live books that move, spread figures, a size that changes the slippage, a drawn candle chart,
// and venue badges on the home page.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, screenshot } from '../support/browser';

/** A signed decimal from text such as "+1.23 bps" or "94,461.0". */
function numberIn(text: string | null): number {
  const m = /[-+]?[\d,]*\.?\d+/.exec(text ?? '');
  return m ? Number(m[0].replace(/,/g, '')) : Number.NaN;
}

describe('terminal and home (Chromium)', () => {
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows two live books that move, the spread, slippage at a size and candles', async () => {
    const klines = page.waitForResponse(
      (r) => r.url().includes('/api/proxy/kline/') && r.url().includes('exchange=binance'),
      {
        timeout: 20_000,
      },
    );
    await page.goto(`${inject('appUrl')}/terminal`);
    // Defaults: BTC, long Binance, short Bybit, each on its native symbol.
    expect(await page.getByTestId('leg-long').getByTestId('leg-symbol').textContent()).toBe('BTCUSDT');
    expect(await page.getByTestId('leg-short').getByTestId('leg-symbol').textContent()).toBe('BTCUSDT');
    expect(await page.getByTestId('leg-short').textContent()).toContain('Bybit');

    const best = (role: 'long' | 'short') =>
      page.evaluate((r) => {
        const book = document.querySelector(`[data-testid="book-${r}"]`);
        return `${book?.querySelector('[data-testid="best-bid"]')?.textContent}|${book?.querySelector('[data-testid="best-ask"]')?.textContent}`;
      }, role);
    for (const role of ['long', 'short'] as const) {
      await page.waitForSelector(`[data-testid="book-${role}"][data-status="live"]`, { timeout: 20_000 });
    }
    const first = { long: await best('long'), short: await best('short') };
    for (const role of ['long', 'short'] as const) {
      const [bid, ask] = first[role].split('|').map(numberIn);
      expect(bid, `${role} best bid`).toBeGreaterThan(1000);
      expect(ask, `${role} best ask`).toBeGreaterThan(bid!);
    }
    // Both books keep moving: best bid or ask changes within a few seconds.
    for (const role of ['long', 'short'] as const) {
      await page.waitForFunction(
        ([r, before]) => {
          const book = document.querySelector(`[data-testid="book-${r}"]`);
          const now = `${book?.querySelector('[data-testid="best-bid"]')?.textContent}|${book?.querySelector('[data-testid="best-ask"]')?.textContent}`;
          return now !== before;
        },
        [role, first[role]] as const,
        { timeout: 15_000 },
      );
    }
    // Twenty levels a side, fixed rows.
    expect(await page.getByTestId('book-long').locator('[role="row"]').count()).toBe(21);

    // Spread panel: numbers in bps, from both books.
    for (const id of ['spread-entry-bps', 'spread-exit-bps', 'spread-basis-bps']) {
      const text = await page.getByTestId(id).textContent();
      expect(text, id).toMatch(/^[-+]?\d+\.\d{2} bps$/);
    }
    expect(await page.getByTestId('spread-panel').getAttribute('data-live')).toBe('true');

    // A small size fills at the best price; a large one walks the book.
    const input = page.getByTestId('size-input');
    await input.fill('100');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="slippage-entry-long"]')?.textContent === '0.00 bps',
    );
    await input.fill('300000');
    await page.waitForFunction(() => {
      const t = document.querySelector('[data-testid="slippage-entry-long"]')?.textContent ?? '';
      return /^\+\d+\.\d{2} bps$/.test(t) && t !== '+0.00 bps';
    });
    expect(numberIn(await page.getByTestId('slippage-entry-short').textContent())).toBeGreaterThan(0);
    expect(await page.getByTestId('net-entry-bps').textContent()).toMatch(/^[-+]?\d+\.\d{2} bps$/);

    // Candles: the endpoint answered, the chart has bars, and its canvas shows candle colours.
    const res = await klines;
    expect(res.status()).toBe(200);
    await page.waitForSelector('[data-testid="chart-long"][data-state="ready"]', { timeout: 20_000 });
    expect(Number(await page.getByTestId('chart-long').getAttribute('data-bars'))).toBeGreaterThan(10);
    const candlePixels = await page.evaluate(() => {
      let hits = 0;
      for (const canvas of document.querySelectorAll<HTMLCanvasElement>('[data-testid="chart-long"] canvas')) {
        const ctx = canvas.getContext('2d');
        if (!ctx || !canvas.width || !canvas.height) continue;
        const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
        for (let i = 0; i < data.length; i += 4) {
          const [r, g, b, a] = [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
          // up #12b886, down #fa5252
          const up = Math.abs(r - 0x12) < 24 && Math.abs(g - 0xb8) < 24 && Math.abs(b - 0x86) < 24;
          const down = Math.abs(r - 0xfa) < 24 && Math.abs(g - 0x52) < 24 && Math.abs(b - 0x52) < 24;
          if (a > 200 && (up || down)) hits++;
        }
      }
      return hits;
    });
    expect(candlePixels).toBeGreaterThan(200);

    await screenshot(page, 'terminal');
    expect(problems).toEqual([]);
  });

  it('switches the interval and resolves a multiplied symbol per venue', async () => {
    const klines = page.waitForResponse(
      (r) => r.url().includes('/api/proxy/kline/') && r.url().includes('interval=5m'),
    );
    await page.getByTestId('leg-long').getByText('5m', { exact: true }).click();
    expect((await klines).status()).toBe(200);
    await page.waitForSelector('[data-testid="chart-long"][data-state="ready"]');

    // Changing a venue in the picker navigates to that pair: KuCoin spells BTC as XBTUSDTM.
    await page.getByLabel('Short').selectOption('kucoin');
    await page.waitForURL(/short=kucoin/);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="leg-short"] [data-testid="leg-symbol"]')?.textContent === 'XBTUSDTM',
    );
    await page.waitForSelector('[data-testid="book-short"][data-status="live"]', { timeout: 20_000 });

    // PEPE: Binance lists 1000PEPEUSDT, Hyperliquid kPEPE; both shown per single PEPE.
    await page.goto(`${inject('appUrl')}/terminal?asset=PEPE&long=binance&short=hyperliquid`);
    expect(await page.getByTestId('leg-long').getByTestId('leg-symbol').textContent()).toBe('1000PEPEUSDT');
    expect(await page.getByTestId('leg-short').getByTestId('leg-symbol').textContent()).toBe('kPEPE');
    await page.waitForSelector('[data-testid="book-long"][data-status="live"]', { timeout: 20_000 });
    const bid = numberIn(await page.getByTestId('book-long').getByTestId('best-bid').textContent());
    expect(bid).toBeGreaterThan(0);
    expect(bid).toBeLessThan(0.001);
    expect(problems).toEqual([]);
  });

  it('shows a badge per venue on the home page', async () => {
    await page.goto(inject('appUrl'));
    const cards = page.getByTestId('venue-status').locator('[data-testid^="venue-"]');
    expect(await cards.count()).toBe(7);
    const states = await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
    for (const s of states) expect(['live', 'idle', 'connecting', 'reconnecting', 'stale', 'down']).toContain(s);
    // Every simulator is local and up.
    expect(states.every((s) => s === 'live' || s === 'idle')).toBe(true);
    expect(await page.getByTestId('stat-venues-up-value').textContent()).toBe('7 / 7');
    expect(numberIn(await page.getByTestId('stat-assets-value').textContent())).toBeGreaterThan(0);
    expect(await page.getByTestId('system-status').textContent()).toContain('database: up');
    expect(
      await page.getByTestId('top-opportunities').getByRole('link', { name: 'All opportunities' }).getAttribute('href'),
    ).toBe('/best');
    // The reason is on hover.
    await page.getByTestId('venue-binance').locator('.mantine-Badge-root').hover();
    await page.getByRole('tooltip').waitFor();
    expect(await page.getByRole('tooltip').textContent()).toMatch(/\w+/);
    // Top pairs come from the funding pipeline, which fills within a minute of start; each opens
    // the terminal on both legs' native symbols.
    for (let i = 0; i < 15 && !(await page.getByTestId('top-pair').count()); i++) {
      await page.waitForTimeout(2000);
      await page.reload();
    }
    const rows = page.getByTestId('top-pair');
    expect(await rows.count()).toBeGreaterThan(0);
    const href = await rows.first().getByRole('link').getAttribute('href');
    expect(href).toMatch(/^\/terminal\?asset=\w+&long=\w+%3A.+&short=\w+%3A.+$/);
    // Mouse away and let the tooltip fade, for a clean screenshot.
    await page.mouse.move(0, 0);
    await page.getByRole('tooltip').waitFor({ state: 'detached' });
    await screenshot(page, 'home');

    await rows.first().getByRole('link').click();
    await page.waitForURL(/\/terminal\?/);
    for (const role of ['long', 'short'] as const) {
      await page.waitForSelector(`[data-testid="book-${role}"][data-status="live"]`, { timeout: 20_000 });
    }
    expect(problems).toEqual([]);
  });
});
