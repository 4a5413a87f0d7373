// Venue faults as a trader's browser sees them: the app runs with every venue on a simulator in
// this process, the test breaks one venue (lost message with failing snapshots, bad checksum,
// silent feed, venue gone, failing funding REST) and checks that the terminal's book (its levels and
// its best bid/ask headline), the home page's venue badges and the funding table's and best pairs'
// venue markers say so — a broken book is never shown as live — and that all heal after.
//
// Short stream limits (STREAM_STALE_MS) keep each fault to seconds. Binance and Bybit BTC books
// stream from start (MARKET_SYMBOLS), so the home page has live venues to lose.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BINANCE_PATHS } from '~/.server/venues/binance/constants';
import type { VenueSimulator } from '~/.server/venues/sim/server';
import type { VenueId } from '~/lib/venues';
import { startAppWithDatabase, type AppWithDatabase } from '../support/app-with-database';
import { launchBrowser, screenshot } from '../support/browser';

const STALE_MS = 4_000;
const SYMBOL = 'BTCUSDT';
type Role = 'long' | 'short';

/** A signed decimal from text such as "94,461.0". */
function numberIn(text: string | null): number {
  const m = /[-+]?[\d,]*\.?\d+/.exec(text ?? '');
  return m ? Number(m[0].replace(/,/g, '')) : Number.NaN;
}

/**
 * From now on, record every value the book panel's `data-status` takes (a MutationObserver in the
 * page), so a test can tell whether a broken book was ever shown as live in between its polls.
 */
async function recordStatuses(page: Page, role: Role): Promise<void> {
  await page.evaluate((r) => {
    const w = window as unknown as { __books?: Record<string, { seen: string[]; observer: MutationObserver }> };
    w.__books ??= {};
    w.__books[r]?.observer.disconnect();
    const el = document.querySelector(`[data-testid="book-${r}"]`);
    if (!el) throw new Error(`no book-${r}`);
    const seen = [el.getAttribute('data-status') ?? ''];
    const observer = new MutationObserver(() => seen.push(el.getAttribute('data-status') ?? ''));
    observer.observe(el, { attributes: true, attributeFilter: ['data-status'] });
    w.__books[r] = { seen, observer };
  }, role);
}

/** Statuses recorded since the book first stopped being live. */
async function statusesSinceBroken(page: Page, role: Role): Promise<string[]> {
  const seen = await page.evaluate(
    (r) => (window as unknown as { __books: Record<string, { seen: string[] }> }).__books[r]!.seen,
    role,
  );
  const from = seen.findIndex((s) => s !== 'live');
  return from < 0 ? [] : seen.slice(from);
}

const book = (page: Page, role: Role) => page.getByTestId(`book-${role}`);
const bookStatus = (page: Page, role: Role) => book(page, role).getAttribute('data-status');
/** The notice drawn over a book (connecting, resyncing, stale…); '' when there is none. */
const overlayText = async (page: Page, role: Role) => {
  const overlay = book(page, role).getByRole('status');
  return (await overlay.count()) ? ((await overlay.textContent()) ?? '') : '';
};

/**
 * The best bid/ask line above a book: whether it claims to be live, its state label ('' when none)
 * and the opacity its prices are drawn with (their own times their ancestors').
 */
async function headline(page: Page, role: Role) {
  const line = book(page, role).getByTestId('book-headline');
  const label = line.getByTestId('headline-state');
  return {
    live: await line.getAttribute('data-live'),
    label: (await label.count()) ? ((await label.textContent()) ?? '') : '',
    opacity: await line.getByTestId('best-bid').evaluate((el) => {
      let o = 1;
      for (let e: Element | null = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
      return o;
    }),
  };
}

async function waitLive(page: Page, role: Role, timeout = 30_000) {
  await page.waitForSelector(`[data-testid="book-${role}"][data-status="live"]`, { timeout });
}

/** With the venue paused, the page's best bid and ask must become the venue's own. */
async function expectBookMatchesVenue(page: Page, role: Role, sim: VenueSimulator) {
  sim.pause();
  try {
    const truth = sim.market.book(SYMBOL, 1);
    const want = { bid: truth.bids[0]![0], ask: truth.asks[0]![0] };
    await expect
      .poll(
        async () => ({
          bid: numberIn(await book(page, role).getByTestId('best-bid').textContent()),
          ask: numberIn(await book(page, role).getByTestId('best-ask').textContent()),
          status: await bookStatus(page, role),
        }),
        { timeout: 20_000 },
      )
      .toEqual({ ...want, status: 'live' });
  } finally {
    sim.resume();
  }
}

describe('venue faults on the terminal and home page (Chromium, app on venue simulators)', () => {
  let env: AppWithDatabase;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const sim = (v: VenueId) => env.sims.get(v)!;

  async function resyncs(venue: VenueId): Promise<{ total: number; byReason: Record<string, number> }> {
    const body = (await (await fetch(`${env.app.url}/healthz`)).json()) as {
      venues: { venue: string; resyncs: { total: number; byReason: Record<string, number> } }[];
    };
    return body.venues.find((v) => v.venue === venue)!.resyncs;
  }

  /** The home page's badge of a venue, freshly rendered by the loader. */
  async function homeVenue(venue: VenueId) {
    await page.goto(env.app.url);
    const card = page.getByTestId(`venue-${venue}`);
    return {
      state: await card.getAttribute('data-state'),
      label: (await card.locator('.mantine-Badge-root').getAttribute('aria-label')) ?? '',
      up: await page.getByTestId('stat-venues-up-value').textContent(),
    };
  }

  async function openTerminal(query = '') {
    await page.goto(`${env.app.url}/terminal${query}`);
    await waitLive(page, 'long');
    await waitLive(page, 'short');
    // A book the server rendered can be live before the page's socket opens; the spread panel
    // waits for both.
    await expect.poll(() => page.getByTestId('spread-panel').getAttribute('data-live')).toBe('true');
  }

  beforeAll(async () => {
    env = await startAppWithDatabase(
      {
        STREAM_STALE_MS: String(STALE_MS),
        STREAM_GRACE_MS: '1000',
        MARKET_SYMBOLS: `binance:${SYMBOL},bybit:${SYMBOL}`,
      },
      { seed: 11, updateIntervalMs: 200 },
    );
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // A venue that is down fails the page's candle fetch through the proxy: expected here.
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
        problems.push(`console.error: ${m.text()}`);
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  }, 60_000);

  beforeEach(() => {
    problems.length = 0;
    for (const s of env.sims.values()) s.faults.clear();
  });

  it(
    'a lost message whose snapshot keeps failing shows "Resyncing", never live, then heals',
    { timeout: 120_000 },
    async () => {
      await openTerminal();
      await recordStatuses(page, 'long');
      const binance = sim('binance');
      // Every REST depth snapshot fails until cleared, so the rebuild cannot finish.
      binance.faults.httpError(500, 1_000, BINANCE_PATHS.depth);
      const snapshotsBefore = binance.requestCount(BINANCE_PATHS.depth);
      binance.faults.gapOnce(SYMBOL);

      await page.waitForSelector('[data-testid="book-long"][data-status="resyncing"]');
      expect(await overlayText(page, 'long')).toContain('Resyncing');
      // The best bid/ask above the book is marked like the levels: faded and labelled, not live.
      await expect
        .poll(() => headline(page, 'long'))
        .toEqual({ live: 'false', label: 'resyncing', opacity: expect.any(Number) });
      expect((await headline(page, 'long')).opacity).toBeLessThan(0.6);
      expect(await headline(page, 'short')).toEqual({ live: 'true', label: '', opacity: 1 });
      // The spread and size figures stop claiming to be live; the other leg is unaffected.
      await expect.poll(() => page.getByTestId('spread-panel').getAttribute('data-live')).toBe('false');
      await expect.poll(() => page.getByTestId('size-estimator').getAttribute('data-live')).toBe('false');
      await expect.poll(() => bookStatus(page, 'short')).toBe('live');
      // Two failed snapshot attempts later the book is still not live, and never was meanwhile.
      await expect
        .poll(() => binance.requestCount(BINANCE_PATHS.depth) - snapshotsBefore, { timeout: 30_000 })
        .toBeGreaterThanOrEqual(2);
      expect(await bookStatus(page, 'long')).toBe('resyncing');
      expect(await overlayText(page, 'long')).toContain('Resyncing');
      const during = await statusesSinceBroken(page, 'long');
      expect(during[0]).toBe('resyncing');
      expect(during).not.toContain('live');
      await screenshot(page, 'terminal-resyncing');

      expect(await headline(page, 'long')).toMatchObject({ live: 'false', label: 'resyncing' });

      binance.faults.clear();
      await waitLive(page, 'long', 60_000);
      expect(await overlayText(page, 'long')).toBe('');
      await expect.poll(() => headline(page, 'long')).toEqual({ live: 'true', label: '', opacity: 1 });
      await expect.poll(() => page.getByTestId('spread-panel').getAttribute('data-live')).toBe('true');
      await expect.poll(() => page.getByTestId('size-estimator').getAttribute('data-live')).toBe('true');
      await expectBookMatchesVenue(page, 'long', binance);
      expect(problems).toEqual([]);
    },
  );

  it("a bad checksum is caught and the book shown afterwards is the venue's", { timeout: 90_000 }, async () => {
    await openTerminal('?asset=BTC&long=binance&short=bitget');
    const bitget = sim('bitget');
    const before = await resyncs('bitget');
    bitget.faults.badChecksumOnce(SYMBOL);
    // The rebuild (a resubscribe) is quick enough that the page may never paint "Resyncing":
    // the venue's counter is the evidence that the broken book was withdrawn.
    await expect
      .poll(async () => (await resyncs('bitget')).byReason.checksum, { timeout: 20_000 })
      .toBeGreaterThan(before.byReason.checksum ?? 0);
    await waitLive(page, 'short');
    await expectBookMatchesVenue(page, 'short', bitget);
    expect(problems).toEqual([]);
  });

  it(
    'silent feeds are never shown live: the books say so, the home page badges too',
    { timeout: 150_000 },
    async () => {
      // Binance rebuilds from a REST snapshot, Bybit from one on the stream: both must hold back.
      const legs = [
        { role: 'long', venue: 'binance' },
        { role: 'short', venue: 'bybit' },
      ] as const;
      await openTerminal();
      const before: Record<string, number> = {};
      for (const { role, venue } of legs) {
        await recordStatuses(page, role);
        before[venue] = (await resyncs(venue)).total;
      }
      // Open sockets with nothing on them (no data, acks or pongs) until cleared; REST still answers.
      for (const { venue } of legs) sim(venue).faults.silence(120_000);

      for (const { role } of legs) {
        await expect.poll(() => bookStatus(page, role), { timeout: 30_000 }).toMatch(/^(stale|resyncing)$/);
        expect(await overlayText(page, role)).toMatch(/Stale|Resyncing/);
        await expect
          .poll(async () => {
            const h = await headline(page, role);
            return h.live === 'false' && /^(stale|resyncing)$/.test(h.label) && h.opacity < 0.6;
          })
          .toBe(true);
      }
      await expect.poll(() => page.getByTestId('spread-panel').getAttribute('data-live')).toBe('false');
      // The app gave up on a silent connection at least twice per venue (the first, then its
      // replacement): the books stayed withdrawn all along.
      for (const { role, venue } of legs) {
        await expect
          .poll(async () => (await resyncs(venue)).total - before[venue]!, { timeout: 45_000 })
          .toBeGreaterThanOrEqual(2);
        expect(await bookStatus(page, role)).toMatch(/^(stale|resyncing)$/);
        expect(await statusesSinceBroken(page, role)).not.toContain('live');
      }

      // Home: neither venue is counted as up, and each badge says why.
      await expect
        .poll(
          async () => [
            (await homeVenue('binance')).state,
            (await homeVenue('bybit')).state,
            (await homeVenue('bybit')).up,
          ],
          {
            timeout: 30_000,
          },
        )
        .toEqual([
          expect.stringMatching(/^(stale|reconnecting|connecting)$/),
          expect.stringMatching(/^(stale|reconnecting|connecting)$/),
          '5 / 7',
        ]);
      await screenshot(page, 'home-venues-silent');

      for (const { venue } of legs) sim(venue).faults.clear();
      for (const { venue } of legs) {
        await expect.poll(async () => (await homeVenue(venue)).state, { timeout: 60_000 }).toBe('live');
      }
      expect((await homeVenue('bybit')).up).toBe('7 / 7');
      await openTerminal();
      for (const { role, venue } of legs) await expectBookMatchesVenue(page, role, sim(venue));
      expect(problems).toEqual([]);
    },
  );

  it(
    'a venue that goes away shows its book stale and its badge reconnecting, until it is back',
    { timeout: 120_000 },
    async () => {
      await openTerminal();
      await recordStatuses(page, 'long');
      await env.stopVenue('binance');

      await page.waitForSelector('[data-testid="book-long"][data-status="stale"]', { timeout: 30_000 });
      expect(await overlayText(page, 'long')).toContain('Stale');
      await expect.poll(async () => (await headline(page, 'long')).label).toBe('stale');
      expect((await headline(page, 'long')).live).toBe('false');
      await expect.poll(() => page.getByTestId('spread-panel').getAttribute('data-live')).toBe('false');
      expect(await statusesSinceBroken(page, 'long')).not.toContain('live');

      const home = await homeVenue('binance');
      expect(home.state).toBe('reconnecting');
      expect(home.label).toMatch(/Connection lost/);
      expect(home.up).toBe('6 / 7');
      await screenshot(page, 'home-venue-down');

      await env.restartVenue('binance');
      await expect.poll(async () => (await homeVenue('binance')).state, { timeout: 60_000 }).toBe('live');
      await openTerminal();
      await expectBookMatchesVenue(page, 'long', sim('binance'));
      expect(problems).toEqual([]);
    },
  );

  /** A venue's marker in the funding table's column header, freshly rendered by the loader. */
  async function tableMarker(venue: VenueId) {
    await page.goto(`${env.app.url}/table`);
    await page.getByTestId('funding-table').waitFor();
    return markerOn(venue);
  }

  /** The venue's funding-feed marker on the page as it is now; null when there is none. */
  async function markerOn(venue: VenueId, scope = page.getByTestId('funding-table').locator('thead')) {
    const marker = scope.getByTestId(`feed-${venue}`);
    if ((await marker.count()) === 0) return null;
    return { state: await marker.getAttribute('data-state'), label: (await marker.getAttribute('aria-label')) ?? '' };
  }

  it(
    "failing funding REST calls are named on the home page's badge, the table's column and the best pairs",
    { timeout: 240_000 },
    async () => {
      const binance = sim('binance');
      binance.faults.httpError(500, 1_000, BINANCE_PATHS.premiumIndex);
      await env.runJob('snapshot_funding', 'binance');
      await expect
        .poll(async () => (await homeVenue('binance')).label, { timeout: 45_000, interval: 1_000 })
        .toMatch(/Funding updates failing\. Funding snapshots failing: .*500/);
      // The stream is fine: the badge state stays live, the REST trouble is part of the why.
      expect((await homeVenue('binance')).state).toBe('live');

      // The table: Binance's column header carries a marker naming the failure and since when.
      await expect
        .poll(async () => (await tableMarker('binance'))?.state ?? null, { timeout: 45_000, interval: 1_000 })
        .toBe('failing');
      const marker = await markerOn('binance');
      expect(marker!.label).toMatch(
        /^Binance: Funding updates failing\. Funding snapshots failing: .*500.*in a row, latest .*; failing since the last success .*\. Rates last updated /,
      );
      // Only the failing venue's column is marked.
      expect(await markerOn('bybit')).toBeNull();
      // Its reason is on hover too (and on focus, for the keyboard).
      await page.getByTestId('funding-table').locator('thead').getByTestId('feed-binance').hover();
      await expect
        .poll(() => page.getByRole('tooltip').textContent())
        .toMatch(/Binance: Funding updates failing.*Funding snapshots failing: .*500/);
      await screenshot(page, 'table-venue-failing');
      await page.mouse.move(0, 0);

      // Best pairs: a pair with a Binance leg marks that leg.
      await page.goto(`${env.app.url}/best?exchanges=binance,bybit`);
      const binanceLeg = page.locator('[data-testid="pair-row"] td[data-venue="binance"]').first();
      await binanceLeg.waitFor();
      expect(await markerOn('binance', binanceLeg)).toMatchObject({ state: 'failing' });
      const bybitLeg = page.locator('[data-testid="pair-row"] td[data-venue="bybit"]').first();
      expect(await markerOn('bybit', bybitLeg)).toBeNull();

      // Recovery, seen by the open table through its live revalidation (no reload): the next
      // success clears the marker.
      await page.goto(`${env.app.url}/table`);
      await expect.poll(async () => (await markerOn('binance'))?.state ?? null).toBe('failing');
      await expect.poll(() => page.getByTestId('live-status').getAttribute('data-socket')).toBe('open');
      binance.faults.clear();
      await env.runJob('snapshot_funding', 'binance');
      // A revalidation that reads the status before the job records its success leaves the marker
      // to the next funding notification (the minute cron): the timeout covers one.
      await expect.poll(() => markerOn('binance'), { timeout: 100_000, interval: 1_000 }).toBeNull();
      await expect
        .poll(async () => (await homeVenue('binance')).label, { timeout: 45_000, interval: 1_000 })
        .not.toMatch(/Funding updates failing/);
      expect(problems).toEqual([]);
    },
  );
});
