// Hyperliquid's price and size steps. The venue publishes no tick size: a perp price may have at
// most 5 significant figures and at most 6 − szDecimals decimals, and an integer price is always
// allowed. So the tick is a function of the price level, and sizes step by 10^-szDecimals.
import { HYPERLIQUID_PERP_MAX_PRICE_DECIMALS, HYPERLIQUID_PRICE_SIG_FIGS } from './constants';

/** 10^-decimals, parsed from text so that 1e-6 is the double nearest to 0.000001, not 10 ** -6. */
function step(decimals: number): number {
  return Number(`1e-${decimals}`);
}

/** floor(log10(price)), corrected where the floating-point logarithm lands on the wrong side of a power of ten. */
function magnitude(price: number): number {
  let m = Math.floor(Math.log10(price));
  if (Number(`1e${m}`) > price) m--;
  else if (Number(`1e${m + 1}`) <= price) m++;
  return m;
}

/** Lot size of a perp: sizes are rounded to szDecimals decimals. */
export function hyperliquidLotSize(szDecimals: number): number {
  return step(szDecimals);
}

/**
 * Tick size of a perp at `price`: the coarser of two limits.
 * 5 significant figures allow 4 − magnitude decimals (95000 → 0, 3300 → 1, 0.0105 → 6); the
 * decimals cap is 6 − szDecimals; and because integers are always valid the tick never exceeds 1
 * (BTC at 123456 still ticks by 1). The tick changes when the price crosses a power of ten, so
 * an instrument's tick is only valid near the price it was derived from. Without a price (≤ 0),
 * the decimals cap alone is returned.
 */
export function hyperliquidTickSize(price: number, szDecimals: number): number {
  const maxDecimals = Math.max(0, HYPERLIQUID_PERP_MAX_PRICE_DECIMALS - szDecimals);
  if (!(price > 0) || !Number.isFinite(price)) return step(maxDecimals);
  const sigDecimals = HYPERLIQUID_PRICE_SIG_FIGS - 1 - magnitude(price);
  const decimals = Math.min(maxDecimals, sigDecimals);
  return decimals <= 0 ? 1 : step(decimals);
}
