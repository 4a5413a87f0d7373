import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { runAppExpectingFailure, startAppProcess, type AppProcess } from '../support/app-process';
import { testDatabaseUrl } from './helpers';

function openSocket(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString()))));
}

describe('server.ts', () => {
  let app: AppProcess;
  beforeAll(async () => {
    app = await startAppProcess({ DATABASE_URL: testDatabaseUrl(), DEMO: '1' });
  });
  afterAll(async () => {
    if (app.child.exitCode === null) await app.stop();
  });

  it('answers /healthz with db and worker up', async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'ok', db: { ok: true }, worker: { ok: true }, embeddedPostgres: false });
  });

  it('server-renders the app shell and a styled 404', async () => {
    const home = await fetch(app.url);
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain('Funding Arb Terminal');
    expect(html).toContain('data-mantine-color-scheme="dark"');
    const missing = await fetch(`${app.url}/no-such-page`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Page not found');
  });

  it('serves /ws (and the original /ws/market/) with ping → pong and JSON errors', async () => {
    for (const p of ['/ws', '/ws/market/']) {
      const ws = await openSocket(app.url.replace('http', 'ws') + p);
      ws.send(JSON.stringify({ action: 'ping' }));
      expect(await nextMessage(ws)).toEqual({ type: 'pong' });
      ws.send('{not json');
      expect(await nextMessage(ws)).toMatchObject({ type: 'error', code: 'bad_json' });
      ws.close();
    }
  });

  it('refuses upgrades on other paths', async () => {
    await expect(openSocket(app.url.replace('http', 'ws') + '/elsewhere')).rejects.toThrow(/404/);
  });

  it('stops on SIGTERM within 10 s with exit code 0, closing open sockets', async () => {
    const ws = await openSocket(app.url.replace('http', 'ws') + '/ws');
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    const { code, ms } = await app.stop('SIGTERM');
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
    expect(await closed).toBe(1001);
    expect(app.output()).toMatch(/stopped/);
  });
});

describe('start-up failures', () => {
  it('a bad setting exits 1 with one line naming each bad variable', async () => {
    const { code, output } = await runAppExpectingFailure({ PORT: 'eighty', LOG_LEVEL: 'loud', BINANCE_WS_URL: 'http://x' });
    expect(code).toBe(1);
    const lines = output.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/PORT/);
    expect(lines[0]).toMatch(/LOG_LEVEL/);
    expect(lines[0]).toMatch(/BINANCE_WS_URL/);
  });

  it('an unreachable DATABASE_URL exits 1 with one clear line and no password', async () => {
    const { code, output } = await runAppExpectingFailure({ DATABASE_URL: 'postgres://u:hunter2@127.0.0.1:1/db' });
    expect(code).toBe(1);
    expect(output.trim().split('\n')).toHaveLength(1);
    expect(output).toMatch(/cannot connect to the database at 127\.0\.0\.1:1\/db/);
    expect(output).not.toContain('hunter2');
  });
});
