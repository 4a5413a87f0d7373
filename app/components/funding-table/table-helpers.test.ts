import { describe, expect, it } from 'vitest';
import { legForVenue, shownApr } from './leg-apr';
import { spreadHistory } from './spread-history';
import { reuseUnchanged } from './stable-rows';
import { throttleDelayMs } from './throttle';
import type { TableLeg } from './table-types';

const leg = (over: Partial<TableLeg>): TableLeg => ({
  exchange: 'binance',
  symbol: 'BTCUSDT',
  multiplier: 1,
  live_apr: 10,
  hist_apr: 8,
  rate: 0.0001,
  predicted_rate: null,
  interval_h: 8,
  continuous: false,
  next_funding_time: null,
  price: 100,
  updated_at: '2026-01-01T00:00:00.000Z',
  stale: false,
  ...over,
});

describe('shownApr', () => {
  it('shows the average, the live rate in live mode, and live while there is no history', () => {
    expect(shownApr(leg({}), 'avg')).toEqual({ aprPct: 8, source: 'hist' });
    expect(shownApr(leg({}), 'live')).toEqual({ aprPct: 10, source: 'live' });
    expect(shownApr(leg({ hist_apr: null }), 'avg')).toEqual({ aprPct: 10, source: 'live' });
  });
  it('picks the first contract of a venue and counts the rest', () => {
    const legs = [
      leg({}),
      leg({ exchange: 'hyperliquid', symbol: 'PEPE' }),
      leg({ exchange: 'hyperliquid', symbol: 'kPEPE' }),
    ];
    expect(legForVenue(legs, 'hyperliquid')).toEqual({ leg: legs[1], others: 1 });
    expect(legForVenue(legs, 'bybit')).toEqual({ leg: null, others: 0 });
  });
});

describe('spreadHistory', () => {
  it('takes max − min per bucket where two or more venues have a value', () => {
    expect(
      spreadHistory([
        [1, 2, null, 4],
        [3, null, 5, -4],
        [2, 7, null, 0],
      ]),
    ).toEqual([2, 5, null, 8]);
  });
  it('aligns series of different lengths at their newest end', () => {
    expect(spreadHistory([[1, 2, 3], [10]])).toEqual([null, null, 7]);
    expect(spreadHistory([])).toEqual([]);
  });
});

describe('reuseUnchanged', () => {
  it('keeps the previous object for unchanged rows and takes new ones for changed rows', () => {
    const a1 = { id: 'a', v: 1 };
    const b1 = { id: 'b', v: 1 };
    const first = reuseUnchanged(new Map(), [a1, b1], (r) => r.id);
    const a2 = { id: 'a', v: 1 };
    const b2 = { id: 'b', v: 2 };
    const c2 = { id: 'c', v: 0 };
    const second = reuseUnchanged(first.cache, [b2, a2, c2], (r) => r.id);
    expect(second.rows[1]).toBe(a1);
    expect(second.rows[0]).toBe(b2);
    expect(second.rows[2]).toBe(c2);
    expect([...second.cache.keys()]).toEqual(['b', 'a', 'c']);
  });
});

describe('throttleDelayMs', () => {
  it('runs at once the first time and when the last run is old enough, else waits out the rest', () => {
    expect(throttleDelayMs(null, 5_000, 2_000)).toBe(0);
    expect(throttleDelayMs(1_000, 5_000, 2_000)).toBe(0);
    expect(throttleDelayMs(4_500, 5_000, 2_000)).toBe(1_500);
  });
});
