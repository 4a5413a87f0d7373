// Task list and crontab of the in-process graphile-worker. Cron identifiers never change:
// graphile-worker keys its "last run" bookkeeping on them.
import type { CronItem, TaskList } from 'graphile-worker';
import type { WorkerDeps } from './deps';
import { backfillFundingHistory } from './tasks/backfill_funding_history';
import { cleanupOldFunding } from './tasks/cleanup_old_funding';
import { snapshotFunding } from './tasks/snapshot_funding';
import { syncAssetMetadataTask } from './tasks/sync_asset_metadata';
import { syncInstruments } from './tasks/sync_instruments';
import { jobSpec } from './venue-jobs';

export function createTaskList(deps: WorkerDeps): TaskList {
  return {
    cleanup_old_funding: cleanupOldFunding(deps),
    sync_instruments: syncInstruments(deps),
    snapshot_funding: snapshotFunding(deps),
    backfill_funding_history: backfillFundingHistory(deps),
    sync_asset_metadata: syncAssetMetadataTask(deps),
  };
}

// The venue tasks below run without a payload and fan out into one job per venue.
export const cronItems: CronItem[] = [
  {
    task: 'cleanup_old_funding',
    identifier: 'cleanup_old_funding',
    // Daily at 03:17 UTC; a missed run within the last day is caught up once at start.
    match: '17 3 * * *',
    options: { backfillPeriod: 86_400_000, maxAttempts: 5 },
  },
  {
    task: 'sync_instruments',
    identifier: 'sync_instruments',
    match: '7 * * * *',
    options: { backfillPeriod: 0, maxAttempts: 3, jobKey: 'sync_instruments:cron' },
  },
  {
    task: 'snapshot_funding',
    identifier: 'snapshot_funding',
    match: '* * * * *',
    options: { backfillPeriod: 0, maxAttempts: 3, priority: -10, jobKey: 'snapshot_funding:cron' },
  },
  {
    // Settlements fall on the hour (every 1/2/4/8 h); each run fetches only instruments with one due.
    task: 'backfill_funding_history',
    identifier: 'backfill_funding_history',
    match: '*/5 * * * *',
    options: { backfillPeriod: 0, maxAttempts: 3, jobKey: 'backfill_funding_history:cron' },
  },
  {
    task: 'sync_asset_metadata',
    identifier: 'sync_asset_metadata',
    match: '23 */4 * * *',
    options: { backfillPeriod: 0, maxAttempts: 5, jobKey: 'sync_asset_metadata' },
  },
];

/**
 * Jobs queued once when a process starts, so a fresh install fills within a minute instead of
 * waiting for the crons. Fixed job keys: several processes starting together queue each once.
 */
export const STARTUP_JOBS: {
  task: 'sync_instruments' | 'snapshot_funding' | 'backfill_funding_history' | 'sync_asset_metadata';
  delayMs: number;
}[] = [
  { task: 'snapshot_funding', delayMs: 0 },
  { task: 'sync_instruments', delayMs: 0 },
  { task: 'sync_asset_metadata', delayMs: 0 },
  // After the instruments exist (the snapshot job lists them inline on an empty database).
  { task: 'backfill_funding_history', delayMs: 5_000 },
];

export function startupJobSpec(task: (typeof STARTUP_JOBS)[number]['task'], delayMs: number) {
  return jobSpec(task, null, { jobKey: `startup:${task}`, runAt: new Date(Date.now() + delayMs) });
}

export type { WorkerDeps };
