import { describe, expect, it } from 'vitest';
import {
  crossSpreads,
  edgeBps,
  estimatePair,
  fillLeg,
  markChanges,
  midPrice,
  slippageBps,
  toBaseLevels,
  walkBook,
  type Level,
} from './book-math';

const asks: Level[] = [
  [100, 1],
  [101, 2],
  [102, 3],
];
const bids: Level[] = [
  [99, 1],
  [98, 2],
  [97, 3],
];

describe('walkBook', () => {
  it('fills inside the first level at the best price', () => {
    const r = walkBook(asks, { base: 0.5 });
    expect(r).toMatchObject({ filledBase: 0.5, filledQuote: 50, avgPrice: 100, bestPrice: 100, worstPrice: 100 });
    expect(r).toMatchObject({ levelsUsed: 1, complete: true, shortfall: 0 });
  });

  it('walks several levels and takes the last one in part', () => {
    const r = walkBook(asks, { base: 2 });
    // 1 @ 100 + 1 @ 101
    expect(r.filledQuote).toBe(201);
    expect(r.avgPrice).toBe(100.5);
    expect(r.worstPrice).toBe(101);
    expect(r.levelsUsed).toBe(2);
    expect(r.complete).toBe(true);
  });

  it('reports insufficient depth with the shortfall and what did fill', () => {
    const r = walkBook(asks, { base: 10 });
    expect(r.complete).toBe(false);
    expect(r.filledBase).toBe(6);
    expect(r.shortfall).toBe(4);
    expect(r.filledQuote).toBe(100 + 202 + 306);
    expect(r.avgPrice).toBeCloseTo(608 / 6, 12);
    expect(r.levelsUsed).toBe(3);
  });

  it('fills a quote notional', () => {
    const r = walkBook(bids, { quote: 99 + 98 });
    expect(r.filledBase).toBeCloseTo(2, 12);
    expect(r.avgPrice).toBeCloseTo(98.5, 12);
    expect(r.complete).toBe(true);
    const short = walkBook(bids, { quote: 10_000 });
    expect(short.complete).toBe(false);
    expect(short.shortfall).toBeCloseTo(10_000 - (99 + 196 + 291), 9);
  });

  it('counts float dust as filled', () => {
    const r = walkBook(
      [
        [10, 0.1],
        [11, 0.2],
      ],
      { base: 0.3 },
    );
    expect(r.complete).toBe(true);
    expect(r.shortfall).toBe(0);
  });

  it('handles an empty book, a zero target and malformed levels', () => {
    expect(walkBook([], { base: 1 })).toMatchObject({
      filledBase: 0,
      avgPrice: null,
      bestPrice: null,
      complete: false,
      shortfall: 1,
    });
    expect(walkBook(asks, { base: 0 })).toMatchObject({ filledBase: 0, complete: true, shortfall: 0, bestPrice: 100 });
    const r = walkBook(
      [
        [0, 5],
        [100, -1],
        [Number.NaN, 1],
        [101, 1],
      ],
      { base: 1 },
    );
    expect(r).toMatchObject({ filledBase: 1, avgPrice: 101, bestPrice: 101, levelsUsed: 1 });
  });
});

describe('slippageBps', () => {
  it('is a positive cost on both sides', () => {
    expect(slippageBps('buy', 100, 100.5)).toBeCloseTo(50, 9);
    expect(slippageBps('sell', 100, 99.5)).toBeCloseTo(50, 9);
    expect(slippageBps('buy', 100, 100)).toBe(0);
  });
  it('is null without prices', () => {
    expect(slippageBps('buy', null, 100)).toBeNull();
    expect(slippageBps('buy', 100, null)).toBeNull();
  });
});

describe('toBaseLevels', () => {
  it('divides prices and multiplies sizes by the multiplier', () => {
    expect(toBaseLevels([[0.0105, 2]], 1000)).toEqual([[0.0000105, 2000]]);
    const same: Level[] = [[1, 1]];
    expect(toBaseLevels(same, 1)).toBe(same);
  });
});

describe('spreads', () => {
  it('edgeBps is (sell − buy) over their mean', () => {
    expect(edgeBps(101, 99)).toBeCloseTo((2 / 100) * 10_000, 9);
    expect(edgeBps(99, 101)).toBeCloseTo(-200, 9);
    expect(edgeBps(null, 100)).toBeNull();
    expect(edgeBps(0, 100)).toBeNull();
  });

  it('entry buys the long ask and sells the short bid; exit the reverse', () => {
    const s = crossSpreads({
      long: { bids: [[99, 1]], asks: [[100, 1]] },
      short: { bids: [[100.5, 1]], asks: [[101, 1]] },
    });
    expect(s.entryBps).toBeCloseTo(edgeBps(100.5, 100)!, 12);
    expect(s.exitBps).toBeCloseTo(edgeBps(99, 101)!, 12);
    expect(crossSpreads({ long: { bids: [], asks: [] }, short: { bids: [], asks: [] } })).toEqual({
      entryBps: null,
      exitBps: null,
    });
  });

  it('midPrice needs both sides', () => {
    expect(midPrice(bids, asks)).toBe(99.5);
    expect(midPrice([], asks)).toBeNull();
  });
});

describe('fillLeg', () => {
  it('adds slippage and the taker fee on the filled notional', () => {
    const leg = fillLeg(asks, 'buy', 2, 0.0005);
    expect(leg.slippageBps).toBeCloseTo(50, 9);
    expect(leg.feeQuote).toBeCloseTo(201 * 0.0005, 12);
    expect(leg.side).toBe('buy');
  });
});

describe('estimatePair', () => {
  const books = {
    long: {
      bids: [
        [99, 1],
        [98, 5],
      ] as Level[],
      asks: [
        [100, 1],
        [101, 5],
      ] as Level[],
    },
    short: {
      bids: [
        [100, 2],
        [99, 5],
      ] as Level[],
      asks: [
        [101, 2],
        [102, 5],
      ] as Level[],
    },
  };
  const fees = { longTakerRate: 0.0005, shortTakerRate: 0.0006 };

  it('walks both legs at the same base size', () => {
    const e = estimatePair(books, { unit: 'base', amount: 2 }, fees)!;
    expect(e.baseSize).toBe(2);
    expect(e.entry.long.avgPrice).toBe(100.5);
    expect(e.entry.short.avgPrice).toBe(100);
    expect(e.entry.spreadBps).toBeCloseTo(edgeBps(100, 100.5)!, 12);
    expect(e.entry.feesBps).toBeCloseTo(11, 12);
    expect(e.entry.netBps).toBeCloseTo(e.entry.spreadBps! - 11, 12);
    expect(e.exit.long.side).toBe('sell');
    expect(e.exit.short.side).toBe('buy');
    expect(e.exit.long.avgPrice).toBe(98.5);
    expect(e.exit.short.avgPrice).toBe(101);
    expect(e.exit.spreadBps).toBeCloseTo(edgeBps(98.5, 101)!, 12);
    expect(e.entry.complete).toBe(true);
  });

  it('turns a quote notional into base units at the mean of both mids', () => {
    // mids 99.5 and 100.5 → ref 100
    const e = estimatePair(books, { unit: 'quote', amount: 150 }, fees)!;
    expect(e.refPrice).toBe(100);
    expect(e.baseSize).toBe(1.5);
    expect(e.entry.long.filledBase).toBe(1.5);
    expect(e.entry.short.filledBase).toBe(1.5);
  });

  it('reports an incomplete pair when one book is too thin', () => {
    const e = estimatePair(books, { unit: 'base', amount: 6.5 }, fees)!;
    expect(e.entry.long.complete).toBe(false);
    expect(e.entry.long.shortfall).toBeCloseTo(0.5, 12);
    expect(e.entry.short.complete).toBe(true);
    expect(e.entry.complete).toBe(false);
  });

  it('is null for no size or an unconvertible notional', () => {
    expect(estimatePair(books, { unit: 'base', amount: 0 }, fees)).toBeNull();
    expect(estimatePair(books, { unit: 'base', amount: Number.NaN }, fees)).toBeNull();
    const empty = { long: { bids: [], asks: [] }, short: { bids: [], asks: [] } };
    expect(estimatePair(empty, { unit: 'quote', amount: 100 }, fees)).toBeNull();
  });
});

describe('markChanges', () => {
  it('marks nothing on the first paint', () => {
    expect(markChanges(null, asks, new Map(), 1000).size).toBe(0);
  });

  it('marks new and bigger levels up, smaller ones down, and keeps young marks', () => {
    const prev: Level[] = [
      [100, 1],
      [101, 2],
      [102, 3],
    ];
    const next: Level[] = [
      [100, 2],
      [101, 1],
      [102, 3],
      [103, 1],
    ];
    const marks = markChanges(prev, next, new Map([[102, { dir: 'up', at: 900 }]]), 1000);
    expect(marks.get(100)).toEqual({ dir: 'up', at: 1000 });
    expect(marks.get(101)).toEqual({ dir: 'down', at: 1000 });
    expect(marks.get(102)).toEqual({ dir: 'up', at: 900 });
    expect(marks.get(103)).toEqual({ dir: 'up', at: 1000 });
    // Old marks expire; prices that left the book drop theirs.
    const later = markChanges(next, [[100, 2]], marks, 5000);
    expect(later.size).toBe(0);
  });
});
