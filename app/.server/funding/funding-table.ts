// The funding table: one row per asset with a leg per instrument on the selected venues, the
// spread between them and the best venue to be long and short. Pure functions over a FundingView.
import type { VenueId } from '~/lib/venues';
import { buildLeg, isoOrNull, round, type Leg } from './legs';
import type { Period } from './periods';
import type { AssetState, FundingView } from './state';

export const TABLE_SORTS = ['spread', 'apr', 'market_cap', 'volume', 'symbol'] as const;
export type TableSort = (typeof TABLE_SORTS)[number];
export type SortOrder = 'asc' | 'desc';

export interface AssetRow {
  asset: AssetState;
  legs: Leg[];
  /** max − min of the legs' period-average APR (the original's spread); null with fewer than two. */
  spreadAprPct: number | null;
  /** The same over live APRs. */
  liveSpreadAprPct: number | null;
  /** Lowest / highest ranking APR (period average, or live while there is no history); fresh legs only. */
  bestLong: Leg | null;
  bestShort: Leg | null;
  maxAprPct: number | null;
  /** Σ 24 h quote volume of the legs. */
  volume24hQuote: number | null;
}

export interface TableOptions {
  period: Period;
  /** Venues that count; all when null. */
  venues: ReadonlySet<VenueId> | null;
  nowMs: number;
}

/** Every asset with at least one live leg on the selected venues, unsorted. */
export function buildAssetRows(view: FundingView, opts: TableOptions): AssetRow[] {
  const rows: AssetRow[] = [];
  for (const [assetId, instruments] of view.byAsset) {
    const asset = view.assets.get(assetId);
    if (!asset) continue;
    const legs: Leg[] = [];
    for (const inst of instruments) {
      if (opts.venues && !opts.venues.has(inst.venue)) continue;
      const leg = buildLeg(inst, opts.period, opts.nowMs);
      if (leg) legs.push(leg);
    }
    if (legs.length > 0) rows.push(assetRow(asset, legs));
  }
  return rows;
}

export function assetRow(asset: AssetState, legs: Leg[]): AssetRow {
  // Stale legs are shown but do not make spreads: a venue that stopped updating is no opportunity.
  const fresh = legs.filter((l) => !l.stale);
  const hist = fresh.map((l) => l.histAprPct).filter((x): x is number => x !== null);
  const live = fresh.map((l) => l.liveAprPct);
  let bestLong: Leg | null = null;
  let bestShort: Leg | null = null;
  for (const l of fresh) {
    if (!bestLong || l.aprPct < bestLong.aprPct) bestLong = l;
    if (!bestShort || l.aprPct > bestShort.aprPct) bestShort = l;
  }
  let volume: number | null = null;
  for (const l of legs) if (l.volume24hQuote !== null) volume = (volume ?? 0) + l.volume24hQuote;
  return {
    asset,
    legs,
    spreadAprPct: spread(hist),
    liveSpreadAprPct: spread(live),
    bestLong: fresh.length >= 2 ? bestLong : null,
    bestShort: fresh.length >= 2 ? bestShort : null,
    maxAprPct: fresh.length ? Math.max(...fresh.map((l) => l.aprPct)) : null,
    volume24hQuote: volume,
  };
}

function spread(values: number[]): number | null {
  if (values.length < 2) return null;
  return Math.max(...values) - Math.min(...values);
}

/** Case-insensitive: the asset's symbol or name contains `q`, or a leg's native symbol starts with it. */
export function matchesQuery(asset: AssetState, legs: readonly { symbol: string }[], q: string): boolean {
  const needle = q.trim().toUpperCase();
  if (!needle) return true;
  if (asset.symbol.toUpperCase().includes(needle)) return true;
  if (asset.name && asset.name.toUpperCase().includes(needle)) return true;
  return legs.some((l) => l.symbol.toUpperCase().startsWith(needle));
}

const SORT_KEYS: Record<Exclude<TableSort, 'symbol'>, (r: AssetRow) => number | null> = {
  spread: (r) => r.spreadAprPct ?? r.liveSpreadAprPct,
  apr: (r) => r.maxAprPct,
  market_cap: (r) => r.asset.marketCapUsd,
  volume: (r) => r.volume24hQuote,
};

/**
 * Sorted copy. Missing values go last in either order; ties by symbol. `spread` sorts by the period
 * spread, falling back to the live spread for assets without history yet.
 */
export function sortRows(rows: readonly AssetRow[], sort: TableSort, order: SortOrder): AssetRow[] {
  const dir = order === 'asc' ? 1 : -1;
  const bySymbol = (a: AssetRow, b: AssetRow) =>
    a.asset.symbol < b.asset.symbol ? -1 : a.asset.symbol > b.asset.symbol ? 1 : 0;
  if (sort === 'symbol') return [...rows].sort((a, b) => dir * bySymbol(a, b));
  const key = SORT_KEYS[sort];
  const keyed = rows.map((r) => ({ r, k: key(r) }));
  keyed.sort((a, b) => {
    if (a.k === null || b.k === null) return a.k === b.k ? bySymbol(a.r, b.r) : a.k === null ? 1 : -1;
    return a.k === b.k ? bySymbol(a.r, b.r) : dir * (a.k - b.k);
  });
  return keyed.map((x) => x.r);
}

export function assetInfoJson(asset: AssetState) {
  return {
    name: asset.name ?? asset.symbol,
    image: asset.imageUrl,
    market_cap: asset.marketCapUsd,
    volume: asset.volume24hUsd,
  };
}

export function legJson(leg: Leg, asset: AssetState) {
  return {
    exchange: leg.exchange,
    symbol: leg.symbol,
    multiplier: leg.multiplier,
    live_apr: round(leg.liveAprPct, 4),
    hist_apr: round(leg.histAprPct, 4),
    rate: leg.rate,
    predicted_rate: leg.predictedRate,
    interval_h: leg.intervalHours,
    frequency: round(leg.frequency, 4),
    continuous: leg.continuous,
    next_funding_time: isoOrNull(leg.nextFundingTime),
    price: leg.price,
    volume_24h: leg.volume24hQuote,
    open_interest: leg.openInterestQuote,
    taker_fee: leg.takerFeeRate,
    maker_fee: leg.makerFeeRate,
    history: leg.spark.map((v) => round(v, 4)),
    image: asset.imageUrl,
    market_cap: asset.marketCapUsd,
    volume: asset.volume24hUsd,
    updated_at: new Date(leg.updatedAt).toISOString(),
    stale: leg.stale,
  };
}

export type TableRowJson = ReturnType<typeof tableRowJson>;

/** The API shape of a row (the original's fields plus ours). */
export function tableRowJson(row: AssetRow) {
  return {
    symbol: row.asset.symbol,
    asset_info: assetInfoJson(row.asset),
    spread: round(row.spreadAprPct, 4),
    live_spread: round(row.liveSpreadAprPct, 4),
    best_long: row.bestLong?.exchange ?? null,
    best_short: row.bestShort?.exchange ?? null,
    best_long_symbol: row.bestLong?.symbol ?? null,
    best_short_symbol: row.bestShort?.symbol ?? null,
    volume_24h: row.volume24hQuote,
    exchanges_data: row.legs.map((l) => legJson(l, row.asset)),
  };
}
