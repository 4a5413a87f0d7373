// What it costs to put a pair on and take it off, read from the two live order books: the cross
// spread at the touch and the slippage of walking each book for a notional. Pure.
import type { Level } from '~/.server/market/types';
import { round } from './legs';
import type { PairBookJson } from './opportunities';

export interface WalkResult {
  /** Volume-weighted price of what was filled; null when nothing was. */
  vwap: number | null;
  filledQuote: number;
  /** The book held the whole notional. */
  complete: boolean;
}

/**
 * Take levels (best first, venue price and size, so price × size is quote) until `notionalQuote`
 * is spent; the last level is taken partially.
 */
export function walkBook(levels: readonly Level[], notionalQuote: number): WalkResult {
  let quote = 0;
  let base = 0;
  for (const [price, size] of levels) {
    if (!(price > 0) || !(size > 0)) continue;
    const levelQuote = price * size;
    const take = Math.min(levelQuote, notionalQuote - quote);
    quote += take;
    base += take / price;
    if (quote >= notionalQuote - 1e-9) return { vwap: quote / base, filledQuote: quote, complete: true };
  }
  return { vwap: base > 0 ? quote / base : null, filledQuote: quote, complete: false };
}

/** Extra paid over the touch, in bps of the touch: buys above the best ask, sells below the best bid. */
export function slippageBps(side: 'buy' | 'sell', touch: number, vwap: number | null): number | null {
  if (vwap === null || !(touch > 0)) return null;
  return ((side === 'buy' ? vwap - touch : touch - vwap) / touch) * 10_000;
}

export interface LegBook {
  /** Best first, venue prices (per `multiplier` base units). */
  bids: readonly Level[];
  asks: readonly Level[];
  multiplier: number;
}

/**
 * Entry = buy the long leg at its ask and sell the short leg at its bid; exit = the reverse. Both
 * as a cost in bps of the average mid (positive: crossing costs that much, negative: it pays).
 * Basis = short mid over long mid, in bps of the long mid. Prices compared per base unit.
 * Null when either book lacks a side.
 */
export function pairBookMetrics(long: LegBook, short: LegBook, notionalQuote: number): PairBookJson | null {
  const lBid = long.bids[0]?.[0];
  const lAsk = long.asks[0]?.[0];
  const sBid = short.bids[0]?.[0];
  const sAsk = short.asks[0]?.[0];
  if (lBid === undefined || lAsk === undefined || sBid === undefined || sAsk === undefined) return null;
  const u = (p: number, leg: LegBook) => p / leg.multiplier;
  const longMid = (u(lBid, long) + u(lAsk, long)) / 2;
  const shortMid = (u(sBid, short) + u(sAsk, short)) / 2;
  const mid = (longMid + shortMid) / 2;
  if (!(mid > 0) || !(longMid > 0)) return null;
  const buyLong = walkBook(long.asks, notionalQuote);
  const sellShort = walkBook(short.bids, notionalQuote);
  const slipLong = slippageBps('buy', lAsk, buyLong.vwap);
  const slipShort = slippageBps('sell', sBid, sellShort.vwap);
  return {
    entry_spread_bps: round(((u(lAsk, long) - u(sBid, short)) / mid) * 10_000, 2),
    exit_spread_bps: round(((u(sAsk, short) - u(lBid, long)) / mid) * 10_000, 2),
    basis_bps: round(((shortMid - longMid) / longMid) * 10_000, 2),
    notional: notionalQuote,
    slippage_bps: {
      long: round(slipLong, 2),
      short: round(slipShort, 2),
      total: slipLong === null || slipShort === null ? null : round(slipLong + slipShort, 2),
    },
    depth_ok: buyLong.complete && sellShort.complete,
  };
}
