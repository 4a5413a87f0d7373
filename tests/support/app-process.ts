// Runs the real server.ts as a child process (production build), the way `npm start` does,
// and waits for it to listen. Used by integration and browser tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { VENUES } from '../../app/lib/venues';

export interface AppProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** SIGTERM and wait; resolves with the exit code and how long the stop took. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
}

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Tests and benchmarks never reach the internet: every venue and CoinGecko URL defaults to a
 * closed loopback port unless the caller points it at a simulator (demo mode ignores them).
 */
const OFFLINE_ENV: Record<string, string> = Object.fromEntries([
  ['COINGECKO_URL', 'http://127.0.0.1:9'],
  ...VENUES.flatMap((v) => [
    [`${v.toUpperCase()}_WS_URL`, 'ws://127.0.0.1:9'],
    [`${v.toUpperCase()}_REST_URL`, 'http://127.0.0.1:9'],
  ]),
]);

export function ensureBuilt(): void {
  if (!existsSync(path.join(ROOT, 'build/server/index.js'))) {
    throw new Error('build/ is missing: run `npm run build` before the integration and browser tests (npm test does)');
  }
}

/** Spawn server.ts; `env` is merged over a clean base. Resolves once it logs its URL. */
export function startAppProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<AppProcess> {
  ensureBuilt();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0', ...OFFLINE_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const output = () => out;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
        resolve({ url: m[1]!, child, output, stop: (signal = 'SIGTERM') => stopChild(child, signal) });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${code} before listening:\n${out}`));
    });
  });
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals) {
  const started = Date.now();
  return new Promise<{ code: number | null; ms: number }>((resolve) => {
    if (child.exitCode !== null) return resolve({ code: child.exitCode, ms: 0 });
    child.once('exit', (code) => resolve({ code, ms: Date.now() - started }));
    child.kill(signal);
  });
}

/** Run server.ts expecting it to fail at start; returns exit code and output. */
export function runAppExpectingFailure(env: Record<string, string>, timeoutMs = 30_000): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0', ...OFFLINE_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
