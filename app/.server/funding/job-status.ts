// Per job and source (a venue, or CoinGecko for asset metadata): when it last worked, when it last
// failed and why (job_status), so one failing source is visible in /api/stats of every process,
// across restarts, instead of silent.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '~/.server/db/client';
import { jobStatus } from '~/.server/db/schema';
import type { VenueId } from '~/lib/venues';

export type FundingJob = 'sync_instruments' | 'snapshot_funding' | 'backfill_funding_history';

/** The CoinGecko metadata job, recorded under the source 'coingecko'. */
export const METADATA_SOURCE = 'coingecko';
export type JobSource = VenueId | typeof METADATA_SOURCE;
export type StatusJob = FundingJob | 'sync_asset_metadata';

const MAX_ERROR_CHARS = 500;

/** Records a success; true when it ends a run of failures (the source recovered). */
export async function recordJobSuccess(db: Db, source: JobSource, job: StatusJob, at: Date): Promise<boolean> {
  // One job per source runs at a time (job keys), so reading the previous state first is safe.
  const [prev] = await db
    .select({ failures: jobStatus.consecutiveFailures })
    .from(jobStatus)
    .where(and(eq(jobStatus.source, source), eq(jobStatus.job, job)));
  await db
    .insert(jobStatus)
    .values({ source, job, lastSuccessAt: at, consecutiveFailures: 0 })
    .onConflictDoUpdate({
      target: [jobStatus.source, jobStatus.job],
      set: { lastSuccessAt: at, consecutiveFailures: 0 },
    });
  return (prev?.failures ?? 0) > 0;
}

export async function recordJobFailure(
  db: Db,
  source: JobSource,
  job: StatusJob,
  at: Date,
  error: unknown,
): Promise<void> {
  const message = describeError(error);
  await db
    .insert(jobStatus)
    .values({ source, job, lastFailureAt: at, lastError: message, consecutiveFailures: 1 })
    .onConflictDoUpdate({
      target: [jobStatus.source, jobStatus.job],
      set: {
        lastFailureAt: at,
        lastError: message,
        consecutiveFailures: sql`${jobStatus.consecutiveFailures} + 1`,
      },
    });
}

export function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS)}…` : text;
}

export interface JobStatusRow {
  /** A venue id, or METADATA_SOURCE. */
  source: string;
  job: string;
  lastSuccessAt: Date | null;
  lastFailureAt: Date | null;
  lastError: string | null;
  consecutiveFailures: number;
}

export async function loadJobStatuses(db: Db): Promise<JobStatusRow[]> {
  const rows = await db.select().from(jobStatus);
  return rows.map((r) => ({
    source: r.source,
    job: r.job,
    lastSuccessAt: r.lastSuccessAt,
    lastFailureAt: r.lastFailureAt,
    lastError: r.lastError,
    consecutiveFailures: r.consecutiveFailures,
  }));
}

/** Last success of a job per source (e.g. to throttle an instrument re-sync). */
export async function lastSuccessAt(db: Db, source: JobSource, job: StatusJob): Promise<Date | null> {
  const rows = await db.execute(sql`
    select last_success_at from job_status where source = ${source} and job = ${job}
  `);
  const v = (rows as unknown as { last_success_at: Date | string | null }[])[0]?.last_success_at ?? null;
  return v === null ? null : new Date(v);
}
