// Ranking delta-neutral pairs: long the perpetual where funding is lowest, short it where it is
// highest, net of round-trip taker fees amortised over a holding horizon. Pure.
import type { VenueId } from '~/lib/venues';
import type { AssetRow } from './funding-table';
import { isoOrNull, round, type Leg } from './legs';
import type { AssetState } from './state';

export const DEFAULT_HORIZON_DAYS = 7;

/**
 * Round-trip taker fees of both legs (open and close each: 2 × taker per leg) spread over the
 * holding horizon, as APR %: (2·taker_long + 2·taker_short) × 365 / horizon_days × 100.
 */
export function feesAprPct(takerLong: number, takerShort: number, horizonDays: number): number {
  if (!(horizonDays > 0)) throw new RangeError('horizon must be a positive number of days');
  return ((2 * takerLong + 2 * takerShort) * 365 * 100) / horizonDays;
}

/** Short-leg price over long-leg price, in bps of the long price; positive: the short side is dearer. */
export function basisBps(longPrice: number | null, shortPrice: number | null): number | null {
  if (longPrice === null || shortPrice === null || !(longPrice > 0)) return null;
  return ((shortPrice - longPrice) / longPrice) * 10_000;
}

export interface Pair {
  asset: AssetState;
  long: Leg;
  short: Leg;
  /** short APR − long APR (ranking APRs: period averages, or live where no history yet). */
  spreadAprPct: number;
  liveSpreadAprPct: number;
  feesAprPct: number;
  netAprPct: number;
  /** From mark prices per base unit; the route replaces it with book mids when both books stream. */
  basisBps: number | null;
}

/**
 * The pair of one asset worth most after fees: over every (long, short) of fresh legs on two
 * different venues, the highest net APR (ties: the higher gross spread). With equal fees on all
 * venues that is simply the lowest-APR venue long and the highest short. Null with fewer than two venues.
 */
export function bestPair(asset: AssetState, legs: readonly Leg[], horizonDays: number): Pair | null {
  const fresh = legs.filter((l) => !l.stale);
  let best: Pair | null = null;
  for (const long of fresh) {
    for (const short of fresh) {
      if (long.exchange === short.exchange) continue;
      const spread = short.aprPct - long.aprPct;
      const fees = feesAprPct(long.takerFeeRate, short.takerFeeRate, horizonDays);
      const net = spread - fees;
      if (!best || net > best.netAprPct || (net === best.netAprPct && spread > best.spreadAprPct)) {
        best = {
          asset,
          long,
          short,
          spreadAprPct: spread,
          liveSpreadAprPct: short.liveAprPct - long.liveAprPct,
          feesAprPct: fees,
          netAprPct: net,
          basisBps: basisBps(long.price, short.price),
        };
      }
    }
  }
  return best;
}

export interface PairOptions {
  horizonDays: number;
  /** Keep pairs whose gross spread is at least this (APR %). */
  minSpreadAprPct?: number | null;
}

/** Best pair per asset, highest net APR first (ties: gross spread, then symbol). */
export function rankPairs(rows: readonly AssetRow[], opts: PairOptions): Pair[] {
  const out: Pair[] = [];
  for (const row of rows) {
    const p = bestPair(row.asset, row.legs, opts.horizonDays);
    if (!p) continue;
    if (opts.minSpreadAprPct !== null && opts.minSpreadAprPct !== undefined && p.spreadAprPct < opts.minSpreadAprPct)
      continue;
    out.push(p);
  }
  return out.sort(
    (a, b) =>
      b.netAprPct - a.netAprPct || b.spreadAprPct - a.spreadAprPct || (a.asset.symbol < b.asset.symbol ? -1 : 1),
  );
}

export const SIDES = ['ALL', 'LONG', 'SHORT'] as const;
export type Side = (typeof SIDES)[number];

export interface SingleLeg {
  asset: AssetState;
  leg: Leg;
  /** SHORT when the APR is positive (shorts are paid), else LONG. */
  side: 'LONG' | 'SHORT';
}

/** The original's single-venue list: every leg with the side that earns its funding, largest |APR| first. */
export function rankSingles(rows: readonly AssetRow[], side: Side): SingleLeg[] {
  const out: SingleLeg[] = [];
  for (const row of rows) {
    for (const leg of row.legs) {
      if (leg.stale) continue;
      const legSide = leg.aprPct > 0 ? 'SHORT' : 'LONG';
      if (side !== 'ALL' && side !== legSide) continue;
      out.push({ asset: row.asset, leg, side: legSide });
    }
  }
  return out.sort(
    (a, b) => Math.abs(b.leg.aprPct) - Math.abs(a.leg.aprPct) || (a.asset.symbol < b.asset.symbol ? -1 : 1),
  );
}

function pairLegJson(leg: Leg) {
  return {
    exchange: leg.exchange,
    symbol: leg.symbol,
    multiplier: leg.multiplier,
    apr: round(leg.aprPct, 4),
    apr_source: leg.aprSource,
    live_apr: round(leg.liveAprPct, 4),
    hist_apr: round(leg.histAprPct, 4),
    rate: leg.rate,
    predicted_rate: leg.predictedRate,
    interval_h: leg.intervalHours,
    price: leg.price,
    next_funding_time: isoOrNull(leg.nextFundingTime),
    taker_fee: leg.takerFeeRate,
  };
}

/** Cross-book figures when both legs' books are streaming (see book-metrics.ts). */
export interface PairBookJson {
  entry_spread_bps: number;
  exit_spread_bps: number;
  basis_bps: number;
  notional: number;
  slippage_bps: { long: number | null; short: number | null; total: number | null };
  depth_ok: boolean;
}

export function pairJson(p: Pair, book: PairBookJson | null) {
  return {
    symbol: p.asset.symbol,
    asset_info: {
      name: p.asset.name ?? p.asset.symbol,
      image: p.asset.imageUrl,
      market_cap: p.asset.marketCapUsd,
      volume: p.asset.volume24hUsd,
    },
    long: pairLegJson(p.long),
    short: pairLegJson(p.short),
    spread_apr: round(p.spreadAprPct, 4),
    live_spread_apr: round(p.liveSpreadAprPct, 4),
    fees_apr: round(p.feesAprPct, 4),
    net_apr: round(p.netAprPct, 4),
    basis_bps: round(book?.basis_bps ?? p.basisBps, 2),
    basis_source: book ? ('book' as const) : p.basisBps === null ? null : ('mark' as const),
    book,
  };
}

export function singleJson(s: SingleLeg) {
  return {
    symbol: s.asset.symbol,
    exchange: s.leg.exchange as VenueId,
    apr: round(s.leg.aprPct, 4),
    side: s.side,
    price: s.leg.price,
    native_symbol: s.leg.symbol,
    apr_source: s.leg.aprSource,
    live_apr: round(s.leg.liveAprPct, 4),
    hist_apr: round(s.leg.histAprPct, 4),
    interval_h: s.leg.intervalHours,
    next_funding_time: isoOrNull(s.leg.nextFundingTime),
  };
}
