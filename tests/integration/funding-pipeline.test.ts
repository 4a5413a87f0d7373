// The funding pipeline end to end: the REAL graphile-worker tasks (through runOnce) against all
// seven venue simulators and the CoinGecko simulator fill Postgres; then the real app process
// answers the funding API from it, stays in step through NOTIFY, and shows a failing venue in stats
// while the others keep updating.
import { Logger, makeWorkerUtils, quickAddJob, runOnce } from 'graphile-worker';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startCoingeckoSimulator, type CoingeckoSimulator } from '~/.server/coingecko/simulator';
import { loadConfig } from '~/.server/config';
import type { AnswerWork } from '~/.server/funding/answer-cache';
import { startFundingFeed } from '~/.server/funding/feed';
import { tableRowJson, type TableRowJson } from '~/.server/funding/funding-table';
import { tableRowsWork } from '~/.server/funding/queries';
import { createFundingService, type FundingService } from '~/.server/funding/service';
import { createLogger } from '~/.server/logger';
import type { VenueRestClient } from '~/.server/market/types';
import { VENUE_MODULES } from '~/.server/venues/registry';
import { defaultSymbols } from '~/.server/venues/sim/market';
import type { VenueSimulator } from '~/.server/venues/sim/server';
import { closeSimulators, simulatedVenues, startSimulators } from '~/.server/venues/sim/start-all';
import type { VenueId } from '~/lib/venues';
import { createTaskList } from '../../workers/index';
import { startAppProcess, type AppProcess } from '../support/app-process';
import { testDatabase, testDatabaseUrl, truncate } from './helpers';

const VENUES = simulatedVenues();
const database = testDatabase();
const quiet = new Logger(() => () => {});
const log = createLogger({ level: 'error' });
const DAY = 86_400_000;

type Json = Record<string, unknown>;

describe('funding pipeline: real jobs → Postgres → app API', () => {
  let sims: Map<VenueId, VenueSimulator>;
  let coingecko: CoingeckoSimulator;
  let funding: FundingService;
  let app: AppProcess | null = null;
  let dataDir = '';
  const rest: Partial<Record<VenueId, VenueRestClient>> = {};

  /** Runs the job and what it queues; `retryFailed`: failed jobs get a few more rounds. */
  async function runJob(task: string, payload: Json = {}, { retryFailed = false } = {}) {
    const config = { ...loadConfig({}), fundingRetentionDays: 90 };
    const taskList = createTaskList({ db: database.db, config, log, rest, funding, backfillBudgetMs: 120_000 });
    await quickAddJob({ connectionString: testDatabaseUrl(), logger: quiet }, task, payload);
    // As in production, a job that failed (a venue call timing out on a loaded machine) is retried
    // by graphile-worker; here without its backoff wait, a few rounds at most, and said out loud.
    // Off where a test injects the failure it checks.
    const utils = await makeWorkerUtils({ connectionString: testDatabaseUrl(), logger: quiet });
    try {
      for (let round = 0; ; round++) {
        await runOnce({
          connectionString: testDatabaseUrl(),
          taskList,
          logger: quiet,
          noHandleSignals: true,
          concurrency: 4,
        });
        const retries = await database.sql<{ id: string; task_identifier: string; last_error: string }[]>`
          select id::text, task_identifier, last_error from graphile_worker.jobs
          where last_error is not null and attempts < max_attempts`;
        if (!retryFailed || retries.length === 0 || round === 3) break;
        for (const r of retries) console.warn(`retrying ${r.task_identifier} after: ${r.last_error.slice(0, 200)}`);
        await utils.rescheduleJobs(
          retries.map((r) => r.id),
          { runAt: new Date() },
        );
      }
    } finally {
      await utils.release();
    }
  }

  async function get(pathAndQuery: string): Promise<{ status: number; body: Json }> {
    const res = await fetch(`${app!.url}${pathAndQuery}`);
    return { status: res.status, body: (await res.json()) as Json };
  }

  beforeAll(async () => {
    await truncate(database, [
      'funding_rates',
      'funding_snapshots',
      'backfill_progress',
      'job_status',
      'instruments',
      'assets',
    ]);
    await database.sql`delete from graphile_worker._private_jobs`.catch(() => {});
    sims = await startSimulators(VENUES, { seed: 7, updateIntervalMs: 200 });
    coingecko = await startCoingeckoSimulator();
    const venueUrls: Partial<Record<VenueId, { restUrl: string }>> = {};
    for (const [v, sim] of sims) {
      rest[v] = VENUE_MODULES[v]!.createClients({ wsUrl: sim.wsUrl, restUrl: sim.restUrl }).rest;
      venueUrls[v] = { restUrl: sim.restUrl };
    }
    funding = createFundingService({ database, config: loadConfig({}), log, venueUrls, coingeckoUrl: coingecko.url });
    await funding.store.reloadAll();
  }, 120_000);

  afterAll(async () => {
    if (app && app.child.exitCode === null) await app.stop();
    await funding?.close();
    if (sims) await closeSimulators(sims);
    await coingecko?.close();
    await database.sql`delete from graphile_worker._private_jobs`.catch(() => {});
    await database.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('sync_instruments lists every perpetual with its own funding interval, multiplier and fees', async () => {
    await runJob('sync_instruments');
    const rows = await database.sql<
      {
        venue_id: string;
        symbol: string;
        asset: string;
        multiplier: string;
        h: string | null;
        taker: string;
        active: boolean;
      }[]
    >`
      select i.venue_id, i.symbol, a.symbol as asset, i.multiplier, i.funding_interval_hours as h, i.taker_fee_rate as taker, i.active
      from instruments i join assets a on a.id = i.asset_id`;
    expect(new Set(rows.map((r) => r.venue_id))).toEqual(new Set(VENUES));
    const bySym = (v: string, s: string) => rows.find((r) => r.venue_id === v && r.symbol === s)!;
    // Per-instrument intervals, side by side on one venue.
    expect(Number(bySym('binance', 'BTCUSDT').h)).toBe(8);
    expect(Number(bySym('binance', '1000PEPEUSDT').h)).toBe(4);
    expect(Number(bySym('binance', 'WIFUSDT').h)).toBe(1);
    expect(Number(bySym('bybit', 'LINKUSDT').h)).toBe(2);
    expect(Number(bySym('hyperliquid', 'BTC').h)).toBe(1);
    // One PEPE asset for 1000PEPEUSDT (×1000), kPEPE (×1000) and PEPEUSDT (×1).
    expect(bySym('binance', '1000PEPEUSDT')).toMatchObject({ asset: 'PEPE', multiplier: '1000' });
    expect(bySym('hyperliquid', 'kPEPE')).toMatchObject({ asset: 'PEPE', multiplier: '1000' });
    expect(bySym('bitget', 'PEPEUSDT')).toMatchObject({ asset: 'PEPE', multiplier: '1' });
    expect(bySym('kucoin', 'XBTUSDTM').asset).toBe('BTC');
    // Fees: the venue's own where listed (KuCoin 0.06 %), else the default table (Binance 0.05 %).
    expect(Number(bySym('kucoin', 'XBTUSDTM').taker)).toBe(0.0006);
    expect(Number(bySym('binance', 'BTCUSDT').taker)).toBe(0.0005);
    // Listed but not trading (Hyperliquid's delisted HPOS): kept, inactive.
    expect(bySym('hyperliquid', 'HPOS').active).toBe(false);
    const statuses =
      await database.sql`select source from job_status where job = 'sync_instruments' and consecutive_failures = 0 and last_success_at is not null`;
    expect(statuses).toHaveLength(VENUES.length);
  });

  it('snapshot_funding stores the current funding of every active perpetual and fills the store', async () => {
    await runJob('snapshot_funding');
    const [counts] = await database.sql<{ snaps: number; active: number }[]>`
      select (select count(*)::int from funding_snapshots) as snaps,
             (select count(*)::int from instruments where active) as active`;
    expect(counts!.snaps).toBe(counts!.active);
    const view = funding.store.view();
    const withSnap = [...view.instruments.values()].filter((i) => i.snapshot);
    expect(withSnap.length).toBe(counts!.active);
    // Paradex accrues continuously: no next funding time; the others name one.
    const next = await database.sql<{ venue_id: string; n: number }[]>`
      select i.venue_id, count(s.next_funding_time)::int as n from funding_snapshots s join instruments i on i.id = s.instrument_id group by 1`;
    expect(next.find((r) => r.venue_id === 'paradex')!.n).toBe(0);
    expect(next.find((r) => r.venue_id === 'binance')!.n).toBeGreaterThan(0);
    // A predicted rate for the following settlement only where the venue gives one: KuCoin's
    // predictedFundingFeeRate. CoinEx's simulator states its coming settlement as next_* (as real
    // captures do), which leaves no later prediction; the others publish none.
    const predicted = await database.sql<{ venue_id: string; n: number; total: number }[]>`
      select i.venue_id, count(s.predicted_rate)::int as n, count(*)::int as total
      from funding_snapshots s join instruments i on i.id = s.instrument_id group by 1`;
    for (const p of predicted) expect(p.n, p.venue_id).toBe(p.venue_id === 'kucoin' ? p.total : 0);
    const xbt = withSnap.find((i) => i.venue === 'kucoin' && i.symbol === 'XBTUSDTM')!;
    expect(xbt.snapshot!.predictedRate).toEqual(expect.any(Number));
    expect(xbt.snapshot!.predictedRate).not.toBe(xbt.snapshot!.rate);
  });

  it('backfill_funding_history stores 30 days of settled rates per instrument with the interval each covered', async () => {
    await runJob('backfill_funding_history', {}, { retryFailed: true });
    const progress = await database.sql<
      { status: string; n: number }[]
    >`select status, count(*)::int as n from backfill_progress group by 1`;
    expect(progress).toEqual([{ status: 'done', n: expect.any(Number) }]);
    // Timestamps arrive as text from this pool (drizzle's postgres.js settings).
    const rows = await database.sql<
      { venue_id: string; symbol: string; n: number; h: string; oldest: string; newest: string }[]
    >`
      select i.venue_id, i.symbol, count(*)::int as n, max(r.interval_hours)::text as h, min(r.funding_time) as oldest, max(r.funding_time) as newest
      from funding_rates r join instruments i on i.id = r.instrument_id group by 1, 2`;
    const of = (v: string, s: string) => rows.find((r) => r.venue_id === v && r.symbol === s)!;
    // 30 days: 90 settlements at 8 h, 180 at 4 h, 720 at 1 h (± the edges).
    expect(of('binance', 'BTCUSDT').n).toBeGreaterThanOrEqual(89);
    expect(of('binance', 'BTCUSDT').n).toBeLessThanOrEqual(91);
    expect(of('binance', '1000PEPEUSDT').n).toBeGreaterThanOrEqual(179);
    expect(of('binance', 'WIFUSDT').n).toBeGreaterThanOrEqual(719);
    expect(Number(of('binance', 'WIFUSDT').h)).toBe(1);
    expect(Number(of('binance', '1000PEPEUSDT').h)).toBe(4);
    expect(of('hyperliquid', 'BTC').n).toBeGreaterThanOrEqual(719);
    // Paradex samples (every 5 minutes in the simulator) kept hourly, at the hour.
    const px = of('paradex', 'BTC-USD-PERP');
    expect(px.n).toBeGreaterThanOrEqual(719);
    expect(px.n).toBeLessThanOrEqual(722);
    expect(Date.now() - Date.parse(px.oldest)).toBeGreaterThan(29.9 * DAY);
    for (const r of rows) expect(Date.now() - Date.parse(r.newest)).toBeLessThan(8 * 3_600_000 + 120_000);
    // Resumable bookkeeping matches what is stored.
    const [sum] = await database.sql<{ stored: number; rows: number }[]>`
      select (select sum(rows_stored)::int from backfill_progress) as stored, (select count(*)::int from funding_rates) as rows`;
    expect(sum!.stored).toBe(sum!.rows);
    // A second run finds nothing due and stores nothing new (ON CONFLICT DO NOTHING, no refetch).
    const before = sims.get('binance')!.requestCount('/fapi/v1/fundingRate');
    await runJob('backfill_funding_history');
    expect(sims.get('binance')!.requestCount('/fapi/v1/fundingRate')).toBe(before);
    // The store now has period averages and sparklines.
    const btc = [...funding.store.view().instruments.values()].find(
      (i) => i.venue === 'binance' && i.symbol === 'BTCUSDT',
    )!;
    expect(btc.history?.avgAprPct['7d']).toEqual(expect.any(Number));
    expect(btc.history?.spark.filter((x) => x !== null).length).toBeGreaterThanOrEqual(20);
  }, 120_000);

  it('sync_asset_metadata matches assets to the right CoinGecko coins, paging as needed', async () => {
    await runJob('sync_asset_metadata');
    const assets = await database.sql<
      { symbol: string; coingecko_id: string | null; market_cap_usd: string | null; image_url: string | null }[]
    >`
      select symbol, coingecko_id, market_cap_usd, image_url from assets`;
    const of = (s: string) => assets.find((a) => a.symbol === s)!;
    expect(of('PEPE').coingecko_id).toBe('pepe'); // not the look-alike pepe-2-0
    expect(of('BTC').coingecko_id).toBe('bitcoin');
    expect(of('SATS').coingecko_id).toBe('sats-ordinals'); // on page 2
    expect(Number(of('BTC').market_cap_usd)).toBeGreaterThan(1e12);
    expect(of('BTC').image_url).toMatch(/^data:image/);
    expect(coingecko.requestCount('/api/v3/coins/markets')).toBe(2);
    // Its health is recorded like a venue's, under the source 'coingecko'.
    const health = () => database.sql<
      {
        last_success_at: string | null;
        last_failure_at: string | null;
        last_error: string | null;
        consecutive_failures: number;
      }[]
    >`select last_success_at, last_failure_at, last_error, consecutive_failures from job_status
      where source = 'coingecko' and job = 'sync_asset_metadata'`;
    const [ok] = await health();
    expect(ok).toEqual({
      last_success_at: expect.any(String),
      last_failure_at: null,
      last_error: null,
      consecutive_failures: 0,
    });
    // A failing CoinGecko: recorded (the app process started later shows it in /api/stats).
    coingecko.faults.httpError(500, 10, '/api/v3/coins/markets');
    try {
      await runJob('sync_asset_metadata');
    } finally {
      coingecko.faults.clear();
    }
    const [failed] = await health();
    expect(failed).toEqual({
      last_success_at: ok!.last_success_at,
      last_failure_at: expect.any(String),
      last_error: expect.stringMatching(/500/),
      consecutive_failures: 1,
    });
  });

  it('a venue answering 500 or 429 is recorded per venue while the others still update', async () => {
    const before = new Map(
      (
        await database.sql<{ venue_id: string; t: string }[]>`
        select i.venue_id, max(s.updated_at) as t from funding_snapshots s join instruments i on i.id = s.instrument_id group by 1`
      ).map((r) => [r.venue_id, Date.parse(r.t)]),
    );
    sims.get('bybit')!.faults.httpError(500, 10_000, '/v5/market/tickers');
    sims.get('kucoin')!.faults.httpError(429, 10_000, '/api/v1/contracts/active', 1);
    await runJob('snapshot_funding');
    const status = await database.sql<{ source: string; last_error: string | null; consecutive_failures: number }[]>`
      select source, last_error, consecutive_failures from job_status where job = 'snapshot_funding'`;
    const st = (v: string) => status.find((s) => s.source === v)!;
    expect(st('bybit').consecutive_failures).toBeGreaterThanOrEqual(1);
    expect(st('bybit').last_error).toMatch(/500/);
    expect(st('kucoin').last_error).toMatch(/429/);
    expect(st('binance').consecutive_failures).toBe(0);
    const after = new Map(
      (
        await database.sql<{ venue_id: string; t: string }[]>`
        select i.venue_id, max(s.updated_at) as t from funding_snapshots s join instruments i on i.id = s.instrument_id group by 1`
      ).map((r) => [r.venue_id, Date.parse(r.t)]),
    );
    for (const v of VENUES) {
      if (v === 'bybit' || v === 'kucoin') expect(after.get(v)).toBe(before.get(v));
      else expect(after.get(v)!).toBeGreaterThan(before.get(v)!);
    }
  });

  it('announces a venue job failing or recovering at once, so pages showing venue health refresh', async () => {
    const got: { venue: string | null; kind: string }[] = [];
    const sub = await database.sql.listen('funding_updates', (t) => got.push(JSON.parse(t) as (typeof got)[number]));
    const statusOf = (v: string) => got.filter((u) => u.kind === 'status' && u.venue === v).length;
    const binance = sims.get('binance')!;
    try {
      binance.faults.httpError(500, 10_000, '/fapi/v1/premiumIndex');
      await runJob('snapshot_funding');
      await expect.poll(() => statusOf('binance'), { timeout: 10_000 }).toBe(1);
      binance.faults.clear();
      await runJob('snapshot_funding');
      await expect.poll(() => statusOf('binance'), { timeout: 10_000 }).toBe(2);
      // Bybit and KuCoin still fail (announced on every run); healthy venues announce data, not status.
      expect(statusOf('bybit')).toBe(2);
      expect(statusOf('hyperliquid')).toBe(0);
      expect(got.some((u) => u.kind === 'snapshots' && u.venue === 'hyperliquid')).toBe(true);
    } finally {
      binance.faults.clear();
      await sub.unlisten();
    }
    const [row] = await database.sql<{ consecutive_failures: number }[]>`
      select consecutive_failures from job_status where source = 'binance' and job = 'snapshot_funding'`;
    expect(row!.consecutive_failures).toBe(0);
  });

  it('tells browsers of a change only once the API answers asked for lately are recomputed', async () => {
    const table: AnswerWork<null> = function* (now) {
      const q = {
        period: '1d' as const,
        venues: new Set<VenueId>(['binance']),
        sort: 'symbol' as const,
        order: 'asc' as const,
        q: '',
      };
      const rows = yield* tableRowsWork(funding.store, q, now);
      return { json: JSON.stringify(rows.map(tableRowJson)), extra: null };
    };
    const newest = (json: string) =>
      Math.max(
        ...(JSON.parse(json) as TableRowJson[]).flatMap((r) => r.exchanges_data.map((l) => Date.parse(l.updated_at))),
      );
    const before = newest((await funding.answers.get('binance-table', table)).json);
    // What a browser's refetch would get at the moment the hub message goes out.
    let atPublish: Promise<string> | null = null;
    const feed = await startFundingFeed({
      sql: database.sql,
      store: funding.store,
      answers: funding.answers,
      log,
      publish: () => (atPublish ??= funding.answers.get('binance-table', table).then((a) => a.json)),
    });
    try {
      await new Promise((r) => setTimeout(r, 20));
      await runJob('snapshot_funding', { venue: 'binance' });
      const until = Date.now() + 10_000;
      while (!atPublish && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect(newest(await atPublish!)).toBeGreaterThan(before);
    } finally {
      await feed.close();
    }
  });

  it('marks instruments a venue stops listing inactive, keeps them and their history, and revives them', async () => {
    // A Binance that no longer lists LINKUSDT: the same simulator with one symbol fewer.
    const listed = defaultSymbols('binance').filter((c) => c.symbol !== 'LINKUSDT');
    const shrunk = await VENUE_MODULES.binance!.startSimulator({ seed: 7, symbols: listed });
    const original = rest.binance;
    try {
      rest.binance = VENUE_MODULES.binance!.createClients({ wsUrl: shrunk.wsUrl, restUrl: shrunk.restUrl }).rest;
      await runJob('sync_instruments', { venue: 'binance' });
      const [link] = await database.sql<{ active: boolean; rows: number }[]>`
        select i.active, (select count(*)::int from funding_rates r where r.instrument_id = i.id) as rows
        from instruments i where venue_id = 'binance' and symbol = 'LINKUSDT'`;
      expect(link).toEqual({ active: false, rows: expect.any(Number) });
      expect(link!.rows).toBeGreaterThan(80);
      const legs = funding.store.view().byAsset;
      const linkLegs = [...legs.values()].flat().filter((i) => i.symbol === 'LINKUSDT' && i.venue === 'binance');
      expect(linkLegs).toHaveLength(0);
    } finally {
      rest.binance = original;
      await shrunk.close();
    }
    await runJob('sync_instruments', { venue: 'binance' });
    const [back] = await database.sql<{ active: boolean }[]>`
      select active from instruments where venue_id = 'binance' and symbol = 'LINKUSDT'`;
    expect(back!.active).toBe(true);
  });

  describe('through the real app process', () => {
    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), 'fat-funding-'));
      const env: Record<string, string> = {
        DATABASE_URL: testDatabaseUrl(),
        DATA_DIR: dataDir,
        COINGECKO_URL: coingecko.url,
      };
      for (const [v, sim] of sims) {
        env[`${v.toUpperCase()}_WS_URL`] = sim.wsUrl;
        env[`${v.toUpperCase()}_REST_URL`] = sim.restUrl;
      }
      app = await startAppProcess(env, 90_000);
    }, 120_000);

    it('answers the funding table: one PEPE row with 1000PEPEUSDT and kPEPE legs priced per PEPE', async () => {
      const { status, body } = await get('/api/funding-table/?q=PEPE&period=7d');
      expect(status).toBe(200);
      expect(body).toMatchObject({ count: 1, total_pages: 1, current_page: 1, period: '7d' });
      const row = (body.results as Json[])[0]!;
      expect(row.symbol).toBe('PEPE');
      expect(row.asset_info).toMatchObject({ name: 'Pepe', market_cap: expect.any(Number) });
      const legs = row.exchanges_data as Json[];
      const bin = legs.find((l) => l.symbol === '1000PEPEUSDT')!;
      const hl = legs.find((l) => l.symbol === 'kPEPE')!;
      expect(bin).toMatchObject({ exchange: 'binance', multiplier: 1000, interval_h: 4, frequency: 6 });
      expect(hl).toMatchObject({ exchange: 'hyperliquid', multiplier: 1000, interval_h: 1, frequency: 24 });
      // Prices per 1 PEPE agree across the ×1000 and ×1 listings (same underlying path in the simulators).
      const prices = legs.map((l) => l.price as number);
      for (const p of prices) expect(Math.abs(p / prices[0]! - 1)).toBeLessThan(0.02);
      expect(prices[0]!).toBeGreaterThan(0.000005);
      expect(prices[0]!).toBeLessThan(0.00002);
      for (const l of legs) {
        expect(l.hist_apr).toEqual(expect.any(Number));
        expect((l.history as unknown[]).length).toBe(21);
      }
      const hist = legs.map((l) => l.hist_apr as number);
      expect(row.spread).toBeCloseTo(Math.max(...hist) - Math.min(...hist), 3);
    });

    it('covers 1 h, 4 h and 8 h contracts, sorts, filters by exchange and pages', async () => {
      const all = (await get('/api/funding-table?page_size=200')).body;
      const intervals = new Set(
        (all.results as Json[]).flatMap((r) => (r.exchanges_data as Json[]).map((l) => l.interval_h)),
      );
      for (const h of [1, 4, 8]) expect(intervals.has(h)).toBe(true);
      const spreads = (all.results as Json[]).map((r) => r.spread as number | null);
      const present = spreads.filter((s): s is number => s !== null);
      expect(present).toEqual([...present].sort((a, b) => b - a));
      const byCap = (await get('/api/funding-table/?sort=market_cap&order=desc&page_size=3')).body;
      expect((byCap.results as Json[]).map((r) => r.symbol)).toEqual(['BTC', 'ETH', 'XRP']);
      expect(byCap).toMatchObject({ count: all.count, total_pages: Math.ceil((all.count as number) / 3) });
      const two = (await get('/api/funding-table/?exchanges=binance&exchanges=hyperliquid&page_size=200')).body;
      for (const r of two.results as Json[]) {
        for (const l of r.exchanges_data as Json[]) expect(['binance', 'hyperliquid']).toContain(l.exchange);
      }
    });

    it('ranks long/short pairs by net APR with fees over the horizon', async () => {
      const { status, body } = await get('/api/best-opportunities/?period=7d&horizon_days=14');
      expect(status).toBe(200);
      const pairs = body.results as Json[];
      expect(pairs.length).toBeGreaterThan(3);
      const nets = pairs.map((p) => p.net_apr as number);
      expect(nets).toEqual([...nets].sort((a, b) => b - a));
      for (const p of pairs) {
        const long = p.long as Json;
        const short = p.short as Json;
        expect(long.exchange).not.toBe(short.exchange);
        expect(p.spread_apr as number).toBeCloseTo((short.apr as number) - (long.apr as number), 3);
        const fees = ((2 * (long.taker_fee as number) + 2 * (short.taker_fee as number)) * 365 * 100) / 14;
        expect(p.fees_apr as number).toBeCloseTo(fees, 3);
        expect(p.net_apr as number).toBeCloseTo((p.spread_apr as number) - fees, 3);
        expect(p.basis_bps).toEqual(expect.any(Number));
      }
      const single = (await get('/api/best-opportunities/?mode=single&side=SHORT&page_size=5')).body;
      for (const s of single.results as Json[])
        expect(s).toMatchObject({ side: 'SHORT', apr: expect.any(Number), exchange: expect.any(String) });
      expect(((single.results as Json[])[0]!.apr as number) > 0).toBe(true);
    });

    it('serves coin detail with per-venue summary and 30 days of history, 404 for unknown coins', async () => {
      const { status, body } = await get('/api/coin-detail/PEPE/');
      expect(status).toBe(200);
      expect(body.symbol).toBe('PEPE');
      const summary = body.summary_stats as Json[];
      expect(summary.map((s) => s.exchange).sort()).toEqual(['binance', 'bitget', 'bybit', 'coinex', 'hyperliquid']);
      for (const s of summary)
        expect(s).toMatchObject({
          current_apr: expect.any(Number),
          avg_apr: expect.any(Number),
          price: expect.any(Number),
        });
      const history = body.history as { exchange: string; points: { t: string; v: number }[] }[];
      const hl = history.find((h) => h.exchange === 'hyperliquid')!;
      expect(hl.points.length).toBeGreaterThanOrEqual(719);
      expect(Date.now() - Date.parse(hl.points[0]!.t)).toBeGreaterThan(29.9 * DAY);
      const byNative = await get('/api/coin-detail/1000PEPEUSDT');
      expect(byNative.body.symbol).toBe('PEPE');
      const shortWindow = (await get('/api/coin-detail/BTC/?days=2')).body.history as { points: unknown[] }[];
      expect(shortWindow[0]!.points.length).toBeLessThanOrEqual(7);
      const missing = await get('/api/coin-detail/NOPE/');
      expect(missing.status).toBe(404);
      expect(missing.body.error).toEqual(expect.any(String));
    });

    it('reports per-venue status in stats: failing venues with their error, backfill progress, totals', async () => {
      const { status, body } = await get('/api/stats/');
      expect(status).toBe(200);
      expect(body).toMatchObject({
        total_exchanges: 7,
        total_coins: expect.any(Number),
        last_update: expect.any(String),
        instruments: expect.any(Number),
      });
      const venues = body.venues as Json[];
      const v = (id: string) => venues.find((x) => x.exchange === id)!;
      expect(v('bybit').rest).toMatchObject({ ok: false, status: 'failing', last_error: expect.stringMatching(/500/) });
      expect(v('kucoin').rest).toMatchObject({ ok: false, last_error: expect.stringMatching(/429/) });
      expect(v('binance').rest).toMatchObject({ ok: true, status: 'ok' });
      expect(v('binance').stream).toMatchObject({ state: expect.any(String), resyncs: expect.any(Number) });
      expect(body.backfill).toMatchObject({ failed: 0, rows: expect.any(Number) });
      expect((body.backfill as Json).done).toBe((body.backfill as Json).instruments);
    });

    it('shows CoinGecko health recorded by another process (it lives in job_status, not in memory)', async () => {
      // The failure happened in this test process before the app started; the app's own runs since
      // (a healthy CoinGecko) can only add successes, which leave the failure's time and error as they are.
      const [row] = await database.sql<{ last_failure_at: string; last_error: string }[]>`
        select last_failure_at, last_error from job_status where source = 'coingecko' and job = 'sync_asset_metadata'`;
      const { body } = await get('/api/stats/');
      const metadata = body.metadata as Json;
      expect(metadata).toMatchObject({ source: 'coingecko', last_error: row!.last_error });
      expect(metadata.last_error).toMatch(/500/);
      expect(Date.parse(metadata.last_failure_at as string)).toBe(Date.parse(row!.last_failure_at));
      expect(metadata.last_success_at).toEqual(expect.any(String));
    });

    it('exposes the predicted rate in the legs: KuCoin’s own prediction, null where a venue gives none', async () => {
      const { body } = await get('/api/funding-table/?q=BTC&period=7d');
      const legs = (body.results as Json[]).find((r) => r.symbol === 'BTC')!.exchanges_data as Json[];
      const of = (venue: string) => legs.find((l) => l.exchange === venue)!;
      expect(of('kucoin').predicted_rate).toEqual(expect.any(Number));
      for (const venue of ['binance', 'bybit', 'bitget', 'hyperliquid']) expect(of(venue).predicted_rate).toBeNull();
      const pairs = (await get('/api/best-opportunities/?page_size=200')).body.results as Json[];
      for (const p of pairs) {
        for (const leg of [p.long, p.short] as Json[]) {
          if (leg.exchange === 'kucoin') expect(leg.predicted_rate).toEqual(expect.any(Number));
          else expect(leg.predicted_rate).toBeNull();
        }
      }
    });

    it('bad parameters are 400s naming the parameter', async () => {
      const cases: [string, string][] = [
        ['/api/funding-table/?period=2w', 'period'],
        ['/api/funding-table/?sort=price', 'sort'],
        ['/api/funding-table/?exchanges=ftx', 'exchanges'],
        ['/api/funding-table/?page_size=500', 'page_size'],
        ['/api/funding-table/?page=999', 'page'],
        ['/api/best-opportunities/?side=MIDDLE', 'side'],
        ['/api/best-opportunities/?notional=much', 'notional'],
        ['/api/best-opportunities/?exchanges=binance&exchanges=nowhere', 'exchanges'],
        ['/api/coin-detail/BTC/?days=1000', 'days'],
      ];
      for (const [url, name] of cases) {
        const { status, body } = await get(url);
        expect(status, url).toBe(400);
        expect(Object.keys(body), url).toEqual([name]);
      }
    });

    it('stays in step with jobs run by another process (NOTIFY) and tells subscribed browsers', async () => {
      const ws = new WebSocket(app!.url.replace('http', 'ws') + '/ws');
      const messages: Json[] = [];
      ws.on('message', (d) => messages.push(JSON.parse(d.toString()) as Json));
      await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });
      ws.send(JSON.stringify({ action: 'subscribe', channel: 'funding' }));
      const lastUpdate = async () => {
        const venues = (await get('/api/stats/')).body.venues as Json[];
        return Date.parse(venues.find((x) => x.exchange === 'binance')!.last_update as string);
      };
      const before = await lastUpdate();
      // The newest Binance snapshot time in a funding-table answer (asked for now, so it is kept current).
      const tableUrl = '/api/funding-table/?exchanges=binance&page_size=200';
      const newestInTable = async () => {
        const rows = (await get(tableUrl)).body.results as Json[];
        return Math.max(
          ...rows.flatMap((r) => (r.exchanges_data as Json[]).map((l) => Date.parse(l.updated_at as string))),
        );
      };
      const tableBefore = await newestInTable();
      await new Promise((r) => setTimeout(r, 20));
      // This test process is "another process": its job writes, NOTIFYs, and the app re-reads.
      await runJob('snapshot_funding', { venue: 'binance' });
      const until = Date.now() + 10_000;
      const isNote = (m: Json) => m.channel === 'funding' && (m.data as Json | undefined)?.venue === 'binance';
      while (Date.now() < until && !messages.some(isNote)) await new Promise((r) => setTimeout(r, 50));
      const note = messages.find(isNote);
      expect(note).toMatchObject({
        channel: 'funding',
        data: { venue: 'binance', kind: 'snapshots' },
        ts: expect.any(Number),
      });
      // The browsers' refetch right after the message gets the new data, not the previous answer.
      expect(await newestInTable()).toBeGreaterThan(tableBefore);
      expect(await lastUpdate()).toBeGreaterThan(before);
      ws.close();
    });
  });
});
