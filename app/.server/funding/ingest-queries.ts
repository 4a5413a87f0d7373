// Writes of the ingestion jobs: assets and instruments from the venues' lists, the latest funding
// snapshot per instrument, and settled rates (idempotent: ON CONFLICT DO NOTHING).
import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Db } from '~/.server/db/client';
import { assets, fundingRates, fundingSnapshots, instruments } from '~/.server/db/schema';
import type { VenueId } from '~/lib/venues';
import { num } from './store-queries';

/** A number as Postgres numeric text; non-finite values are a bug upstream, never stored. */
export function toNumeric(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  return String(x);
}

function optNumeric(x: number | null | undefined): string | null {
  return x === null || x === undefined || !Number.isFinite(x) ? null : String(x);
}

/** Asset ids by canonical symbol, creating the missing ones. */
export async function ensureAssets(db: Db, symbols: readonly string[]): Promise<Map<string, number>> {
  const unique = [...new Set(symbols)];
  const out = new Map<string, number>();
  if (unique.length === 0) return out;
  await db
    .insert(assets)
    .values(unique.map((symbol) => ({ symbol })))
    .onConflictDoNothing({ target: assets.symbol });
  const rows = await db
    .select({ id: assets.id, symbol: assets.symbol })
    .from(assets)
    .where(inArray(assets.symbol, unique));
  for (const r of rows) out.set(r.symbol, r.id);
  return out;
}

export interface InstrumentUpsert {
  symbol: string;
  assetId: number;
  quoteAsset: string;
  multiplier: number;
  contractSize: number;
  tickSize: number | null;
  lotSize: number | null;
  fundingIntervalHours: number | null;
  takerFeeRate: number;
  makerFeeRate: number;
  active: boolean;
}

/** Insert or refresh a venue's instruments; returns each one's id and whether it is new. */
export async function upsertInstruments(
  db: Db,
  venue: VenueId,
  rows: readonly InstrumentUpsert[],
): Promise<{ id: number; symbol: string; inserted: boolean }[]> {
  if (rows.length === 0) return [];
  const result = await db
    .insert(instruments)
    .values(
      rows.map((r) => ({
        venueId: venue,
        symbol: r.symbol,
        assetId: r.assetId,
        quoteAsset: r.quoteAsset,
        multiplier: toNumeric(r.multiplier),
        contractSize: toNumeric(r.contractSize),
        tickSize: optNumeric(r.tickSize),
        lotSize: optNumeric(r.lotSize),
        fundingIntervalHours: optNumeric(r.fundingIntervalHours),
        takerFeeRate: toNumeric(r.takerFeeRate),
        makerFeeRate: toNumeric(r.makerFeeRate),
        active: r.active,
      })),
    )
    .onConflictDoUpdate({
      target: [instruments.venueId, instruments.symbol],
      set: {
        assetId: sql`excluded.asset_id`,
        quoteAsset: sql`excluded.quote_asset`,
        multiplier: sql`excluded.multiplier`,
        contractSize: sql`excluded.contract_size`,
        tickSize: sql`excluded.tick_size`,
        lotSize: sql`excluded.lot_size`,
        // A list without the interval (CoinEx derives it from funding) keeps what snapshots told us.
        fundingIntervalHours: sql`coalesce(excluded.funding_interval_hours, ${instruments.fundingIntervalHours})`,
        takerFeeRate: sql`excluded.taker_fee_rate`,
        makerFeeRate: sql`excluded.maker_fee_rate`,
        active: sql`excluded.active`,
        updatedAt: sql`now()`,
      },
    })
    .returning({ id: instruments.id, symbol: instruments.symbol, inserted: sql<boolean>`(xmax = 0)` });
  return result;
}

/** Instruments the venue no longer lists are kept (their history matters) but marked inactive. */
export async function deactivateMissing(db: Db, venue: VenueId, listed: readonly string[]): Promise<string[]> {
  const rows = await db
    .update(instruments)
    .set({ active: false, updatedAt: sql`now()` })
    .where(
      and(
        eq(instruments.venueId, venue),
        eq(instruments.active, true),
        listed.length ? notInArray(instruments.symbol, [...listed]) : sql`true`,
      ),
    )
    .returning({ symbol: instruments.symbol });
  return rows.map((r) => r.symbol);
}

export interface KnownInstrument {
  id: number;
  symbol: string;
  intervalHours: number | null;
  active: boolean;
}

export async function loadVenueInstruments(db: Db, venue: VenueId): Promise<Map<string, KnownInstrument>> {
  const rows = await db
    .select({
      id: instruments.id,
      symbol: instruments.symbol,
      interval: instruments.fundingIntervalHours,
      active: instruments.active,
    })
    .from(instruments)
    .where(eq(instruments.venueId, venue));
  return new Map(
    rows.map((r) => [r.symbol, { id: r.id, symbol: r.symbol, intervalHours: num(r.interval), active: r.active }]),
  );
}

export interface SnapshotUpsert {
  instrumentId: number;
  rate: number;
  predictedRate: number | null;
  intervalHours: number;
  nextFundingTime: number | null;
  markPrice: number | null;
  indexPrice: number | null;
  volume24hQuote: number | null;
  openInterestQuote: number | null;
  updatedAt: Date;
}

export async function upsertSnapshots(db: Db, rows: readonly SnapshotUpsert[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(fundingSnapshots)
    .values(
      rows.map((r) => ({
        instrumentId: r.instrumentId,
        rate: toNumeric(r.rate),
        predictedRate: optNumeric(r.predictedRate),
        intervalHours: toNumeric(r.intervalHours),
        nextFundingTime: r.nextFundingTime === null ? null : new Date(r.nextFundingTime),
        markPrice: optNumeric(r.markPrice),
        indexPrice: optNumeric(r.indexPrice),
        volume24hQuote: optNumeric(r.volume24hQuote),
        openInterestQuote: optNumeric(r.openInterestQuote),
        updatedAt: r.updatedAt,
      })),
    )
    .onConflictDoUpdate({
      target: fundingSnapshots.instrumentId,
      set: {
        rate: sql`excluded.rate`,
        predictedRate: sql`excluded.predicted_rate`,
        intervalHours: sql`excluded.interval_hours`,
        nextFundingTime: sql`excluded.next_funding_time`,
        markPrice: sql`excluded.mark_price`,
        indexPrice: sql`excluded.index_price`,
        volume24hQuote: sql`excluded.volume_24h_quote`,
        openInterestQuote: sql`excluded.open_interest_quote`,
        updatedAt: sql`excluded.updated_at`,
      },
    });
}

/** The snapshot is the newest word on an instrument's interval (venues change them): keep the instrument in step. */
export async function updateIntervals(
  db: Db,
  changes: readonly { id: number; intervalHours: number }[],
): Promise<void> {
  if (changes.length === 0) return;
  const ids = `{${changes.map((c) => c.id).join(',')}}`;
  const hours = `{${changes.map((c) => toNumeric(c.intervalHours)).join(',')}}`;
  await db.execute(sql`
    update instruments i set funding_interval_hours = c.h, updated_at = now()
    from unnest(${ids}::int[], ${hours}::numeric[]) as c(id, h)
    where i.id = c.id
  `);
}

export interface RateInsert {
  instrumentId: number;
  fundingTime: number;
  rate: number;
  intervalHours: number;
  isOutlier: boolean;
}

/** Settled rates; rows already stored are left alone. Returns how many were new. */
export async function insertFundingRates(db: Db, rows: readonly RateInsert[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    const res = await db
      .insert(fundingRates)
      .values(
        chunk.map((r) => ({
          instrumentId: r.instrumentId,
          fundingTime: new Date(r.fundingTime),
          rate: toNumeric(r.rate),
          intervalHours: toNumeric(r.intervalHours),
          isOutlier: r.isOutlier,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: fundingRates.instrumentId });
    inserted += res.length;
  }
  return inserted;
}
