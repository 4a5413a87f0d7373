import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { pollUntil } from '~/.server/venues/test-support/wait';
import { SimMarket, type BookUpdate, type SimSymbolConfig } from './market';
import { json, startSimServer, type SimServer, type VenueSimulator } from './server';

const waitUntil = (cond: () => boolean, what: string, timeoutMs = 3_000) => pollUntil(cond, what, timeoutMs, 5);

// A toy venue on the shared plumbing: echoes messages, subscribes "book.<SYM>" topics, pushes updates.
const TEST_SYMBOL: SimSymbolConfig = {
  symbol: 'TESTUSDT',
  baseAsset: 'TEST',
  quoteAsset: 'USDT',
  asset: 'TEST',
  price: 12.5,
  tickSize: '0.001',
  lotSize: '0.1',
  fundingIntervalHours: 8,
  fundingRateMean: 0.0001,
  fundingRateCap: 0.02,
  dailyVolatility: 0.05,
  volume24hQuote: 1e7,
  openInterestQuote: 5e6,
  levelNotionalQuote: 2_000,
  levelsPerSide: 60,
};

let sim: VenueSimulator | null = null;
const sockets: WebSocket[] = [];
const updates: BookUpdate[] = [];

async function startToy(extra: { idleTimeoutMs?: number } = {}): Promise<VenueSimulator> {
  const market = new SimMarket([TEST_SYMBOL], { seed: 5 });
  sim = await startSimServer(
    { venue: 'binance', market, updateIntervalMs: 10, errorBody: (s) => ({ toy: s }), ...extra },
    (server: SimServer) => {
      server.get('/hello', (req) => json({ hello: req.query.get('name') }));
      server.post('/echo', (req) => json({ got: req.body }));
      server.get('/boom', () => {
        throw new Error('kaput');
      });
      server.onUpdates((ups) => {
        updates.push(...ups);
        for (const u of ups) for (const conn of server.subscribers(`book.${u.symbol}`)) conn.send(u);
      });
      server.ws(
        '/feed',
        {
          open: (conn) => {
            const sym = conn.path.split('/')[2];
            if (sym) server.subscribe(conn, `book.${sym}`, sym);
          },
          message: (conn, text) => {
            if (text === 'unsub') server.unsubscribe(conn, 'book.TESTUSDT');
            else if (text === 'bin') conn.send(Buffer.from([1, 2, 3, 4]));
            else conn.send({ echo: text });
          },
        },
        { prefix: true },
      );
      server.ws('/locked', {
        refuse: (_path, query) => (query.get('token') === 'ok' ? null : 401),
        message: (conn) => conn.send('welcome'),
      });
    },
  );
  return sim;
}

function open(url: string): Promise<{ ws: WebSocket; frames: string[]; closed: Promise<number> }> {
  const ws = new WebSocket(url);
  sockets.push(ws);
  const frames: string[] = [];
  ws.on('message', (d) => frames.push(String(d)));
  ws.on('error', () => {});
  const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, frames, closed }));
    ws.once('error', reject);
  });
}

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await sim?.close();
  sim = null;
  updates.length = 0;
});

describe('simulator server plumbing', () => {
  it('routes REST by method and path, with JSON bodies, 404s and 500s', async () => {
    const s = await startToy();
    expect(s.restUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s.wsUrl).toBe(s.restUrl.replace('http', 'ws'));
    expect(await (await fetch(`${s.restUrl}/hello?name=sim`)).json()).toEqual({ hello: 'sim' });
    const echo = await fetch(`${s.restUrl}/echo`, { method: 'POST', body: JSON.stringify({ type: 'meta' }) });
    expect(await echo.json()).toEqual({ got: { type: 'meta' } });
    expect((await fetch(`${s.restUrl}/echo`)).status).toBe(404);
    expect((await fetch(`${s.restUrl}/nowhere`)).status).toBe(404);
    const boom = await fetch(`${s.restUrl}/boom`);
    expect(boom.status).toBe(500);
    expect(await boom.json()).toMatchObject({ message: 'kaput' });
    expect(s.requestCount()).toBe(5);
    expect(s.requestCount('/echo')).toBe(2);
  });

  it('injects HTTP errors by path prefix and count, with Retry-After only on 429/418', async () => {
    const s = await startToy();
    s.faults.httpError(503, 1, '/hel');
    s.faults.httpError(429, 1, undefined, 7);
    const first = await fetch(`${s.restUrl}/hello`);
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBeNull();
    expect(await first.json()).toEqual({ toy: 503 });
    const second = await fetch(`${s.restUrl}/echo`, { method: 'POST', body: '{}' });
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('7');
    expect((await fetch(`${s.restUrl}/hello`)).status).toBe(200);
    s.faults.httpError(500, 3);
    s.faults.clear();
    expect((await fetch(`${s.restUrl}/hello`)).status).toBe(200);
  });

  it('routes WS by path (404 otherwise), counts connections, subscriptions and frames', async () => {
    const s = await startToy();
    await expect(open(`${s.wsUrl}/elsewhere`)).rejects.toThrow(/404/);
    const a = await open(`${s.wsUrl}/feed/TESTUSDT`);
    const b = await open(`${s.wsUrl}/feed`);
    await waitUntil(() => s.connectionCount() === 2, 'two connections');
    expect(s.subscriberCount('TESTUSDT')).toBe(1);
    await waitUntil(() => a.frames.length >= 3, 'book pushes');
    expect(JSON.parse(a.frames[0]!)).toMatchObject({ symbol: 'TESTUSDT', bids: expect.any(Array) });
    b.ws.send('hi');
    await waitUntil(() => b.frames.length === 1, 'echo');
    expect(JSON.parse(b.frames[0]!)).toEqual({ echo: 'hi' });
    expect(s.framesSent()).toBeGreaterThanOrEqual(a.frames.length + 1);

    a.ws.send('unsub');
    await waitUntil(() => s.subscriberCount('TESTUSDT') === 0, 'unsubscribed');
    b.ws.close();
    await waitUntil(() => s.connectionCount() === 1, 'one left');
  });

  it('refuses upgrades a route rejects, and sends binary frames (garbled too) as binary', async () => {
    const s = await startToy();
    await expect(open(`${s.wsUrl}/locked?token=bad`)).rejects.toThrow(/401/);
    await open(`${s.wsUrl}/locked?token=ok`);
    const c = await open(`${s.wsUrl}/feed`);
    const binary: Buffer[] = [];
    c.ws.on('message', (d, isBinary) => isBinary && binary.push(d as Buffer));
    s.faults.malformedOnce();
    c.ws.send('bin');
    await waitUntil(() => binary.length === 2, 'two binary frames');
    expect([...binary[0]!]).toEqual([1, 2]);
    expect([...binary[1]!]).toEqual([1, 2, 3, 4]);
  });

  it('pause stops the market and its pushes; resume restarts them', async () => {
    const s = await startToy();
    await waitUntil(() => updates.length >= 3, 'steps');
    s.pause();
    expect(s.isPaused()).toBe(true);
    const id = s.market.lastUpdateId('TESTUSDT');
    const n = updates.length;
    await new Promise((r) => setTimeout(r, 60));
    expect(updates.length).toBe(n);
    expect(s.market.lastUpdateId('TESTUSDT')).toBe(id);
    s.resume();
    await waitUntil(() => updates.length > n, 'steps after resume');
    expect(updates[n]!.prevUpdateId).toBe(id);
  });

  it('answers client pings unless silenced, and drops idle sockets', async () => {
    const s = await startToy({ idleTimeoutMs: 150 });
    const c = await open(`${s.wsUrl}/feed`);
    let pongs = 0;
    c.ws.on('pong', () => pongs++);
    c.ws.ping();
    await waitUntil(() => pongs === 1, 'pong');
    s.faults.silence(1_000);
    c.ws.ping();
    await new Promise((r) => setTimeout(r, 60));
    expect(pongs).toBe(1);
    // Our pings count as activity, but after them nothing: the idle timer cuts the socket.
    expect(await c.closed).toBe(1006);
    await waitUntil(() => s.connectionCount() === 0, 'cleanup');
  });

  it('close() ends every client and can be called twice', async () => {
    const s = await startToy();
    const c = await open(`${s.wsUrl}/feed/TESTUSDT`);
    await s.close();
    expect(await c.closed).toBe(1006);
    await s.close();
    await expect(fetch(`${s.restUrl}/hello`)).rejects.toThrow();
  });
});
