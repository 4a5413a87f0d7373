// Task list and crontab of the in-process graphile-worker. Cron identifiers never change:
// graphile-worker keys its "last run" bookkeeping on them.
import type { CronItem, TaskList } from 'graphile-worker';
import type { WorkerDeps } from './deps';
import { cleanupOldFunding } from './tasks/cleanup_old_funding';

export function createTaskList(deps: WorkerDeps): TaskList {
  return {
    cleanup_old_funding: cleanupOldFunding(deps),
  };
}

export const cronItems: CronItem[] = [
  {
    task: 'cleanup_old_funding',
    identifier: 'cleanup_old_funding',
    // Daily at 03:17 UTC; a missed run within the last day is caught up once at start.
    match: '17 3 * * *',
    options: { backfillPeriod: 86_400_000, maxAttempts: 5 },
  },
];

export type { WorkerDeps };
