import { describe, expect, it } from 'vitest';
import {
  aprBackground,
  aprTextColor,
  aprTone,
  formatAprPct,
  formatCountdown,
  formatIntervalHours,
  formatRatePct,
  formatUnitPrice,
  formatUsdCompact,
  isStale,
} from './funding-format';

describe('formatAprPct', () => {
  it('signs and rounds', () => {
    expect(formatAprPct(12.345)).toBe('+12.35%');
    expect(formatAprPct(-3.4)).toBe('-3.40%');
    expect(formatAprPct(1234.5, 1)).toBe('+1,234.5%');
  });
  it('never prints a negative zero', () => {
    expect(formatAprPct(-0.004)).toBe('0.00%');
  });
  it('dashes missing values', () => {
    expect(formatAprPct(null)).toBe('—');
    expect(formatAprPct(Number.NaN)).toBe('—');
  });
});

describe('formatRatePct / formatIntervalHours / formatUsdCompact / formatUnitPrice', () => {
  it('shows a raw rate as a percentage with five places', () => {
    expect(formatRatePct(0.0000746)).toBe('+0.00746%');
    expect(formatRatePct(-0.0001)).toBe('-0.01000%');
    expect(formatRatePct(null)).toBe('—');
  });
  it('names intervals', () => {
    expect(formatIntervalHours(8)).toBe('8h');
    expect(formatIntervalHours(0.5)).toBe('30m');
    expect(formatIntervalHours(1, true)).toBe('1h (continuous)');
    expect(formatIntervalHours(0)).toBe('—');
  });
  it('compacts USD amounts', () => {
    expect(formatUsdCompact(1_598_240_000)).toBe('$1.60B');
    expect(formatUsdCompact(1.88e12)).toBe('$1.88T');
    expect(formatUsdCompact(950)).toBe('$950');
    expect(formatUsdCompact(-2_500_000)).toBe('-$2.50M');
    expect(formatUsdCompact(null)).toBe('—');
  });
  it('gives small prices enough places', () => {
    expect(formatUnitPrice(94934.937)).toBe('94,934.94');
    expect(formatUnitPrice(1.38572)).toBe('1.3857');
    expect(formatUnitPrice(0.0000123456)).toBe('0.00001235');
    expect(formatUnitPrice(0.5)).toBe('0.5000');
  });
});

describe('formatCountdown', () => {
  it('counts hours, minutes and seconds under a day', () => {
    expect(formatCountdown(7 * 3_600_000 + 59 * 60_000 + 3_000)).toBe('07:59:03');
    expect(formatCountdown(61_000)).toBe('00:01:01');
    expect(formatCountdown(999)).toBe('00:00:00');
  });
  it('switches to days and hours beyond a day', () => {
    expect(formatCountdown(86_400_000 + 7 * 3_600_000 + 5_000)).toBe('1d 07h');
  });
  it('says now once due and dashes unknown times', () => {
    expect(formatCountdown(0)).toBe('now');
    expect(formatCountdown(-5_000)).toBe('now');
    expect(formatCountdown(null)).toBe('—');
  });
});

describe('APR colour scale', () => {
  it('is green for positive, red for negative, neutral near zero', () => {
    expect(aprTone(10).sign).toBe('pos');
    expect(aprTone(-10).sign).toBe('neg');
    expect(aprTone(0.001)).toEqual({ sign: 'zero', intensity: 0 });
    expect(aprTone(null)).toEqual({ sign: 'zero', intensity: 0 });
    expect(aprTextColor(5)).toBe('teal');
    expect(aprTextColor(-5)).toBe('red');
    expect(aprTextColor(0)).toBe('dimmed');
  });
  it('grows with magnitude and saturates at the cap', () => {
    const small = aprTone(2).intensity;
    const mid = aprTone(20).intensity;
    expect(small).toBeGreaterThan(0);
    expect(mid).toBeGreaterThan(small);
    expect(aprTone(50).intensity).toBe(1);
    expect(aprTone(500).intensity).toBe(1);
    // Symmetric: the sign picks the hue, not the strength.
    expect(aprTone(-20).intensity).toBe(mid);
  });
  it('turns into a translucent background', () => {
    expect(aprBackground(0)).toBeUndefined();
    expect(aprBackground(50)).toBe('rgba(18, 184, 134, 0.4)');
    expect(aprBackground(-500)).toBe('rgba(250, 82, 82, 0.4)');
    const faint = aprBackground(0.5)!;
    expect(Number(/, ([\d.]+)\)$/.exec(faint)![1])).toBeLessThan(0.15);
  });
});

describe('isStale', () => {
  it('flags data that missed its refresh, not data that is merely a refresh old', () => {
    const now = 1_000_000_000;
    expect(isStale(now - 60_000, now, 60_000)).toBe(false);
    expect(isStale(now - 149_000, now, 60_000)).toBe(false);
    expect(isStale(now - 151_000, now, 60_000)).toBe(true);
    expect(isStale(null, now, 60_000)).toBe(false);
  });
});
