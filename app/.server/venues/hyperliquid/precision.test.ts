import { describe, expect, it } from 'vitest';
import rest from './fixtures/rest-info.json';
import { hyperliquidLotSize, hyperliquidTickSize } from './precision';

/** Is `price` a whole number of ticks (to float tolerance)? */
function onTick(price: number, tick: number): boolean {
  const n = price / tick;
  return Math.abs(n - Math.round(n)) < 1e-6;
}

describe('hyperliquidTickSize', () => {
  it('follows the documented perp examples', () => {
    // "1234.5 is valid but 1234.56 is not (too many significant figures)".
    expect(hyperliquidTickSize(1234.5, 0)).toBe(0.1);
    // "0.001234 is valid, but 0.0012345 is not (more than 6 decimal places)".
    expect(hyperliquidTickSize(0.001234, 0)).toBe(0.000001);
    // "If szDecimals = 1, 0.01234 is valid but 0.012345 is not (more than 6 - szDecimals decimal places)".
    expect(hyperliquidTickSize(0.01234, 1)).toBe(0.00001);
  });

  it('never exceeds 1, because integer prices are always allowed', () => {
    expect(hyperliquidTickSize(85634, 5)).toBe(1);
    expect(hyperliquidTickSize(123456, 5)).toBe(1);
    expect(hyperliquidTickSize(9500, 5)).toBe(0.1);
  });

  it('changes exactly at powers of ten', () => {
    expect(hyperliquidTickSize(999.99, 0)).toBe(0.01);
    expect(hyperliquidTickSize(1000, 0)).toBe(0.1);
    expect(hyperliquidTickSize(0.1, 0)).toBe(0.00001);
    expect(hyperliquidTickSize(0.09999, 0)).toBe(0.000001);
  });

  it('falls back to the decimals cap without a price', () => {
    expect(hyperliquidTickSize(0, 2)).toBe(0.0001);
    expect(hyperliquidTickSize(Number.NaN, 6)).toBe(1);
  });

  it('puts every level of the recorded DYDX book on its tick (szDecimals 1 from the recorded meta)', () => {
    const dydx = rest.metaRest.response.universe.find((u) => u.name === 'DYDX')!;
    const [bids, asks] = rest.bookRest.response.levels;
    const levels = [...bids!, ...asks!];
    const tick = hyperliquidTickSize(Number(levels[0]!.px), dydx.szDecimals);
    expect(tick).toBe(0.0001);
    for (const l of levels) {
      expect(onTick(Number(l.px), tick), l.px).toBe(true);
      expect(onTick(Number(l.sz), hyperliquidLotSize(dydx.szDecimals)), l.sz).toBe(true);
    }
  });
});

describe('hyperliquidLotSize', () => {
  it('is 10^-szDecimals', () => {
    expect(hyperliquidLotSize(5)).toBe(0.00001);
    expect(hyperliquidLotSize(2)).toBe(0.01);
    expect(hyperliquidLotSize(0)).toBe(1);
  });
});
