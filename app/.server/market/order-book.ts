// L2 order book for one (venue, symbol): numbers in flat typed arrays, updated in place.
import type { BookReader, Level, TextLevel } from './types';

const INITIAL_CAPACITY = 256;

/**
 * One side of the book, kept sorted WORST first so the best level sits at the end: almost all
 * venue updates land near the touch, so an insert or removal there shifts only the handful of
 * levels between it and the touch, and the search gallops from the end in O(log distance).
 * Keys are price × sign (bids +1, asks −1), so both sides ascend and share one code path;
 * negation is exact in floating point, so the price read back is the price stored.
 */
class BookSide {
  private keys = new Float64Array(INITIAL_CAPACITY);
  private sizes = new Float64Array(INITIAL_CAPACITY);
  /** Venue text of each level, parallel to keys; null unless the book keeps text. */
  private texts: TextLevel[] | null;
  length = 0;

  constructor(
    private readonly sign: 1 | -1,
    keepText: boolean,
  ) {
    this.texts = keepText ? [] : null;
  }

  clear(): void {
    this.length = 0;
    if (this.texts) this.texts = [];
  }

  /** Replaces the side. Venue snapshots come sorted best first, which is loaded without a search. */
  load(levels: readonly Level[], texts: readonly TextLevel[] | undefined): void {
    this.clear();
    const n = levels.length;
    this.reserve(n);
    const sign = this.sign;
    // Strictly descending keys = best first; strictly ascending = worst first. Anything else
    // (unsorted, duplicate prices, NaN) goes through the general per-level path below.
    let descending = true;
    let ascending = true;
    for (let i = 1; i < n && (descending || ascending); i++) {
      const prev = levels[i - 1]![0] * sign;
      const cur = levels[i]![0] * sign;
      if (!(cur < prev)) descending = false;
      if (!(cur > prev)) ascending = false;
    }
    if (n > 0 && levels[0]![0] !== levels[0]![0]) descending = ascending = false;
    if (descending) {
      for (let i = n - 1; i >= 0; i--) this.append(levels[i]!, texts?.[i]);
    } else if (ascending) {
      for (let i = 0; i < n; i++) this.append(levels[i]!, texts?.[i]);
    } else {
      for (let i = 0; i < n; i++) this.set(levels[i]!, texts?.[i]);
    }
  }

  /** Sets the absolute size at a price; a size that is not > 0 removes the level. */
  set(level: Level, text: TextLevel | undefined): void {
    const price = level[0];
    const size = level[1];
    if (price !== price) return; // NaN cannot be ordered; parsers reject it before it gets here
    const key = price * this.sign;
    const keys = this.keys;
    const n = this.length;
    const i = lowerBoundFromEnd(keys, n, key);
    if (i < n && keys[i] === key) {
      if (size > 0) {
        this.sizes[i] = size;
        if (this.texts) this.texts[i] = text ?? textOf(level);
      } else {
        this.removeAt(i, n);
      }
    } else if (size > 0) {
      this.insertAt(i, n, key, size, level, text);
    }
  }

  /** Best price, or NaN when the side is empty (callers check length first). */
  bestPrice(): number {
    return this.length > 0 ? this.keys[this.length - 1]! * this.sign : NaN;
  }

  best(): Level | undefined {
    const last = this.length - 1;
    return last >= 0 ? [this.keys[last]! * this.sign, this.sizes[last]!] : undefined;
  }

  top(n: number): Level[] {
    const keys = this.keys;
    const sizes = this.sizes;
    const sign = this.sign;
    const end = Math.max(0, this.length - n);
    const out: Level[] = [];
    for (let i = this.length - 1; i >= end; i--) out.push([keys[i]! * sign, sizes[i]!]);
    return out;
  }

  topText(n: number): TextLevel[] {
    if (!this.texts) throw new Error('OrderBook: topText needs a book created with keepText');
    const out: TextLevel[] = [];
    for (let i = this.length - 1, end = Math.max(0, this.length - n); i >= end; i--) out.push(this.texts[i]!);
    return out;
  }

  /** Sums of size and price × size over levels from the best while price is no worse than `limitPrice`. */
  sumWithin(limitPrice: number): { base: number; quote: number } {
    const limitKey = limitPrice * this.sign;
    const keys = this.keys;
    const sizes = this.sizes;
    const sign = this.sign;
    let base = 0;
    let quote = 0;
    for (let i = this.length - 1; i >= 0 && keys[i]! >= limitKey; i--) {
      base += sizes[i]!;
      quote += keys[i]! * sign * sizes[i]!;
    }
    return { base, quote };
  }

  private append(level: Level, text: TextLevel | undefined): void {
    if (!(level[1] > 0)) return;
    const i = this.length++;
    this.keys[i] = level[0] * this.sign;
    this.sizes[i] = level[1];
    if (this.texts) this.texts.push(text ?? textOf(level));
  }

  private insertAt(i: number, n: number, key: number, size: number, level: Level, text: TextLevel | undefined): void {
    if (n === this.keys.length) this.reserve(n * 2);
    const keys = this.keys;
    const sizes = this.sizes;
    // Near the touch only a few slots move; a plain loop beats copyWithin's call overhead there.
    if (n - i < 16) {
      for (let j = n; j > i; j--) {
        keys[j] = keys[j - 1]!;
        sizes[j] = sizes[j - 1]!;
      }
    } else {
      keys.copyWithin(i + 1, i, n);
      sizes.copyWithin(i + 1, i, n);
    }
    keys[i] = key;
    sizes[i] = size;
    this.length = n + 1;
    if (this.texts) this.texts.splice(i, 0, text ?? textOf(level));
  }

  private removeAt(i: number, n: number): void {
    const keys = this.keys;
    const sizes = this.sizes;
    if (n - i < 16) {
      for (let j = i + 1; j < n; j++) {
        keys[j - 1] = keys[j]!;
        sizes[j - 1] = sizes[j]!;
      }
    } else {
      keys.copyWithin(i, i + 1, n);
      sizes.copyWithin(i, i + 1, n);
    }
    this.length = n - 1;
    if (this.texts) this.texts.splice(i, 1);
  }

  private reserve(capacity: number): void {
    if (capacity <= this.keys.length) return;
    let next = this.keys.length;
    while (next < capacity) next *= 2;
    const keys = new Float64Array(next);
    keys.set(this.keys.subarray(0, this.length));
    const sizes = new Float64Array(next);
    sizes.set(this.sizes.subarray(0, this.length));
    this.keys = keys;
    this.sizes = sizes;
  }
}

/**
 * Index of the first key >= `key` in the ascending keys[0..n), searched by galloping from the
 * end (where the touch is) and then bisecting the bracket found.
 */
function lowerBoundFromEnd(keys: Float64Array, n: number, key: number): number {
  let hi = n; // keys[hi..n) >= key
  let lo = n - 1;
  let step = 1;
  while (lo >= 0 && keys[lo]! >= key) {
    hi = lo;
    step *= 2;
    lo = hi - step;
  }
  lo = lo < 0 ? 0 : lo + 1; // keys[lo - 1] < key
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Text for a level that came without venue text (a book that keeps text fed plain numbers). */
function textOf(level: Level): TextLevel {
  return [String(level[0]), String(level[1])];
}

export interface OrderBookOptions {
  /** Keep each level's exact venue text alongside the numbers (checksum venues: Bitget, CoinEx). */
  keepText?: boolean;
}

/**
 * Price levels of one (venue, symbol). Sizes are absolute; size 0 removes a level and removing
 * an unknown level is a no-op. Text levels, when given, are parallel to the numeric ones (same
 * length and order).
 */
export class OrderBook implements BookReader {
  readonly keepText: boolean;
  private readonly bids: BookSide;
  private readonly asks: BookSide;

  constructor(opts: OrderBookOptions = {}) {
    this.keepText = opts.keepText ?? false;
    this.bids = new BookSide(1, this.keepText);
    this.asks = new BookSide(-1, this.keepText);
  }

  applySnapshot(bids: readonly Level[], asks: readonly Level[], text?: { bids: TextLevel[]; asks: TextLevel[] }): void {
    this.bids.load(bids, text?.bids);
    this.asks.load(asks, text?.asks);
  }

  applyDelta(bids: readonly Level[], asks: readonly Level[], text?: { bids: TextLevel[]; asks: TextLevel[] }): void {
    const bidText = text?.bids;
    const askText = text?.asks;
    for (let i = 0; i < bids.length; i++) this.bids.set(bids[i]!, bidText?.[i]);
    for (let i = 0; i < asks.length; i++) this.asks.set(asks[i]!, askText?.[i]);
  }

  clear(): void {
    this.bids.clear();
    this.asks.clear();
  }

  bestBid(): Level | undefined {
    return this.bids.best();
  }

  bestAsk(): Level | undefined {
    return this.asks.best();
  }

  mid(): number | null {
    if (this.bids.length === 0 || this.asks.length === 0) return null;
    return (this.bids.bestPrice() + this.asks.bestPrice()) / 2;
  }

  spread(): number | null {
    if (this.bids.length === 0 || this.asks.length === 0) return null;
    return this.asks.bestPrice() - this.bids.bestPrice();
  }

  spreadBps(): number | null {
    const mid = this.mid();
    const spread = this.spread();
    return mid === null || spread === null ? null : (spread / mid) * 1e4;
  }

  top(n: number): { bids: Level[]; asks: Level[] } {
    return { bids: this.bids.top(n), asks: this.asks.top(n) };
  }

  topText(n: number): { bids: TextLevel[]; asks: TextLevel[] } {
    return { bids: this.bids.topText(n), asks: this.asks.topText(n) };
  }

  depthWithinBps(bps: number): { bidBase: number; askBase: number; bidQuote: number; askQuote: number } {
    const mid = this.mid();
    if (mid === null) return { bidBase: 0, askBase: 0, bidQuote: 0, askQuote: 0 };
    const bid = this.bids.sumWithin(mid * (1 - bps / 1e4));
    const ask = this.asks.sumWithin(mid * (1 + bps / 1e4));
    return { bidBase: bid.base, askBase: ask.base, bidQuote: bid.quote, askQuote: ask.quote };
  }

  isCrossed(): boolean {
    return this.bids.length > 0 && this.asks.length > 0 && this.bids.bestPrice() >= this.asks.bestPrice();
  }

  get size(): { bids: number; asks: number } {
    return { bids: this.bids.length, asks: this.asks.length };
  }
}
