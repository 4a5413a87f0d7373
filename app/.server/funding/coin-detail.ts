// One asset in detail: metadata, per-venue summary (current and average APRs) from the store, and
// per-venue APR history from funding_rates (the only read of history an API request makes, and it
// is bounded to one asset).
import { sql } from 'drizzle-orm';
import type { Db } from '~/.server/db/client';
import { isoOrNull, round } from './legs';
import { aprPct, perUnitPrice, settlementsPerDay } from './normalise';
import type { AssetState, FundingView, InstrumentState } from './state';
import { num, sqlIntArray } from './store-queries';
import { SNAPSHOT_STALE_MS } from './state';
import { isContinuousVenue } from './venue-policy';

const DAY_MS = 86_400_000;

/** The asset by canonical symbol (PEPE), else by a venue's native symbol (1000PEPEUSDT, kPEPE). */
export function findAsset(view: FundingView, symbol: string): AssetState | null {
  const upper = symbol.trim().toUpperCase();
  for (const a of view.assets.values()) if (a.symbol === upper && view.byAsset.has(a.id)) return a;
  let loose: AssetState | null = null;
  for (const inst of view.instruments.values()) {
    if (!inst.active) continue;
    if (inst.symbol === symbol.trim()) return view.assets.get(inst.assetId) ?? null;
    if (!loose && inst.symbol.toUpperCase() === upper) loose = view.assets.get(inst.assetId) ?? null;
  }
  return loose;
}

export interface HistoryPoint {
  t: string;
  v: number;
  outlier?: true;
}

export async function loadAprHistory(
  db: Db,
  instrumentIds: readonly number[],
  fromMs: number,
  toMs: number,
): Promise<Map<number, HistoryPoint[]>> {
  const out = new Map<number, HistoryPoint[]>();
  if (instrumentIds.length === 0) return out;
  const rows = (await db.execute(sql`
    select instrument_id, funding_time, rate, interval_hours, is_outlier from funding_rates
    where instrument_id = any(${sqlIntArray(instrumentIds)}) and funding_time >= ${new Date(fromMs).toISOString()}::timestamptz
      and funding_time <= ${new Date(toMs).toISOString()}::timestamptz
    order by instrument_id, funding_time
  `)) as unknown as Record<string, unknown>[];
  for (const r of rows) {
    const rate = num(r.rate);
    const hours = num(r.interval_hours);
    if (rate === null || hours === null || !(hours > 0)) continue;
    const id = Number(r.instrument_id);
    let list = out.get(id);
    if (!list) out.set(id, (list = []));
    const p: HistoryPoint = {
      t: new Date(r.funding_time as string | Date).toISOString(),
      v: round(aprPct(rate, hours), 4),
    };
    if (r.is_outlier) p.outlier = true;
    list.push(p);
  }
  return out;
}

function venueSummary(inst: InstrumentState, nowMs: number) {
  const snap = inst.snapshot;
  const current = snap && snap.intervalHours > 0 ? aprPct(snap.rate, snap.intervalHours) : null;
  const h = inst.history?.avgAprPct;
  const interval = snap?.intervalHours ?? inst.intervalHours;
  return {
    exchange: inst.venue,
    symbol: inst.symbol,
    multiplier: inst.multiplier,
    interval_h: interval,
    frequency: interval ? round(settlementsPerDay(interval), 4) : null,
    continuous: isContinuousVenue(inst.venue),
    rate: snap?.rate ?? null,
    current_apr: round(current, 4),
    avg_apr_1d: round(h?.['1d'] ?? null, 4),
    avg_apr_7d: round(h?.['7d'] ?? null, 4),
    avg_apr_30d: round(h?.['30d'] ?? null, 4),
    price: perUnitPrice(snap?.markPrice, inst.multiplier),
    next_funding_time: isoOrNull(snap?.nextFundingTime ?? null),
    volume_24h: snap?.volume24hQuote ?? null,
    open_interest: snap?.openInterestQuote ?? null,
    taker_fee: inst.takerFeeRate,
    maker_fee: inst.makerFeeRate,
    updated_at: snap ? new Date(snap.updatedAt).toISOString() : null,
    stale: snap ? nowMs - snap.updatedAt > SNAPSHOT_STALE_MS : true,
  };
}

export async function coinDetail(db: Db, view: FundingView, asset: AssetState, days: number, nowMs: number) {
  const instruments = view.byAsset.get(asset.id) ?? [];
  const history = await loadAprHistory(
    db,
    instruments.map((i) => i.id),
    nowMs - days * DAY_MS,
    nowMs,
  );
  const venues = instruments.map((i) => venueSummary(i, nowMs));
  return {
    symbol: asset.symbol,
    asset: {
      symbol: asset.symbol,
      name: asset.name ?? asset.symbol,
      image: asset.imageUrl,
      market_cap: asset.marketCapUsd,
      volume: asset.volume24hUsd,
      coingecko_id: asset.coingeckoId,
    },
    days,
    // The original's names: current APR, average over the 30-day history, price per base unit.
    summary_stats: venues.map((v) => ({
      exchange: v.exchange,
      symbol: v.symbol,
      current_apr: v.current_apr,
      avg_apr: v.avg_apr_30d,
      price: v.price,
    })),
    venues,
    history: instruments.map((i) => ({ exchange: i.venue, symbol: i.symbol, points: history.get(i.id) ?? [] })),
  };
}
