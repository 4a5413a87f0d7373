import type { AppConfig } from '~/.server/config';
import type { Db } from '~/.server/db/client';
import type { FundingService } from '~/.server/funding/service';
import type { AppLogger } from '~/.server/logger';
import type { VenueRestClient } from '~/.server/market/types';
import type { VenueId } from '~/lib/venues';

/** What tasks get from server.ts: the same services the routes use. */
export interface WorkerDeps {
  db: Db;
  config: AppConfig;
  log: AppLogger;
  now?: () => Date;
  /** Venue REST clients (the market's, on the URLs in force: simulators in demo mode). Funding jobs need them. */
  rest?: Partial<Record<VenueId, VenueRestClient>>;
  /** Store, per-venue pacing and CoinGecko URL shared with the routes. Funding jobs need it. */
  funding?: FundingService;
  /** Longest a backfill job keeps starting new requests before re-queueing itself (default 20 s). */
  backfillBudgetMs?: number;
  /** Queue the ingestion jobs once at start (default true; tests that drive jobs themselves turn it off). */
  queueStartupJobs?: boolean;
}
