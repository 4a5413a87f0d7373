import { Logger, quickAddJob, runOnce } from 'graphile-worker';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '~/.server/config';
import { assets, fundingRates, instruments } from '~/.server/db/schema';
import { createLogger } from '~/.server/logger';
import { createTaskList } from '../../workers/index';
import { testDatabase, testDatabaseUrl, truncate } from './helpers';

const database = testDatabase();
const log = createLogger({ level: 'error' });
// The failing-payload case is expected to log; keep the run quiet.
const quietWorkerLogger = new Logger(() => () => {});
const NOW = new Date('2026-06-01T00:00:00Z');
const DAY = 86_400_000;

async function seed(ageDays: number[]) {
  const [asset] = await database.db.insert(assets).values({ symbol: 'BTC' }).returning();
  const [inst] = await database.db
    .insert(instruments)
    .values({ venueId: 'binance', symbol: 'BTCUSDT', assetId: asset!.id, quoteAsset: 'USDT', fundingIntervalHours: '8' })
    .returning();
  await database.db.insert(fundingRates).values(
    ageDays.map((d) => ({
      instrumentId: inst!.id,
      fundingTime: new Date(NOW.getTime() - d * DAY),
      rate: '0.0001',
      intervalHours: '8',
    })),
  );
}

async function remainingAges(): Promise<number[]> {
  const rows = await database.db.select({ t: fundingRates.fundingTime }).from(fundingRates);
  return rows.map((r) => Math.round((NOW.getTime() - r.t.getTime()) / DAY)).sort((a, b) => a - b);
}

async function runCleanup(retentionDays: number, payload: unknown = {}) {
  const config = { ...loadConfig({}), fundingRetentionDays: retentionDays };
  const taskList = createTaskList({ db: database.db, config, log, now: () => NOW });
  const connectionString = testDatabaseUrl();
  await quickAddJob({ connectionString, logger: quietWorkerLogger }, 'cleanup_old_funding', payload);
  // runOnce goes through graphile-worker itself: queue, lock, run, complete.
  await runOnce({ connectionString, taskList, logger: quietWorkerLogger, noHandleSignals: true });
}

describe('cleanup_old_funding (graphile-worker task)', () => {
  beforeEach(async () => {
    await truncate(database, ['funding_rates', 'instruments', 'assets']);
    await database.sql`delete from graphile_worker._private_jobs`.catch(() => {});
  });
  afterAll(() => database.close());

  it('deletes rows older than the retention window and keeps the rest', async () => {
    await seed([1, 30, 89, 91, 200]);
    await runCleanup(90);
    expect(await remainingAges()).toEqual([1, 30, 89]);
  });

  it('uses the retention setting (a shorter window deletes more)', async () => {
    await seed([1, 5, 10]);
    await runCleanup(7);
    expect(await remainingAges()).toEqual([1, 5]);
  });

  it('honours a retentionDays payload and leaves failing payloads queued for retry', async () => {
    await seed([1, 3]);
    await runCleanup(90, { retentionDays: 2 });
    expect(await remainingAges()).toEqual([1]);
    await runCleanup(90, { retentionDays: 'soon' });
    const [job] = await database.sql`select attempts, last_error from graphile_worker.jobs where task_identifier = 'cleanup_old_funding'`;
    expect(job?.attempts).toBe(1);
    expect(String(job?.last_error)).toMatch(/bad payload/);
    expect(await remainingAges()).toEqual([1]);
  });
});
