import { describe, expect, it } from 'vitest';
import { applyMid, INTERVAL_MS, isKlineRows, toBars } from './candles';

describe('toBars', () => {
  it('converts ms to seconds and prices per base unit, dropping repeats', () => {
    const rows = [
      { t: 60_000, o: 10, h: 12, l: 9, c: 11, v: 1 },
      { t: 60_000, o: 10, h: 12, l: 9, c: 11, v: 1 },
      { t: 120_000, o: 11, h: 13, l: 10, c: 12, v: 2 },
    ];
    expect(toBars(rows, 1000)).toEqual([
      { time: 60, open: 0.01, high: 0.012, low: 0.009, close: 0.011 },
      { time: 120, open: 0.011, high: 0.013, low: 0.01, close: 0.012 },
    ]);
  });

  it('checks the endpoint shape', () => {
    expect(isKlineRows([{ t: 1, o: 1, h: 1, l: 1, c: 1, v: 1 }])).toBe(true);
    expect(isKlineRows([])).toBe(true);
    expect(isKlineRows({ detail: 'x' })).toBe(false);
    expect(isKlineRows([{ t: '1' }])).toBe(false);
  });
});

describe('applyMid', () => {
  const bar = { time: 3600, open: 100, high: 105, low: 99, close: 101 };
  const hour = INTERVAL_MS['1h'];

  it('moves the close, high and low inside the interval', () => {
    expect(applyMid(bar, 106, 3_600_000 + 10_000, hour)).toEqual({ ...bar, high: 106, close: 106 });
    expect(applyMid(bar, 98, 3_600_000 + 10_000, hour)).toEqual({ ...bar, low: 98, close: 98 });
  });

  it('opens a new bar in the next interval', () => {
    expect(applyMid(bar, 102, 7_200_000 + 1, hour)).toEqual({ time: 7200, open: 102, high: 102, low: 102, close: 102 });
  });

  it('leaves bars alone without a bar, a mid, or when the clock is behind', () => {
    expect(applyMid(null, 1, 0, hour)).toBeNull();
    expect(applyMid(bar, 0, 3_600_000, hour)).toBeNull();
    expect(applyMid(bar, 100, 1000, hour)).toBeNull();
  });
});
