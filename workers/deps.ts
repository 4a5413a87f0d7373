import type { AppConfig } from '~/.server/config';
import type { Db } from '~/.server/db/client';
import type { AppLogger } from '~/.server/logger';

/** What tasks get from server.ts: the same services the routes use. */
export interface WorkerDeps {
  db: Db;
  config: AppConfig;
  log: AppLogger;
  now?: () => Date;
}
