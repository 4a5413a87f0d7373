// KuCoin counts book sizes, kline volume and open interest in CONTRACTS. Everything the KuCoin
// module hands out is in BASE units instead (contracts × the contract's `multiplier`: 0.001 BTC per
// XBTUSDTM contract), so a KuCoin book compares with other venues' books directly. This file is the
// one place where that conversion happens.

const placesCache = new Map<number, number>();

/** Decimal places of a finite number as JavaScript prints it: 0.001 → 3, 1e-7 → 7, 10 → 0. */
export function decimalPlaces(x: number): number {
  if (Number.isInteger(x)) return 0;
  const text = String(x);
  const exp = text.indexOf('e-');
  const mantissa = exp >= 0 ? text.slice(0, exp) : text;
  const dot = mantissa.indexOf('.');
  const fraction = dot >= 0 ? mantissa.length - dot - 1 : 0;
  return exp >= 0 ? fraction + Number(text.slice(exp + 2)) : fraction;
}

function multiplierPlaces(multiplier: number): number {
  let places = placesCache.get(multiplier);
  if (places === undefined) {
    places = decimalPlaces(multiplier);
    placesCache.set(multiplier, places);
  }
  return places;
}

/**
 * Contracts → base units. The product is rounded to the decimals the two factors can produce, so
 * 3 × 0.1 is 0.3 (not 0.30000000000000004) and equals `Number("0.3")`: the same value a venue that
 * prints base sizes would give, which keeps books comparable level by level.
 */
export function contractsToBase(contracts: number, multiplier: number): number {
  const product = contracts * multiplier;
  const places = multiplierPlaces(multiplier) + decimalPlaces(contracts);
  if (places === 0 || places > 15) return product;
  const scale = 10 ** places;
  return Math.round(product * scale) / scale;
}
