import { describe, expect, it } from 'vitest';
import { OrderBook } from './order-book';
import type { Level, TextLevel } from './types';
import { mulberry32 as prng } from '~/lib/prng';

/** The obvious book: a Map per side, sorted on every read. What OrderBook must equal. */
class ReferenceBook {
  private readonly sides = {
    bids: new Map<number, [number, TextLevel]>(),
    asks: new Map<number, [number, TextLevel]>(),
  };

  snapshot(bids: Level[], asks: Level[], text?: { bids: TextLevel[]; asks: TextLevel[] }): void {
    this.clear();
    this.delta(bids, asks, text);
  }

  delta(bids: Level[], asks: Level[], text?: { bids: TextLevel[]; asks: TextLevel[] }): void {
    for (const side of ['bids', 'asks'] as const) {
      const levels = side === 'bids' ? bids : asks;
      levels.forEach(([price, size], i) => {
        if (Number.isNaN(price)) return;
        if (size > 0) this.sides[side].set(price, [size, text?.[side][i] ?? [String(price), String(size)]]);
        else this.sides[side].delete(price);
      });
    }
  }

  clear(): void {
    this.sides.bids.clear();
    this.sides.asks.clear();
  }

  sorted(side: 'bids' | 'asks'): { levels: Level[]; texts: TextLevel[] } {
    const entries = [...this.sides[side].entries()].sort((a, b) => (side === 'bids' ? b[0] - a[0] : a[0] - b[0]));
    return { levels: entries.map(([p, [s]]) => [p, s]), texts: entries.map(([, [, t]]) => t) };
  }

  reads(depthBps: number[], topN: number[]) {
    const bids = this.sorted('bids');
    const asks = this.sorted('asks');
    const bb = bids.levels[0];
    const ba = asks.levels[0];
    const mid = bb && ba ? (bb[0] + ba[0]) / 2 : null;
    const spread = bb && ba ? ba[0] - bb[0] : null;
    const depth = depthBps.map((bps) => {
      const out = { bidBase: 0, askBase: 0, bidQuote: 0, askQuote: 0 };
      if (mid === null) return out;
      const lo = mid * (1 - bps / 1e4);
      const hi = mid * (1 + bps / 1e4);
      for (const [p, s] of bids.levels.filter(([p]) => p >= lo)) {
        out.bidBase += s;
        out.bidQuote += p * s;
      }
      for (const [p, s] of asks.levels.filter(([p]) => p <= hi)) {
        out.askBase += s;
        out.askQuote += p * s;
      }
      return out;
    });
    return {
      bestBid: bb,
      bestAsk: ba,
      mid,
      spread,
      spreadBps: mid === null || spread === null ? null : (spread / mid) * 1e4,
      top: topN.map((n) => ({ bids: bids.levels.slice(0, n), asks: asks.levels.slice(0, n) })),
      topText: topN.map((n) => ({ bids: bids.texts.slice(0, n), asks: asks.texts.slice(0, n) })),
      depth,
      isCrossed: bb !== undefined && ba !== undefined && bb[0] >= ba[0],
      size: { bids: bids.levels.length, asks: asks.levels.length },
    };
  }
}

function readsOf(book: OrderBook, depthBps: number[], topN: number[]) {
  return {
    bestBid: book.bestBid(),
    bestAsk: book.bestAsk(),
    mid: book.mid(),
    spread: book.spread(),
    spreadBps: book.spreadBps(),
    top: topN.map((n) => book.top(n)),
    topText: topN.map((n) => book.topText(n)),
    depth: depthBps.map((bps) => book.depthWithinBps(bps)),
    isCrossed: book.isCrossed(),
    size: book.size,
  };
}

/** Random book traffic on a tick grid: near-touch churn, deletes of known and unknown levels, odd snapshots. */
function makeTraffic(rand: () => number) {
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const tick = [0.1, 0.01, 0.5, 1e-8, 25][int(0, 4)]!;
  const decimals = Math.max(0, Math.ceil(-Math.log10(tick)));
  let midTicks = int(1_000, 1_000_000);
  const priceOf = (ticks: number) => ticks * tick;
  const textOf = (price: number, size: number): TextLevel => [
    // Same number, different spelling now and then: the latest text must win.
    rand() < 0.2 ? price.toFixed(decimals + 2) : price.toFixed(decimals),
    size === 0 ? '0' : size.toFixed(3),
  ];
  const sizeOf = () => (rand() < 0.05 ? int(1, 10) * 1000 : Math.round(rand() * 5000) / 1000 + 0.001);

  /** A side's levels; bids below mid and asks above, with a small chance of crossing. */
  const levelsNear = (side: 'bids' | 'asks', count: number, spreadTicks: number, zeroShare: number) => {
    const dir = side === 'bids' ? -1 : 1;
    const levels: Level[] = [];
    for (let i = 0; i < count; i++) {
      // Mostly near the touch (exponential distance), sometimes anywhere in the book.
      const distance = rand() < 0.8 ? Math.floor(-Math.log(1 - rand()) * 5) : int(0, 2_000);
      const ticks = midTicks + dir * (spreadTicks + distance);
      levels.push([priceOf(ticks), rand() < zeroShare ? 0 : sizeOf()]);
    }
    return levels;
  };

  const withText = (bids: Level[], asks: Level[]) => ({
    bids: bids.map(([p, s]) => textOf(p, s)),
    asks: asks.map(([p, s]) => textOf(p, s)),
  });

  const snapshot = () => {
    const count = int(0, 400);
    const spreadTicks = rand() < 0.05 ? -3 : int(1, 3);
    const dedupe = (levels: Level[]) => [...new Map(levels.map((l) => [l[0], l])).values()];
    let bids = levelsNear('bids', count, spreadTicks, rand() < 0.2 ? 0.1 : 0);
    let asks = levelsNear('asks', int(0, 400), spreadTicks, rand() < 0.2 ? 0.1 : 0);
    const order = rand();
    if (order < 0.6) {
      // What venues send: best first, no duplicates.
      bids = dedupe(bids).sort((a, b) => b[0] - a[0]);
      asks = dedupe(asks).sort((a, b) => a[0] - b[0]);
    } else if (order < 0.7) {
      bids = dedupe(bids).sort((a, b) => a[0] - b[0]);
      asks = dedupe(asks).sort((a, b) => b[0] - a[0]);
    } else if (order < 0.8) {
      // Sorted but with repeated prices: the last one of a price wins.
      bids = bids.sort((a, b) => b[0] - a[0]);
      asks = asks.sort((a, b) => a[0] - b[0]);
    } else if (order < 0.85) {
      bids = bids.sort((a, b) => a[0] - b[0]);
      asks = asks.sort((a, b) => b[0] - a[0]);
    } // else: unsorted with duplicates, last one wins
    return { bids, asks, text: withText(bids, asks) };
  };

  const delta = (known: { bids: Level[]; asks: Level[] }) => {
    midTicks += int(-3, 3);
    const spreadTicks = rand() < 0.03 ? -2 : int(1, 2);
    const bids = levelsNear('bids', int(0, 20), spreadTicks, 0.25);
    const asks = levelsNear('asks', int(0, 20), spreadTicks, 0.25);
    // Touch existing levels too: size changes and deletes of levels the book holds.
    for (const [side, out] of [
      ['bids', bids],
      ['asks', asks],
    ] as const) {
      const have = known[side];
      for (let i = int(0, 6); i > 0 && have.length > 0; i--) {
        const level = have[int(0, have.length - 1)]!;
        out.push([level[0], rand() < 0.4 ? 0 : sizeOf()]);
      }
    }
    return { bids, asks, text: withText(bids, asks) };
  };

  return { snapshot, delta, rand, int };
}

describe('OrderBook', () => {
  it('keeps bids descending and asks ascending with absolute sizes and deletes', () => {
    const book = new OrderBook();
    book.applySnapshot(
      [
        [100, 1],
        [99, 2],
        [98, 3],
      ],
      [
        [101, 1],
        [102, 2],
      ],
    );
    book.applyDelta(
      [
        [99.5, 4],
        [98, 0],
        [97, 0],
      ],
      [
        [101, 5],
        [100.5, 0.5],
      ],
    );
    expect(book.top(10)).toEqual({
      bids: [
        [100, 1],
        [99.5, 4],
        [99, 2],
      ],
      asks: [
        [100.5, 0.5],
        [101, 5],
        [102, 2],
      ],
    });
    expect(book.bestBid()).toEqual([100, 1]);
    expect(book.bestAsk()).toEqual([100.5, 0.5]);
    expect(book.mid()).toBe(100.25);
    expect(book.spread()).toBe(0.5);
    expect(book.spreadBps()).toBeCloseTo((0.5 / 100.25) * 1e4, 12);
    expect(book.size).toEqual({ bids: 3, asks: 3 });
    expect(book.top(2).bids).toEqual([
      [100, 1],
      [99.5, 4],
    ]);
  });

  it('sums depth within bps of mid, counting levels on the boundary', () => {
    const book = new OrderBook();
    // mid 100; 10 bps = ±0.1 → bids >= 99.9, asks <= 100.1
    book.applySnapshot(
      [
        [99.95, 1],
        [99.9, 2],
        [99.8, 4],
      ],
      [
        [100.05, 3],
        [100.1, 5],
        [100.2, 7],
      ],
    );
    const depth = book.depthWithinBps(10);
    expect(depth.bidBase).toBe(3);
    expect(depth.askBase).toBe(8);
    expect(depth.bidQuote).toBeCloseTo(99.95 + 2 * 99.9, 9);
    expect(depth.askQuote).toBeCloseTo(3 * 100.05 + 5 * 100.1, 9);
  });

  it('reports an empty or one-sided book without a mid', () => {
    const book = new OrderBook();
    expect(book.bestBid()).toBeUndefined();
    expect(book.mid()).toBeNull();
    expect(book.spreadBps()).toBeNull();
    expect(book.isCrossed()).toBe(false);
    expect(book.depthWithinBps(50)).toEqual({ bidBase: 0, askBase: 0, bidQuote: 0, askQuote: 0 });
    book.applyDelta([[10, 1]], []);
    expect(book.mid()).toBeNull();
    expect(book.spread()).toBeNull();
    expect(book.top(5)).toEqual({ bids: [[10, 1]], asks: [] });
  });

  it('detects a crossed or locked book', () => {
    const book = new OrderBook();
    book.applySnapshot([[100, 1]], [[101, 1]]);
    expect(book.isCrossed()).toBe(false);
    book.applyDelta([[101, 1]], []);
    expect(book.isCrossed()).toBe(true);
    book.applyDelta([[101, 0]], [[100.5, 1]]);
    expect(book.isCrossed()).toBe(false);
  });

  it('replaces the whole book on a snapshot and empties it on clear', () => {
    const book = new OrderBook();
    book.applySnapshot(
      [
        [10, 1],
        [9, 1],
      ],
      [[11, 1]],
    );
    book.applySnapshot([[8, 2]], [[12, 3]]);
    expect(book.top(10)).toEqual({ bids: [[8, 2]], asks: [[12, 3]] });
    book.clear();
    expect(book.size).toEqual({ bids: 0, asks: 0 });
    expect(book.top(10)).toEqual({ bids: [], asks: [] });
  });

  it('keeps the venue text of each level and refuses topText without keepText', () => {
    const book = new OrderBook({ keepText: true });
    book.applySnapshot(
      [
        [100.1, 1],
        [100, 2],
      ],
      [[100.2, 3]],
      {
        bids: [
          ['100.10', '1.000'],
          ['100.00', '2'],
        ],
        asks: [['100.20', '3.0']],
      },
    );
    book.applyDelta([[100, 2.5]], [[100.3, 1]], { bids: [['100.0', '2.50']], asks: [['100.30', '1']] });
    expect(book.topText(5)).toEqual({
      bids: [
        ['100.10', '1.000'],
        ['100.0', '2.50'],
      ],
      asks: [
        ['100.20', '3.0'],
        ['100.30', '1'],
      ],
    });
    expect(() => new OrderBook().topText(5)).toThrow(/keepText/);
  });

  it('grows past its initial capacity and ignores NaN prices', () => {
    const book = new OrderBook();
    const bids: Level[] = [];
    for (let i = 0; i < 5000; i++) bids.push([1000 - i * 0.1, 1]);
    book.applyDelta(bids, [[NaN, 1]]);
    expect(book.size).toEqual({ bids: 5000, asks: 0 });
    expect(book.bestBid()).toEqual([1000, 1]);
    expect(book.top(5000).bids.at(-1)).toEqual([1000 - 4999 * 0.1, 1]);
    book.applySnapshot(
      [[NaN, 1]],
      [
        [NaN, 2],
        [5, 1],
      ],
    );
    expect(book.top(5)).toEqual({ bids: [], asks: [[5, 1]] });
  });

  it('equals a naive Map-and-sort book on every read over thousands of random snapshots and deltas', () => {
    const depthBps = [0, 1, 10, 250, 1e4];
    let applied = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const traffic = makeTraffic(prng(seed));
      const book = new OrderBook({ keepText: true });
      const ref = new ReferenceBook();
      for (let step = 0; step < 80; step++) {
        const roll = traffic.rand();
        if (step === 0 || roll < 0.05) {
          const s = traffic.snapshot();
          book.applySnapshot(s.bids, s.asks, s.text);
          ref.snapshot(s.bids, s.asks, s.text);
        } else if (roll < 0.06) {
          book.clear();
          ref.clear();
        } else {
          const known = ref.reads([], [Infinity]).top[0]!;
          const d = traffic.delta(known);
          book.applyDelta(d.bids, d.asks, d.text);
          ref.delta(d.bids, d.asks, d.text);
          applied += d.bids.length + d.asks.length;
        }
        const topN = [0, 1, traffic.int(2, 60), Infinity];
        const expected = ref.reads(depthBps, topN);
        const actual = readsOf(book, depthBps, topN);
        if (JSON.stringify(actual) !== JSON.stringify(expected)) {
          // Only build the detailed diff when something is wrong; toEqual on every step is slow.
          expect({ seed, step, ...actual }).toEqual({ seed, step, ...expected });
        }
      }
    }
    expect(applied).toBeGreaterThan(20_000);
  });

  it('matches the reference without text too (plain numeric books)', () => {
    const traffic = makeTraffic(prng(99));
    const book = new OrderBook();
    const ref = new ReferenceBook();
    for (let step = 0; step < 500; step++) {
      if (step % 100 === 0) {
        const s = traffic.snapshot();
        book.applySnapshot(s.bids, s.asks);
        ref.snapshot(s.bids, s.asks);
      } else {
        const d = traffic.delta(ref.reads([], [Infinity]).top[0]!);
        book.applyDelta(d.bids, d.asks);
        ref.delta(d.bids, d.asks);
      }
      const { topText: _ignored, ...expected } = ref.reads([5], [Infinity]);
      const actual = {
        bestBid: book.bestBid(),
        bestAsk: book.bestAsk(),
        mid: book.mid(),
        spread: book.spread(),
        spreadBps: book.spreadBps(),
        top: [book.top(Infinity)],
        depth: [book.depthWithinBps(5)],
        isCrossed: book.isCrossed(),
        size: book.size,
      };
      expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
    }
  });
});
