// Cross-venue figures of a pair from its two live books, at the notional the reader set: the
// spread at the touch for entry and exit, and the slippage of walking each book. Pure; the same
// quantities the API computes when it streams both books (book-metrics.ts), from the browser's copy.
import { crossSpreads, estimatePair, toBaseLevels, type Level } from '~/lib/book-math';

export interface LegBookInput {
  bids: readonly Level[];
  asks: readonly Level[];
  /** Base units per contract price (1000PEPEUSDT: 1000), so both books compare per base unit. */
  multiplier: number;
}

export interface BookFigures {
  entrySpreadBps: number | null;
  exitSpreadBps: number | null;
  slippageBps: { long: number | null; short: number | null; total: number | null };
  /** Both books held the whole notional on entry. */
  depthOk: boolean;
}

export function bookFigures(long: LegBookInput, short: LegBookInput, notionalUsd: number): BookFigures | null {
  const books = {
    long: { bids: toBaseLevels(long.bids, long.multiplier), asks: toBaseLevels(long.asks, long.multiplier) },
    short: { bids: toBaseLevels(short.bids, short.multiplier), asks: toBaseLevels(short.asks, short.multiplier) },
  };
  if (!books.long.asks.length || !books.long.bids.length || !books.short.asks.length || !books.short.bids.length) {
    return null;
  }
  const touch = crossSpreads(books);
  // Fees are shown separately (fees APR): walk the books without them.
  const estimate = estimatePair(books, { unit: 'quote', amount: notionalUsd }, { longTakerRate: 0, shortTakerRate: 0 });
  const slipLong = estimate?.entry.long.slippageBps ?? null;
  const slipShort = estimate?.entry.short.slippageBps ?? null;
  return {
    entrySpreadBps: touch.entryBps,
    exitSpreadBps: touch.exitBps,
    slippageBps: {
      long: slipLong,
      short: slipShort,
      total: slipLong !== null && slipShort !== null ? slipLong + slipShort : null,
    },
    depthOk: estimate?.entry.complete ?? false,
  };
}
