// End-to-end fan-out: venue simulators (this process) → the real app (child process, its own
// embedded Postgres) → N `ws` clients on loopback (this process). Latency is measured from the
// venue event time stamped by the simulator at send to the client's receive, on one clock.
// Writes bench/results/fanout.json.
//   npx tsx bench/fanout.bench.ts            (500 clients, 20 s measured)
//   FANOUT_CLIENTS=100 FANOUT_SECONDS=5 npx tsx bench/fanout.bench.ts
//   FANOUT_APP_NODE_OPTIONS="--require ./profiler.cjs" … passes NODE_OPTIONS to the app (e.g. to profile it)
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fork, type ChildProcess } from 'node:child_process';
import { startBinanceSimulator } from '~/.server/venues/binance/simulator';
import { startBybitSimulator } from '~/.server/venues/bybit/simulator';
import { startAppProcess } from '../tests/support/app-process';
import type { FanoutRun } from './report';

const CLIENTS = Number(process.env.FANOUT_CLIENTS ?? 500);
const WARMUP_S = Number(process.env.FANOUT_WARMUP ?? 5);
const MEASURE_S = Number(process.env.FANOUT_SECONDS ?? 20);
const UPDATE_MS = Number(process.env.FANOUT_UPDATE_MS ?? 100);
const SUBS_PER_CLIENT = 2;

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function procStat(pid: number): { cpuTicks: number; rssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuTicks = Number(fields[11]) + Number(fields[12]); // utime + stime
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return { cpuTicks, rssMb: rssKb / 1024 };
}

const CLIENT_PROCS = Math.max(1, Number(process.env.FANOUT_CLIENT_PROCS ?? 2));

interface Stream {
  exchange: string;
  symbol: string;
}

/** Clients in child processes (bench/fanout-clients.mjs) against one server: warm up, then measure. */
async function measure(
  wsUrl: string,
  serverPid: number,
  streams: Stream[],
): Promise<{ elapsedS: number; summary: FanoutRun }> {
  const children = Array.from({ length: CLIENT_PROCS }, (_, p) => {
    const share = Math.ceil(CLIENTS / CLIENT_PROCS);
    const first = p * share;
    const count = Math.max(0, Math.min(share, CLIENTS - first));
    return fork(path.join(import.meta.dirname, 'fanout-clients.mjs'), [
      JSON.stringify({ url: wsUrl, streams, first, count, subsPerClient: SUBS_PER_CLIENT }),
    ]);
  });
  const messageOf = <T>(child: ChildProcess, type: string) =>
    new Promise<T>((resolve) => {
      const on = (m: { type: string }) => {
        if (m.type === type) {
          child.off('message', on);
          resolve(m as T);
        }
      };
      child.on('message', on);
    });
  await Promise.all(children.map((c) => messageOf(c, 'ready')));
  console.log(
    `${CLIENTS} clients on ${wsUrl} in ${CLIENT_PROCS} processes, ${streams.length} streams; warming up ${WARMUP_S} s`,
  );
  await new Promise((r) => setTimeout(r, WARMUP_S * 1000));

  const hz = 100; // USER_HZ on Linux
  const before = procStat(serverPid);
  const rssSamples: number[] = [];
  for (const c of children) c.send({ type: 'start' });
  const t0 = Date.now();
  const sampler = setInterval(() => rssSamples.push(procStat(serverPid).rssMb), 1000);
  await new Promise((r) => setTimeout(r, MEASURE_S * 1000));
  const results = children.map((c) =>
    messageOf<{ latencies: number[]; upstream: number[]; downstream: number[]; received: number; notLive: number }>(
      c,
      'result',
    ),
  );
  for (const c of children) c.send({ type: 'stop' });
  clearInterval(sampler);
  const elapsedS = (Date.now() - t0) / 1000;
  const after = procStat(serverPid);
  const latencies: number[] = [];
  const upstream: number[] = [];
  const downstream: number[] = [];
  let received = 0;
  let notLive = 0;
  for (const r of await Promise.all(results)) {
    latencies.push(...r.latencies);
    upstream.push(...r.upstream);
    downstream.push(...r.downstream);
    received += r.received;
    notLive += r.notLive;
  }
  latencies.sort((a, b) => a - b);
  upstream.sort((a, b) => a - b);
  downstream.sort((a, b) => a - b);
  return {
    elapsedS,
    summary: {
      messagesReceived: received,
      messagesPerSec: Math.round(received / elapsedS),
      notLiveMessages: notLive,
      latencyMs: {
        samples: latencies.length,
        p50: percentile(latencies, 50),
        p90: percentile(latencies, 90),
        p99: percentile(latencies, 99),
        max: latencies[latencies.length - 1] ?? NaN,
        venueToAppP50: percentile(upstream, 50),
        venueToAppP99: percentile(upstream, 99),
        appToClientP50: percentile(downstream, 50),
        appToClientP99: percentile(downstream, 99),
      },
      app: {
        cpuPercentOfOneCore: Math.round(((after.cpuTicks - before.cpuTicks) / hz / elapsedS) * 1000) / 10,
        rssMbMax: Math.round(Math.max(...rssSamples, after.rssMb)),
      },
    },
  };
}

/**
 * Steady state first: a fresh app backfills 30 days of funding history for every instrument it
 * finds, a one-off burst of REST calls and inserts that is not what a running server does.
 */
async function settled(appUrl: string, timeoutMs = 180_000): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    const res = await fetch(`${appUrl}/api/stats`).catch(() => null);
    const body = res?.ok ? ((await res.json()) as { backfill?: { instruments: number; pending: number } }) : null;
    const b = body?.backfill;
    if (b && b.instruments > 0 && b.pending === 0) break;
    if (Date.now() - t0 > timeoutMs) throw new Error(`the app's first backfill did not finish in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  console.log(`app settled (first backfill done) after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

/** bench/fanout-relay.ts in its own process; resolves once it listens. */
function startRelay(
  venues: Record<string, { wsUrl: string; restUrl: string }>,
): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(path.join(import.meta.dirname, 'fanout-relay.ts'), [JSON.stringify({ venues })], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /relay listening on (ws:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1]!, child });
    });
    child.once('exit', (code) => reject(new Error(`relay exited with code ${code}`)));
  });
}

async function main() {
  const [binance, bybit] = await Promise.all([
    startBinanceSimulator({ updateIntervalMs: UPDATE_MS }),
    startBybitSimulator({ updateIntervalMs: UPDATE_MS }),
  ]);
  const streams = [
    ...binance.market.symbols().map((s) => ({ exchange: 'binance', symbol: s })),
    ...bybit.market.symbols().map((s) => ({ exchange: 'bybit', symbol: s })),
  ];
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fat-bench-'));
  const app = await startAppProcess(
    {
      DATA_DIR: dataDir,
      ...(process.env.FANOUT_APP_NODE_OPTIONS ? { NODE_OPTIONS: process.env.FANOUT_APP_NODE_OPTIONS } : {}),
      BINANCE_WS_URL: binance.wsUrl,
      BINANCE_REST_URL: binance.restUrl,
      BYBIT_WS_URL: bybit.wsUrl,
      BYBIT_REST_URL: bybit.restUrl,
    },
    120_000,
  );
  await settled(app.url);
  const appRun = await measure(app.url.replace('http', 'ws') + '/ws', app.child.pid!, streams);
  await app.stop();

  // The floor: a bare relay of the same venue events to the same clients (bench/fanout-relay.ts).
  const relay = await startRelay({
    binance: { wsUrl: binance.wsUrl, restUrl: binance.restUrl },
    bybit: { wsUrl: bybit.wsUrl, restUrl: bybit.restUrl },
  });
  const relayRun = await measure(relay.url, relay.child.pid!, streams);
  relay.child.kill('SIGTERM');

  const result = {
    generatedAt: new Date().toISOString(),
    machine: { cpuModel: os.cpus()[0]?.model, cpuCount: os.cpus().length, node: process.version },
    setup: {
      clients: CLIENTS,
      subscriptionsPerClient: SUBS_PER_CLIENT,
      streams: streams.length,
      simulatorUpdateMs: UPDATE_MS,
      measuredSeconds: appRun.elapsedS,
      clientProcesses: CLIENT_PROCS,
      note: 'simulators in the bench process, clients in child processes, the app in its own process (production build, embedded Postgres)',
    },
    ...appRun.summary,
    relay: relayRun.summary,
    target: { p99Ms: 10, met: appRun.summary.latencyMs.p99 < 10 },
  };
  const row = (r: FanoutRun) => ({
    'msgs/s to clients': r.messagesPerSec,
    'p50 ms': r.latencyMs.p50,
    'p99 ms': r.latencyMs.p99,
    'max ms': r.latencyMs.max,
    'venue→server p50/p99': `${r.latencyMs.venueToAppP50}/${r.latencyMs.venueToAppP99}`,
    'server→client p50/p99': `${r.latencyMs.appToClientP50}/${r.latencyMs.appToClientP99}`,
    'server CPU % (1 core)': r.app.cpuPercentOfOneCore,
    'server RSS MB': r.app.rssMbMax,
  });
  console.log(`${CLIENTS} clients`);
  console.table({ app: row(appRun.summary), 'bare relay (floor)': row(relayRun.summary) });
  await mkdir(path.resolve(import.meta.dirname, 'results'), { recursive: true });
  await writeFile(path.resolve(import.meta.dirname, 'results/fanout.json'), JSON.stringify(result, null, 2) + '\n');

  await Promise.all([binance.close(), bybit.close()]);
  await rm(dataDir, { recursive: true, force: true });
}

await main();
