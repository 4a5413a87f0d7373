import { describe, expect, it } from 'vitest';
import { exactDecimal, parseDecimalText } from './exact-decimal';
import { ODD_DECIMALS, prng, venueDecimal } from './test-support/frame-cases';

/** The decimal text of `digits` with a dot `fractionDigits` from the end (zero-padded in front). */
function withDot(digits: bigint, fractionDigits: number): string {
  const s = digits.toString().padStart(fractionDigits + 1, '0');
  return fractionDigits === 0 ? s : `${s.slice(0, s.length - fractionDigits)}.${s.slice(s.length - fractionDigits)}`;
}

describe('parseDecimalText', () => {
  it('gives the very double Number() gives on edge cases', () => {
    for (const s of [...ODD_DECIMALS, '0.0', '5', '65000.10', '0.001', '\t1', '-', '1-', '1.5.']) {
      expect(Object.is(parseDecimalText(s), Number(s)), JSON.stringify(s)).toBe(true);
    }
  });

  it('gives the very double Number() gives on venue-like decimals', () => {
    const rand = prng(7);
    for (let i = 0; i < 50_000; i++) {
      const s = venueDecimal(rand);
      if (!Object.is(parseDecimalText(s), Number(s))) expect(parseDecimalText(s), s).toBe(Number(s));
    }
  });

  it('rounds as Number() does up to 2^53 − 1 digits and 22 fraction digits, and falls back past them', () => {
    const rand = prng(8);
    const max = BigInt(Number.MAX_SAFE_INTEGER);
    for (let i = 0; i < 50_000; i++) {
      // Full-precision digit strings (16 digits near 2^53, where rounding ties live), and beyond.
      const span = rand() < 0.1 ? max * 1000n : max;
      const digits = (BigInt(Math.floor(rand() * 2 ** 26)) * 2n ** 27n + BigInt(Math.floor(rand() * 2 ** 27))) % span;
      const s = withDot(digits, Math.floor(rand() * 26));
      if (!Object.is(parseDecimalText(s), Number(s))) expect(parseDecimalText(s), s).toBe(Number(s));
    }
  });
});

describe('exactDecimal', () => {
  it('divides exact operands and refuses the others', () => {
    expect(exactDecimal(6500010, 2)).toBe(65000.1);
    expect(exactDecimal(Number.MAX_SAFE_INTEGER, 22)).toBe(Number(withDot(max53(), 22)));
    expect(exactDecimal(Number.MAX_SAFE_INTEGER + 1, 0)).toBeNaN();
    expect(exactDecimal(1, 23)).toBeNaN();
  });
});

function max53(): bigint {
  return BigInt(Number.MAX_SAFE_INTEGER);
}
