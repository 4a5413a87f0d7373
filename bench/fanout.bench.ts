// End-to-end fan-out: venue simulators (this process) → the real app (child process, its own
// embedded Postgres) → N `ws` clients on loopback (this process). Latency is measured from the
// venue event time stamped by the simulator at send to the client's receive, on one clock.
// Writes bench/results/fanout.json.
//   npx tsx bench/fanout.bench.ts            (500 clients, 20 s measured)
//   FANOUT_CLIENTS=100 FANOUT_SECONDS=5 npx tsx bench/fanout.bench.ts
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
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
      BINANCE_WS_URL: binance.wsUrl,
      BINANCE_REST_URL: binance.restUrl,
      BYBIT_WS_URL: bybit.wsUrl,
      BYBIT_REST_URL: bybit.restUrl,
    },
    120_000,
  );
  const pid = app.child.pid!;
  const wsUrl = app.url.replace('http', 'ws') + '/ws';

  let measuring = false;
  const latencies: number[] = [];
  // Split of each sample: venue → app receive (ts → recv), app receive → client (recv → now).
  const upstream: number[] = [];
  const downstream: number[] = [];
  let received = 0;
  let notLive = 0;
  const sockets: WebSocket[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const ws = new WebSocket(wsUrl);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    for (let k = 0; k < SUBS_PER_CLIENT; k++) {
      const s = streams[(i * SUBS_PER_CLIENT + k) % streams.length]!;
      ws.send(JSON.stringify({ action: 'subscribe', exchange: s.exchange, symbol: s.symbol }));
    }
    ws.on('message', (data) => {
      const now = Date.now();
      const m = JSON.parse(data.toString()) as { ts?: number; recv?: number; status?: string; b?: unknown };
      if (!measuring || m.b === undefined) return;
      received++;
      if (m.status) notLive++;
      else if (typeof m.ts === 'number' && m.ts > 0) {
        latencies.push(now - m.ts);
        if (typeof m.recv === 'number' && m.recv > 0) {
          upstream.push(m.recv - m.ts);
          downstream.push(now - m.recv);
        }
      }
    });
    sockets.push(ws);
  }
  console.log(`${CLIENTS} clients connected, ${streams.length} streams; warming up ${WARMUP_S} s`);
  await new Promise((r) => setTimeout(r, WARMUP_S * 1000));

  const hz = 100; // USER_HZ on Linux
  const before = procStat(pid);
  const rssSamples: number[] = [];
  measuring = true;
  const t0 = Date.now();
  const sampler = setInterval(() => rssSamples.push(procStat(pid).rssMb), 1000);
  await new Promise((r) => setTimeout(r, MEASURE_S * 1000));
  measuring = false;
  clearInterval(sampler);
  const elapsedS = (Date.now() - t0) / 1000;
  const after = procStat(pid);

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
      note: 'simulators and clients in the bench process; the app is a separate process (production build, embedded Postgres)',
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

  for (const ws of sockets) ws.terminate();
  await app.stop();
  await Promise.all([binance.close(), bybit.close()]);
  await rm(dataDir, { recursive: true, force: true });
}

await main();
