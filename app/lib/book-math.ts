// Pure order-book arithmetic for the terminal: walking a book at a size, slippage against the
// best price, cross-venue spreads, and which levels changed between two paints. Levels are
// [price, size], best first. Everything here is per unit of the BASE asset unless a name says
// otherwise; `toBaseLevels` converts a venue's book (1000PEPEUSDT quotes 1000 PEPE) first.

export type Level = readonly [price: number, size: number];

export type Side = 'buy' | 'sell';

/** What walking one side of a book for a target amount fills. */
export interface WalkResult {
  /** Base units filled; less than asked when the visible book ran out. */
  filledBase: number;
  /** Quote paid (buy) or received (sell) for the filled part. */
  filledQuote: number;
  /** filledQuote / filledBase; null when nothing filled. */
  avgPrice: number | null;
  /** Price of the first level; null for an empty side. */
  bestPrice: number | null;
  /** Price of the last level touched; null when nothing filled. */
  worstPrice: number | null;
  /** Levels touched, the last one possibly in part. */
  levelsUsed: number;
  /** The visible book covered the whole target. */
  complete: boolean;
  /** Base units (for a base target) or quote (for a quote target) the book could not fill. */
  shortfall: number;
}

/** Target of a walk: an amount of base units, or a quote notional to spend/receive. */
export type WalkTarget = { base: number } | { quote: number };

// Float dust below this fraction of the target counts as filled (0.3 - 0.1 - 0.2 is not 0).
const EPSILON = 1e-12;

/**
 * Walk levels (best first) until the target is filled. Levels with a non-positive or non-finite
 * price or size are skipped, so a malformed level cannot produce a negative fill.
 */
export function walkBook(levels: readonly Level[], target: WalkTarget): WalkResult {
  const byQuote = 'quote' in target;
  const wanted = byQuote ? target.quote : target.base;
  const first = levels.find(isUsable);
  const result: WalkResult = {
    filledBase: 0,
    filledQuote: 0,
    avgPrice: null,
    bestPrice: first ? first[0] : null,
    worstPrice: null,
    levelsUsed: 0,
    complete: !(wanted > 0),
    shortfall: wanted > 0 ? wanted : 0,
  };
  if (!(wanted > 0)) return result;
  let remaining = wanted;
  for (const level of levels) {
    if (!isUsable(level)) continue;
    const [price, size] = level;
    const takeBase = byQuote ? Math.min(size, remaining / price) : Math.min(size, remaining);
    result.filledBase += takeBase;
    result.filledQuote += takeBase * price;
    result.worstPrice = price;
    result.levelsUsed++;
    remaining -= byQuote ? takeBase * price : takeBase;
    if (remaining <= wanted * EPSILON) {
      remaining = 0;
      break;
    }
  }
  result.complete = remaining === 0;
  result.shortfall = remaining;
  result.avgPrice = result.filledBase > 0 ? result.filledQuote / result.filledBase : null;
  return result;
}

function isUsable(level: Level): boolean {
  return Number.isFinite(level[0]) && Number.isFinite(level[1]) && level[0] > 0 && level[1] > 0;
}

/**
 * How much worse the average price is than the best one, in bps of the best price; positive is
 * a cost for both sides (a buy paying above the best ask, a sell receiving below the best bid).
 */
export function slippageBps(side: Side, bestPrice: number | null, avgPrice: number | null): number | null {
  if (bestPrice === null || avgPrice === null || !(bestPrice > 0)) return null;
  const bps = ((avgPrice - bestPrice) / bestPrice) * 10_000;
  return side === 'buy' ? bps : -bps;
}

/** A venue's levels as per-base-unit prices and base-unit sizes (price ÷ multiplier, size × multiplier). */
export function toBaseLevels(levels: readonly Level[], multiplier: number): Level[] {
  if (multiplier === 1) return levels as Level[];
  return levels.map(([price, size]) => [clean(price / multiplier), clean(size * multiplier)] as const);
}

// 0.0105 / 1000 is 0.000010500000000000001 in floats; 12 significant digits are more than any
// venue's tick or lot carries, and equal prices on two venues must stay equal.
function clean(x: number): number {
  return Number(x.toPrecision(12));
}

/**
 * (received − paid) / their mean, in bps: positive when the leg you sell is priced above the leg you
 * buy. Null unless both prices are positive.
 */
export function edgeBps(sellPrice: number | null | undefined, buyPrice: number | null | undefined): number | null {
  if (!sellPrice || !buyPrice || !(sellPrice > 0) || !(buyPrice > 0)) return null;
  return ((sellPrice - buyPrice) / ((sellPrice + buyPrice) / 2)) * 10_000;
}

/** One side of both books, per base unit, best first. */
export interface PairBooks {
  long: { bids: readonly Level[]; asks: readonly Level[] };
  short: { bids: readonly Level[]; asks: readonly Level[] };
}

/**
 * Top-of-book spreads of a long/short pair. Entry buys the long leg at its ask and sells the short
 * leg at its bid; exit sells the long leg at its bid and buys the short leg back at its ask.
 * Positive means that trade receives more than it pays.
 */
export function crossSpreads(books: PairBooks): { entryBps: number | null; exitBps: number | null } {
  return {
    entryBps: edgeBps(books.short.bids[0]?.[0], books.long.asks[0]?.[0]),
    exitBps: edgeBps(books.long.bids[0]?.[0], books.short.asks[0]?.[0]),
  };
}

/** Mid of a book's best bid and ask; null unless both exist. */
export function midPrice(bids: readonly Level[], asks: readonly Level[]): number | null {
  const bid = bids[0]?.[0];
  const ask = asks[0]?.[0];
  return bid !== undefined && ask !== undefined ? (bid + ask) / 2 : null;
}

/** One leg of a pair trade walked at a size, with slippage and taker fee. */
export interface LegFill extends WalkResult {
  side: Side;
  slippageBps: number | null;
  takerRate: number;
  /** filledQuote × takerRate. */
  feeQuote: number;
}

export function fillLeg(levels: readonly Level[], side: Side, baseSize: number, takerRate: number): LegFill {
  const walk = walkBook(levels, { base: baseSize });
  return {
    ...walk,
    side,
    slippageBps: slippageBps(side, walk.bestPrice, walk.avgPrice),
    takerRate,
    feeQuote: walk.filledQuote * takerRate,
  };
}

/** Both legs of one direction (entry or exit) at a size. */
export interface PairLegsAtSize {
  /** Entry: the long leg buys. Exit: it sells. */
  long: LegFill;
  /** Entry: the short leg sells. Exit: it buys back. */
  short: LegFill;
  /** edgeBps of the two average prices (sell leg vs buy leg); null when either leg filled nothing. */
  spreadBps: number | null;
  /** Both taker fees as bps of the notional. */
  feesBps: number;
  /** spreadBps − feesBps. */
  netBps: number | null;
  /** Both legs filled completely. */
  complete: boolean;
}

export interface PairEstimate {
  /** Base units per leg (both legs trade the same base size, so the pair stays delta-neutral). */
  baseSize: number;
  /** Price used to turn a quote notional into base units: the mean of both mids. */
  refPrice: number | null;
  entry: PairLegsAtSize;
  exit: PairLegsAtSize;
}

export type SizeInput = { unit: 'base' | 'quote'; amount: number };

/**
 * Walk both books at one size. A quote notional is turned into base units at the mean of both
 * mids, and both legs then trade that same base size: the pair must stay delta-neutral, so the
 * legs are matched in base units, not in notional. Null when the size is not positive or a
 * notional cannot be converted (a side of a book is empty).
 */
export function estimatePair(
  books: PairBooks,
  size: SizeInput,
  fees: { longTakerRate: number; shortTakerRate: number },
): PairEstimate | null {
  if (!(size.amount > 0) || !Number.isFinite(size.amount)) return null;
  const longMid = midPrice(books.long.bids, books.long.asks);
  const shortMid = midPrice(books.short.bids, books.short.asks);
  const refPrice = longMid !== null && shortMid !== null ? (longMid + shortMid) / 2 : (longMid ?? shortMid);
  let baseSize = size.amount;
  if (size.unit === 'quote') {
    if (refPrice === null || !(refPrice > 0)) return null;
    baseSize = size.amount / refPrice;
  }
  const feesBps = (fees.longTakerRate + fees.shortTakerRate) * 10_000;
  const combine = (long: LegFill, short: LegFill, sellLeg: 'long' | 'short'): PairLegsAtSize => {
    const sell = sellLeg === 'long' ? long : short;
    const buy = sellLeg === 'long' ? short : long;
    const spreadBps = edgeBps(sell.avgPrice, buy.avgPrice);
    return {
      long,
      short,
      spreadBps,
      feesBps,
      netBps: spreadBps === null ? null : spreadBps - feesBps,
      complete: long.complete && short.complete,
    };
  };
  return {
    baseSize,
    refPrice,
    entry: combine(
      fillLeg(books.long.asks, 'buy', baseSize, fees.longTakerRate),
      fillLeg(books.short.bids, 'sell', baseSize, fees.shortTakerRate),
      'short',
    ),
    exit: combine(
      fillLeg(books.long.bids, 'sell', baseSize, fees.longTakerRate),
      fillLeg(books.short.asks, 'buy', baseSize, fees.shortTakerRate),
      'long',
    ),
  };
}

/** A size change at one price, for the short flash on the book. */
export interface LevelMark {
  dir: 'up' | 'down';
  /** When the change was seen (client clock, ms); also the React key that restarts the flash. */
  at: number;
}

/**
 * Which prices changed size between two paints of one side: a new level or a bigger size is
 * `up`, a smaller one `down`. Earlier marks younger than `keepMs` stay, so a flash is not cut
 * short by the next paint. Prices that left the book lose their mark.
 */
export function markChanges(
  prev: readonly Level[] | null,
  next: readonly Level[],
  prevMarks: ReadonlyMap<number, LevelMark>,
  now: number,
  keepMs = 800,
): Map<number, LevelMark> {
  const marks = new Map<number, LevelMark>();
  // The first paint is the baseline: nothing flashes.
  if (!prev) return marks;
  const before = new Map<number, number>();
  for (const [price, size] of prev) before.set(price, size);
  for (const [price, size] of next) {
    const old = before.get(price);
    if (old === undefined || size > old) marks.set(price, { dir: 'up', at: now });
    else if (size < old) marks.set(price, { dir: 'down', at: now });
    else {
      const kept = prevMarks.get(price);
      if (kept && now - kept.at < keepMs) marks.set(price, kept);
    }
  }
  return marks;
}
