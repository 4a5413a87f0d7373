import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { VENUES, type VenueId } from '~/lib/venues';
import { AnswerCache, type AnswerWork } from './answer-cache';
import { pageOr400 } from './api-params';
import { tableRowJson, type TableRowJson } from './funding-table';
import { tableRowsWork } from './queries';
import { SNAPSHOT_STALE_MS } from './state';
import type { FundingStore } from './store';
import { makeView, storeWithView, type LegSpec } from './view-fixture';

const NOW = 1_800_000_000_000;

function market(): FundingStore {
  const legs: LegSpec[] = [];
  let id = 1;
  for (const venue of VENUES) {
    for (let a = 0; a < 30; a++) {
      legs.push({
        id: id++,
        venue,
        symbol: `A${a}USDT`,
        asset: `A${a}`,
        rate: 0.0001,
        hist: { '1d': 10 },
        // Paradex was last written 5 minutes before the others.
        updatedAt: venue === 'paradex' ? NOW - 5 * 60_000 : NOW,
      });
    }
  }
  return storeWithView(makeView(legs, [], NOW));
}

/** New live rates for every instrument of a venue. */
function setRate(store: FundingStore, venue: VenueId, rate: number, at: number): void {
  store.applySnapshots(
    [...store.view().instruments.values()]
      .filter((i) => i.venue === venue)
      .map((i) => ({ instrumentId: i.id, snapshot: { ...i.snapshot!, rate, updatedAt: at } })),
  );
}

/** A funding-table page, as the route computes it. */
function tablePage(store: FundingStore, page = 1): AnswerWork<null> {
  return function* (now) {
    const rows = yield* tableRowsWork(store, { period: '1d', venues: null, sort: 'symbol', order: 'asc', q: '' }, now);
    const p = pageOr400(rows, page, 20);
    yield;
    return { json: JSON.stringify({ ...p, results: p.results.map(tableRowJson) }), extra: null };
  };
}

function binanceLiveApr(json: string): number {
  const body = JSON.parse(json) as { results: TableRowJson[] };
  return body.results[0]!.exchanges_data.find((l) => l.exchange === 'binance')!.live_apr!;
}

function setup(opts: { staleMaxMs?: number; hotMs?: number } = {}) {
  const store = market();
  const clock = { now: NOW };
  const cache = new AnswerCache(store, { now: () => clock.now, sliceMs: 0, ...opts });
  return { store, clock, cache };
}

describe('answer cache', () => {
  it('computes an answer once per store version, with its gzip', async () => {
    const { store, cache } = setup();
    const a = await cache.get('t1', tablePage(store));
    const b = await cache.get('t1', tablePage(store));
    expect(b).toBe(a);
    expect(cache.computations).toBe(1);
    expect(binanceLiveApr(a.json)).toBeCloseTo(10.95, 9); // 0.01 % per 8 h
    expect(gunzipSync(a.gzip!).toString()).toBe(a.json);
  });

  it('has concurrent requests for one query share one computation', async () => {
    const { store, cache } = setup();
    const answers = await Promise.all(Array.from({ length: 5 }, () => cache.get('t1', tablePage(store))));
    expect(new Set(answers).size).toBe(1);
    expect(cache.computations).toBe(1);
  });

  it('after a change, serves the previous answer while the new one is computed off the request, then the new one', async () => {
    const { store, clock, cache } = setup();
    const before = await cache.get('t1', tablePage(store));
    setRate(store, 'binance', 0.0002, NOW);
    clock.now += 500;
    expect(await cache.get('t1', tablePage(store))).toBe(before);
    await cache.settled();
    const after = await cache.get('t1', tablePage(store));
    expect(binanceLiveApr(after.json)).toBeCloseTo(21.9, 9);
    expect(cache.computations).toBe(2);
  });

  it('recomputes the answers asked for lately right after a change, and forgets the others', async () => {
    const { store, clock, cache } = setup({ hotMs: 10_000 });
    await cache.get('cold', tablePage(store, 2));
    clock.now += 20_000;
    await cache.get('hot', tablePage(store, 1));
    setRate(store, 'binance', 0.0003, clock.now);
    await cache.settled();
    expect(cache.computations).toBe(3); // cold, hot, hot again; not cold again
    // The hot answer is current without another computation.
    expect(binanceLiveApr((await cache.get('hot', tablePage(store, 1))).json)).toBeCloseTo(32.85, 9);
    expect(cache.computations).toBe(3);
    // The cold one is computed when asked for.
    await cache.get('cold', tablePage(store, 2));
    expect(cache.computations).toBe(4);
  });

  it('recomputes at most hotMax answers after a change, the most recently asked', async () => {
    const { store, clock, cache } = setup({ hotMax: 2 });
    for (const key of ['a', 'b', 'c']) {
      await cache.get(key, tablePage(store));
      clock.now += 10;
    }
    setRate(store, 'binance', 0.0003, clock.now);
    await cache.settled();
    expect(cache.computations).toBe(5); // a, b, c, then b and c again
    await cache.get('c', tablePage(store));
    await cache.get('b', tablePage(store));
    expect(cache.computations).toBe(5);
    await cache.get('a', tablePage(store));
    expect(cache.computations).toBe(6);
  });

  it('serves an outdated answer for at most staleMaxMs after the change; later requests wait for the new one', async () => {
    const { store, clock, cache } = setup({ staleMaxMs: 1000 });
    await cache.get('t1', tablePage(store));
    setRate(store, 'binance', 0.0002, NOW);
    // The background computation has not run yet (it waits for the next turn of the event loop).
    clock.now += 1001;
    const answer = await cache.get('t1', tablePage(store));
    expect(binanceLiveApr(answer.json)).toBeCloseTo(21.9, 9);
  });

  it('never serves an answer across a staleness epoch (a snapshot just got stale)', async () => {
    const { store, clock, cache } = setup();
    // Paradex's snapshots are 5 min older than the rest: they turn stale 5 min after NOW.
    const crossing = NOW + SNAPSHOT_STALE_MS - 5 * 60_000;
    clock.now = crossing - 100;
    const fresh = await cache.get('t1', tablePage(store));
    expect(fresh.json).not.toContain('"stale":true');
    // A change, then Paradex crosses the staleness age well inside staleMaxMs of it.
    setRate(store, 'binance', 0.0002, clock.now);
    clock.now = crossing + 100;
    const later = await cache.get('t1', tablePage(store));
    expect(later.json).toContain('"stale":true');
    // Without a change as well.
    clock.now = crossing + SNAPSHOT_STALE_MS;
    const all = await cache.get('t1', tablePage(store));
    expect(all).not.toBe(later);
    expect(JSON.parse(all.json).results[0].exchanges_data.every((l: { stale: boolean }) => l.stale)).toBe(true);
  });

  it('restarts a computation the store changed under, so an answer never mixes versions', async () => {
    const { store, cache } = setup();
    // The computation starts on the next turn of the event loop; the change lands after its first slice.
    setImmediate(() => setImmediate(() => setRate(store, 'binance', 0.0002, NOW)));
    const answer = await cache.get('t1', tablePage(store));
    expect(binanceLiveApr(answer.json)).toBeCloseTo(21.9, 9);
    expect(cache.computations).toBe(2);
  });

  it('settled waits for the queued computations, or no longer than asked', async () => {
    const { cache } = setup();
    let done = false;
    const slow: AnswerWork<null> = function* () {
      const until = performance.now() + 200;
      while (performance.now() < until) yield;
      done = true;
      return { json: '[]', extra: null };
    };
    const pending = cache.get('slow', slow);
    await cache.settled(20);
    expect(done).toBe(false);
    await cache.settled();
    expect(done).toBe(true);
    await pending;
  });

  it('does not keep a failing answer: each request gets the error', async () => {
    const { store, cache } = setup();
    await expect(cache.get('past-the-end', tablePage(store, 9))).rejects.toMatchObject({ status: 400 });
    await expect(cache.get('past-the-end', tablePage(store, 9))).rejects.toMatchObject({ status: 400 });
    expect(cache.computations).toBe(2);
  });
});
