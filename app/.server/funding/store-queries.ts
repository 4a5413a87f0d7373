// Reads that (re)fill the in-memory FundingStore: instruments with their latest snapshot, asset
// metadata, and per-instrument history aggregates computed in Postgres (never per API request).
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '~/.server/db/client';
import type { VenueId } from '~/lib/venues';
import { averageAprPct, MAX_PERIOD_HOURS, PERIOD_HOURS, PERIODS, type Period } from './periods';
import { SPARK_BUCKET_HOURS, SPARK_BUCKETS, type AssetState, type HistoryState, type InstrumentState } from './state';
import { CONTINUOUS_FUNDING_VENUES } from './venue-policy';

const HOUR_MS = 3_600_000;

export interface InstrumentFilter {
  venue?: VenueId;
  instrumentIds?: readonly number[];
}

/** numeric arrives as text (STYLE.md §6): converted here, once. */
export function num(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

function ms(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  const t = v instanceof Date ? v.getTime() : new Date(String(v)).getTime();
  return Number.isFinite(t) ? t : null;
}

function instrumentWhere(alias: string, f: InstrumentFilter): SQL {
  const parts: SQL[] = [sql.raw(`${alias}.active`)];
  if (f.venue) parts.push(sql`${sql.raw(alias)}.venue_id = ${f.venue}`);
  if (f.instrumentIds) parts.push(sql`${sql.raw(alias)}.id = any(${sqlIntArray(f.instrumentIds)})`);
  return sql.join(parts, sql` and `);
}

/** An int[] parameter (drizzle would otherwise expand a JS array into a row). */
export function sqlIntArray(ids: readonly number[]): SQL {
  return sql`${`{${ids.map((i) => Math.trunc(i)).join(',')}}`}::int[]`;
}

/** Active instruments with their latest snapshot (history is loaded separately). */
export async function loadInstrumentStates(db: Db, f: InstrumentFilter = {}): Promise<InstrumentState[]> {
  const rows = (await db.execute(sql`
    select i.id, i.venue_id, i.symbol, i.asset_id, i.multiplier, i.contract_size, i.funding_interval_hours,
           i.taker_fee_rate, i.maker_fee_rate, i.active,
           s.rate, s.predicted_rate, s.interval_hours, s.next_funding_time, s.mark_price, s.index_price,
           s.volume_24h_quote, s.open_interest_quote, s.updated_at as snapshot_at
    from instruments i
    left join funding_snapshots s on s.instrument_id = i.id
    where ${instrumentWhere('i', f)}
  `)) as unknown as Record<string, unknown>[];
  return rows.map((r) => {
    const rate = num(r.rate);
    const intervalHours = num(r.interval_hours);
    return {
      id: Number(r.id),
      venue: r.venue_id as VenueId,
      symbol: String(r.symbol),
      assetId: Number(r.asset_id),
      multiplier: num(r.multiplier) ?? 1,
      contractSize: num(r.contract_size) ?? 1,
      intervalHours: num(r.funding_interval_hours),
      takerFeeRate: num(r.taker_fee_rate) ?? 0,
      makerFeeRate: num(r.maker_fee_rate) ?? 0,
      active: Boolean(r.active),
      snapshot:
        rate === null || intervalHours === null
          ? null
          : {
              rate,
              predictedRate: num(r.predicted_rate),
              intervalHours,
              nextFundingTime: ms(r.next_funding_time),
              markPrice: num(r.mark_price),
              indexPrice: num(r.index_price),
              volume24hQuote: num(r.volume_24h_quote),
              openInterestQuote: num(r.open_interest_quote),
              updatedAt: ms(r.snapshot_at) ?? 0,
            },
      history: null,
    };
  });
}

export async function loadAssetStates(db: Db): Promise<AssetState[]> {
  const rows = (await db.execute(sql`
    select id, symbol, name, image_url, market_cap_usd, volume_24h_usd, coingecko_id from assets
  `)) as unknown as Record<string, unknown>[];
  return rows.map((r) => ({
    id: Number(r.id),
    symbol: String(r.symbol),
    name: r.name === null ? null : String(r.name),
    imageUrl: r.image_url === null ? null : String(r.image_url),
    marketCapUsd: num(r.market_cap_usd),
    volume24hUsd: num(r.volume_24h_usd),
    coingeckoId: r.coingecko_id === null ? null : String(r.coingecko_id),
  }));
}

/**
 * Per instrument and period: Σ rate and Σ interval of the rows inside the period's window (see
 * averagingWindowHours), plus sparkline buckets. Two grouped scans of the last 30 days.
 */
export async function loadHistoryStates(
  db: Db,
  f: InstrumentFilter,
  nowMs: number,
): Promise<Map<number, HistoryState>> {
  const now = new Date(nowMs);
  const continuous = `{${[...CONTINUOUS_FUNDING_VENUES].join(',')}}`;
  // The floor of each row's window: its interval, or the hourly sample spacing on continuous venues.
  const periodCols = PERIODS.map((p) => {
    const h = PERIOD_HOURS[p];
    const inWindow = `r.funding_time > $now$ - greatest(${h}, w.floor_h)::float8 * interval '1 hour'`;
    return `sum(r.rate) filter (where ${inWindow}) as "s_${p}", sum(r.interval_hours) filter (where ${inWindow}) as "h_${p}", count(*) filter (where ${inWindow}) as "n_${p}"`;
  }).join(',\n');
  const aggregates = (await db.execute(sql`
    select r.instrument_id, max(r.funding_time) as last_t,
      ${sql.raw(periodCols.replaceAll('$now$', `'${now.toISOString()}'::timestamptz`))}
    from funding_rates r
    join instruments i on i.id = r.instrument_id
    cross join lateral (
      select case when i.venue_id = any(${continuous}::text[]) then 1 else r.interval_hours end as floor_h
    ) w
    where ${instrumentWhere('i', f)}
      and r.funding_time > ${now.toISOString()}::timestamptz - ${MAX_PERIOD_HOURS}::float8 * interval '1 hour'
      and r.funding_time <= ${now.toISOString()}::timestamptz
    group by r.instrument_id
  `)) as unknown as Record<string, unknown>[];

  const bucketMs = SPARK_BUCKET_HOURS * HOUR_MS;
  const firstBucket = Math.floor(nowMs / bucketMs) - (SPARK_BUCKETS - 1);
  const spark = (await db.execute(sql`
    select r.instrument_id, floor(extract(epoch from r.funding_time) * 1000 / ${bucketMs})::bigint as b,
           sum(r.rate) as s, sum(r.interval_hours) as h, count(*) as n
    from funding_rates r
    join instruments i on i.id = r.instrument_id
    where ${instrumentWhere('i', f)}
      and r.funding_time >= ${new Date(firstBucket * bucketMs).toISOString()}::timestamptz
      and r.funding_time <= ${now.toISOString()}::timestamptz
    group by 1, 2
  `)) as unknown as Record<string, unknown>[];

  const out = new Map<number, HistoryState>();
  for (const r of aggregates) {
    const avgAprPct = {} as Record<Period, number | null>;
    const rows = {} as Record<Period, number>;
    for (const p of PERIODS) {
      const n = Number(r[`n_${p}`] ?? 0);
      rows[p] = n;
      avgAprPct[p] = averageAprPct({
        sumRate: num(r[`s_${p}`]) ?? 0,
        sumIntervalHours: num(r[`h_${p}`]) ?? 0,
        rows: n,
      });
    }
    out.set(Number(r.instrument_id), {
      avgAprPct,
      rows,
      spark: new Array<number | null>(SPARK_BUCKETS).fill(null),
      lastSettledAt: ms(r.last_t),
      computedAt: nowMs,
    });
  }
  for (const r of spark) {
    const h = out.get(Number(r.instrument_id));
    const idx = Number(r.b) - firstBucket;
    if (!h || idx < 0 || idx >= SPARK_BUCKETS) continue;
    h.spark[idx] = averageAprPct({ sumRate: num(r.s) ?? 0, sumIntervalHours: num(r.h) ?? 0, rows: Number(r.n) });
  }
  return out;
}
