// An app with every venue on a simulator in the test process (app-with-simulators) and its own
// throwaway Postgres, whose URL the test keeps: browser tests can then inject venue faults and
// queue the app's ingestion jobs now instead of waiting for their minute cron.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Logger, quickAddJob } from 'graphile-worker';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '~/.server/db/embedded-postgres';
import { createLogger } from '~/.server/logger';
import { VENUE_MODULES } from '~/.server/venues/registry';
import type { VenueId } from '~/lib/venues';
import { jobSpec, type FundingTask } from '../../workers/venue-jobs';
import { startAppWithSimulators, type AppWithSimulators } from './app-with-simulators';

const quiet = new Logger(() => () => {});

export interface AppWithDatabase extends AppWithSimulators {
  databaseUrl: string;
  /**
   * Queue one venue's funding job (the spec the cron's fan-out uses) for the app's worker to run
   * now: it calls the venue simulator, stores the result and NOTIFYs, as the cron run would.
   */
  runJob(task: FundingTask, venue: VenueId): Promise<void>;
  /** Close a venue's simulator: the venue is unreachable until `restartVenue`. */
  stopVenue(venue: VenueId): Promise<void>;
  /** A fresh simulator of the venue on the same port (the app's URLs stay valid). */
  restartVenue(venue: VenueId): Promise<void>;
}

export async function startAppWithDatabase(
  env: Record<string, string>,
  simOpts: { seed: number; updateIntervalMs: number },
): Promise<AppWithDatabase> {
  const root = await mkdtemp(path.join(tmpdir(), 'fat-e2e-sim-'));
  let pg: EmbeddedPostgresHandle | null = null;
  let inner: AppWithSimulators | null = null;
  const stopped = new Map<VenueId, number>();
  try {
    pg = await startEmbeddedPostgres({
      dir: path.join(root, 'pg'),
      log: createLogger({ level: 'warn' }),
      ephemeral: true,
    });
    inner = await startAppWithSimulators({ DATABASE_URL: pg.url, ...env }, simOpts);
  } catch (err) {
    await inner?.close();
    await pg?.stop();
    await rm(root, { recursive: true, force: true });
    throw err;
  }
  const { sims } = inner;
  const databaseUrl = pg.url;
  const db = pg;
  const withSims = inner;
  return {
    get app() {
      return withSims.app;
    },
    sims,
    databaseUrl,
    stopApp: () => withSims.stopApp(),
    startApp: () => withSims.startApp(),
    async runJob(task, venue) {
      await quickAddJob({ connectionString: databaseUrl, logger: quiet }, task, { venue }, jobSpec(task, venue));
    },
    async stopVenue(venue) {
      const sim = sims.get(venue);
      if (!sim) throw new Error(`no simulator for ${venue}`);
      stopped.set(venue, Number(new URL(sim.restUrl).port));
      await sim.close();
    },
    async restartVenue(venue) {
      const port = stopped.get(venue);
      if (port === undefined) throw new Error(`${venue} was not stopped`);
      sims.set(venue, await VENUE_MODULES[venue]!.startSimulator({ port, ...simOpts }));
      stopped.delete(venue);
    },
    async close() {
      // Stopped simulators were closed already; close() of the others (and the app) follows.
      for (const venue of stopped.keys()) sims.delete(venue);
      try {
        await withSims.close();
      } finally {
        await db.stop();
        await rm(root, { recursive: true, force: true });
      }
    },
  };
}
