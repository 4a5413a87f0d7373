// Default taker/maker fees per venue: the entry tier (no VIP level, no token discount) of each
// venue's USDT/USD perpetuals, as its public fee page states. An account's real rate can only be
// lower; where a venue's instrument list carries its own rate the loader prefers that.
import type { VenueId } from './venues';

export interface VenueFees {
  /** Fraction of notional: 0.0005 = 0.05 % = 5 bps. */
  takerRate: number;
  makerRate: number;
  /** Where the figure comes from, shown on hover. */
  source: string;
}

export const DEFAULT_FEES: Record<VenueId, VenueFees> = {
  // USDⓈ-M futures, VIP 0 without BNB discount.
  binance: { takerRate: 0.0005, makerRate: 0.0002, source: 'Binance USDⓈ-M futures fee schedule, VIP 0' },
  // Derivatives, non-VIP.
  bybit: { takerRate: 0.00055, makerRate: 0.0002, source: 'Bybit derivatives fee structure, non-VIP' },
  // Futures, LV0.
  kucoin: { takerRate: 0.0006, makerRate: 0.0002, source: 'KuCoin futures fee schedule, LV0' },
  // USDT-M futures, non-VIP.
  bitget: { takerRate: 0.0006, makerRate: 0.0002, source: 'Bitget futures fee schedule, non-VIP' },
  // Futures, LV0 (no market-maker level, no CET discount).
  coinex: { takerRate: 0.0005, makerRate: 0.0003, source: 'CoinEx futures fee schedule, LV0' },
  // "API - Standard" profile: orders this app sends are API orders, not the zero-fee retail UI profile.
  paradex: { takerRate: 0.0002, makerRate: 0.00003, source: 'Paradex perpetual futures fees, API standard profile' },
  // Perps, base tier (no staking or referral discount).
  hyperliquid: { takerRate: 0.00045, makerRate: 0.00015, source: 'Hyperliquid perps fee tiers, base tier' },
};

/** A fee rate as basis points: 0.0005 → 5. */
export function rateToBps(rate: number): number {
  return rate * 10_000;
}
