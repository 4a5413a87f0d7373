import { describe, expect, it } from 'vitest';
import type { TextLevel } from '~/.server/market/types';
import { TextRefBook } from '~/.server/venues/test-support/text-ref-book';
import { defaultSymbols, formatUnits, parseStep, SimMarket, trimDecimal, type BookUpdate } from './market';

const T0 = Date.UTC(2026, 0, 15, 10, 0, 0);
const HOUR = 3_600_000;

function fakeClock(start = T0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('decimal text', () => {
  it('parses steps into integer units and formats them back exactly', () => {
    expect(parseStep('0.10')).toEqual({ text: '0.10', decimals: 2, units: 10, value: 0.1 });
    expect(parseStep('100')).toMatchObject({ decimals: 0, units: 100 });
    expect(parseStep('0.0000001')).toMatchObject({ decimals: 7, units: 1 });
    expect(() => parseStep('1e-7')).toThrow();
    expect(formatUnits(9_500_010, 2)).toBe('95000.10');
    expect(formatUnits(105_000, 7)).toBe('0.0105000');
    expect(formatUnits(0, 3)).toBe('0.000');
    expect(formatUnits(42, 0)).toBe('42');
    expect(trimDecimal(0.0001, 8)).toBe('0.0001');
    expect(trimDecimal(-0.005, 8)).toBe('-0.005');
    expect(trimDecimal(0, 8)).toBe('0');
  });
});

describe('default symbols', () => {
  it('lists native symbols with realistic steps, a 1000PEPE base, and 1h/4h/8h funding', () => {
    const binance = defaultSymbols('binance');
    const names = binance.map((s) => s.symbol);
    expect(names).toEqual(
      expect.arrayContaining(['BTCUSDT', 'ETHUSDT', 'SOLUSDT', '1000PEPEUSDT', 'DOGEUSDT', 'XRPUSDT']),
    );
    const pepe = binance.find((s) => s.symbol === '1000PEPEUSDT')!;
    expect(pepe).toMatchObject({ baseAsset: '1000PEPE', asset: 'PEPE', tickSize: '0.0000001' });
    expect(pepe.price).toBeGreaterThan(0.001);
    expect(pepe.price).toBeLessThan(0.1);
    for (const venue of ['binance', 'bybit'] as const) {
      const hours = new Set(defaultSymbols(venue).map((s) => s.fundingIntervalHours));
      expect([...hours]).toEqual(expect.arrayContaining([1, 4, 8]));
    }
    expect(() => defaultSymbols('kucoin')).toThrow(/kucoin/);
  });
});

describe('SimMarket book', () => {
  const make = (seed: number, clock = fakeClock()) =>
    new SimMarket(defaultSymbols('binance'), { seed, venue: 'binance', clock: clock.now });

  it('is deterministic for a seed and a sequence of step times', () => {
    const c1 = fakeClock();
    const c2 = fakeClock();
    const a = make(7, c1);
    const b = make(7, c2);
    const c = make(8, fakeClock());
    for (let i = 0; i < 200; i++) {
      expect(a.step(c1.advance(100))).toEqual(b.step(c2.advance(100)));
    }
    expect(a.book('BTCUSDT')).toEqual(b.book('BTCUSDT'));
    expect(c.book('BTCUSDT').text).not.toEqual(a.book('BTCUSDT').text);
  });

  it('replaying every update on the first snapshot reproduces the authoritative book exactly', () => {
    const clock = fakeClock();
    const m = make(3, clock);
    const refs = new Map<string, TextRefBook>();
    for (const s of m.symbols()) {
      const ref = new TextRefBook();
      const book = m.book(s);
      ref.reset(book.text.bids, book.text.asks);
      refs.set(s, ref);
    }
    for (let i = 0; i < 500; i++) {
      for (const u of m.step(clock.advance(100))) refs.get(u.symbol)!.apply(u.bids, u.asks);
    }
    for (const s of m.symbols()) {
      expect(refs.get(s)!.text(), s).toEqual(m.book(s).text);
    }
  });

  it('never crosses, keeps 50–200 levels per side and formats to tick and lot decimals', () => {
    const clock = fakeClock();
    const m = make(11, clock);
    const problems: string[] = [];
    for (let i = 0; i < 1000; i++) {
      m.step(clock.advance(i % 100 === 0 ? 60_000 : 100)); // with a few jumps, as after a pause
      if (i % 25 !== 0) continue;
      for (const s of m.symbols()) {
        const { bids, asks, text } = m.book(s);
        const inst = m.instrument(s);
        if (!(bids[0]![0] < asks[0]![0])) problems.push(`${s} crossed at step ${i}`);
        for (const n of [bids.length, asks.length]) if (n < 50 || n > 200) problems.push(`${s} has ${n} levels`);
        for (const [p, q] of [...text.bids, ...text.asks]) {
          if ((p.split('.')[1]?.length ?? 0) !== inst.tick.decimals) problems.push(`${s} price ${p}`);
          if ((q.split('.')[1]?.length ?? 0) !== inst.lot.decimals) problems.push(`${s} size ${q}`);
          if (!(Number(q) > 0)) problems.push(`${s} empty level ${p}`);
        }
        for (let k = 1; k < bids.length; k++) if (!(bids[k]![0] < bids[k - 1]![0])) problems.push(`${s} bids unsorted`);
        for (let k = 1; k < asks.length; k++) if (!(asks[k]![0] > asks[k - 1]![0])) problems.push(`${s} asks unsorted`);
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('publishes bursts of changes, mostly near the touch, with deletions and insertions, ids chained', () => {
    const clock = fakeClock();
    const m = make(5, clock);
    let prev = m.book('BTCUSDT');
    let lastId = prev.lastUpdateId;
    let changes = 0;
    let near = 0;
    let deletions = 0;
    let insertions = 0;
    let updates = 0;
    for (let i = 0; i < 400; i++) {
      const u = m.step(clock.advance(100)).find((x) => x.symbol === 'BTCUSDT') as BookUpdate;
      updates++;
      expect(u.prevUpdateId).toBe(lastId);
      expect(u.firstUpdateId).toBeGreaterThan(u.prevUpdateId);
      expect(u.lastUpdateId).toBeGreaterThanOrEqual(u.firstUpdateId + u.bids.length + u.asks.length - 1);
      lastId = u.lastUpdateId;
      const known = (side: TextLevel[]) => new Set(side.map(([p]) => p));
      const [pb, pa] = [known(prev.text.bids), known(prev.text.asks)];
      const bid0 = prev.bids[0]![0];
      const ask0 = prev.asks[0]![0];
      const tick = 0.1;
      for (const [side, levels] of [
        [pb, u.bids],
        [pa, u.asks],
      ] as const) {
        for (const [p, q] of levels) {
          changes++;
          if (Math.abs(Number(p) - bid0) <= 20 * tick || Math.abs(Number(p) - ask0) <= 20 * tick) near++;
          if (Number(q) === 0) deletions++;
          else if (!side.has(p)) insertions++;
        }
      }
      prev = m.book('BTCUSDT');
    }
    expect(changes / updates).toBeGreaterThan(2);
    expect(near / changes).toBeGreaterThan(0.5);
    expect(deletions).toBeGreaterThan(50);
    expect(insertions).toBeGreaterThan(50);
  });

  it('quotes one asset near one price on every venue with the same seed', () => {
    const clock = fakeClock();
    const binance = new SimMarket(defaultSymbols('binance'), { seed: 4, venue: 'binance', clock: clock.now });
    const bybit = new SimMarket(defaultSymbols('bybit'), { seed: 4, venue: 'bybit', clock: clock.now });
    for (let i = 0; i < 50; i++) {
      clock.advance(HOUR);
      binance.step();
      bybit.step();
      for (const s of ['BTCUSDT', '1000PEPEUSDT']) {
        const a = binance.book(s, 1).bids[0]![0];
        const b = bybit.book(s, 1).bids[0]![0];
        expect(Math.abs(a / b - 1), s).toBeLessThan(0.005);
      }
    }
  });
});

describe('SimMarket funding and candles', () => {
  const clock = fakeClock();
  const m = new SimMarket(defaultSymbols('binance'), { seed: 2, venue: 'binance', clock: clock.now });

  it('gives each symbol its interval, the next settlement on the interval grid, and a capped rate', () => {
    for (const s of m.symbols()) {
      const inst = m.instrument(s);
      const f = m.funding(s);
      const intervalMs = inst.fundingIntervalHours * HOUR;
      expect(f.intervalHours).toBe(inst.fundingIntervalHours);
      expect(f.nextFundingTime % intervalMs).toBe(0);
      expect(f.nextFundingTime).toBeGreaterThan(T0);
      expect(f.nextFundingTime - T0).toBeLessThanOrEqual(intervalMs);
      expect(Math.abs(f.rate)).toBeLessThanOrEqual(inst.fundingRateCap);
      const mid = (m.book(s, 1).bids[0]![0] + m.book(s, 1).asks[0]![0]) / 2;
      expect(Math.abs(f.markPrice / mid - 1)).toBeLessThan(0.003);
      expect(Math.abs(f.indexPrice / mid - 1)).toBeLessThan(0.01);
    }
  });

  it('settles rates on the grid that wander around the symbol mean', () => {
    const rows = m.fundingHistory('BTCUSDT', { limit: 1000 });
    expect(rows).toHaveLength(1000);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.fundingTime - rows[i - 1]!.fundingTime).toBe(8 * HOUR);
    expect(rows.at(-1)!.fundingTime).toBeLessThanOrEqual(T0);
    const mean = rows.reduce((a, r) => a + r.rate, 0) / rows.length;
    expect(mean).toBeGreaterThan(0.00003);
    expect(mean).toBeLessThan(0.00017);
    expect(new Set(rows.map((r) => r.rate)).size).toBeGreaterThan(500);

    const hourly = m.fundingHistory('WIFUSDT', { startMs: T0 - 10 * HOUR, limit: 3 });
    expect(hourly.map((r) => r.fundingTime)).toEqual([T0 - 10 * HOUR, T0 - 9 * HOUR, T0 - 8 * HOUR]);
    const ending = m.fundingHistory('1000PEPEUSDT', { endMs: T0 - HOUR, limit: 2 });
    expect(ending.map((r) => r.fundingTime)).toEqual([T0 - 6 * HOUR, T0 - 2 * HOUR]);
    expect(m.fundingHistory('WIFUSDT', { startMs: T0 - 3 * HOUR, limit: 10 })).toEqual(
      m.fundingHistory('WIFUSDT', { startMs: T0 - 3 * HOUR, limit: 10 }),
    );
  });

  it('derives contiguous, deterministic OHLCV candles from the price path', () => {
    const candles = m.candles('ETHUSDT', HOUR, { limit: 500 });
    expect(candles).toHaveLength(500);
    const last = candles.at(-1)!;
    expect(last.openMs).toBeLessThanOrEqual(T0);
    expect(last.closeMs).toBeGreaterThanOrEqual(T0);
    for (let i = 0; i < candles.length; i++) {
      const c = candles[i]!;
      expect(c.openMs % HOUR).toBe(0);
      expect(c.closeMs).toBe(c.openMs + HOUR - 1);
      expect(c.high).toBeGreaterThanOrEqual(Math.max(c.open, c.close));
      expect(c.low).toBeLessThanOrEqual(Math.min(c.open, c.close));
      if (i < candles.length - 1) expect(c.volume).toBeGreaterThan(0); // the last one may have just opened
      if (i > 0) {
        expect(c.openMs - candles[i - 1]!.openMs).toBe(HOUR);
        expect(c.open).toBe(candles[i - 1]!.close);
      }
    }
    const other = new SimMarket(defaultSymbols('binance'), { seed: 2, venue: 'binance', clock: () => T0 });
    expect(other.candles('ETHUSDT', HOUR, { limit: 500 })).toEqual(candles);

    const from = m.candles('ETHUSDT', 60_000, { startMs: T0 - 30 * 60_000 + 1, limit: 5 });
    expect(from[0]!.openMs).toBe(T0 - 29 * 60_000);
    expect(from).toHaveLength(5);
    const weekly = m.candles('BTCUSDT', 7 * 24 * HOUR, { limit: 3, alignOffsetMs: 4 * 24 * HOUR });
    for (const w of weekly) expect(new Date(w.openMs).getUTCDay()).toBe(1);
  });

  it('summarises 24 h consistently with the candles', () => {
    const t = m.ticker('SOLUSDT');
    const day = m.candles('SOLUSDT', HOUR, { startMs: T0 - 24 * HOUR, limit: 25 });
    const volume = day.reduce((a, c) => a + c.volume, 0);
    expect(t.volume24h / volume).toBeGreaterThan(0.8);
    expect(t.volume24h / volume).toBeLessThan(1.25);
    expect(t.high24h).toBeGreaterThanOrEqual(t.low24h);
    expect(t.bestBid![0]).toBeLessThan(t.bestAsk![0]);
    expect([t.bestBid![0], t.bestAsk![0]]).toContain(t.lastPrice);
    expect(t.openInterest).toBeGreaterThan(0);
  });
});
