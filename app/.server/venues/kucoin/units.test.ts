import { describe, expect, it } from 'vitest';
import { contractsToBase, decimalPlaces } from './units';

describe('decimalPlaces', () => {
  it('counts the decimals JavaScript prints, exponent notation included', () => {
    expect(decimalPlaces(0.001)).toBe(3);
    expect(decimalPlaces(0.1)).toBe(1);
    expect(decimalPlaces(10)).toBe(0);
    expect(decimalPlaces(1e-7)).toBe(7);
    expect(decimalPlaces(2.5e-8)).toBe(9);
    expect(decimalPlaces(123.456)).toBe(3);
  });
});

describe('contractsToBase', () => {
  it('multiplies contracts by the contract multiplier (XBTUSDTM: 0.001 BTC per contract)', () => {
    expect(contractsToBase(4374, 0.001)).toBe(4.374);
    expect(contractsToBase(25596, 0.001)).toBe(25.596);
    expect(contractsToBase(0, 0.001)).toBe(0);
    expect(contractsToBase(3, 100)).toBe(300);
  });

  it('gives the same double a venue printing base sizes would, not a float product', () => {
    expect(3 * 0.1).not.toBe(0.3);
    expect(contractsToBase(3, 0.1)).toBe(0.3);
    expect(contractsToBase(7, 0.01)).toBe(Number('0.07'));
    for (let contracts = 0; contracts < 5000; contracts += 7) {
      expect(contractsToBase(contracts, 0.001)).toBe(Number((contracts / 1000).toFixed(3)));
    }
  });

  it('keeps fractional contract counts exact too', () => {
    expect(contractsToBase(1.5, 0.1)).toBe(0.15);
    expect(contractsToBase(2.25, 10)).toBe(22.5);
  });
});
