import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { BookSync } from '~/.server/market/book-sync';
import { normaliseSymbol } from '~/.server/market/symbols';
import { NetworkError, ParseError, VenueError, type BookEvent, type VenueStreamSpec } from '~/.server/market/types';
import type { VenueSimulator } from '~/.server/venues/sim/server';
import { parseHyperliquidMessage } from './parse';
import { createHyperliquidRest } from './rest';
import { startHyperliquidSimulator } from './simulator';
import { createHyperliquidStreamSpec } from './stream-spec';

const HOUR_MS = 3_600_000;
const COINS = ['BTC', 'ETH', 'kPEPE', 'HYPE'];

async function until(what: string, pred: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Everything one raw l2Book frame did on the client: its event, and whether the spec let it through. */
interface SeenBook {
  event: BookEvent;
  admitted: boolean;
}

/**
 * Our client as the streamer drives it, minus the socket layer: a real `ws` connection, the
 * stream spec's frames and parser, and one BookSync per coin under the venue's rules.
 */
class Client {
  readonly seen: SeenBook[] = [];
  readonly raw: string[] = [];
  parseErrors = 0;
  pongs = 0;
  closeCode: number | null = null;

  private constructor(
    readonly ws: WebSocket,
    readonly spec: VenueStreamSpec,
    readonly syncs: Map<string, BookSync>,
  ) {
    ws.on('message', (data: Buffer) => this.onFrame(data.toString('utf8')));
    ws.on('close', (code) => {
      this.closeCode = code;
    });
    ws.on('error', () => undefined);
  }

  static async connect(sim: VenueSimulator, coins: string[], syncs?: Map<string, BookSync>): Promise<Client> {
    const spec = createHyperliquidStreamSpec({ wsUrl: sim.wsUrl, restUrl: sim.restUrl });
    const ws = new WebSocket(await spec.resolveUrl());
    const books = syncs ?? new Map(coins.map((c) => [c, new BookSync(c, spec.rules)]));
    const client = new Client(ws, spec, books);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    for (const frame of spec.subscribeFrames(coins)) ws.send(frame);
    return client;
  }

  private onFrame(text: string): void {
    this.raw.push(text);
    let raw: ReturnType<typeof parseHyperliquidMessage> | null = null;
    try {
      raw = parseHyperliquidMessage(text);
    } catch {
      // counted below, through the spec
    }
    if (raw?.type === 'pong') this.pongs++;
    let events: BookEvent[] | null;
    try {
      events = this.spec.parse(text);
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      this.parseErrors++;
      return;
    }
    // "admitted": BookSync took the push (an out-of-order one is skipped by rules.orderedSnapshots).
    for (const ev of events ?? []) {
      const result = this.syncs.get(ev.symbol)?.onStreamEvent(ev);
      if (raw?.type === 'book') this.seen.push({ event: ev, admitted: result?.changed ?? false });
    }
  }

  booksOf(coin: string): number {
    return this.seen.filter((s) => s.event.symbol === coin && s.admitted).length;
  }

  /** Frames on one socket arrive in order: once our ping is answered, everything sent before it is in. */
  async barrier(): Promise<void> {
    const before = this.pongs;
    this.ws.send('{"method":"ping"}');
    await until('pong', () => this.pongs > before);
  }

  close(): void {
    this.ws.terminate();
  }
}

let sim: VenueSimulator | null = null;
let clients: Client[] = [];

async function start(opts: Parameters<typeof startHyperliquidSimulator>[0] = {}): Promise<VenueSimulator> {
  sim = await startHyperliquidSimulator({ seed: 7, updateIntervalMs: 20, ...opts });
  return sim;
}

async function connect(s: VenueSimulator, coins: string[], syncs?: Map<string, BookSync>): Promise<Client> {
  const c = await Client.connect(s, coins, syncs);
  clients.push(c);
  return c;
}

afterEach(async () => {
  for (const c of clients) c.close();
  clients = [];
  await sim?.close();
  sim = null;
});

/** The client's book is the simulator's authoritative top 20, level for level. */
function expectSameBook(s: VenueSimulator, client: Client, coin: string): void {
  const sync = client.syncs.get(coin)!;
  expect(sync.state, coin).toBe('live');
  const theirs = s.market.book(coin, 20);
  // l2Book carries 20 levels a side, while the simulated book is deeper: the cap is real.
  expect(s.market.book(coin).bids.length).toBeGreaterThan(20);
  expect(sync.book.size).toEqual({ bids: 20, asks: 20 });
  expect(sync.book.top(100), coin).toEqual({ bids: theirs.bids, asks: theirs.asks });
}

describe('Hyperliquid client over a real socket to the simulator', () => {
  it('reproduces the simulator book exactly (top 20) once the market pauses', async () => {
    const s = await start();
    const client = await connect(s, COINS);
    // Pause at moments unrelated to the pushes (not just after one arrived), several times over.
    for (const [round, delayMs] of [7, 23, 41].entries()) {
      const target = 5 * (round + 1);
      await until(`${target} pushes per coin`, () => COINS.every((c) => client.booksOf(c) >= target));
      await new Promise((r) => setTimeout(r, delayMs));
      s.pause();
      await client.barrier();
      for (const coin of COINS) expectSameBook(s, client, coin);
      s.resume();
    }
    expect(client.parseErrors).toBe(0);
    // kPEPE quotes 1000 PEPE: its price is ~1000 × the PEPE unit price (0.0000105).
    const kpepe = client.syncs.get('kPEPE')!.book.mid()!;
    expect(kpepe).toBeGreaterThan(0.005);
    expect(kpepe).toBeLessThan(0.02);
  });

  it('skips the out-of-order (older) snapshot a gap fault sends', async () => {
    const s = await start();
    const client = await connect(s, ['BTC']);
    await until('live BTC', () => client.booksOf('BTC') >= 3);
    const newest = () => Math.max(...client.seen.map((x) => x.event.seq));
    let older: SeenBook | undefined;
    s.faults.gapOnce('BTC');
    await until('an older BTC push', () => {
      const last = client.seen.at(-1);
      if (last && last.event.seq < Math.max(...client.seen.slice(0, -1).map((x) => x.event.seq))) older = last;
      return older !== undefined;
    });
    s.pause();
    await client.barrier();
    expect(older!.admitted).toBe(false);
    const sync = client.syncs.get('BTC')!;
    expect(sync.lastEvent?.seq).toBe(newest());
    expectSameBook(s, client, 'BTC');
    // Had it been applied, the book would be the older one.
    expect(sync.book.top(20)).not.toEqual({ bids: older!.event.bids, asks: older!.event.asks });
  });

  it('counts a malformed frame as a ParseError and carries on', async () => {
    const s = await start();
    const client = await connect(s, ['ETH']);
    await until('live ETH', () => client.booksOf('ETH') >= 2);
    s.faults.malformedOnce();
    await until('the garbled frame', () => client.parseErrors === 1);
    const after = client.booksOf('ETH');
    await until('more ETH pushes', () => client.booksOf('ETH') >= after + 3);
    s.pause();
    await client.barrier();
    expectSameBook(s, client, 'ETH');
  });

  it('sees disconnectAll as an abnormal close, then rebuilds the books on a new connection', async () => {
    const s = await start();
    const first = await connect(s, ['BTC', 'HYPE']);
    await until('live books', () => first.booksOf('BTC') >= 2 && first.booksOf('HYPE') >= 2);
    s.faults.disconnectAll();
    await until('close', () => first.closeCode !== null);
    expect(first.closeCode).toBe(1006);
    // What the streamer does on a lost connection: the books are broken until the new one resyncs them.
    for (const sync of first.syncs.values()) sync.markResync('reconnect');
    expect(first.syncs.get('BTC')!.state).toBe('resyncing');
    const second = await connect(s, ['BTC', 'HYPE'], first.syncs);
    await until('books again', () => second.booksOf('BTC') >= 2 && second.booksOf('HYPE') >= 2);
    s.pause();
    await second.barrier();
    expectSameBook(s, second, 'BTC');
    expectSameBook(s, second, 'HYPE');
  });

  it('goes quiet under silence (no data, no pongs) and resumes after it', async () => {
    const s = await start();
    const client = await connect(s, ['SOL']);
    await until('live SOL', () => client.booksOf('SOL') >= 2);
    s.faults.silence(300);
    const frames = client.raw.length;
    client.ws.send('{"method":"ping"}');
    await new Promise((r) => setTimeout(r, 200));
    expect(client.raw.length).toBe(frames);
    await until('pushes again', () => client.raw.length > frames, 2000);
    expect(client.closeCode).toBeNull();
  });
});

describe('Hyperliquid simulator WS protocol', () => {
  it('greets, acks before the first snapshot, refuses duplicates and unknown coins, and unsubscribes', async () => {
    const s = await start({ updateIntervalMs: 50 });
    const ws = new WebSocket(`${s.wsUrl}/ws`);
    const got: string[] = [];
    ws.on('message', (d: Buffer) => got.push(d.toString('utf8')));
    await new Promise<void>((resolve) => ws.once('open', resolve));
    await until('greeting', () => got.length >= 1);
    expect(got[0]).toBe('Websocket connection established.');

    const subscribe = { method: 'subscribe', subscription: { type: 'l2Book', coin: 'BTC' } };
    ws.send(JSON.stringify(subscribe));
    await until('ack and snapshot', () => got.length >= 3);
    expect(JSON.parse(got[1]!)).toEqual({ channel: 'subscriptionResponse', data: subscribe });
    const snap = JSON.parse(got[2]!) as {
      channel: string;
      data: { coin: string; levels: Array<Array<{ px: string }>> };
    };
    expect(snap.channel).toBe('l2Book');
    expect(snap.data.levels.map((side) => side.length)).toEqual([20, 20]);
    // Prices as Hyperliquid prints them: BTC ticks by 1 and is written "95012.0".
    expect(snap.data.levels[0]![0]!.px).toMatch(/^\d+\.0$/);
    expect(s.subscriberCount('BTC')).toBe(1);

    ws.send(JSON.stringify(subscribe));
    ws.send(JSON.stringify({ method: 'subscribe', subscription: { type: 'l2Book', coin: 'NOPE' } }));
    ws.send('{"method":"subscribe"');
    await until('errors', () => got.filter((t) => t.includes('"channel":"error"')).length >= 3);
    const errors = got
      .filter((t) => t.includes('"channel":"error"'))
      .map((t) => (JSON.parse(t) as { data: string }).data);
    expect(errors[0]).toMatch(/^Already subscribed/);
    expect(errors[1]).toMatch(/^Invalid subscription/);
    expect(errors[2]).toMatch(/^Error parsing JSON into valid websocket request/);

    ws.send(JSON.stringify({ method: 'unsubscribe', subscription: subscribe.subscription }));
    await until('unsubscribe ack', () => got.some((t) => t.includes('"method":"unsubscribe"')));
    expect(s.subscriberCount('BTC')).toBe(0);
    const count = got.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(got.slice(count).filter((t) => t.includes('"channel":"l2Book"'))).toEqual([]);
    ws.terminate();
  });

  it('drops sockets that never ping, and keeps those that do', async () => {
    const s = await start({ updateIntervalMs: 1000, idleTimeoutMs: 300 });
    const quiet = new WebSocket(`${s.wsUrl}/ws`);
    const chatty = new WebSocket(`${s.wsUrl}/ws`);
    let quietClosed = false;
    let chattyClosed = false;
    quiet.on('close', () => (quietClosed = true));
    chatty.on('close', () => (chattyClosed = true));
    await Promise.all([quiet, chatty].map((w) => new Promise((resolve) => w.once('open', resolve))));
    const pinger = setInterval(() => chatty.send('{"method":"ping"}'), 100);
    try {
      await until('the quiet socket to be dropped', () => quietClosed, 2000);
      expect(chattyClosed).toBe(false);
      expect(s.connectionCount()).toBe(1);
    } finally {
      clearInterval(pinger);
      chatty.terminate();
    }
  });
});

describe('REST client against the simulator', () => {
  it('lists every coin with the tick the venue rule gives at its price, kPEPE as PEPE ×1000', async () => {
    const s = await start({ updateIntervalMs: 1000 });
    const instruments = await createHyperliquidRest({ restUrl: s.restUrl }).fetchInstruments();
    expect(instruments.map((i) => i.symbol)).toEqual([...s.market.symbols(), 'HPOS']);
    for (const i of instruments.filter((x) => x.symbol !== 'HPOS')) {
      const simulated = s.market.instrument(i.symbol);
      // Derived by the client from mark price and szDecimals; written by hand in the simulator.
      expect([i.symbol, i.tickSize, i.lotSize]).toEqual([
        i.symbol,
        Number(simulated.tickSize),
        Number(simulated.lotSize),
      ]);
      expect(i).toMatchObject({ quoteAsset: 'USDC', fundingIntervalHours: 1, active: true });
    }
    expect(instruments.find((i) => i.symbol === 'kPEPE')).toMatchObject({ baseAsset: 'PEPE', multiplier: 1000 });
    expect(instruments.find((i) => i.symbol === 'HPOS')).toMatchObject({ active: false });
  });

  it('reads current funding of every listed coin in one call: hourly, due next hour, as the market has it', async () => {
    const s = await start({ updateIntervalMs: 1000 });
    const before = s.requestCount('/info');
    const t0 = Date.now();
    const snapshots = await createHyperliquidRest({ restUrl: s.restUrl }).fetchFundingSnapshots();
    expect(s.requestCount('/info') - before).toBe(1);
    expect(snapshots.map((x) => x.symbol)).toEqual(s.market.symbols());
    for (const snap of snapshots) {
      const f = s.market.funding(snap.symbol);
      expect(snap.intervalHours).toBe(1);
      expect(snap.nextFundingTime).toBe(Math.floor(t0 / HOUR_MS) * HOUR_MS + HOUR_MS);
      expect(Math.abs(snap.rate - f.rate), snap.symbol).toBeLessThan(1e-7);
      expect(Math.abs(snap.markPrice! - f.markPrice) / f.markPrice).toBeLessThan(0.001);
      expect(snap.openInterestQuote).toBeGreaterThan(0);
      expect(snap.volume24hQuote).toBeGreaterThan(0);
    }
    // kPEPE per base unit: divide by its multiplier to compare with a 1-PEPE price.
    const kpepe = snapshots.find((x) => x.symbol === 'kPEPE')!;
    const { multiplier } = normaliseSymbol('hyperliquid', 'kPEPE')!;
    expect(kpepe.markPrice! / multiplier).toBeGreaterThan(0.000005);
    expect(kpepe.markPrice! / multiplier).toBeLessThan(0.00002);
  });

  it('pages funding history past 500 rows; rows are hourly and carry the settled rates', async () => {
    const s = await start({ updateIntervalMs: 1000 });
    const client = createHyperliquidRest({ restUrl: s.restUrl });
    const now = Date.now();
    const before = s.requestCount('/info');
    const rows = await client.fetchFundingHistory('ETH', { startTime: now - 1200 * HOUR_MS, endTime: now });
    expect(s.requestCount('/info') - before).toBe(3);
    expect(rows.length).toBeGreaterThanOrEqual(1199);
    expect(rows.length).toBeLessThanOrEqual(1200);
    const hours = rows.map((r) => Math.floor(r.fundingTime / HOUR_MS));
    for (let i = 1; i < hours.length; i++) expect(hours[i]! - hours[i - 1]!).toBe(1);
    const settled = new Map(
      s.market
        .fundingHistory('ETH', { startMs: now - 1201 * HOUR_MS, endMs: now, limit: 2000 })
        .map((r) => [r.fundingTime, r.rate]),
    );
    for (const r of rows) expect(r.rate).toBe(settled.get(Math.floor(r.fundingTime / HOUR_MS) * HOUR_MS));

    const recent = await client.fetchFundingHistory('kPEPE', { limit: 24 });
    expect(recent).toHaveLength(24);
    expect(recent.at(-1)!.fundingTime).toBeGreaterThan(Date.now() - HOUR_MS - 1000);
  });

  it('serves the newest `limit` candles oldest first for each interval', async () => {
    const s = await start({ updateIntervalMs: 1000 });
    const client = createHyperliquidRest({ restUrl: s.restUrl });
    for (const [interval, ms] of [
      ['1m', 60_000],
      ['15m', 900_000],
      ['1h', HOUR_MS],
      ['1d', 24 * HOUR_MS],
    ] as const) {
      const now = Date.now();
      const candles = await client.fetchCandles('kPEPE', interval, 50);
      expect(candles, interval).toHaveLength(50);
      expect(candles.at(-1)!.t).toBe(Math.floor(now / ms) * ms);
      for (let i = 1; i < candles.length; i++) expect(candles[i]!.t - candles[i - 1]!.t).toBe(ms);
      for (const c of candles) {
        expect(c.l).toBeLessThanOrEqual(Math.min(c.o, c.c));
        expect(c.h).toBeGreaterThanOrEqual(Math.max(c.o, c.c));
        expect(c.v).toBeGreaterThanOrEqual(0);
        // Priced per 1000 PEPE.
        expect(c.c).toBeGreaterThan(0.002);
        expect(c.c).toBeLessThan(0.05);
      }
    }
  });

  it('answers injected 429s with Retry-After and 5xx, then recovers', async () => {
    const s = await start({ updateIntervalMs: 1000 });
    const client = createHyperliquidRest({ restUrl: s.restUrl });
    s.faults.httpError(429, 1, '/info', 2);
    const limited = await client.fetchFundingSnapshots().catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(VenueError);
    expect(limited).toMatchObject({ status: 429, retryAfterMs: 2000 });
    s.faults.httpError(503);
    await expect(client.fetchInstruments()).rejects.toBeInstanceOf(NetworkError);
    await expect(client.fetchFundingSnapshots()).resolves.toHaveLength(s.market.symbols().length);
  });

  it('refuses malformed info requests in plain text (HTTP 422)', async () => {
    const s = await start({ updateIntervalMs: 1000 });
    const res = await fetch(`${s.restUrl}/info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'fundingHistory', startTime: 0 }),
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toMatch(/missing field `coin`/);
    const book = await fetch(`${s.restUrl}/info`, {
      method: 'POST',
      body: JSON.stringify({ type: 'l2Book', coin: 'NOPE' }),
    });
    expect(await book.json()).toBeNull();
  });
});
