// Per venue and job: when it last worked, when it last failed and why (venue_job_status), so one
// venue failing is visible in /api/stats instead of silent.
import { sql } from 'drizzle-orm';
import type { Db } from '~/.server/db/client';
import { venueJobStatus } from '~/.server/db/schema';
import type { VenueId } from '~/lib/venues';

export type FundingJob = 'sync_instruments' | 'snapshot_funding' | 'backfill_funding_history';

const MAX_ERROR_CHARS = 500;

export async function recordJobSuccess(db: Db, venue: VenueId, job: FundingJob, at: Date): Promise<void> {
  await db
    .insert(venueJobStatus)
    .values({ venueId: venue, job, lastSuccessAt: at, consecutiveFailures: 0 })
    .onConflictDoUpdate({
      target: [venueJobStatus.venueId, venueJobStatus.job],
      set: { lastSuccessAt: at, consecutiveFailures: 0 },
    });
}

export async function recordJobFailure(
  db: Db,
  venue: VenueId,
  job: FundingJob,
  at: Date,
  error: unknown,
): Promise<void> {
  const message = describeError(error);
  await db
    .insert(venueJobStatus)
    .values({ venueId: venue, job, lastFailureAt: at, lastError: message, consecutiveFailures: 1 })
    .onConflictDoUpdate({
      target: [venueJobStatus.venueId, venueJobStatus.job],
      set: {
        lastFailureAt: at,
        lastError: message,
        consecutiveFailures: sql`${venueJobStatus.consecutiveFailures} + 1`,
      },
    });
}

export function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS)}…` : text;
}

export interface JobStatusRow {
  venue: VenueId;
  job: string;
  lastSuccessAt: Date | null;
  lastFailureAt: Date | null;
  lastError: string | null;
  consecutiveFailures: number;
}

export async function loadJobStatuses(db: Db): Promise<JobStatusRow[]> {
  const rows = await db.select().from(venueJobStatus);
  return rows.map((r) => ({
    venue: r.venueId as VenueId,
    job: r.job,
    lastSuccessAt: r.lastSuccessAt,
    lastFailureAt: r.lastFailureAt,
    lastError: r.lastError,
    consecutiveFailures: r.consecutiveFailures,
  }));
}

/** Last success of a job per venue (e.g. to throttle an instrument re-sync). */
export async function lastSuccessAt(db: Db, venue: VenueId, job: FundingJob): Promise<Date | null> {
  const rows = await db.execute(sql`
    select last_success_at from venue_job_status where venue_id = ${venue} and job = ${job}
  `);
  const v = (rows as unknown as { last_success_at: Date | string | null }[])[0]?.last_success_at ?? null;
  return v === null ? null : new Date(v);
}
