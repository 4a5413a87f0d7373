// The funding side of the services: the in-memory store the API reads, the per-venue REST pacing
// the jobs share, the CoinGecko URL in force, and the LISTEN feed that keeps processes in step.
// Built once in services.ts; handed to the worker (WorkerDeps.funding) and the routes (services.funding).
import type { AppConfig } from '~/.server/config';
import type { Database } from '~/.server/db/client';
import type { AppLogger } from '~/.server/logger';
import type { VenueId } from '~/lib/venues';
import { AnswerCache } from './answer-cache';
import { startFundingFeed, type FundingFeed } from './feed';
import { startProcessShare, type ProcessShare } from './process-share';
import { createVenueLimiters, type VenueLimiters } from './rate-limiter';
import { FundingStore } from './store';

export interface FundingService {
  store: FundingStore;
  /** The API's serialised answers, recomputed off the request path when the store changes. */
  answers: AnswerCache;
  limiters: VenueLimiters;
  /** CoinGecko base URL the metadata job uses (the local simulator in demo mode). */
  coingeckoUrl: string;
  /** Start loading the store and listening for other processes' changes; never blocks on venues. */
  start(opts: { publish: ((channel: string, payload: unknown) => void) | null }): Promise<void>;
  close(): Promise<void>;
}

export function createFundingService(opts: {
  database: Database;
  config: AppConfig;
  log: AppLogger;
  venueUrls: Partial<Record<VenueId, { restUrl: string }>>;
  coingeckoUrl?: string;
}): FundingService {
  const log = opts.log.child({ component: 'funding' });
  const store = new FundingStore({ db: opts.database.db, log });
  const coingeckoUrl = opts.coingeckoUrl ?? opts.config.coingeckoUrl;
  const answers = new AnswerCache(store);
  const limiters = createVenueLimiters(opts.venueUrls, coingeckoUrl);
  let feed: FundingFeed | null = null;
  let share: ProcessShare | null = null;
  return {
    store,
    answers,
    limiters,
    coingeckoUrl,
    async start({ publish }) {
      feed = await startFundingFeed({ sql: opts.database.sql, store, answers, publish, log });
      share = startProcessShare({ sql: opts.database.sql, limiters, log });
      store.start();
    },
    async close() {
      share?.stop();
      store.stop();
      answers.close();
      await feed?.close();
    },
  };
}
