import { describe, expect, it } from 'vitest';
import { bookFigures } from './book-figures';

describe('bookFigures', () => {
  const long = {
    bids: [
      [99.9, 10],
      [99.8, 10],
    ] as const,
    asks: [
      [100, 5],
      [100.1, 100],
    ] as const,
    multiplier: 1,
  };
  const short = { bids: [[100.2, 100]] as const, asks: [[100.3, 100]] as const, multiplier: 1 };

  it('gives the touch spreads for entry and exit', () => {
    const f = bookFigures(long, short, 100)!;
    // Entry sells the short bid 100.2 against the long ask 100: about +20 bps.
    expect(f.entrySpreadBps).toBeCloseTo(((100.2 - 100) / 100.1) * 10_000, 6);
    // Exit sells the long bid 99.9 against the short ask 100.3: negative.
    expect(f.exitSpreadBps).toBeLessThan(0);
  });

  it('has no slippage inside the first level and some once the size walks the book', () => {
    expect(bookFigures(long, short, 100)!.slippageBps.total).toBeCloseTo(0, 9);
    const big = bookFigures(long, short, 2_000)!;
    expect(big.slippageBps.long).toBeGreaterThan(0);
    expect(big.slippageBps.short).toBeCloseTo(0, 9);
    expect(big.slippageBps.total).toBeCloseTo(big.slippageBps.long!, 9);
    expect(big.depthOk).toBe(true);
  });

  it('flags a notional deeper than the visible books', () => {
    expect(bookFigures(long, short, 1_000_000)!.depthOk).toBe(false);
  });

  it('compares per base unit when a venue quotes a multiple', () => {
    const kLong = { bids: [[99_900, 0.01]] as const, asks: [[100_000, 0.005]] as const, multiplier: 1000 };
    const f = bookFigures(kLong, short, 100)!;
    expect(f.entrySpreadBps).toBeCloseTo(((100.2 - 100) / 100.1) * 10_000, 6);
  });

  it('is null while a side of a book is empty', () => {
    expect(bookFigures({ ...long, asks: [] }, short, 100)).toBeNull();
  });
});
