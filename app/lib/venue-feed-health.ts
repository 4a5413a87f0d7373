// Whether a venue's funding figures are current: the last outcome of its funding jobs (the
// job_status rows /api/stats reports) and the age of its newest stored rate. Pure, so the
// home page's badges, the table's column headers and the best pairs' legs word it the same way.
import { formatDuration, formatUtc } from './format';
import { isStale } from './funding-format';
import type { VenueId } from './venues';

/** One funding job of a venue (a job_status row), times in ms. */
export interface FundingJobStatusLite {
  job: string;
  lastSuccessAt: number | null;
  lastFailureAt: number | null;
  lastError: string | null;
  consecutiveFailures: number;
}

export interface VenueFeedStatus {
  venue: VenueId;
  jobs: FundingJobStatusLite[];
  /** Newest funding snapshot stored for the venue (ms); null when there is none. */
  lastUpdateMs: number | null;
}

/** ok: current; failing: a job's last run failed; stale: older than its refresh; empty: no rate yet. */
export type VenueFeedState = 'ok' | 'failing' | 'stale' | 'empty';

export interface VenueFeedHealth {
  state: VenueFeedState;
  title: string;
  /** Why and since when, one sentence each. */
  details: string[];
}

export const FEED_COLOR: Record<VenueFeedState, string> = {
  ok: 'teal',
  failing: 'red',
  stale: 'orange',
  empty: 'gray',
};

// In order of importance for the figures shown: snapshots carry the live rates.
const JOB_LABELS: Record<string, string> = {
  snapshot_funding: 'Funding snapshots',
  sync_instruments: 'Instrument list sync',
  backfill_funding_history: 'History backfill',
};
const JOB_ORDER = Object.keys(JOB_LABELS);
const jobRank = (job: string) => {
  const i = JOB_ORDER.indexOf(job);
  return i < 0 ? JOB_ORDER.length : i;
};

/** A job whose latest run failed (as /api/stats counts it: no success since the last failure). */
export function isJobFailing(job: Pick<FundingJobStatusLite, 'lastSuccessAt' | 'lastFailureAt'>): boolean {
  return job.lastFailureAt !== null && (job.lastSuccessAt === null || job.lastSuccessAt < job.lastFailureAt);
}

/**
 * How to word a time: the reader's clock time (null: the server render, which does not know the
 * reader's time zone) and, with a current time, how long ago.
 */
export interface FeedClock {
  nowMs: number | null;
  formatTime: ((ms: number) => string) | null;
}

/** "at 16:02 (8 min ago)", "8 min ago" or "at 2025-01-31 16:02:00 UTC": reads after any verb. */
function when(ms: number, clock: FeedClock): string {
  const ago = clock.nowMs === null ? null : `${formatDuration(clock.nowMs - ms)} ago`;
  if (!clock.formatTime) return ago ?? `at ${formatUtc(ms)}`;
  return ago ? `at ${clock.formatTime(ms)} (${ago})` : `at ${clock.formatTime(ms)}`;
}

function failureDetail(job: FundingJobStatusLite, clock: FeedClock): string {
  const label = JOB_LABELS[job.job] ?? job.job;
  const n = job.consecutiveFailures;
  const since =
    job.lastSuccessAt === null
      ? 'no success recorded yet'
      : `failing since the last success ${when(job.lastSuccessAt, clock)}`;
  return (
    `${label} failing: ${job.lastError ?? 'unknown error'} ` +
    `(${n} failed attempt${n === 1 ? '' : 's'} in a row, latest ${when(job.lastFailureAt!, clock)}; ${since}).`
  );
}

/**
 * The venue's funding feed health. Failing jobs come first (they say why), then age: with no
 * current time (server render) staleness is not judged.
 */
export function fundingFeedHealth(feed: VenueFeedStatus, refreshMs: number, clock: FeedClock): VenueFeedHealth {
  const failing = feed.jobs.filter(isJobFailing).sort((a, b) => jobRank(a.job) - jobRank(b.job));
  const last = feed.lastUpdateMs;
  const lastLine = last === null ? 'No funding rate stored yet.' : `Rates last updated ${when(last, clock)}.`;
  if (failing.length > 0) {
    const title =
      failing[0]!.job === 'snapshot_funding'
        ? 'Funding updates failing'
        : failing.length === 1
          ? `${JOB_LABELS[failing[0]!.job] ?? failing[0]!.job} failing`
          : 'Funding jobs failing';
    return { state: 'failing', title, details: [...failing.map((j) => failureDetail(j, clock)), lastLine] };
  }
  if (last === null) {
    const snapshotRan = feed.jobs.some((j) => j.job === 'snapshot_funding' && j.lastSuccessAt !== null);
    return {
      state: 'empty',
      title: 'No funding data yet',
      details: [
        snapshotRan
          ? 'Funding snapshots ran but stored no rate for this venue.'
          : `Waiting for the first funding snapshot (every ${formatDuration(refreshMs)}).`,
      ],
    };
  }
  if (clock.nowMs !== null && isStale(last, clock.nowMs, refreshMs)) {
    return {
      state: 'stale',
      title: `No funding update for ${formatDuration(clock.nowMs - last)}`,
      details: [
        `Expected every ${formatDuration(refreshMs)}; last update ${when(last, clock)}.`,
        'No job failure is recorded: the worker may be stopped or behind.',
      ],
    };
  }
  return { state: 'ok', title: 'Funding updates on time', details: [lastLine] };
}

/** The health as one line, for a tooltip-less reader (aria-label) or another badge's reason. */
export function feedText(health: VenueFeedHealth): string {
  return [`${health.title}.`, ...health.details].join(' ');
}
