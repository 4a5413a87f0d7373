// Long-lived services, built once by server.ts and handed to routes through the load context.
import path from 'node:path';
import type { AppConfig } from './config';
import { checkConnection, createDatabase, migrateDatabase, type Database } from './db/client';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './db/embedded-postgres';
import { appConnectionName } from './funding/process-share';
import { createFundingService, type FundingService } from './funding/service';
import type { AppLogger } from './logger';
import { startMarket, type MarketService } from './market/market-service';
import { loadSecrets, type AppSecrets } from './secrets';
import { startWorker, type WorkerHandle } from '../../workers/runner';

export interface Services {
  config: AppConfig;
  log: AppLogger;
  secrets: AppSecrets;
  database: Database;
  worker: WorkerHandle | null;
  /** Venue streams and the /ws hub; null when started without them (migrations, some tests). */
  market: MarketService | null;
  /** Funding store the API reads (kept current by the jobs and LISTEN/NOTIFY), REST pacing, CoinGecko URL. */
  funding: FundingService;
  embeddedPostgres: EmbeddedPostgresHandle | null;
  startedAt: Date;
  /** Stop in dependency order: market streams, worker, funding feed, pool, embedded Postgres. */
  close(): Promise<void>;
}

export class StartupError extends Error {
  name = 'StartupError';
}

export async function createServices(
  config: AppConfig,
  log: AppLogger,
  opts: { startWorker?: boolean; startMarket?: boolean } = {},
): Promise<Services> {
  let secrets: AppSecrets;
  try {
    secrets = await loadSecrets(config, log);
  } catch (err) {
    throw new StartupError(err instanceof Error ? err.message : String(err));
  }
  let embeddedPostgres: EmbeddedPostgresHandle | null = null;
  let url = config.databaseUrl;
  if (!url) {
    try {
      embeddedPostgres = await startEmbeddedPostgres({ dir: path.join(config.dataDir, 'postgres'), log });
    } catch (err) {
      throw new StartupError(err instanceof Error ? err.message : String(err));
    }
    url = embeddedPostgres.url;
  }
  const database = createDatabase(url, { applicationName: appConnectionName() });
  let worker: WorkerHandle | null = null;
  let market: MarketService | null = null;
  let funding: FundingService | null = null;
  const close = async () => {
    await market?.close().catch((e: unknown) => log.warn('market stop failed', { error: e }));
    await worker?.stop().catch((e: unknown) => log.warn('worker stop failed', { error: e }));
    await funding?.close().catch((e: unknown) => log.warn('funding feed stop failed', { error: e }));
    await database.close().catch((e: unknown) => log.warn('pool close failed', { error: e }));
    await embeddedPostgres?.stop().catch((e: unknown) => log.warn('embedded postgres stop failed', { error: e }));
  };
  try {
    await checkConnection(database, url);
    await migrateDatabase(database);
    log.info('database migrated');
    // The market first: the worker's funding jobs use its REST clients (simulators in demo mode).
    if (opts.startMarket !== false) market = await startMarket(config, log);
    funding = createFundingService({
      database,
      config,
      log,
      venueUrls: market?.venueUrls ?? config.venues,
      coingeckoUrl: market?.coingeckoUrl,
    });
    if (opts.startWorker !== false) {
      worker = await startWorker({
        db: database.db,
        config,
        log: log.child({ component: 'worker' }),
        connectionString: url,
        rest: market?.rest,
        funding,
      });
    }
    const hub = market?.hub;
    await funding.start({ publish: hub ? (channel, payload) => hub.publish(channel, payload) : null });
  } catch (err) {
    await close();
    throw new StartupError(err instanceof Error ? err.message : String(err));
  }
  return { config, log, secrets, database, worker, market, funding, embeddedPostgres, startedAt: new Date(), close };
}

/** Liveness detail for /healthz: each part up or down, with why. */
export async function checkHealth(services: Services): Promise<{ ok: boolean; body: Record<string, unknown> }> {
  let db: { ok: boolean; error?: string };
  try {
    await Promise.race([
      services.database.sql`select 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 2 s')), 2000).unref()),
    ]);
    db = { ok: true };
  } catch (err) {
    db = { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  const worker = { ok: services.worker?.isRunning() ?? false };
  const ok = db.ok && worker.ok;
  return {
    ok,
    body: {
      status: ok ? 'ok' : 'degraded',
      uptimeSec: Math.round(process.uptime()),
      db,
      worker,
      embeddedPostgres: services.embeddedPostgres !== null,
      demo: services.config.demo,
      // Venue feeds are reported, not required: an unreachable venue degrades data, not the process.
      venues: services.market?.streamer.status() ?? [],
      ws: services.market ? { clients: services.market.hub.clientCount() } : null,
    },
  };
}
