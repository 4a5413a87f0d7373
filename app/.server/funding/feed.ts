// Funding changes cross processes through Postgres: the job that wrote them NOTIFYs
// `funding_updates`; every app process LISTENs, refreshes its store from the database (unless it
// wrote the change itself) and, once the API's recent answers are recomputed, tells browsers on
// the hub's `funding` channel (so the refetch it prompts gets the new data).
import { sql as dsql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Sql } from '~/.server/db/client';
import type { AppLogger } from '~/.server/logger';
import { VENUES, type VenueId } from '~/lib/venues';
import type { AnswerCache } from './answer-cache';
import type { FundingStore, FundingUpdateKind } from './store';

/** Longest a notification to browsers waits for the answers to be recomputed. */
const ANSWERS_WAIT_MS = 2_000;

export const FUNDING_CHANNEL = 'funding_updates';
/** The hub channel browsers subscribe to with `{"action":"subscribe","channel":"funding"}`. */
export const HUB_FUNDING_CHANNEL = 'funding';

export interface FundingUpdate {
  venue: VenueId | null;
  /** ISO time of the change. */
  at: string;
  kind: FundingUpdateKind;
  /** The store id of the process that wrote it. */
  origin: string;
  /** Rows or instruments touched, for the curious. */
  count?: number;
}

const updateSchema = z.object({
  venue: z.enum(VENUES).nullable(),
  at: z.string(),
  kind: z.enum(['snapshots', 'history', 'instruments', 'assets', 'status']),
  origin: z.string(),
  count: z.number().optional(),
});

export async function notifyFundingUpdate(db: Db, update: FundingUpdate): Promise<void> {
  await db.execute(dsql`select pg_notify(${FUNDING_CHANNEL}, ${JSON.stringify(update)})`);
}

export interface FundingFeed {
  close(): Promise<void>;
}

/**
 * LISTEN on a connection of its own (postgres.js reconnects it); after a reconnect the store reloads
 * everything, since notifications sent meanwhile are lost.
 */
export async function startFundingFeed(opts: {
  sql: Sql;
  store: FundingStore;
  answers?: Pick<AnswerCache, 'settled'>;
  publish: ((channel: string, payload: unknown) => void) | null;
  log: AppLogger;
}): Promise<FundingFeed> {
  const { store, log } = opts;
  let listens = 0;
  // One refresh at a time, in arrival order: a burst of notifications must not pile up queries.
  let chain: Promise<void> = Promise.resolve();
  const onNotify = (text: string) => {
    let update: FundingUpdate;
    try {
      update = updateSchema.parse(JSON.parse(text)) as FundingUpdate;
    } catch {
      log.warn('funding feed: ignored a malformed notification', { sample: text.slice(0, 200) });
      return;
    }
    chain = chain.then(async () => {
      try {
        if (update.origin !== store.id) await store.applyUpdate(update.kind, update.venue);
        await opts.answers?.settled(ANSWERS_WAIT_MS);
        opts.publish?.(HUB_FUNDING_CHANNEL, {
          venue: update.venue,
          at: update.at,
          kind: update.kind,
          count: update.count ?? null,
        });
      } catch (err) {
        log.warn('funding feed: refresh failed', {
          kind: update.kind,
          venue: update.venue,
          error: err instanceof Error ? err.message : String(err),
        });
      }
    });
  };
  const onListen = () => {
    if (listens++ === 0) return;
    log.info('funding feed: listening again; reloading the store');
    chain = chain.then(() => store.reloadAll().catch(() => {}));
  };
  const sub = await opts.sql.listen(FUNDING_CHANNEL, onNotify, onListen);
  return {
    async close() {
      await sub.unlisten().catch(() => {});
      await chain;
    },
  };
}
