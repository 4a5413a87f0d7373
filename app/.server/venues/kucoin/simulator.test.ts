import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '~/.server/market/logger';
import { Streamer } from '~/.server/market/streamer';
import { VenueError, type Level } from '~/.server/market/types';
import type { VenueSimulator } from '~/.server/venues/sim/server';
import { pollUntil, sleep } from '~/.server/venues/test-support/wait';
import { parseKucoinBullet, parseKucoinControl } from './parse';
import { createKucoinRest } from './rest';
import { startKucoinSimulator } from './simulator';
import { createKucoinStreamSpec } from './stream-spec';

const waitFor = (cond: () => boolean, timeoutMs = 4000, what = 'condition') => pollUntil(cond, what, timeoutMs, 10);

/** A raw client that records every frame, for checking the wire protocol itself. */
async function rawClient(url: string) {
  const frames: Record<string, unknown>[] = [];
  const socket = new WebSocket(url);
  socket.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString('utf8')) as Record<string, unknown>));
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, frames, closed, send: (msg: object) => socket.send(JSON.stringify(msg)) };
}

let sim: VenueSimulator;

beforeAll(async () => {
  // Short pings so keepalive and idle drops show within a test.
  sim = await startKucoinSimulator({ seed: 7, updateIntervalMs: 25, pingIntervalMs: 300, pingTimeoutMs: 300 });
});

afterAll(async () => {
  await sim.close();
});

afterEach(() => {
  sim.faults.clear();
  if (sim.isPaused()) sim.resume();
});

async function connectUrl(connectId: string): Promise<string> {
  const res = await fetch(`${sim.restUrl}/api/v1/bullet-public`, { method: 'POST' });
  const bullet = parseKucoinBullet(await res.json());
  const server = bullet.servers[0]!;
  return `${server.endpoint}?token=${encodeURIComponent(bullet.token)}&connectId=${connectId}`;
}

describe('KuCoin simulator: wire protocol', () => {
  it('hands out bullets that name its own ws origin, ping interval and timeout', async () => {
    const res = await fetch(`${sim.restUrl}/api/v1/bullet-public`, { method: 'POST' });
    const bullet = parseKucoinBullet(await res.json());
    expect(bullet.servers).toEqual([{ endpoint: `${sim.wsUrl}/`, pingIntervalMs: 300, pingTimeoutMs: 300 }]);
    expect(bullet.token).toMatch(/=/);
  });

  it('welcomes first, acks a multi-symbol subscribe, streams one change per message, answers pings', async () => {
    const c = await rawClient(await connectUrl('raw-1'));
    await waitFor(() => c.frames.length > 0);
    expect(c.frames[0]).toEqual({ id: 'raw-1', type: 'welcome' });
    c.send({
      id: '7',
      type: 'subscribe',
      topic: '/contractMarket/level2:XBTUSDTM,XRPUSDTM',
      privateChannel: false,
      response: true,
    });
    await waitFor(() => c.frames.some((f) => f.type === 'ack'));
    expect(c.frames.find((f) => f.type === 'ack')).toEqual({ id: '7', type: 'ack' });
    const level2 = () => c.frames.filter((f) => f.type === 'message');
    await waitFor(() => level2().filter((f) => f.topic === '/contractMarket/level2:XRPUSDTM').length > 20);
    c.send({ id: 'p1', type: 'ping' });
    await waitFor(() => c.frames.some((f) => f.type === 'pong'));
    expect(parseKucoinControl(JSON.stringify(c.frames.find((f) => f.type === 'pong')))).toEqual({
      type: 'pong',
      id: 'p1',
    });
    c.socket.close();

    for (const symbol of ['XBTUSDTM', 'XRPUSDTM']) {
      const msgs = level2().filter((f) => f.topic === `/contractMarket/level2:${symbol}`);
      const seqs = msgs.map((m) => (m.data as { sequence: number }).sequence);
      // Every change has its own sequence, one more than the previous.
      expect(seqs.slice(1).every((s, i) => s === seqs[i]! + 1)).toBe(true);
      for (const m of msgs) {
        expect(m).toMatchObject({ subject: 'level2', sn: (m.data as { sequence: number }).sequence });
        // Sizes are whole contracts, as KuCoin sends them.
        expect((m.data as { change: string }).change).toMatch(/^\d+(\.\d+)?,(buy|sell),\d+$/);
      }
    }
  });

  it('refuses unknown topics and a bad token', async () => {
    const c = await rawClient(await connectUrl('raw-2'));
    c.send({
      id: '9',
      type: 'subscribe',
      topic: '/contractMarket/level2:NOPEUSDTM',
      privateChannel: false,
      response: true,
    });
    c.send({ id: '10', type: 'hello' });
    await waitFor(() => c.frames.filter((f) => f.type === 'error').length === 2);
    expect(c.frames.filter((f) => f.type === 'error')).toEqual([
      { id: '9', type: 'error', code: 404, data: 'topic /contractMarket/level2:NOPEUSDTM is not found' },
      { id: '10', type: 'error', code: 415, data: 'type is not supported' },
    ]);
    c.socket.close();

    const bad = await rawClient(`${sim.wsUrl}/?token=forged&connectId=raw-3`);
    expect(await bad.closed).toBe(4001);
    expect(bad.frames).toEqual([{ id: 'raw-3', type: 'error', code: 401, data: 'token is invalid' }]);
  });

  it('drops a socket whose pings stop after pingInterval + pingTimeout', async () => {
    const c = await rawClient(await connectUrl('raw-4'));
    const start = Date.now();
    const code = await c.closed;
    expect(code).toBe(1006);
    expect(Date.now() - start).toBeGreaterThanOrEqual(550);
  });
});

describe('KuCoin simulator: REST through the client', () => {
  const client = () => createKucoinRest({ restUrl: sim.restUrl, timeoutMs: 2000 });

  it('lists the linear perpetuals only, with KuCoin multipliers as contract sizes', async () => {
    const instruments = await client().fetchInstruments();
    expect(instruments.map((i) => i.symbol)).toEqual([
      'XBTUSDTM',
      'ETHUSDTM',
      'SOLUSDTM',
      'XRPUSDTM',
      'DOGEUSDTM',
      'WIFUSDTM',
      'LINKUSDTM',
    ]);
    expect(instruments[0]).toMatchObject({ baseAsset: 'BTC', multiplier: 1, contractSize: 0.001, tickSize: 0.1 });
    expect(instruments.find((i) => i.symbol === 'WIFUSDTM')).toMatchObject({
      contractSize: 10,
      fundingIntervalHours: 1,
    });
  });

  it('reports funding with settlement times on each contract’s own interval grid', async () => {
    const before = Date.now();
    const funding = await client().fetchFundingSnapshots();
    expect(funding).toHaveLength(7);
    for (const f of funding) {
      const intervalMs = f.intervalHours * 3_600_000;
      expect(f.nextFundingTime! % intervalMs).toBe(0);
      expect(f.nextFundingTime!).toBeGreaterThan(before);
      expect(f.nextFundingTime! - before).toBeLessThanOrEqual(intervalMs + 60_000);
      expect(Math.abs(f.rate)).toBeLessThan(0.03);
      expect(f.predictedRate).not.toBeNull();
      expect(f.openInterestQuote).toBeGreaterThan(0);
    }
    expect(funding.find((f) => f.symbol === 'SOLUSDTM')?.intervalHours).toBe(4);
  });

  it('serves funding history and candles in order, volume in base units', async () => {
    const c = client();
    const history = await c.fetchFundingHistory('SOLUSDTM', { limit: 12 });
    expect(history).toHaveLength(12);
    const gaps = history.slice(1).map((r, i) => r.fundingTime - history[i]!.fundingTime);
    expect(new Set(gaps)).toEqual(new Set([4 * 3_600_000]));

    const candles = await c.fetchCandles('XRPUSDTM', '1h', 24);
    expect(candles).toHaveLength(24);
    for (const k of candles) {
      expect(k.l).toBeLessThanOrEqual(Math.min(k.o, k.c));
      expect(k.h).toBeGreaterThanOrEqual(Math.max(k.o, k.c));
      // Whole contracts of 10 XRP.
      expect(k.v % 10).toBe(0);
    }
    expect(candles.slice(1).every((k, i) => k.t - candles[i]!.t === 3_600_000)).toBe(true);
  });

  it('answers an injected 429 in KuCoin’s error shape', async () => {
    sim.faults.httpError(429, 1, '/api/v1/contracts/active', 2);
    const err = await client()
      .fetchInstruments()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueError);
    expect(err).toMatchObject({ status: 429, retryAfterMs: 2000 });
    expect((err as Error).message).toMatch(/code 429000/);
  });
});

describe('KuCoin client against the simulator', () => {
  const SYMBOLS = ['XBTUSDTM', 'ETHUSDTM', 'XRPUSDTM', 'DOGEUSDTM'];
  let streamer: Streamer;
  const releases: (() => void)[] = [];

  beforeAll(() => {
    streamer = new Streamer({
      specs: { kucoin: createKucoinStreamSpec({ wsUrl: sim.wsUrl, restUrl: sim.restUrl, timeoutMs: 2000 }) },
      logger: silentLogger,
      graceMs: 100,
      staleMs: 800,
      snapshotIntervalMs: 0,
      firstEventWaitMs: 50,
      snapshotBackoff: { baseMs: 20, maxMs: 200 },
      socket: { backoff: { baseMs: 20, maxMs: 200 }, random: () => 1 },
    });
    for (const s of SYMBOLS) releases.push(streamer.acquire('kucoin', s));
  });

  afterAll(async () => {
    for (const release of releases) release();
    await streamer.close();
  });

  const status = () => streamer.status()[0]!;
  const allLive = () => SYMBOLS.every((s) => streamer.getBook('kucoin', s)?.state === 'live');
  const top = (symbol: string) => streamer.getBook('kucoin', symbol)?.book.top(25);
  const authoritative = (symbol: string): { bids: Level[]; asks: Level[] } => {
    const book = sim.market.book(symbol, 25);
    return { bids: book.bids, asks: book.asks };
  };

  /** Pause the market and let the frames in flight land; then every book must equal the simulator's. */
  async function expectBooksMatch(): Promise<void> {
    await waitFor(allLive, 5000, 'live books');
    sim.pause();
    const same = () => SYMBOLS.every((s) => JSON.stringify(top(s)) === JSON.stringify(authoritative(s)));
    await waitFor(same, 2000, 'books to settle').catch(() => undefined);
    for (const s of SYMBOLS) expect(top(s), s).toEqual(authoritative(s));
    sim.resume();
  }

  it('reproduces the simulator’s books exactly, sizes converted to base units', async () => {
    await waitFor(allLive, 5000, 'live books');
    await sleep(300);
    await expectBooksMatch();
    // XRPUSDTM is 10 XRP per contract: base sizes are multiples of 10, not contract counts.
    const xrp = top('XRPUSDTM')!;
    expect(xrp.bids.every(([, size]) => size % 10 === 0)).toBe(true);
    expect(status().connections).toBe(1);
    expect(sim.subscriberCount('XBTUSDTM')).toBe(1);
  });

  it('keeps a quiet connection alive with JSON pings at the bullet interval', async () => {
    const bullets = sim.requestCount('/api/v1/bullet-public');
    sim.pause(); // no book frames: only pongs arrive
    await sleep(1200); // twice the simulator's idle limit
    sim.resume();
    expect(sim.connectionCount()).toBe(1);
    expect(sim.requestCount('/api/v1/bullet-public')).toBe(bullets);
    expect(status().state).toBe('connected');
  });

  it('detects a lost change as a gap, resyncs from a REST snapshot and matches again', async () => {
    await waitFor(allLive);
    const gaps = status().resyncs.byReason.gap + status().resyncs.byReason.bridge;
    const snapshots = sim.requestCount('/api/v1/level2/snapshot');
    sim.faults.gapOnce('XBTUSDTM');
    await waitFor(() => status().resyncs.byReason.gap + status().resyncs.byReason.bridge > gaps, 3000, 'gap');
    await waitFor(() => sim.requestCount('/api/v1/level2/snapshot') > snapshots, 3000, 'resync snapshot');
    await expectBooksMatch();
  });

  it('counts a malformed frame as a parse error without corrupting the books', async () => {
    await waitFor(allLive);
    const errors = status().parseErrors;
    sim.faults.malformedOnce();
    await waitFor(() => status().parseErrors > errors, 3000, 'parse error');
    await expectBooksMatch();
  });

  it('reconnects with a fresh bullet after a disconnect and rebuilds every book', async () => {
    await waitFor(allLive);
    const bullets = sim.requestCount('/api/v1/bullet-public');
    const reconnects = status().resyncs.byReason.reconnect;
    sim.faults.disconnectAll();
    await waitFor(() => status().resyncs.byReason.reconnect >= reconnects + SYMBOLS.length, 3000, 'books marked');
    await waitFor(() => sim.requestCount('/api/v1/bullet-public') > bullets, 3000, 'new bullet');
    await expectBooksMatch();
    expect(sim.connectionCount()).toBe(1);
  });

  it('replaces a connection that went silent, once the venue speaks again', async () => {
    await waitFor(allLive);
    const stale = status().resyncs.byReason.stale;
    const silentUntil = Date.now() + 1200;
    sim.faults.silence(1200);
    await waitFor(() => status().resyncs.byReason.stale > stale, 3000, 'stale');
    // Changes lost in the silence show as a gap only once the next one arrives, so let the venue speak.
    await sleep(silentUntil + 300 - Date.now());
    await expectBooksMatch();
  });
});
