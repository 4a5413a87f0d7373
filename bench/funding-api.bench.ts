// Funding API under load: the real app (separate process, production build) answering
// /api/funding-table and /api/best-opportunities from its in-memory store, against the ORIGINAL
// algorithm (per request: an SQL aggregate over the period's history of every instrument, as the
// Django app did) timed the same way in this process. Open-loop load at a fixed rate, latency
// measured from each request's scheduled send time (no coordinated omission).
// Writes bench/results/funding-api.json.
//   npx tsx bench/funding-api.bench.ts
//   FUNDING_BENCH_RATE=100 FUNDING_BENCH_SECONDS=5 FUNDING_BENCH_INSTRUMENTS=100 npx tsx bench/funding-api.bench.ts
// FUNDING_BENCH_APP_ONLY=1 skips the original's runs; FUNDING_BENCH_CHURN=0 keeps the store unchanged;
// FUNDING_BENCH_APP_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' passes flags to the app's node.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createDatabase, migrateDatabase, type Database } from '~/.server/db/client';
import { startEmbeddedPostgres } from '~/.server/db/embedded-postgres';
import { FUNDING_CHANNEL } from '~/.server/funding/feed';
import { createLogger } from '~/.server/logger';
import { VENUES } from '~/lib/venues';

const RATE = Number(process.env.FUNDING_BENCH_RATE ?? 200);
const SECONDS = Number(process.env.FUNDING_BENCH_SECONDS ?? 15);
const PER_VENUE = Number(process.env.FUNDING_BENCH_INSTRUMENTS ?? 500);
const DAYS = 30;
const TARGET_P99_MS = 20;
/** How long to wait for stragglers after the schedule ends before calling them unfinished. */
const DRAIN_MS = 30_000;

// ---------------------------------------------------------------------------------------------
// Open-loop load

interface LoadResult {
  scheduled: number;
  completed: number;
  errors: number;
  unfinished: number;
  achievedPerSec: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Fire `call` at `rate` per second for `seconds`, whatever the answers' speed; each latency runs
 * from the scheduled time to completion. Unfinished calls after the drain count as the drain length.
 */
async function openLoop(rate: number, seconds: number, call: (i: number) => Promise<boolean>): Promise<LoadResult> {
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let errors = 0;
  let done = 0;
  const t0 = performance.now() + 50;
  const pending = new Set<Promise<void>>();
  const unfinishedSince = new Map<Promise<void>, number>();
  let issued = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (issued < total && t0 + (issued * 1000) / rate <= now) {
        const scheduled = t0 + (issued * 1000) / rate;
        const i = issued++;
        const p: Promise<void> = call(i)
          .then(
            (ok) => {
              if (!ok) errors++;
            },
            () => {
              errors++;
            },
          )
          .then(() => {
            latencies.push(performance.now() - scheduled);
            done++;
            pending.delete(p);
            unfinishedSince.delete(p);
          });
        pending.add(p);
        unfinishedSince.set(p, scheduled);
      }
      if (issued >= total) return resolve();
      setTimeout(tick, Math.max(0, Math.min(2, t0 + (issued * 1000) / rate - performance.now())));
    };
    tick();
  });
  await Promise.race([Promise.all([...pending]), new Promise((r) => setTimeout(r, DRAIN_MS))]);
  const stoppedAt = performance.now();
  const elapsedS = (stoppedAt - t0) / 1000;
  const unfinished = total - done;
  // Unfinished calls count with the time they had waited when we stopped (a lower bound).
  const all = [...latencies, ...[...unfinishedSince.values()].map((scheduled) => stoppedAt - scheduled)];
  all.sort((a, b) => a - b);
  return {
    scheduled: total,
    completed: done,
    errors,
    unfinished,
    achievedPerSec: round1(done / elapsedS),
    latencyMs: {
      p50: round1(percentile(all, 50)),
      p90: round1(percentile(all, 90)),
      p99: round1(percentile(all, 99)),
      max: round1(all[all.length - 1] ?? NaN),
    },
  };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

/** The first few failures, printed at the end of each load: a count alone says nothing about a cause. */
const failures: string[] = [];
function noteFailure(what: string): false {
  if (failures.length < 5) failures.push(what);
  return false;
}

function httpGet(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    // As a browser asks: compressed if possible (the app serves cached gzip; the body is drained, not inflated).
    const req = http.get(
      url,
      { agent, headers: { 'accept-encoding': 'gzip, deflate, br', accept: 'application/json' } },
      (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve(res.statusCode === 200 || noteFailure(`${res.statusCode} ${url}`)));
        res.on('error', (err) => resolve(noteFailure(`${err.message} ${url}`)));
      },
    );
    req.on('error', (err) => resolve(noteFailure(`${err.message} ${url}`)));
  });
}

// ---------------------------------------------------------------------------------------------
// Seed: 7 venues × PER_VENUE instruments, 30 days of hourly history each

async function seed(db: Database): Promise<{ instruments: number; rows: number; assets: number }> {
  const assetCount = Math.round(PER_VENUE * 1.4);
  const sql = db.sql;
  await sql`
    insert into assets (symbol, name, market_cap_usd, volume_24h_usd, metadata_updated_at)
    select 'A' || lpad(k::text, 4, '0'), 'Asset ' || k, (1e12 / (k + 1))::numeric, (5e10 / (k + 1))::numeric, now()
    from generate_series(0, ${assetCount - 1}) k`;
  // Each venue lists PER_VENUE of the assets, offset per venue so rows have 1 to 7 legs; intervals mixed 1/4/8 h
  // (Hyperliquid hourly, Paradex per 8 h), fees from the default table's range.
  for (const [v, venue] of VENUES.entries()) {
    await sql`
      insert into instruments (venue_id, symbol, asset_id, quote_asset, multiplier, contract_size, funding_interval_hours, taker_fee_rate, maker_fee_rate, active)
      select ${venue}, a.symbol || 'USDT', a.id, 'USDT', case when k % 50 = 7 then 1000 else 1 end, 1,
             case when ${venue} = 'hyperliquid' then 1 when ${venue} = 'paradex' then 8 when k % 10 = 0 then 1 when k % 5 = 1 then 4 else 8 end,
             0.0005, 0.0002, true
      from (select id, symbol, row_number() over (order by id) - 1 as k from assets) a
      where ((a.k + ${v * 100}) % ${assetCount}) < ${PER_VENUE}`;
  }
  // Rates: a per-instrument mean plus a daily wave, as numeric like the venues send them.
  await sql`
    insert into funding_rates (instrument_id, funding_time, rate, interval_hours, is_outlier)
    select i.id, t, round((((i.id % 17) - 5) * 0.00002 + 0.00005 * sin(extract(epoch from t) / 86400.0 * 6.283 + i.id))::numeric, 8), i.funding_interval_hours, false
    from instruments i
    cross join generate_series(date_trunc('hour', now()) - ${DAYS} * interval '1 day', date_trunc('hour', now()), interval '1 hour') t`;
  await sql`
    insert into funding_snapshots (instrument_id, rate, interval_hours, next_funding_time, mark_price, index_price, volume_24h_quote, open_interest_quote, updated_at)
    select i.id, round((((i.id % 13) - 4) * 0.00003)::numeric, 8), i.funding_interval_hours, date_trunc('hour', now()) + interval '1 hour',
           (100 + i.asset_id % 900) * i.multiplier * (1 + (i.id % 7) * 0.0004), (100 + i.asset_id % 900) * i.multiplier, 1e7, 5e6, now()
    from instruments i`;
  // The backfill is done and current, so the app's jobs have nothing to fetch.
  await sql`
    insert into backfill_progress (instrument_id, oldest_time, newest_time, target_from, rows_stored, status)
    select i.id, now() - interval '30 days', date_trunc('hour', now()), now() - interval '30 days', ${DAYS * 24 + 1}, 'done' from instruments i`;
  await sql`analyze`;
  const [c] = await sql<{ i: number; r: number; a: number }[]>`
    select (select count(*)::int from instruments) as i, (select count(*)::int from funding_rates) as r, (select count(*)::int from assets) as a`;
  return { instruments: c!.i, rows: c!.r, assets: c!.a };
}

/** Production-like churn during the measurement: each venue's snapshots rewritten once a minute, NOTIFYd. */
function startChurn(db: Database): () => void {
  let i = 0;
  const timer = setInterval(() => {
    const venue = VENUES[i++ % VENUES.length]!;
    void db.sql`
      update funding_snapshots s set rate = round((s.rate * (0.9 + random() * 0.2))::numeric, 8), updated_at = now()
      from instruments i where i.id = s.instrument_id and i.venue_id = ${venue}`
      .then(
        () =>
          db.sql`select pg_notify(${FUNDING_CHANNEL}, ${JSON.stringify({ venue, kind: 'snapshots', at: new Date().toISOString(), origin: 'bench' })})`,
      )
      .catch(() => {});
  }, 60_000 / VENUES.length);
  return () => clearInterval(timer);
}

// ---------------------------------------------------------------------------------------------
// The original algorithm: aggregate the period's history per request

const PERIOD_SQL: Record<string, string> = { '1d': '1 day', '7d': '7 days' };

interface OriginalLeg {
  exchange: string;
  symbol: string;
  price: number;
  live_apr: number;
  hist_apr: number | null;
  taker: number;
}

async function originalLegs(
  db: Database,
  period: string,
): Promise<Map<string, { legs: OriginalLeg[]; cap: number | null }>> {
  const rows = await db.sql<
    {
      asset: string;
      cap: string | null;
      venue_id: string;
      symbol: string;
      rate: string;
      ih: string;
      mark: string | null;
      mult: string;
      taker: string;
      hist: string | null;
    }[]
  >`
    select a.symbol as asset, a.market_cap_usd as cap, i.venue_id, i.symbol, s.rate, s.interval_hours as ih, s.mark_price as mark,
           i.multiplier as mult, i.taker_fee_rate as taker,
           (select avg(r.rate * 8760 / r.interval_hours * 100) from funding_rates r
             where r.instrument_id = i.id and r.funding_time > now() - ${PERIOD_SQL[period]!}::interval) as hist
    from instruments i join assets a on a.id = i.asset_id join funding_snapshots s on s.instrument_id = i.id
    where i.active`;
  const byAsset = new Map<string, { legs: OriginalLeg[]; cap: number | null }>();
  for (const r of rows) {
    let e = byAsset.get(r.asset);
    if (!e) byAsset.set(r.asset, (e = { legs: [], cap: r.cap === null ? null : Number(r.cap) }));
    e.legs.push({
      exchange: r.venue_id,
      symbol: r.symbol,
      price: Number(r.mark) / Number(r.mult),
      live_apr: (Number(r.rate) * 8760 * 100) / Number(r.ih),
      hist_apr: r.hist === null ? null : Number(r.hist),
      taker: Number(r.taker),
    });
  }
  return byAsset;
}

async function originalFundingTable(db: Database, period: string): Promise<string> {
  const byAsset = await originalLegs(db, period);
  const rows = [...byAsset].map(([symbol, { legs, cap }]) => {
    const hist = legs.map((l) => l.hist_apr).filter((x): x is number => x !== null);
    return {
      symbol,
      asset_info: { market_cap: cap },
      spread: hist.length > 1 ? Math.max(...hist) - Math.min(...hist) : null,
      exchanges_data: legs,
    };
  });
  rows.sort((a, b) => (b.spread ?? -Infinity) - (a.spread ?? -Infinity));
  return JSON.stringify({
    count: rows.length,
    total_pages: Math.ceil(rows.length / 50),
    current_page: 1,
    results: rows.slice(0, 50),
  });
}

async function originalOpportunities(db: Database, period: string): Promise<string> {
  const byAsset = await originalLegs(db, period);
  const pairs = [];
  for (const [symbol, { legs }] of byAsset) {
    const ranked = legs.filter((l) => l.hist_apr !== null).sort((a, b) => a.hist_apr! - b.hist_apr!);
    const long = ranked[0];
    const short = ranked[ranked.length - 1];
    if (!long || !short || long.exchange === short.exchange) continue;
    const fees = ((2 * long.taker + 2 * short.taker) * 365 * 100) / 7;
    pairs.push({
      symbol,
      long,
      short,
      spread_apr: short.hist_apr! - long.hist_apr!,
      fees_apr: fees,
      net_apr: short.hist_apr! - long.hist_apr! - fees,
    });
  }
  pairs.sort((a, b) => b.net_apr - a.net_apr);
  return JSON.stringify({ count: pairs.length, results: pairs.slice(0, 50) });
}

// ---------------------------------------------------------------------------------------------

/** The machine is shared: the 1-minute load average before and after each phase goes into the results. */
function loadAverage(): number {
  return round1(os.loadavg()[0] ?? 0);
}

const ROOT = path.resolve(import.meta.dirname, '..');

interface BenchApp {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * The real server.ts in production mode, from a private copy of build/ (the rest of the tree
 * symlinked), so a rebuild elsewhere on the machine cannot pull the build out from under the run.
 */
async function startPrivateApp(dir: string, env: Record<string, string>): Promise<BenchApp> {
  const entry = path.join(ROOT, 'build/server/index.js');
  for (let i = 0; !existsSync(entry); i++) {
    if (i > 240) throw new Error('build/ is missing: run `npm run build` first');
    await new Promise((r) => setTimeout(r, 500));
  }
  await mkdir(dir, { recursive: true });
  await cp(path.join(ROOT, 'build'), path.join(dir, 'build'), { recursive: true });
  for (const name of await readdir(ROOT)) {
    if (name === 'build' || name.startsWith('.data')) continue;
    await symlink(path.join(ROOT, name), path.join(dir, name));
  }
  const nodeArgs = (process.env.FUNDING_BENCH_APP_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server.ts'], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not start:\n${out}`)), 120_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
      if (out.length > 1e6) out = out.slice(-1e5);
    });
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => reject(new Error(`the app exited with ${code}:\n${out}`)));
  });
  return {
    url,
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function procStat(pid: number): { cpuTicks: number; rssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return { cpuTicks: Number(fields[11]) + Number(fields[12]), rssMb: rssKb / 1024 };
}

async function main() {
  const root = await mkdtemp(path.join(os.tmpdir(), 'fat-fbench-'));
  const log = createLogger({ level: 'warn' });
  const pg = await startEmbeddedPostgres({ dir: path.join(root, 'pg'), log, ephemeral: true });
  const db = createDatabase(pg.url, { max: 10 });
  let app: BenchApp | null = null;
  try {
    await migrateDatabase(db);
    const seedStart = Date.now();
    const seeded = await seed(db);
    console.log(
      `seeded ${seeded.instruments} instruments, ${seeded.rows.toLocaleString('en-US')} funding rows in ${Math.round((Date.now() - seedStart) / 1000)} s`,
    );

    // Nothing leaves the machine: every venue and CoinGecko on a closed loopback port (the jobs fail; fine here).
    const env: Record<string, string> = {
      DATABASE_URL: pg.url,
      DATA_DIR: path.join(root, 'data'),
      COINGECKO_URL: 'http://127.0.0.1:9',
    };
    for (const v of VENUES) {
      env[`${v.toUpperCase()}_REST_URL`] = 'http://127.0.0.1:9';
      env[`${v.toUpperCase()}_WS_URL`] = 'ws://127.0.0.1:9';
    }
    const appStart = Date.now();
    app = await startPrivateApp(path.join(root, 'app'), env);
    for (;;) {
      const stats = (await (await fetch(`${app.url}/api/stats/`)).json()) as {
        instruments: number;
        store: { loaded_at: string | null };
      };
      if (stats.store.loaded_at && stats.instruments === seeded.instruments) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const storeLoadS = round1((Date.now() - appStart) / 1000);
    console.log(`app up with the store loaded ${storeLoadS} s after start`);

    // Several parameter sets per endpoint, as a table page and its users would send them.
    const tableUrls = [
      '/api/funding-table/?period=7d',
      '/api/funding-table/?period=1d&sort=market_cap',
      '/api/funding-table/?period=7d&exchanges=binance&exchanges=bybit&exchanges=hyperliquid',
      '/api/funding-table/?period=30d&sort=apr&page=2',
      '/api/funding-table/?period=7d&q=A01',
      '/api/funding-table/?period=1d&sort=volume&page_size=100',
    ].map((u) => app!.url + u);
    const pairUrls = [
      '/api/best-opportunities/?period=7d',
      '/api/best-opportunities/?period=1d&horizon_days=30',
      '/api/best-opportunities/?period=7d&exchanges=binance,bybit,kucoin&min_spread=5',
      '/api/best-opportunities/?period=7d&mode=single&side=SHORT',
      '/api/best-opportunities/?period=30d&q=A0&page=2',
    ].map((u) => app!.url + u);
    for (const u of [...tableUrls, ...pairUrls]) {
      const res = await fetch(u);
      if (res.status !== 200) throw new Error(`${u} answered ${res.status}: ${await res.text()}`);
    }
    const sample = (await (await fetch(tableUrls[0]!)).json()) as { count: number; results: unknown[] };
    const pageBytes = Buffer.byteLength(JSON.stringify(sample));
    console.log(`table: ${sample.count} assets; a 50-row page is ${Math.round(pageBytes / 1024)} KiB`);

    // FUNDING_BENCH_CHURN=0 measures a store that never changes (to tell recompute cost from the rest).
    const stopChurn = process.env.FUNDING_BENCH_CHURN === '0' ? () => {} : startChurn(db);
    const pid = app.child.pid!;
    const hz = 100;
    const measureApp = async (urls: string[]) => {
      for (let i = 0; i < 200; i++) await httpGet(urls[i % urls.length]!); // warm-up
      const before = procStat(pid);
      const load = loadAverage();
      const t0 = Date.now();
      // The load generator's own stalls land in the latencies too: measured, to tell them apart.
      const clientDelay = monitorEventLoopDelay({ resolution: 5 });
      clientDelay.enable();
      const r = await openLoop(RATE, SECONDS, (i) => httpGet(urls[i % urls.length]!));
      clientDelay.disable();
      if (failures.length) console.log('failures:', failures.splice(0));
      const after = procStat(pid);
      return {
        ...r,
        benchEventLoopDelayMs: {
          p99: round1(clientDelay.percentile(99) / 1e6),
          max: round1(clientDelay.max / 1e6),
        },
        appCpuPercentOfOneCore: round1(((after.cpuTicks - before.cpuTicks) / hz / ((Date.now() - t0) / 1000)) * 100),
        appRssMb: Math.round(after.rssMb),
        loadAverage: [load, loadAverage()],
      };
    };
    console.log(`load: ${RATE} req/s for ${SECONDS} s per endpoint (open loop)`);
    const table = await measureApp(tableUrls);
    console.log(
      'app  /api/funding-table      ',
      table.latencyMs,
      `${table.achievedPerSec}/s, errors ${table.errors}, app CPU ${table.appCpuPercentOfOneCore} %; bench event-loop delay`,
      table.benchEventLoopDelayMs,
    );
    const pairs = await measureApp(pairUrls);
    console.log(
      'app  /api/best-opportunities ',
      pairs.latencyMs,
      `${pairs.achievedPerSec}/s, errors ${pairs.errors}, app CPU ${pairs.appCpuPercentOfOneCore} %; bench event-loop delay`,
      pairs.benchEventLoopDelayMs,
    );
    stopChurn();

    if (process.env.FUNDING_BENCH_APP_ONLY === '1') return;
    // The original algorithm, same schedule, same database, called directly (no HTTP: its floor).
    // Each load gets its own pool, ended after the drain so queued queries stop instead of running on.
    const periods = ['7d', '1d'];
    const single: number[] = [];
    for (let i = 0; i < 6; i++) {
      const t = performance.now();
      await originalFundingTable(db, periods[i % 2]!);
      single.push(performance.now() - t);
    }
    single.sort((a, b) => a - b);
    console.log(`original: one funding-table request alone takes ${round1(percentile(single, 50))} ms (median of 6)`);
    const baseline = async (fn: (d: Database, period: string) => Promise<string>) => {
      const pool = createDatabase(pg.url, { max: 10 });
      const load = loadAverage();
      const r = await openLoop(RATE, SECONDS, (i) => fn(pool, periods[i % 2]!).then(() => true));
      await pool.sql.end({ timeout: 0 }).catch(() => {});
      return { ...r, loadAverage: [load, loadAverage()] };
    };
    const baseTable = await baseline(originalFundingTable);
    console.log(
      'orig funding-table           ',
      baseTable.latencyMs,
      `${baseTable.achievedPerSec}/s, unfinished ${baseTable.unfinished}`,
    );
    const basePairs = await baseline(originalOpportunities);
    console.log(
      'orig best-opportunities      ',
      basePairs.latencyMs,
      `${basePairs.achievedPerSec}/s, unfinished ${basePairs.unfinished}`,
    );

    const met =
      table.latencyMs.p99 < TARGET_P99_MS &&
      pairs.latencyMs.p99 < TARGET_P99_MS &&
      table.errors === 0 &&
      pairs.errors === 0;
    const result = {
      generatedAt: new Date().toISOString(),
      machine: { cpuModel: os.cpus()[0]?.model, cpuCount: os.cpus().length, node: process.version },
      setup: {
        venues: VENUES.length,
        instrumentsPerVenue: PER_VENUE,
        ...seeded,
        historyDays: DAYS,
        ratePerSec: RATE,
        secondsPerEndpoint: SECONDS,
        storeLoadSeconds: storeLoadS,
        tablePageKiB: Math.round(pageBytes / 1024),
        churn: 'one venue’s 500 snapshots rewritten and NOTIFYd every 60/7 s during the app runs',
        note: 'app: separate process, production build, HTTP keep-alive; original: the same SQL-per-request algorithm called in this process without HTTP (a floor for it)',
      },
      app: { fundingTable: table, bestOpportunities: pairs },
      original: {
        singleRequestMs: round1(percentile(single, 50)),
        fundingTable: baseTable,
        bestOpportunities: basePairs,
      },
      target: { p99Ms: TARGET_P99_MS, met },
    };
    const fmt = (r: LoadResult) =>
      `${r.latencyMs.p50} | ${r.latencyMs.p99} | ${r.latencyMs.max} | ${r.achievedPerSec} | ${r.errors + r.unfinished}`;
    const markdown = `## Funding API under load (\`bench/funding-api.bench.ts\`)

${result.machine.cpuModel} ×${result.machine.cpuCount}, Node ${result.machine.node}; ${result.generatedAt}.
${seeded.instruments} instruments (${VENUES.length} venues × ${PER_VENUE}), ${seeded.rows.toLocaleString('en-US')} funding rows (${DAYS} days hourly), embedded Postgres.
Open-loop ${RATE} req/s for ${SECONDS} s per endpoint, latency from each request's scheduled time; a 50-row table page is ${result.setup.tablePageKiB} KiB.
The app (separate process, production build) answers from its in-memory store while snapshots churn and NOTIFY as in production;
the original algorithm (SQL aggregate over the period's history for every instrument, per request) is called directly in the bench process,
without HTTP — a floor for it. One original table request alone: ${result.original.singleRequestMs} ms.

| | p50 ms | p99 ms | max ms | completed/s | errors + unfinished |
| --- | --- | --- | --- | --- | --- |
| app /api/funding-table | ${fmt(table)} |
| app /api/best-opportunities | ${fmt(pairs)} |
| original funding table | ${fmt(baseTable)} |
| original best opportunities | ${fmt(basePairs)} |

Unfinished original requests (still waiting ${DRAIN_MS / 1000} s after the schedule ended) count in the percentiles with the time they had waited.

App CPU during the table load: ${table.appCpuPercentOfOneCore} % of one core (RSS ${table.appRssMb} MB). Machine load average (1 min, ${os.cpus().length} cores) before → after
each app load: table ${table.loadAverage.join(' → ')}, pairs ${pairs.loadAverage.join(' → ')}: other work on the machine competes for the same cores.
Target p99 < ${TARGET_P99_MS} ms at ${RATE} req/s: ${met ? 'met' : '**not met**'}.
`;
    await mkdir(path.join(import.meta.dirname, 'results'), { recursive: true });
    await writeFile(
      path.join(import.meta.dirname, 'results/funding-api.json'),
      JSON.stringify({ ...result, markdown }, null, 2) + '\n',
    );
    console.log(`\n${markdown}\nwrote bench/results/funding-api.json`);
  } finally {
    if (app && app.child.exitCode === null) await app.stop();
    agent.destroy();
    await db.close().catch(() => {});
    await pg.stop();
    await rm(root, { recursive: true, force: true });
  }
}

await main();
