// What the funding tasks share: payload checking, the fan-out of a venue-less job into one job per
// venue (so one venue failing never holds up another), job specs, and per-venue status recording.
import type { AddJobFunction, TaskSpec } from 'graphile-worker';
import { z } from 'zod';
import { notifyFundingUpdate } from '~/.server/funding/feed';
import { BACKFILL_DAYS, isAbort, type IngestContext } from '~/.server/funding/ingest';
import { recordJobFailure, recordJobSuccess, type FundingJob, type StatusJob } from '~/.server/funding/job-status';
import { VENUES, type VenueId } from '~/lib/venues';
import type { WorkerDeps } from './deps';

export type FundingTask = StatusJob;

// Old jobs may still be queued with another shape: checked at run time. No venue = fan out to all.
const venuePayload = z
  .object({ venue: z.enum(VENUES).optional() })
  .passthrough()
  .nullish();

export function parseVenuePayload(task: FundingTask, payload: unknown): { venue: VenueId | null } {
  const parsed = venuePayload.safeParse(payload);
  if (!parsed.success) throw new Error(`${task}: bad payload: ${parsed.error.message}`);
  return { venue: parsed.data?.venue ?? null };
}

/** Lower runs first: the minute snapshots must never wait behind a long backfill. */
const PRIORITY: Record<FundingTask, number> = {
  snapshot_funding: -10,
  sync_instruments: -5,
  sync_asset_metadata: 0,
  backfill_funding_history: 10,
};

const MAX_ATTEMPTS: Record<FundingTask, number> = {
  // The next minute brings a fresh one anyway.
  snapshot_funding: 3,
  sync_instruments: 5,
  sync_asset_metadata: 5,
  backfill_funding_history: 5,
};

/**
 * The spec of a task's job: one job key per venue, so a new request replaces a queued one instead
 * of piling up; backfills of a venue run one at a time (their own queue).
 */
export function jobSpec(task: FundingTask, venue: VenueId | null, extra: TaskSpec = {}): TaskSpec {
  return {
    jobKey: venue ? `${task}:${venue}` : task,
    priority: PRIORITY[task],
    maxAttempts: MAX_ATTEMPTS[task],
    ...(task === 'backfill_funding_history' && venue ? { queueName: `funding-backfill:${venue}` } : {}),
    ...extra,
  };
}

/** Venues this process has REST clients for, in canonical order. */
export function venuesOf(deps: WorkerDeps): VenueId[] {
  return VENUES.filter((v) => deps.rest?.[v]);
}

export async function fanOut(addJob: AddJobFunction, task: FundingTask, venues: readonly VenueId[]): Promise<void> {
  for (const venue of venues) await addJob(task, { venue }, jobSpec(task, venue));
}

export function ingestContext(deps: WorkerDeps): IngestContext {
  if (!deps.funding || !deps.rest)
    throw new Error('the worker was started without the funding service and REST clients');
  return {
    db: deps.db,
    log: deps.log,
    rest: deps.rest,
    limiters: deps.funding.limiters,
    store: deps.funding.store,
    now: deps.now ?? (() => new Date()),
  };
}

export function backfillDays(deps: WorkerDeps): number {
  return Math.min(BACKFILL_DAYS, deps.config.fundingRetentionDays);
}

/** Run one venue's share of a job and record the outcome in job_status; failures rethrow (graphile retries). */
export async function runForVenue<T>(
  deps: WorkerDeps,
  venue: VenueId,
  job: FundingJob,
  work: () => Promise<T>,
): Promise<T> {
  const now = () => deps.now?.() ?? new Date();
  try {
    const result = await work();
    const recovered = await recordJobSuccess(deps.db, venue, job, now());
    if (recovered) await announceStatus(deps, venue, now());
    return result;
  } catch (err) {
    // A shutdown cancels calls in flight: no venue failure to record; graphile retries the job.
    if (isAbort(err)) throw err;
    await recordJobFailure(deps.db, venue, job, now(), err).catch((e: unknown) =>
      deps.log.warn('could not record a job failure', { venue, job, error: String(e) }),
    );
    await announceStatus(deps, venue, now());
    deps.log.warn(`${job} failed`, { venue, error: err instanceof Error ? err.message : String(err) });
    throw err;
  }
}

/**
 * A venue's job failed or recovered: pages showing venue health (the table's column markers, the
 * home badges) refresh now rather than at the next data change. Best effort: the status is
 * already recorded.
 */
async function announceStatus(deps: WorkerDeps, venue: VenueId, at: Date): Promise<void> {
  await notifyFundingUpdate(deps.db, {
    venue,
    at: at.toISOString(),
    kind: 'status',
    origin: deps.funding?.store.id ?? 'worker',
  }).catch((e: unknown) => deps.log.warn('could not announce a job status change', { venue, error: String(e) }));
}
