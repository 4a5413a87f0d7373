import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BookSync, type ResyncReason } from '~/.server/market/book-sync';
import { silentLogger } from '~/.server/market/logger';
import { Streamer } from '~/.server/market/streamer';
import { ParseError, VenueError } from '~/.server/market/types';
import type { VenueSimulator } from '~/.server/venues/sim/server';
import { pollUntil, sleep } from '~/.server/venues/test-support/wait';
import { bitgetChecksum } from './checksum';
import { parseBitgetControl, parseBitgetFrame, type BitgetControl } from './parse';
import { createBitgetRest } from './rest';
import { bitgetSimChecksum, startBitgetSimulator } from './simulator';
import { createBitgetStreamSpec } from './stream-spec';

const waitFor = (cond: () => boolean, timeoutMs = 4000, what = 'condition') => pollUntil(cond, what, timeoutMs, 10);

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Our client, as the streamer runs it: stream spec + parse + rules + one BookSync per symbol on a
 * real `ws` connection; a resync sends the spec's resync frames.
 */
class Client {
  readonly syncs = new Map<string, BookSync>();
  readonly resyncs: { symbol: string; reason: ResyncReason }[] = [];
  readonly controls: BitgetControl[] = [];
  parseErrors = 0;
  updates = 0;
  closed = false;
  private readonly spec;
  private ws!: WebSocket;

  constructor(
    private readonly sim: VenueSimulator,
    readonly symbols: string[],
  ) {
    this.spec = createBitgetStreamSpec({ wsUrl: sim.wsUrl, restUrl: sim.restUrl });
    for (const s of symbols) this.syncs.set(s, new BookSync(s, this.spec.rules));
  }

  async connect(): Promise<void> {
    this.ws = new WebSocket(await this.spec.resolveUrl());
    this.ws.on('message', (data: Buffer) => this.onFrame(data.toString('utf8')));
    this.ws.on('close', () => (this.closed = true));
    await new Promise<void>((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    for (const f of this.spec.subscribeFrames(this.symbols)) this.ws.send(f);
  }

  send(text: string): void {
    this.ws.send(text);
  }

  private onFrame(text: string): void {
    try {
      const control = parseBitgetControl(text);
      if (control) this.controls.push(control);
      const events = this.spec.parse(text);
      for (const ev of events ?? []) {
        const sync = this.syncs.get(ev.symbol);
        if (!sync) continue;
        if (ev.kind === 'delta') this.updates++;
        const result = sync.onStreamEvent(ev);
        if (result.resync) {
          this.resyncs.push({ symbol: ev.symbol, reason: result.resync });
          for (const f of this.spec.resyncFrames!(ev.symbol)) this.ws.send(f);
        }
      }
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      this.parseErrors++;
    }
  }

  live(): boolean {
    return [...this.syncs.values()].every((s) => s.state === 'live');
  }

  close(): void {
    this.ws?.terminate();
  }
}

let sim: VenueSimulator;
const clients: Client[] = [];

beforeAll(async () => {
  sim = await startBitgetSimulator({ seed: 7, updateIntervalMs: 15 });
});

afterAll(async () => {
  await sim.close();
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  sim.faults.clear();
  if (sim.isPaused()) sim.resume();
  await waitFor(() => sim.connectionCount() === 0, 2000, 'sockets closed');
});

async function client(symbols: string[]): Promise<Client> {
  const c = new Client(sim, symbols);
  clients.push(c);
  await c.connect();
  await waitFor(() => c.live(), 4000, 'live books');
  return c;
}

/** Pause the market, let in-flight frames land, and compare every level with the simulator's book. */
async function expectSameBooks(c: Client): Promise<void> {
  sim.pause();
  await sleep(60);
  for (const [symbol, sync] of c.syncs) {
    expect(sync.state, symbol).toBe('live');
    const truth = sim.market.book(symbol);
    expect(sync.book.size, symbol).toEqual({ bids: truth.bids.length, asks: truth.asks.length });
    expect(sync.book.topText(1_000), symbol).toEqual(truth.text);
  }
  sim.resume();
}

describe('Bitget simulator: WS protocol', () => {
  it('acks a subscription, sends a snapshot, then updates with seq and a signed top-25 CRC32', async () => {
    const frames: string[] = [];
    const ws = new WebSocket(`${sim.wsUrl}/v2/ws/public`);
    ws.on('message', (d: Buffer) => frames.push(d.toString('utf8')));
    await new Promise((r) => ws.once('open', r));
    ws.send('{"op":"subscribe","args":[{"instType":"USDT-FUTURES","channel":"books","instId":"BTCUSDT"}]}');
    await waitFor(() => frames.filter((f) => f.includes('"update"')).length >= 3, 4000, 'updates');
    ws.terminate();

    expect(JSON.parse(frames[0]!)).toEqual({
      event: 'subscribe',
      arg: { instType: 'USDT-FUTURES', channel: 'books', instId: 'BTCUSDT' },
    });
    const snap = JSON.parse(frames[1]!) as {
      action: string;
      arg: unknown;
      data: Record<string, unknown>[];
      ts: number;
    };
    expect(snap.action).toBe('snapshot');
    expect(Object.keys(snap.data[0]!).sort()).toEqual(['asks', 'bids', 'checksum', 'seq', 'ts']);
    expect(snap.data[0]!.checksum).toBe(0);
    expect(typeof snap.data[0]!.ts).toBe('string');
    const bids = snap.data[0]!.bids as string[][];
    expect(bids.length).toBeGreaterThan(25);
    expect(bids[0]![0]).toMatch(/^\d+\.\d$/); // tick 0.1, text as Bitget prints it
    const updates = frames.slice(2).map((f) => JSON.parse(f) as { action: string; data: Record<string, unknown>[] });
    expect(updates.every((u) => u.action === 'update')).toBe(true);
    const seqs = [snap, ...updates].map((u) => u.data[0]!.seq as number);
    expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!)).toBe(true);
    for (const u of updates) {
      const checksum = u.data[0]!.checksum as number;
      expect(Number.isInteger(checksum) && checksum >= -(2 ** 31) && checksum < 2 ** 31).toBe(true);
    }
  });

  it('computes its checksum with the documented formula (independent CRC against ours)', () => {
    const book = sim.market.book('ETHUSDT', 25).text;
    expect(bitgetSimChecksum(book.bids, book.asks) >>> 0).toBe(bitgetChecksum(book.bids, book.asks));
  });

  it('keeps our client books identical to the simulator’s, checksum-verified, across symbols on one socket', async () => {
    const c = await client(['BTCUSDT', 'PEPEUSDT', '1000SATSUSDT', 'WIFUSDT']);
    await waitFor(() => c.updates >= 60, 6000, 'updates');
    expect(c.resyncs).toEqual([]);
    expect(c.parseErrors).toBe(0);
    expect(sim.connectionCount()).toBe(1);
    expect(
      c.controls.filter((x) => x.type === 'ack' && x.op === 'subscribe').map((x) => x.type === 'ack' && x.args),
    ).toEqual([['BTCUSDT'], ['PEPEUSDT'], ['1000SATSUSDT'], ['WIFUSDT']]);
    await expectSameBooks(c);
  });

  it('answers "ping" with "pong" and drops a socket that stops pinging', async () => {
    const quiet = await startBitgetSimulator({ seed: 3, pingTimeoutMs: 150 });
    try {
      const ws = new WebSocket(`${quiet.wsUrl}/v2/ws/public`);
      const got: string[] = [];
      ws.on('message', (d: Buffer) => got.push(d.toString('utf8')));
      const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
      await new Promise((r) => ws.once('open', r));
      ws.send('ping');
      await waitFor(() => got.includes('pong'), 2000, 'pong');
      expect(parseBitgetControl(got[0]!)).toEqual({ type: 'pong' });
      // Subscribing is not a ping: the socket is still dropped.
      ws.send('{"op":"subscribe","args":[{"instType":"USDT-FUTURES","channel":"ticker","instId":"BTCUSDT"}]}');
      expect(await closed).toBe(1006);
    } finally {
      await quiet.close();
    }
  });

  it('refuses unknown instruments and channels with a 30001 error our control parser reads', async () => {
    const c = await client(['ETHUSDT']);
    c.send(
      '{"op":"subscribe","args":[{"instType":"USDT-FUTURES","channel":"books","instId":"NOPEUSDT"},{"instType":"USDT-FUTURES","channel":"trades9","instId":"ETHUSDT"}]}',
    );
    c.send('not json');
    await waitFor(() => c.controls.filter((x) => x.type === 'ack' && !x.success).length >= 3, 2000, 'errors');
    const errors = c.controls.filter((x) => x.type === 'ack' && !x.success);
    expect(errors[0]).toMatchObject({ op: 'error', code: '30001', args: ['NOPEUSDT'] });
    expect(errors[0]).toMatchObject({ message: "instType:USDT-FUTURES,channel:books,instId:NOPEUSDT doesn't exist" });
    expect(errors[1]).toMatchObject({ code: '30001', channel: 'trades9' });
    expect(errors[2]).toMatchObject({ code: '30002' });
    expect(c.live()).toBe(true);
  });

  it('closes a socket that sends more than 10 messages a second', async () => {
    const ws = new WebSocket(`${sim.wsUrl}/v2/ws/public`);
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    await new Promise((r) => ws.once('open', r));
    for (let i = 0; i < 12; i++) ws.send('ping');
    expect(await closed).toBe(1008);
  });
});

describe('Bitget simulator: faults are detected by our client', () => {
  it('a wrong checksum → resync "checksum", resubscribe, fresh snapshot, identical book', async () => {
    const c = await client(['ETHUSDT', 'SOLUSDT']);
    sim.faults.badChecksumOnce('ETHUSDT');
    await waitFor(() => c.resyncs.length > 0, 4000, 'resync');
    expect(c.resyncs).toEqual([{ symbol: 'ETHUSDT', reason: 'checksum' }]);
    await waitFor(() => c.live(), 4000, 'live again');
    await waitFor(() => c.updates >= 40, 4000, 'more updates');
    expect(c.resyncs).toHaveLength(1);
    await expectSameBooks(c);
  });

  it('a lost update → the next checksum fails, the book is rebuilt, never served wrong', async () => {
    const c = await client(['XRPUSDT']);
    const sync = c.syncs.get('XRPUSDT')!;
    sim.faults.gapOnce('XRPUSDT');
    // The loss shows only once an update that moves the top 25 is dropped and the next one
    // arrives; on a loaded 2-core machine that can take a few seconds.
    await waitFor(() => c.resyncs.length > 0, 15_000, 'resync');
    expect(c.resyncs[0]).toEqual({ symbol: 'XRPUSDT', reason: 'checksum' });
    expect(sync.resyncs.checksum).toBe(1);
    await waitFor(() => c.live(), 4000, 'live again');
    await expectSameBooks(c);
  });

  it('a malformed frame → ParseError, and the books carry on intact', async () => {
    const c = await client(['LINKUSDT']);
    sim.faults.malformedOnce();
    await waitFor(() => c.parseErrors === 1, 4000, 'parse error');
    const before = c.updates;
    await waitFor(() => c.updates >= before + 10, 4000, 'more updates');
    expect(c.resyncs).toEqual([]);
    await expectSameBooks(c);
  });

  it('a venue-side fresh snapshot replaces the book', async () => {
    const c = await client(['DOGEUSDT']);
    sim.faults.snapshotOnce('DOGEUSDT');
    await waitFor(() => c.updates >= 20, 4000, 'updates');
    expect(c.resyncs).toEqual([]);
    await expectSameBooks(c);
  });

  it('a disconnect → the streamer marks the book broken, reconnects, resubscribes and rebuilds it', async () => {
    const streamer = new Streamer({
      specs: { bitget: createBitgetStreamSpec({ wsUrl: sim.wsUrl }) },
      logger: silentLogger,
      graceMs: 50,
      streamResyncTimeoutMs: 500,
      socket: { backoff: { baseMs: 20, maxMs: 100 }, random: () => 1 },
    });
    try {
      const release = streamer.acquire('bitget', 'BTCUSDT');
      await waitFor(() => streamer.getBook('bitget', 'BTCUSDT')?.state === 'live', 4000, 'live');
      sim.faults.disconnectAll('terminate');
      await waitFor(() => streamer.getBook('bitget', 'BTCUSDT')?.resyncs.reconnect === 1, 4000, 'reconnect resync');
      await waitFor(() => streamer.getBook('bitget', 'BTCUSDT')?.state === 'live', 4000, 'live again');
      sim.pause();
      await sleep(60);
      const sync = streamer.getBook('bitget', 'BTCUSDT')!;
      expect(sync.book.topText(1_000)).toEqual(sim.market.book('BTCUSDT').text);
      expect(streamer.status()[0]).toMatchObject({ venue: 'bitget', parseErrors: 0 });
      sim.resume();
      release();
    } finally {
      await streamer.close();
    }
  });
});

describe('Bitget simulator: REST', () => {
  const rest = () => createBitgetRest({ restUrl: sim.restUrl, timeoutMs: 2000 });

  it('answers in the {code, msg, requestTime, data} envelope, with 400 + code for bad parameters', async () => {
    const ok = (await (await fetch(`${sim.restUrl}/api/v2/mix/market/contracts?productType=usdt-futures`)).json()) as {
      code: string;
      msg: string;
      requestTime: number;
      data: Record<string, unknown>[];
    };
    expect(ok).toMatchObject({ code: '00000', msg: 'success' });
    expect(ok.data.find((c) => c.symbol === 'BTCUSDT')).toMatchObject({
      baseCoin: 'BTC',
      pricePlace: '1',
      priceEndStep: '1',
      sizeMultiplier: '0.0001',
      symbolType: 'perpetual',
      symbolStatus: 'normal',
      fundInterval: '8',
    });
    const missing = await fetch(
      `${sim.restUrl}/api/v2/mix/market/candles?productType=USDT-FUTURES&symbol=NOPEUSDT&granularity=1H`,
    );
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ code: '40034', msg: 'Parameter NOPEUSDT does not exist', data: null });
    const coin = (await (await fetch(`${sim.restUrl}/api/v2/mix/market/tickers?productType=COIN-FUTURES`)).json()) as {
      data: unknown[];
    };
    expect(coin.data).toEqual([]);
    await expect(rest().fetchCandles('NOPEUSDT', '1h', 10)).rejects.toThrow(/does not exist \(code 40034\)/);
  });

  it('lists sane instruments: perps with 1/2/4/8 h intervals, multiplied memecoins, ticks and lots', async () => {
    const instruments = await rest().fetchInstruments();
    expect(instruments).toHaveLength(sim.market.symbols().length);
    const bySymbol = new Map(instruments.map((i) => [i.symbol, i]));
    expect(bySymbol.get('BTCUSDT')).toMatchObject({
      baseAsset: 'BTC',
      multiplier: 1,
      tickSize: 0.1,
      lotSize: 0.0001,
      active: true,
    });
    expect(bySymbol.get('1000SATSUSDT')).toMatchObject({ baseAsset: 'SATS', multiplier: 1000, tickSize: 0.0000001 });
    expect(bySymbol.get('PEPEUSDT')).toMatchObject({ baseAsset: 'PEPE', multiplier: 1, tickSize: 1e-10 });
    expect(new Set(instruments.map((i) => i.fundingIntervalHours))).toEqual(new Set([1, 2, 4, 8]));
  });

  it('reads current funding of every perp with its interval, next settlement and prices', async () => {
    const now = Date.now();
    const snapshots = await rest().fetchFundingSnapshots();
    expect(snapshots.map((s) => s.symbol).sort()).toEqual(sim.market.symbols().sort());
    for (const s of snapshots) {
      const inst = sim.market.instrument(s.symbol);
      expect(s.intervalHours, s.symbol).toBe(inst.fundingIntervalHours);
      expect(s.nextFundingTime! % (s.intervalHours * HOUR_MS)).toBe(0);
      expect(s.nextFundingTime! - now).toBeGreaterThan(-1000);
      expect(s.nextFundingTime! - now).toBeLessThanOrEqual(s.intervalHours * HOUR_MS + 1000);
      expect(Math.abs(s.rate)).toBeLessThanOrEqual(inst.fundingRateCap);
      const mid = sim.market.book(s.symbol, 1);
      expect(s.markPrice! / mid.bids[0]![0]).toBeGreaterThan(0.99);
      expect(s.markPrice! / mid.bids[0]![0]).toBeLessThan(1.01);
      expect(s.volume24hQuote).toBeGreaterThan(0);
      expect(s.openInterestQuote).toBeGreaterThan(0);
    }
  });

  it('pages funding history back to a start time, spaced by the symbol’s interval, oldest first', async () => {
    const now = Date.now();
    const wif = await rest().fetchFundingHistory('WIFUSDT', { startTime: now - 5 * DAY_MS });
    expect(wif.length).toBeGreaterThanOrEqual(5 * 24 - 1);
    expect(wif.length).toBeLessThanOrEqual(5 * 24 + 1);
    expect(wif.every((r, i) => i === 0 || r.fundingTime - wif[i - 1]!.fundingTime === HOUR_MS)).toBe(true);
    expect(wif[0]!.fundingTime).toBeGreaterThanOrEqual(now - 5 * DAY_MS);
    expect(sim.requestCount('/api/v2/mix/market/history-fund-rate')).toBeGreaterThanOrEqual(2);
    const btc = await rest().fetchFundingHistory('BTCUSDT', { limit: 3 });
    expect(btc.map((r) => r.fundingTime % (8 * HOUR_MS))).toEqual([0, 0, 0]);
    expect(btc[2]!.fundingTime).toBeLessThanOrEqual(now);
    expect(btc[2]!.fundingTime).toBeGreaterThan(now - 8 * HOUR_MS);
  });

  it('serves candles oldest first, UTC-aligned days, in the requested number', async () => {
    const hourly = await rest().fetchCandles('ETHUSDT', '1h', 48);
    expect(hourly).toHaveLength(48);
    expect(hourly.every((c, i) => i === 0 || c.t - hourly[i - 1]!.t === HOUR_MS)).toBe(true);
    expect(hourly.every((c) => c.l <= Math.min(c.o, c.c) && c.h >= Math.max(c.o, c.c) && c.v > 0)).toBe(true);
    const daily = await rest().fetchCandles('ETHUSDT', '1d', 7);
    expect(daily).toHaveLength(7);
    expect(daily.every((c) => c.t % DAY_MS === 0)).toBe(true);
    // Bitget's plain 1D opens at 00:00 UTC+8.
    const plain = (await (
      await fetch(
        `${sim.restUrl}/api/v2/mix/market/candles?productType=USDT-FUTURES&symbol=ETHUSDT&granularity=1D&limit=2`,
      )
    ).json()) as { data: string[][] };
    expect(Number(plain.data[0]![0]) % DAY_MS).toBe(16 * HOUR_MS);
  });

  it('injected HTTP faults reach the client as VenueError (429 + Retry-After) and NetworkError (5xx)', async () => {
    sim.faults.httpError(429, 1, '/api/v2/mix/market/tickers', 3);
    const limited = await rest()
      .fetchFundingSnapshots()
      .catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(VenueError);
    expect(limited).toMatchObject({ status: 429, retryAfterMs: 3000 });
    expect((limited as Error).message).toContain('Too Many Requests (code 429)');
    sim.faults.httpError(503, 1);
    await expect(rest().fetchInstruments()).rejects.toThrow(/HTTP 503/);
    await expect(rest().fetchInstruments()).resolves.toHaveLength(sim.market.symbols().length);
  });
});

describe('Bitget simulator frames parse with the real parser', () => {
  it('treats ticker and books15 pushes as frames that are not our book stream', async () => {
    const frames: string[] = [];
    const ws = new WebSocket(`${sim.wsUrl}/v2/ws/public`);
    ws.on('message', (d: Buffer) => frames.push(d.toString('utf8')));
    await new Promise((r) => ws.once('open', r));
    ws.send(
      '{"op":"subscribe","args":[{"instType":"USDT-FUTURES","channel":"ticker","instId":"SOLUSDT"},{"instType":"USDT-FUTURES","channel":"books15","instId":"SOLUSDT"}]}',
    );
    await waitFor(() => frames.length >= 6, 4000, 'frames');
    ws.terminate();
    const ticker = frames.map((f) => JSON.parse(f) as { arg?: { channel: string }; data?: Record<string, string>[] });
    const t = ticker.find((f) => f.arg?.channel === 'ticker' && f.data)!;
    expect(t.data![0]).toMatchObject({ instId: 'SOLUSDT', symbol: 'SOLUSDT' });
    expect(Number(t.data![0]!.fundingRate)).not.toBeNaN();
    for (const f of frames) expect(parseBitgetFrame(f)).toBeNull();
    const books15 = ticker.find((f) => f.arg?.channel === 'books15' && f.data)!;
    expect((books15.data![0] as unknown as { bids: unknown[] }).bids).toHaveLength(15);
  });
});
