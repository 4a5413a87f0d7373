// Decimal text → the very double `Number(text)` gives, on the fast path venue prices and sizes
// take. Pure.
//
// Why it is exact: while the digits read as an integer stay ≤ 2^53 − 1 they are an exact double,
// and so is 10^k for k ≤ 22. IEEE division rounds the exact quotient digits / 10^k to nearest,
// ties to even, and that quotient is the decimal's value, so the result is the correctly rounded
// double, which is what Number() returns. Outside those bounds we ask Number() itself.

/** 10^0 … 10^22, each an exact double (read from text, so no `**` rounding can creep in). */
const POW10: readonly number[] = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** Largest number of fraction digits whose power of ten is an exact double. */
const MAX_EXACT_FRACTION_DIGITS = POW10.length - 1;

/**
 * `digits / 10^fractionDigits` when both are exact doubles (then it is the correctly rounded value
 * of the decimal); NaN when they are not, and the caller must fall back to Number() on the text.
 * `digits` is the integer of all the decimal's digits, accumulated as `digits * 10 + d`: once it
 * passes 2^53 it stays above, so a rounded accumulation is always caught here.
 */
export function exactDecimal(digits: number, fractionDigits: number): number {
  if (digits > Number.MAX_SAFE_INTEGER || fractionDigits > MAX_EXACT_FRACTION_DIGITS) return Number.NaN;
  return digits / POW10[fractionDigits]!;
}

/**
 * `Number(text)` for every input, about twice as fast on plain decimals (`65000.10`, `0.001`,
 * `1.`, `.5`): digits with at most one dot. Anything else (signs, exponents, spaces, hex, '',
 * '.') goes to Number().
 */
export function parseDecimalText(text: string): number {
  const n = text.length;
  let digits = 0;
  let dot = -1;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits = digits * 10 + (c - 48);
    else if (c === 46 && dot < 0) dot = i;
    else return Number(text);
  }
  // '' is 0 and '.' is NaN to Number(); neither has a digit.
  if (n - (dot < 0 ? 0 : 1) === 0) return Number(text);
  const value = exactDecimal(digits, dot < 0 ? 0 : n - dot - 1);
  return value === value ? value : Number(text);
}
