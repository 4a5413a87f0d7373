// Venue rate limits are per client, not per process: app processes sharing one database split each
// venue budget between them. Each process names its Postgres sessions `<prefix><uuid>`; the live
// processes are the distinct such names in pg_stat_activity, so a process that dies stops counting
// when its connections close, with no heartbeat table to clean up.
import { randomUUID } from 'node:crypto';
import type { Sql } from '~/.server/db/client';
import type { AppLogger } from '~/.server/logger';
import type { VenueLimiters } from './rate-limiter';

export const APP_CONNECTION_PREFIX = 'funding-arb-app:';

/** The application_name of this process's sessions. */
export function appConnectionName(): string {
  return `${APP_CONNECTION_PREFIX}${randomUUID()}`;
}

/** App processes with an open session on this database (at least this one). */
export async function countAppProcesses(sql: Sql): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    select count(distinct application_name)::int as n from pg_stat_activity
    where datname = current_database() and application_name like ${`${APP_CONNECTION_PREFIX}%`}`;
  return Math.max(1, row?.n ?? 1);
}

export interface ProcessShare {
  stop(): void;
}

/** Re-counts the app processes every `intervalMs` and gives this one its part of every budget. */
export function startProcessShare(opts: {
  sql: Sql;
  limiters: VenueLimiters;
  log: AppLogger;
  intervalMs?: number;
}): ProcessShare {
  const { sql, limiters, log } = opts;
  let stopped = false;
  const update = async () => {
    try {
      const n = await countAppProcesses(sql);
      if (stopped || n === limiters.processes) return;
      log.info('venue rate budgets split between app processes', { processes: n });
      limiters.shareWith(n);
    } catch (err) {
      // Keep the last share: a wrong count for a while is better than no pacing.
      if (!stopped)
        log.warn('could not count app processes', { error: err instanceof Error ? err.message : String(err) });
    }
  };
  void update();
  const timer = setInterval(() => void update(), opts.intervalMs ?? 15_000);
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
