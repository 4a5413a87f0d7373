import { describe, expect, it } from 'vitest';
import {
  decimalsForValues,
  decimalsOf,
  formatBps,
  formatCount,
  formatDuration,
  formatLocalTime,
  formatPercent,
  formatPrice,
  formatQuote,
  formatSize,
  formatUtc,
  priceDecimals,
} from './format';

describe('decimals', () => {
  it('counts the places a value needs', () => {
    expect(decimalsOf(0.1)).toBe(1);
    expect(decimalsOf(0.25)).toBe(2);
    expect(decimalsOf(0.0000001)).toBe(7);
    expect(decimalsOf(1e-10)).toBe(10);
    expect(decimalsOf(5)).toBe(0);
    expect(decimalsOf(95012.3)).toBe(1);
    expect(decimalsOf(0)).toBe(0);
    expect(decimalsOf(Number.NaN)).toBe(0);
  });

  it('ignores float noise', () => {
    expect(decimalsOf(0.1 + 0.2)).toBe(1);
    expect(decimalsOf(0.0105 / 1000)).toBe(7);
  });

  it('derives per-base-unit decimals from tick and multiplier', () => {
    expect(priceDecimals(0.1)).toBe(1);
    expect(priceDecimals(0.0000001, 1000)).toBe(10);
  });

  it('takes the finest value of a list, capped', () => {
    expect(decimalsForValues([95000, 95000.1, 95000.25])).toBe(2);
    expect(decimalsForValues([])).toBe(0);
    expect(decimalsForValues([1e-15], 8)).toBe(8);
  });
});

describe('numbers', () => {
  it('formats prices to fixed decimals with separators', () => {
    expect(formatPrice(95012.3, 1)).toBe('95,012.3');
    expect(formatPrice(95012.3, 2)).toBe('95,012.30');
    expect(formatPrice(0.0000105, 10)).toBe('0.0000105000');
    expect(formatPrice(null, 2)).toBe('—');
    expect(formatPrice(Number.POSITIVE_INFINITY, 2)).toBe('—');
  });

  it('formats sizes, compact from a million', () => {
    expect(formatSize(0.123, 3)).toBe('0.123');
    expect(formatSize(12_345.6, 1)).toBe('12,345.6');
    expect(formatSize(1_234_567, 0)).toBe('1.23M');
    expect(formatSize(2_500_000_000, 0)).toBe('2.50B');
    expect(formatSize(undefined, 0)).toBe('—');
  });

  it('formats bps with a sign and no negative zero', () => {
    expect(formatBps(1.234)).toBe('+1.23 bps');
    expect(formatBps(-0.5)).toBe('-0.50 bps');
    expect(formatBps(-0.001)).toBe('0.00 bps');
    expect(formatBps(0)).toBe('0.00 bps');
    expect(formatBps(12.345, 1)).toBe('+12.3 bps');
    expect(formatBps(null)).toBe('—');
  });

  it('formats percentages, quote amounts and counts', () => {
    expect(formatPercent(0.0005)).toBe('0.050%');
    expect(formatQuote(1234.5)).toBe('1,234.50 USDT');
    expect(formatQuote(2_000_000, 'USDC')).toBe('2.00M USDC');
    expect(formatCount(1234)).toBe('1,234');
  });
});

describe('times', () => {
  it('formats durations', () => {
    expect(formatDuration(400)).toBe('0.4 s');
    expect(formatDuration(12_500)).toBe('12 s');
    expect(formatDuration(180_000)).toBe('3 min');
    expect(formatDuration(7_200_000)).toBe('2 h');
    expect(formatDuration(3 * 86_400_000)).toBe('3 d');
    expect(formatDuration(-5)).toBe('0.0 s');
    expect(formatDuration(null)).toBe('—');
  });

  it('formats UTC and local times', () => {
    const t = Date.UTC(2025, 0, 31, 14, 5, 9);
    expect(formatUtc(t)).toBe('2025-01-31 14:05:09 UTC');
    expect(formatLocalTime(t, { locale: 'en-GB', timeZone: 'UTC' })).toBe('14:05:09');
    expect(formatLocalTime(t, { locale: 'en-GB', timeZone: 'Asia/Tokyo' })).toBe('23:05:09');
    expect(formatLocalTime(t, { locale: 'en-GB', timeZone: 'UTC', withDate: true })).toContain('2025');
  });
});
