// Bookkeeping of the history backfill (backfill_progress): what each instrument has, where it is
// heading, and how the last attempt went. Makes the backfill resumable and visible.
import { sql } from 'drizzle-orm';
import type { Db } from '~/.server/db/client';
import type { VenueId } from '~/lib/venues';
import { num } from './store-queries';

export type BackfillStatus = 'pending' | 'running' | 'done' | 'failed';

export interface BackfillItem {
  instrumentId: number;
  symbol: string;
  /** The newest word on the interval: the snapshot's, else the instrument list's. */
  intervalHours: number | null;
  status: BackfillStatus;
  oldestTime: number | null;
  newestTime: number | null;
  targetFrom: number;
  rowsStored: number;
  updatedAt: number;
}

/** A progress row for every active instrument of the venue that has none (first sight). */
export async function ensureProgressRows(db: Db, venue: VenueId, targetFrom: Date): Promise<number> {
  const rows = await db.execute(sql`
    insert into backfill_progress (instrument_id, target_from, status)
    select i.id, ${targetFrom.toISOString()}::timestamptz, 'pending' from instruments i
    where i.venue_id = ${venue} and i.active
    on conflict (instrument_id) do nothing
    returning instrument_id
  `);
  return (rows as unknown as unknown[]).length;
}

export async function loadBackfillItems(db: Db, venue: VenueId): Promise<BackfillItem[]> {
  const rows = (await db.execute(sql`
    select p.instrument_id, i.symbol, coalesce(s.interval_hours, i.funding_interval_hours) as interval_hours,
           p.status, p.oldest_time, p.newest_time, p.target_from, p.rows_stored, p.updated_at
    from backfill_progress p
    join instruments i on i.id = p.instrument_id
    left join funding_snapshots s on s.instrument_id = i.id
    where i.venue_id = ${venue} and i.active
    order by p.instrument_id
  `)) as unknown as Record<string, unknown>[];
  const t = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string | Date).getTime());
  return rows.map((r) => ({
    instrumentId: Number(r.instrument_id),
    symbol: String(r.symbol),
    intervalHours: num(r.interval_hours),
    status: String(r.status) as BackfillStatus,
    oldestTime: t(r.oldest_time),
    newestTime: t(r.newest_time),
    targetFrom: t(r.target_from)!,
    rowsStored: Number(r.rows_stored),
    updatedAt: t(r.updated_at)!,
  }));
}

/** After each stored window: extend the covered range and count the new rows. */
export async function recordBackfillStep(
  db: Db,
  instrumentId: number,
  step: { oldest: number | null; newest: number | null; inserted: number; status: BackfillStatus },
): Promise<void> {
  await db.execute(sql`
    update backfill_progress set
      oldest_time = least(oldest_time, ${step.oldest === null ? null : new Date(step.oldest).toISOString()}::timestamptz),
      newest_time = greatest(newest_time, ${step.newest === null ? null : new Date(step.newest).toISOString()}::timestamptz),
      rows_stored = rows_stored + ${step.inserted},
      status = ${step.status},
      last_error = case when ${step.status} = 'failed' then last_error else null end,
      updated_at = now()
    where instrument_id = ${instrumentId}
  `);
}

export async function recordBackfillFailure(db: Db, instrumentId: number, error: string): Promise<void> {
  await db.execute(sql`
    update backfill_progress set status = 'failed', last_error = ${error}, updated_at = now()
    where instrument_id = ${instrumentId}
  `);
}

export interface BackfillSummary {
  instruments: number;
  done: number;
  pending: number;
  running: number;
  failed: number;
  rowsStored: number;
  oldestTime: Date | null;
  newestTime: Date | null;
}

export async function backfillSummary(
  db: Db,
): Promise<{ total: BackfillSummary; byVenue: Map<VenueId, BackfillSummary> }> {
  const rows = (await db.execute(sql`
    select i.venue_id, p.status, count(*)::int as n, coalesce(sum(p.rows_stored), 0)::bigint as rows_stored,
           min(p.oldest_time) as oldest, max(p.newest_time) as newest
    from backfill_progress p join instruments i on i.id = p.instrument_id
    where i.active
    group by 1, 2
  `)) as unknown as Record<string, unknown>[];
  const empty = (): BackfillSummary => ({
    instruments: 0,
    done: 0,
    pending: 0,
    running: 0,
    failed: 0,
    rowsStored: 0,
    oldestTime: null,
    newestTime: null,
  });
  const total = empty();
  const byVenue = new Map<VenueId, BackfillSummary>();
  for (const r of rows) {
    const venue = r.venue_id as VenueId;
    let v = byVenue.get(venue);
    if (!v) byVenue.set(venue, (v = empty()));
    for (const s of [total, v]) {
      const n = Number(r.n);
      s.instruments += n;
      const status = String(r.status);
      if (status === 'done' || status === 'pending' || status === 'running' || status === 'failed') s[status] += n;
      s.rowsStored += Number(r.rows_stored);
      const oldest = r.oldest ? new Date(r.oldest as string) : null;
      const newest = r.newest ? new Date(r.newest as string) : null;
      if (oldest && (!s.oldestTime || oldest < s.oldestTime)) s.oldestTime = oldest;
      if (newest && (!s.newestTime || newest > s.newestTime)) s.newestTime = newest;
    }
  }
  return { total, byVenue };
}
