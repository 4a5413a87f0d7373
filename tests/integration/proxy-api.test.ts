// /api/proxy/kline and /api/proxy/kucoin-token against the real app with simulated venues.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VENUE_MODULES } from '~/.server/venues/registry';
import type { VenueId } from '~/lib/venues';
import { startAppWithSimulators, type AppWithSimulators } from '../support/app-with-simulators';
import { testDatabaseUrl } from './helpers';

const VENUES = Object.keys(VENUE_MODULES) as VenueId[];
let env: AppWithSimulators;
const get = (path: string, init?: RequestInit) => fetch(`${env.app.url}${path}`, init);

beforeAll(async () => {
  env = await startAppWithSimulators({ DATABASE_URL: testDatabaseUrl() });
});
afterAll(async () => {
  await env?.close();
});

describe('GET /api/proxy/kline', () => {
  it.each(VENUES)('%s: candles in one shape, oldest first, for every interval', async (venue) => {
    const symbol = env.sims.get(venue)!.market.symbols()[0]!;
    for (const interval of ['1m', '1h', '1d']) {
      const res = await get(`/api/proxy/kline/?exchange=${venue.toUpperCase()}&symbol=${encodeURIComponent(symbol)}&interval=${interval}&limit=50`);
      expect(res.status, await res.clone().text()).toBe(200);
      const candles = (await res.json()) as { t: number; o: number; h: number; l: number; c: number; v: number }[];
      expect(candles.length).toBeGreaterThan(10);
      expect(candles.length).toBeLessThanOrEqual(50);
      for (let i = 1; i < candles.length; i++) expect(candles[i]!.t).toBeGreaterThan(candles[i - 1]!.t);
      for (const k of candles) {
        expect(Object.keys(k).sort()).toEqual(['c', 'h', 'l', 'o', 't', 'v']);
        expect(k.h).toBeGreaterThanOrEqual(Math.max(k.o, k.c, k.l));
        expect(k.l).toBeLessThanOrEqual(Math.min(k.o, k.c));
      }
    }
  });

  it('answers with and without the trailing slash', async () => {
    const a = await get('/api/proxy/kline?exchange=binance&symbol=BTCUSDT&interval=1h&limit=5');
    const b = await get('/api/proxy/kline/?exchange=binance&symbol=BTCUSDT&interval=1h&limit=5');
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
  });

  it.each([
    ['exchange=kraken&symbol=BTCUSDT', 'exchange'],
    ['symbol=BTCUSDT', 'exchange'],
    ['exchange=binance', 'symbol'],
    ['exchange=binance&symbol=BTCUSDT&interval=2h', 'interval'],
    ['exchange=binance&symbol=BTCUSDT&limit=0', 'limit'],
    ['exchange=binance&symbol=BTCUSDT&limit=lots', 'limit'],
    ['exchange=binance&symbol=NOPEUSDT', 'symbol'],
  ])('400 naming the parameter for %s', async (query, field) => {
    const res = await get(`/api/proxy/kline/?${query}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as Record<string, string[]>;
    expect(Object.keys(body)).toContain(field);
    expect(body[field]![0]).toEqual(expect.any(String));
  });

  it('502 with the venue error when the venue fails, and recovers after', async () => {
    env.sims.get('bybit')!.faults.httpError(500, 1);
    const res = await get('/api/proxy/kline/?exchange=bybit&symbol=ETHUSDT&interval=5m&limit=7');
    expect(res.status).toBe(502);
    const body = (await res.json()) as { detail: string; error: string };
    expect(body.detail).toMatch(/Bybit failed/);
    expect(body.error).toMatch(/500/);
    const again = await get('/api/proxy/kline/?exchange=bybit&symbol=ETHUSDT&interval=5m&limit=7');
    expect(again.status).toBe(200);
  });
});

describe('/api/proxy/kucoin-token', () => {
  it('passes KuCoin\'s bullet through on GET and POST', async () => {
    for (const method of ['GET', 'POST']) {
      const res = await get('/api/proxy/kucoin-token/', { method });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { code: string; data: { token: string; instanceServers: { endpoint: string; pingInterval: number }[] } };
      expect(body.code).toBe('200000');
      expect(body.data.token.length).toBeGreaterThan(10);
      expect(body.data.instanceServers[0]!.endpoint).toMatch(/^wss?:\/\//);
    }
  });

  it('502 when KuCoin fails, 405 for other methods', async () => {
    env.sims.get('kucoin')!.faults.httpError(429, 1);
    const res = await get('/api/proxy/kucoin-token/', { method: 'POST' });
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: string }).error).toMatch(/429/);
    expect((await get('/api/proxy/kucoin-token/', { method: 'DELETE' })).status).toBe(405);
  });
});
