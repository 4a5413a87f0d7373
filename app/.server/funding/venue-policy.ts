// What the funding pipeline needs to know per venue beyond its protocol module: how funding
// accrues, how hard we may call it, and the fee defaults used when its instrument list has none.
import { DEFAULT_FEES } from '~/lib/fees';
import type { VenueId } from '~/lib/venues';

/**
 * Venues where funding accrues continuously (Paradex): their history endpoint returns samples of
 * the accruing rate, which we keep hourly; elsewhere it returns discrete settlements.
 */
export const CONTINUOUS_FUNDING_VENUES: ReadonlySet<VenueId> = new Set<VenueId>(['paradex']);

export function isContinuousVenue(venue: VenueId): boolean {
  return CONTINUOUS_FUNDING_VENUES.has(venue);
}

/**
 * Rows asked for per history call. Every venue client honours `limit` up to at least this (Bybit's
 * cap, 200, is the smallest), so a full answer reliably means "there may be more".
 */
export const HISTORY_ROWS_PER_CALL = 200;

export interface RateBudget {
  /** Sustained requests per second from this process. */
  perSecond: number;
  /** Requests that may go at once after a quiet spell. */
  burst: number;
}

/**
 * Our share of each venue's public REST limit (PROTOCOLS.md), well under it because the book
 * snapshots and the candle proxy call the same hosts:
 * - Binance: fundingRate shares 500 requests / 5 min / IP with fundingInfo → 1 /s.
 * - Bybit: 600 / 5 s / IP → 5 /s.   - KuCoin: public weight pool of 2000 / 30 s → 3 /s.
 * - Bitget: history-fund-rate 20 /s / IP → 5 /s.   - CoinEx: 400 / s public, per endpoint 10 /s → 5 /s.
 * - Paradex: 1500 / min / IP → 10 /s.   - Hyperliquid: 1200 weight / min, fundingHistory weighs 20+ → 0.75 /s.
 */
export const VENUE_RATE_BUDGETS: Record<VenueId, RateBudget> = {
  binance: { perSecond: 1, burst: 5 },
  bybit: { perSecond: 5, burst: 10 },
  kucoin: { perSecond: 3, burst: 6 },
  bitget: { perSecond: 5, burst: 10 },
  coinex: { perSecond: 5, burst: 10 },
  paradex: { perSecond: 10, burst: 20 },
  hyperliquid: { perSecond: 0.75, burst: 3 },
};

/** CoinGecko's public API allows roughly 10–30 calls a minute without a key. */
export const COINGECKO_RATE_BUDGET: RateBudget = { perSecond: 0.2, burst: 2 };

/** A simulator or other service on this machine: no venue to protect, only the CPU. */
export const LOCAL_RATE_BUDGET: RateBudget = { perSecond: 100, burst: 50 };

export interface FeeRates {
  takerFeeRate: number;
  makerFeeRate: number;
  /** `venue` when the instrument list states the fee, `default` from app/lib/fees.ts. */
  source: 'venue' | 'default';
}

/** The instrument's fees where the venue lists them, else the venue's entry-tier default. */
export function feeRates(
  venue: VenueId,
  listed: { takerFeeRate?: number | null; makerFeeRate?: number | null },
): FeeRates {
  const d = DEFAULT_FEES[venue];
  const taker = finiteOrNull(listed.takerFeeRate);
  const maker = finiteOrNull(listed.makerFeeRate);
  return {
    takerFeeRate: taker ?? d.takerRate,
    makerFeeRate: maker ?? d.makerRate,
    source: taker !== null ? 'venue' : 'default',
  };
}

function finiteOrNull(x: number | null | undefined): number | null {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : null;
}

/** True for http(s) URLs on this machine (simulators, tests), where venue rate limits do not apply. */
export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host);
  } catch {
    return false;
  }
}
