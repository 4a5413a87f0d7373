// The Streamer on the real Binance and Bybit stream specs against their simulators: books must
// equal the simulator's authoritative top N once the market is paused, and every fault (gap,
// disconnect, malformed frame, silence) must end in a resync or reconnect and a correct book.
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '~/.server/market/logger';
import { Streamer, type StreamerOptions } from '~/.server/market/streamer';
import type { VenueStreamSpec } from '~/.server/market/types';
import { createBinanceStreamSpec } from '~/.server/venues/binance/stream-spec';
import { startBinanceSimulator } from '~/.server/venues/binance/simulator';
import { createBybitStreamSpec } from '~/.server/venues/bybit/stream-spec';
import { startBybitSimulator } from '~/.server/venues/bybit/simulator';
import type { VenueSimulator } from '~/.server/venues/sim/server';
import type { VenueId } from '~/lib/venues';

const DEPTH = 20;
const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];

interface VenueCase {
  venue: VenueId;
  start(): Promise<VenueSimulator>;
  spec(sim: VenueSimulator): VenueStreamSpec;
}

const CASES: VenueCase[] = [
  {
    venue: 'binance',
    start: () => startBinanceSimulator({ seed: 7, updateIntervalMs: 50 }),
    spec: (sim) => createBinanceStreamSpec({ wsUrl: sim.wsUrl, restUrl: sim.restUrl }),
  },
  {
    venue: 'bybit',
    start: () => startBybitSimulator({ seed: 7, updateIntervalMs: 50 }),
    spec: (sim) => createBybitStreamSpec({ wsUrl: sim.wsUrl }),
  },
];

async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

describe.each(CASES)('Streamer on the $venue simulator', ({ venue, start, spec }) => {
  async function run(opts: Partial<StreamerOptions> = {}): Promise<{ sim: VenueSimulator; streamer: Streamer }> {
    const sim = await start();
    cleanups.push(() => sim.close());
    const streamer = new Streamer({
      specs: { [venue]: spec(sim) },
      logger: silentLogger,
      graceMs: 100,
      snapshotIntervalMs: 50,
      firstEventWaitMs: 200,
      snapshotBackoff: { baseMs: 50, maxMs: 500 },
      streamResyncTimeoutMs: 1000,
      socket: { backoff: { baseMs: 50, maxMs: 500 } },
      ...opts,
    });
    cleanups.push(() => streamer.close());
    for (const s of SYMBOLS) streamer.acquire(venue, s);
    await waitFor(() => SYMBOLS.every((s) => streamer.getBook(venue, s)?.state === 'live'), 10_000, 'live books');
    return { sim, streamer };
  }

  function matches(streamer: Streamer, sim: VenueSimulator, symbol: string): boolean {
    const sync = streamer.getBook(venue, symbol);
    if (sync?.state !== 'live') return false;
    const ours = sync.book.top(DEPTH);
    const theirs = sim.market.book(symbol, DEPTH);
    return JSON.stringify(ours) === JSON.stringify({ bids: theirs.bids, asks: theirs.asks });
  }

  /** Pauses the market, waits for every book to equal the simulator's top N, then resumes. */
  async function expectBooksCorrect(streamer: Streamer, sim: VenueSimulator): Promise<void> {
    sim.pause();
    try {
      await waitFor(() => SYMBOLS.every((s) => matches(streamer, sim, s)), 5000, 'books to match').catch(() => {});
      for (const s of SYMBOLS) {
        const theirs = sim.market.book(s, DEPTH);
        expect(streamer.getBook(venue, s)?.state, `${venue} ${s} state`).toBe('live');
        expect(streamer.getBook(venue, s)?.book.top(DEPTH), `${venue} ${s} top ${DEPTH}`).toEqual({
          bids: theirs.bids,
          asks: theirs.asks,
        });
      }
    } finally {
      sim.resume();
    }
  }

  const status = (streamer: Streamer) => streamer.status().find((s) => s.venue === venue)!;

  it('keeps books equal to the venue', async () => {
    const { sim, streamer } = await run();
    await sleep(500);
    await expectBooksCorrect(streamer, sim);
    expect(status(streamer)).toMatchObject({ state: 'connected', connections: 1, symbols: 2, parseErrors: 0 });
    expect(status(streamer).resyncs.total).toBe(0);
    expect(status(streamer).messagesPerSec).toBeGreaterThan(0);
  });

  it('resyncs after a sequence gap', async () => {
    const { sim, streamer } = await run();
    sim.faults.gapOnce('BTCUSDT');
    await waitFor(() => status(streamer).resyncs.byReason.gap >= 1, 5000, 'gap resync');
    await waitFor(() => streamer.getBook(venue, 'BTCUSDT')?.state === 'live', 5000, 'live again');
    await expectBooksCorrect(streamer, sim);
  });

  it('reconnects after a disconnect and rebuilds every book', async () => {
    const { sim, streamer } = await run();
    sim.faults.disconnectAll('terminate');
    await waitFor(() => status(streamer).resyncs.byReason.reconnect >= SYMBOLS.length, 5000, 'reconnect resyncs');
    await waitFor(() => SYMBOLS.every((s) => streamer.getBook(venue, s)?.state === 'live'), 10_000, 'live again');
    expect(sim.connectionCount()).toBe(1);
    await expectBooksCorrect(streamer, sim);
  });

  it('counts a malformed frame and keeps going', async () => {
    const { sim, streamer } = await run();
    sim.faults.malformedOnce();
    await waitFor(() => status(streamer).parseErrors >= 1, 5000, 'parse error counted');
    await expectBooksCorrect(streamer, sim);
  });

  it('replaces a silent connection and resyncs', async () => {
    const { sim, streamer } = await run({ staleMs: 400 });
    sim.faults.silence(1200);
    await waitFor(() => status(streamer).resyncs.byReason.stale >= 1, 5000, 'stale resync');
    await waitFor(() => !sim.faults.isSilenced(), 3000, 'silence over');
    await waitFor(() => SYMBOLS.every((s) => streamer.getBook(venue, s)?.state === 'live'), 10_000, 'live again');
    await expectBooksCorrect(streamer, sim);
  });

  it('drops the upstream subscription after the last release', async () => {
    const sim = await start();
    cleanups.push(() => sim.close());
    const streamer = new Streamer({ specs: { [venue]: spec(sim) }, logger: silentLogger, graceMs: 100 });
    cleanups.push(() => streamer.close());
    const release = streamer.acquire(venue, 'SOLUSDT');
    await waitFor(() => sim.subscriberCount('SOLUSDT') === 1, 5000, 'upstream subscription');
    release();
    await waitFor(() => sim.subscriberCount('SOLUSDT') === 0, 5000, 'upstream released');
    expect(status(streamer).symbols).toBe(0);
  });
});
