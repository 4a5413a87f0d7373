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
  const pid = app.child.pid!;
  const wsUrl = app.url.replace('http', 'ws') + '/ws';

  // Clients live in child processes (FANOUT_CLIENT_PROCS, default 2), apart from the simulators.
  const procs = Math.max(1, Number(process.env.FANOUT_CLIENT_PROCS ?? 2));
  const children = Array.from({ length: procs }, (_, p) => {
    const share = Math.ceil(CLIENTS / procs);
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
  console.log(`${CLIENTS} clients connected in ${procs} processes, ${streams.length} streams; warming up ${WARMUP_S} s`);
  await new Promise((r) => setTimeout(r, WARMUP_S * 1000));

  const hz = 100; // USER_HZ on Linux
  const before = procStat(pid);
  const rssSamples: number[] = [];
  for (const c of children) c.send({ type: 'start' });
  const t0 = Date.now();
  const sampler = setInterval(() => rssSamples.push(procStat(pid).rssMb), 1000);
  await new Promise((r) => setTimeout(r, MEASURE_S * 1000));
  const results = children.map((c) =>
    messageOf<{ latencies: number[]; upstream: number[]; downstream: number[]; received: number; notLive: number }>(c, 'result'),
  );
  for (const c of children) c.send({ type: 'stop' });
  clearInterval(sampler);
  const elapsedS = (Date.now() - t0) / 1000;
  const after = procStat(pid);
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
  const result = {
    generatedAt: new Date().toISOString(),
    machine: { cpuModel: os.cpus()[0]?.model, cpuCount: os.cpus().length, node: process.version },
    setup: {
      clients: CLIENTS,
      subscriptionsPerClient: SUBS_PER_CLIENT,
      streams: streams.length,
      simulatorUpdateMs: UPDATE_MS,
      measuredSeconds: elapsedS,
      clientProcesses: procs,
      note: 'simulators in the bench process, clients in child processes, the app in its own process (production build, embedded Postgres)',
    },
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
    target: { p99Ms: 10, met: percentile(latencies, 99) < 10 },
  };
  console.table({
    clients: CLIENTS,
    'msgs/s to clients': result.messagesPerSec,
    'p50 ms': result.latencyMs.p50,
    'p99 ms': result.latencyMs.p99,
    'max ms': result.latencyMs.max,
    'venue→app p50/p99': `${result.latencyMs.venueToAppP50}/${result.latencyMs.venueToAppP99}`,
    'app→client p50/p99': `${result.latencyMs.appToClientP50}/${result.latencyMs.appToClientP99}`,
    'app CPU % (1 core)': result.app.cpuPercentOfOneCore,
    'app RSS MB': result.app.rssMbMax,
  });
  await mkdir(path.resolve(import.meta.dirname, 'results'), { recursive: true });
  await writeFile(path.resolve(import.meta.dirname, 'results/fanout.json'), JSON.stringify(result, null, 2) + '\n');

  await app.stop();
  await Promise.all([binance.close(), bybit.close()]);
  await rm(dataDir, { recursive: true, force: true });
}

await main();
