import { describe, expect, it } from 'vitest';
import {
  aprPct,
  assetIdentity,
  hourlySamples,
  inferSettlementIntervals,
  isOutlierApr,
  normaliseRate,
  perUnitPrice,
  ratePer8h,
  ratePerHour,
  settlementsPerDay,
} from './normalise';
import { averageAprPct, averagingWindowHours } from './periods';

const H = 3_600_000;

describe('rate normalisation', () => {
  // 0.01 % per interval on 8 h, 4 h and 1 h contracts, worked by hand.
  it.each([
    [8, 0.0000125, 0.0001, 10.95, 3],
    [4, 0.000025, 0.0002, 21.9, 6],
    [1, 0.0001, 0.0008, 87.6, 24],
  ])('%i h contract: per hour, per 8 h, APR and settlements per day', (hours, perHour, per8h, apr, perDay) => {
    expect(ratePerHour(0.0001, hours)).toBeCloseTo(perHour, 12);
    expect(ratePer8h(0.0001, hours)).toBeCloseTo(per8h, 12);
    expect(aprPct(0.0001, hours)).toBeCloseTo(apr, 9);
    expect(settlementsPerDay(hours)).toBe(perDay);
    expect(normaliseRate(0.0001, hours)).toEqual({
      ratePerHour: ratePerHour(0.0001, hours),
      ratePer8h: ratePer8h(0.0001, hours),
      aprPct: aprPct(0.0001, hours),
    });
  });

  it('keeps the sign: negative funding is a negative APR', () => {
    expect(aprPct(-0.00025, 8)).toBeCloseTo(-27.375, 9);
  });

  it('refuses intervals that are not positive', () => {
    expect(() => aprPct(0.0001, 0)).toThrow(RangeError);
    expect(() => settlementsPerDay(-4)).toThrow(RangeError);
  });

  it('flags |APR| over 2000 % as an outlier, in either direction', () => {
    expect(isOutlierApr(2000)).toBe(false);
    expect(isOutlierApr(2000.01)).toBe(true);
    expect(isOutlierApr(-2500)).toBe(true);
    // 2 % per 4 h (a capped small cap) is 4380 % a year: stored, flagged.
    expect(isOutlierApr(aprPct(0.02, 4))).toBe(true);
  });
});

describe('asset identity and per-unit prices', () => {
  it('puts 1000PEPEUSDT (Binance) and kPEPE (Hyperliquid) on one PEPE asset with multiplier 1000', () => {
    expect(assetIdentity('binance', '1000PEPEUSDT', { baseAsset: '1000PEPE', quoteAsset: 'USDT' })).toEqual({
      asset: 'PEPE',
      multiplier: 1000,
      quoteAsset: 'USDT',
    });
    expect(assetIdentity('hyperliquid', 'kPEPE')).toEqual({ asset: 'PEPE', multiplier: 1000, quoteAsset: 'USDC' });
    expect(assetIdentity('kucoin', 'XBTUSDTM')?.asset).toBe('BTC');
    expect(assetIdentity('bitget', 'PEPEUSDT')).toEqual({ asset: 'PEPE', multiplier: 1, quoteAsset: 'USDT' });
    // KAITO is a ticker, not ×1000 AITO.
    expect(assetIdentity('hyperliquid', 'KAITO')).toEqual({ asset: 'KAITO', multiplier: 1, quoteAsset: 'USDC' });
    expect(assetIdentity('hyperliquid', '@107')).toBeNull();
  });

  it('prices one base unit whatever unit the venue quotes', () => {
    expect(perUnitPrice(0.0105, 1000)).toBeCloseTo(0.0000105, 15);
    expect(perUnitPrice(0.00001049, 1)).toBeCloseTo(0.00001049, 15);
    expect(perUnitPrice(null, 1000)).toBeNull();
    expect(perUnitPrice(5, 0)).toBeNull();
  });
});

describe('settlement intervals of history rows', () => {
  const at = (hours: number[]) => hours.map((h) => h * H);

  it('uses the gaps where a regime lasts: 8 h rows before a switch to 4 h', () => {
    expect(inferSettlementIntervals(at([0, 8, 16, 24, 28, 32, 36]), 4)).toEqual([8, 8, 8, 8, 4, 4, 4]);
  });

  it('takes a lone double gap for a missing row, not an interval change', () => {
    expect(inferSettlementIntervals(at([0, 4, 8, 16, 20, 24]), 4)).toEqual([4, 4, 4, 4, 4, 4]);
  });

  it('reads Hyperliquid-style jitter (a few ms late) as whole hours', () => {
    const times = [0, 8 * H + 57, 16 * H + 9, 24 * H + 31];
    expect(inferSettlementIntervals(times, 1)).toEqual([8, 8, 8, 8]);
  });

  it('continues from the newest stored settlement', () => {
    expect(inferSettlementIntervals(at([9, 10]), 1, 8 * H)).toEqual([1, 1]);
    expect(inferSettlementIntervals(at([16]), 8, 8 * H)).toEqual([8]);
    // One row, nothing before it: the current interval.
    expect(inferSettlementIntervals(at([16]), 4)).toEqual([4]);
  });

  it('never returns odd gaps (a venue outage) as intervals', () => {
    expect(inferSettlementIntervals(at([0, 5, 10, 15]), 8)).toEqual([8, 8, 8, 8]);
  });
});

describe('hourly samples of continuous funding', () => {
  it('keeps the first sample of each UTC hour, stamped at the hour', () => {
    const rows = [0, 5, 55, 60, 65, 180].map((m) => ({ fundingTime: m * 60_000, rate: m }));
    expect(hourlySamples(rows)).toEqual([
      { fundingTime: 0, rate: 0 },
      { fundingTime: H, rate: 60 },
      { fundingTime: 3 * H, rate: 180 },
    ]);
  });
});

describe('period averages', () => {
  it('is the plain mean of the rows APRs when the interval is constant', () => {
    // Two 8 h settlements of 0.01 % and 0.03 %: APRs 10.95 % and 32.85 %, mean 21.9 %.
    expect(averageAprPct({ sumRate: 0.0004, sumIntervalHours: 16, rows: 2 })).toBeCloseTo(21.9, 9);
  });

  it('weights rows by the time they covered when the interval changed', () => {
    // One 8 h row at 0.08 % (87.6 % APR), then eight 1 h rows at 0.005 % (43.8 % APR each):
    // 16 hours paid 0.12 % in all → 65.7 % APR (a plain mean of the nine APRs would say 48.67 %).
    expect(averageAprPct({ sumRate: 0.0008 + 8 * 0.00005, sumIntervalHours: 16, rows: 9 })).toBeCloseTo(65.7, 9);
  });

  it('has no average without rows', () => {
    expect(averageAprPct({ sumRate: 0, sumIntervalHours: 0, rows: 0 })).toBeNull();
    expect(averageAprPct(null)).toBeNull();
  });

  it('looks back at least one interval (the 1 h average of an 8 h contract is its last settlement)', () => {
    expect(averagingWindowHours('1h', 8, false)).toBe(8);
    expect(averagingWindowHours('1h', 1, false)).toBe(1);
    expect(averagingWindowHours('1d', 8, false)).toBe(24);
    expect(averagingWindowHours('1h', 8, true)).toBe(1);
  });
});
