import { describe, expect, it } from 'vitest';
import { pairBookMetrics, slippageBps, walkBook } from './book-metrics';

describe('walking a book', () => {
  it('fills a notional across levels and reports the volume-weighted price', () => {
    // 150 USDT: 100 at 100 (1 unit), 50 at 101 (0.49505 units) → 150 / 1.49505 = 100.3311.
    const r = walkBook(
      [
        [100, 1],
        [101, 2],
      ],
      150,
    );
    expect(r.complete).toBe(true);
    expect(r.filledQuote).toBeCloseTo(150, 9);
    expect(r.vwap).toBeCloseTo(150 / (1 + 50 / 101), 9);
    expect(slippageBps('buy', 100, r.vwap)).toBeCloseTo(((150 / (1 + 50 / 101) - 100) / 100) * 1e4, 9);
  });

  it('says when the book is too thin', () => {
    const r = walkBook([[100, 1]], 1000);
    expect(r).toEqual({ vwap: 100, filledQuote: 100, complete: false });
    expect(walkBook([], 10)).toEqual({ vwap: null, filledQuote: 0, complete: false });
  });

  it('measures sell slippage below the bid', () => {
    expect(slippageBps('sell', 100, 99.5)).toBeCloseTo(50, 9);
    expect(slippageBps('sell', 100, null)).toBeNull();
  });
});

describe('pair book metrics', () => {
  it('entry buys the long ask and sells the short bid; exit the reverse; basis between the mids', () => {
    const m = pairBookMetrics(
      {
        bids: [[99.9, 5]],
        asks: [
          [100, 1],
          [101, 2],
        ],
        multiplier: 1,
      },
      { bids: [[100.5, 10]], asks: [[100.6, 10]], multiplier: 1 },
      150,
    )!;
    // Mids 99.95 and 100.55, average 100.25.
    expect(m.entry_spread_bps).toBeCloseTo(((100 - 100.5) / 100.25) * 1e4, 2);
    expect(m.exit_spread_bps).toBeCloseTo(((100.6 - 99.9) / 100.25) * 1e4, 2);
    expect(m.basis_bps).toBeCloseTo(((100.55 - 99.95) / 99.95) * 1e4, 2);
    expect(m.slippage_bps.short).toBe(0);
    expect(m.slippage_bps.long).toBeCloseTo(33.11, 2);
    expect(m.depth_ok).toBe(true);
  });

  it('compares 1000PEPE books with unmultiplied PEPE books per base unit', () => {
    const m = pairBookMetrics(
      { bids: [[0.01049, 1e6]], asks: [[0.0105, 1e6]], multiplier: 1000 },
      { bids: [[0.00001051, 1e9]], asks: [[0.00001052, 1e9]], multiplier: 1 },
      1000,
    )!;
    // Long mid 0.000010495 per PEPE, short mid 0.000010515: +19.06 bps.
    expect(m.basis_bps).toBeCloseTo(((0.000010515 - 0.000010495) / 0.000010495) * 1e4, 2);
    expect(Math.abs(m.entry_spread_bps)).toBeLessThan(20);
  });

  it('needs both sides of both books', () => {
    expect(
      pairBookMetrics(
        { bids: [], asks: [[1, 1]], multiplier: 1 },
        { bids: [[1, 1]], asks: [[1, 1]], multiplier: 1 },
        1,
      ),
    ).toBeNull();
  });
});
