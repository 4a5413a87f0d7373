// The Paradex client (stream spec + parsers + rules + BookSync) against the Paradex simulator over
// real sockets on 127.0.0.1, in both encodings. SBE here is end to end against the project's own
// encoder: no real SBE frames exist to test against (see sbe.test.ts for hand-assembled bytes).
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BookSync } from '~/.server/market/book-sync';
import { NetworkError, ParseError, VenueError, type VenueStreamSpec } from '~/.server/market/types';
import type { VenueSimulator } from '~/.server/venues/sim/server';
import { sleep } from '~/.server/venues/test-support/wait';
import { PARADEX_BOOK_DEPTH, type ParadexBookFeed, type ParadexEncoding } from './constants';
import { parseParadexControl } from './parse';
import { createParadexRest } from './rest';
import { decodeParadexSbe } from './sbe';
import { diffLevels } from './sim-book-feed';
import { SIM_FUNDING_SAMPLE_MS, SIM_OPTION_SYMBOL } from './sim-rest';
import { startParadexSimulator, type ParadexSimulatorOptions } from './simulator';
import { createParadexStreamSpec } from './stream-spec';

const BTC = 'BTC-USD-PERP';
const ETH = 'ETH-USD-PERP';

const running: Array<{ close(): Promise<void> | void }> = [];
afterEach(async () => {
  for (const r of running.splice(0).reverse()) await r.close();
});

async function simulator(opts: ParadexSimulatorOptions = {}): Promise<VenueSimulator> {
  const sim = await startParadexSimulator({ seed: 7, updateIntervalMs: 20, ...opts });
  running.push(sim);
  return sim;
}

async function until(check: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** What the streamer will do, in miniature: one socket, the spec's frames, one BookSync per symbol. */
class Client {
  readonly syncs = new Map<string, BookSync>();
  readonly parseErrors: ParseError[] = [];
  readonly controls: ReturnType<typeof parseParadexControl>[] = [];
  textFrames = 0;
  binaryFrames = 0;
  bookEvents = 0;
  lastFrameAt = Date.now();
  closeCode: number | null = null;

  private constructor(
    readonly spec: VenueStreamSpec,
    readonly ws: WebSocket,
  ) {}

  static async connect(
    sim: VenueSimulator,
    symbols: string[],
    opts: { encoding: ParadexEncoding; feed?: ParadexBookFeed },
  ): Promise<Client> {
    const spec = createParadexStreamSpec({ wsUrl: sim.wsUrl, restUrl: sim.restUrl, ...opts });
    const ws = new WebSocket(await spec.resolveUrl());
    const client = new Client(spec, ws);
    running.push({ close: () => ws.terminate() });
    for (const s of symbols) client.syncs.set(s, new BookSync(s, spec.rules));
    ws.on('message', (data, isBinary) => client.onFrame(data as Buffer, isBinary));
    ws.on('close', (code) => (client.closeCode = code));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    for (const frame of spec.subscribeFrames(symbols)) ws.send(frame);
    return client;
  }

  private onFrame(data: Buffer, isBinary: boolean): void {
    this.lastFrameAt = Date.now();
    if (isBinary) this.binaryFrames++;
    else this.textFrames++;
    let events;
    try {
      events = isBinary ? this.spec.parseBinary!(data) : this.spec.parse(data.toString('utf8'));
      if (!isBinary && events === null) this.controls.push(parseParadexControl(data.toString('utf8')));
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      this.parseErrors.push(err);
      return;
    }
    for (const ev of events ?? []) {
      this.bookEvents++;
      const sync = this.syncs.get(ev.symbol);
      if (!sync) continue;
      const result = sync.onStreamEvent(ev);
      if (result.resync) for (const f of this.spec.resyncFrames!(ev.symbol)) this.ws.send(f);
    }
  }

  sync(symbol: string): BookSync {
    return this.syncs.get(symbol)!;
  }

  live(): boolean {
    return [...this.syncs.values()].every((s) => s.state === 'live');
  }

  /** No frame for `quietMs`: everything the simulator sent before pausing has been read. */
  async quiet(quietMs = 120): Promise<void> {
    await until(() => Date.now() - this.lastFrameAt >= quietMs, 'a quiet socket');
  }
}

/** After pause: the client's top 15 is exactly the simulator's top 15, level for level. */
async function expectSameBooks(sim: VenueSimulator, client: Client, symbols: string[]): Promise<void> {
  sim.pause();
  await client.quiet();
  for (const symbol of symbols) {
    const sync = client.sync(symbol);
    expect(sync.state).toBe('live');
    const want = sim.market.book(symbol, PARADEX_BOOK_DEPTH);
    const have = sync.book.top(1000);
    expect(have.bids).toEqual(want.bids);
    expect(have.asks).toEqual(want.asks);
    expect(have.bids).toHaveLength(PARADEX_BOOK_DEPTH);
  }
}

describe.each(['json', 'sbe'] as const)('Paradex client ↔ simulator, %s encoding', (encoding) => {
  it('reproduces the simulator books exactly from the deltas feed', async () => {
    const sim = await simulator();
    const client = await Client.connect(sim, [BTC, ETH], { encoding });
    await until(() => client.live() && client.bookEvents > 40, 'live books and a stream of deltas');
    await expectSameBooks(sim, client, [BTC, ETH]);
    expect(client.parseErrors).toEqual([]);
    expect(client.sync(BTC).resyncTotal).toBe(0);
    // JSON: everything is text. SBE: book data is binary, only the JSON-RPC acks are text.
    if (encoding === 'json') expect(client.binaryFrames).toBe(0);
    else {
      expect(client.textFrames).toBe(2);
      expect(client.binaryFrames).toBe(client.bookEvents);
    }
    expect(client.controls.map((c) => c?.type)).toEqual(['ack', 'ack']);
    expect(sim.framesSent()).toBe(client.textFrames + client.binaryFrames);
  });

  it('reproduces the books from the snapshot feed (every push a full top 15)', async () => {
    const sim = await simulator();
    const client = await Client.connect(sim, [BTC], { encoding, feed: 'snapshot' });
    await until(() => client.live() && client.bookEvents > 10, 'several snapshots');
    await expectSameBooks(sim, client, [BTC]);
    expect(client.parseErrors).toEqual([]);
  });

  it('detects a lost push as a gap, resubscribes and is exact again', async () => {
    const sim = await simulator();
    const client = await Client.connect(sim, [BTC, ETH], { encoding });
    await until(() => client.live() && client.bookEvents > 10, 'live books');
    sim.faults.gapOnce(BTC);
    await until(() => client.sync(BTC).resyncs.gap === 1 && client.sync(BTC).state === 'live', 'gap and recovery');
    await until(() => client.bookEvents > 60, 'more deltas after the resync');
    await expectSameBooks(sim, client, [BTC, ETH]);
    expect(client.sync(ETH).resyncTotal).toBe(0);
    // Unsubscribe + subscribe were acknowledged.
    expect(client.controls.filter((c) => c?.type === 'ack')).toHaveLength(4);
  });

  it('reports a malformed frame as ParseError and keeps the book exact', async () => {
    const sim = await simulator();
    const client = await Client.connect(sim, [BTC], { encoding });
    await until(() => client.live() && client.bookEvents > 5, 'a live book');
    sim.faults.malformedOnce();
    await until(() => client.parseErrors.length === 1, 'the malformed frame');
    expect(client.parseErrors[0]?.message).toMatch(encoding === 'json' ? /malformed JSON/ : /SBE: frame too short/);
    await expectSameBooks(sim, client, [BTC]);
  });
});

describe('Paradex simulator WS protocol', () => {
  it('refuses an SBE schema it does not serve (Paradex: HTTP 400; here: close 1008)', async () => {
    const sim = await simulator();
    const ws = new WebSocket(`${sim.wsUrl}/v1?sbeSchemaId=1&sbeSchemaVersion=2`);
    running.push({ close: () => ws.terminate() });
    const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
    expect(code).toBe(1008);
  });

  it('sends SBE heartbeats on idle connections, which are not book data', async () => {
    const sim = await simulator({ sbeHeartbeatIntervalMs: 60 });
    sim.pause();
    const client = await Client.connect(sim, [], { encoding: 'sbe' });
    const frames: Buffer[] = [];
    client.ws.on('message', (data, isBinary) => isBinary && frames.push(data as Buffer));
    await until(() => frames.length >= 2, 'two heartbeats');
    expect(frames.map((f) => decodeParadexSbe(f).type)).toEqual(frames.map(() => 'heartbeat'));
    expect(client.bookEvents).toBe(0);
    expect(client.parseErrors).toEqual([]);
  });

  it('answers JSON-RPC errors for a second subscription, unknown channels and stray unsubscribes', async () => {
    const sim = await simulator();
    sim.pause();
    const client = await Client.connect(sim, [BTC], { encoding: 'json' });
    const send = (method: string, channel: string, id: number) =>
      client.ws.send(JSON.stringify({ jsonrpc: '2.0', method, params: { channel }, id }));
    send('subscribe', 'order_book.BTC-USD-PERP.deltas@15@50ms', 10);
    send('subscribe', 'order_book.NOPE-USD-PERP.deltas@15@50ms', 11);
    send('unsubscribe', 'order_book.ETH-USD-PERP.snapshot@15@100ms', 12);
    send('unsubscribe', 'order_book.BTC-USD-PERP.deltas@15@50ms', 13);
    await until(() => client.controls.length === 5, 'five replies');
    expect(client.controls.map((c) => [c?.type, c?.id])).toEqual([
      ['ack', 1],
      ['error', 10],
      ['error', 11],
      ['error', 12],
      ['ack', 13],
    ]);
    expect(sim.subscriberCount(BTC)).toBe(0);
  });
});

describe('diffLevels', () => {
  it('splits the change between two views into inserts, updates and deletes', () => {
    expect(
      diffLevels(
        [
          ['10', '1'],
          ['9', '2'],
          ['8', '3'],
        ],
        [
          ['11', '5'],
          ['10', '1'],
          ['9', '4'],
        ],
      ),
    ).toEqual({ inserts: [['11', '5']], updates: [['9', '4']], deletes: [['8', '0']] });
  });
});

describe('Paradex REST client ↔ simulator', () => {
  it('lists the perps and leaves the listed option out', async () => {
    const sim = await simulator();
    const instruments = await createParadexRest({ restUrl: sim.restUrl }).fetchInstruments();
    expect(instruments.map((i) => i.symbol)).toContain(BTC);
    expect(instruments.map((i) => i.symbol)).not.toContain(SIM_OPTION_SYMBOL);
    expect(instruments.length).toBe(sim.market.symbols().length);
    const btc = instruments.find((i) => i.symbol === BTC);
    expect(btc).toMatchObject({
      baseAsset: 'BTC',
      quoteAsset: 'USD',
      tickSize: 0.1,
      lotSize: 0.001,
      fundingIntervalHours: 8,
      active: true,
    });
    expect(instruments.find((i) => i.symbol === 'WIF-USD-PERP')?.fundingIntervalHours).toBe(24);
  });

  it('reads sane funding snapshots for every perp', async () => {
    const sim = await simulator();
    const snapshots = await createParadexRest({ restUrl: sim.restUrl }).fetchFundingSnapshots();
    expect(snapshots.map((s) => s.symbol).sort()).toEqual(sim.market.symbols().sort());
    for (const s of snapshots) {
      const cap = sim.market.instrument(s.symbol).fundingRateCap;
      expect(Math.abs(s.rate)).toBeLessThanOrEqual(cap);
      expect(s.nextFundingTime).toBeNull();
      expect(s.markPrice).toBeGreaterThan(0);
      expect(Math.abs(s.markPrice! / s.indexPrice! - 1)).toBeLessThan(0.01);
      expect(s.volume24hQuote).toBeGreaterThan(0);
      expect(s.openInterestQuote).toBeGreaterThan(0);
    }
    expect(sim.requestCount('/v1/markets/summary')).toBe(1);
  });

  it('pages funding history newest first on the wire, oldest first to the caller', async () => {
    const sim = await simulator();
    const client = createParadexRest({ restUrl: sim.restUrl });
    const end = Math.floor(Date.now() / SIM_FUNDING_SAMPLE_MS) * SIM_FUNDING_SAMPLE_MS;
    const start = end - 299 * SIM_FUNDING_SAMPLE_MS;
    const rows = await client.fetchFundingHistory(BTC, { startTime: start, endTime: end, limit: 5000 });
    expect(rows).toHaveLength(300);
    expect(rows[0]?.fundingTime).toBe(start);
    expect(rows.at(-1)?.fundingTime).toBe(end);
    expect(rows.every((r, i) => i === 0 || r.fundingTime - rows[i - 1]!.fundingTime === SIM_FUNDING_SAMPLE_MS)).toBe(
      true,
    );
    const recent = await client.fetchFundingHistory(BTC, { limit: 3 });
    expect(recent).toHaveLength(3);
    expect(recent.at(-1)!.fundingTime).toBeGreaterThan(Date.now() - 2 * SIM_FUNDING_SAMPLE_MS);
  });

  it('serves hourly and daily candles, contiguous and consistent', async () => {
    const sim = await simulator();
    const client = createParadexRest({ restUrl: sim.restUrl });
    for (const [interval, stepMs, n] of [
      ['1h', 3_600_000, 24],
      ['1d', 86_400_000, 3],
      ['5m', 300_000, 600],
    ] as const) {
      const candles = await client.fetchCandles(ETH, interval, n);
      expect(candles).toHaveLength(n);
      for (const [i, c] of candles.entries()) {
        expect(c.t % stepMs).toBe(0);
        if (i > 0) expect(c.t - candles[i - 1]!.t).toBe(stepMs);
        expect(c.h).toBeGreaterThanOrEqual(Math.max(c.o, c.c));
        expect(c.l).toBeLessThanOrEqual(Math.min(c.o, c.c));
        expect(c.v).toBeGreaterThanOrEqual(0);
      }
      expect(candles.at(-1)!.t).toBeLessThanOrEqual(Date.now());
    }
    expect(sim.requestCount('/v1/markets/klines')).toBe(1 + 1 + 2);
  });

  it('serves the REST book as the top of the simulator book', async () => {
    const sim = await simulator();
    sim.pause();
    const ev = await createParadexRest({ restUrl: sim.restUrl }).fetchOrderbook(BTC);
    const want = sim.market.book(BTC, PARADEX_BOOK_DEPTH);
    expect(ev.bids).toEqual(want.bids);
    expect(ev.asks).toEqual(want.asks);
  });

  it('answers injected faults and bad requests in Paradex error shape', async () => {
    const sim = await simulator();
    const client = createParadexRest({ restUrl: sim.restUrl, timeoutMs: 2000 });
    sim.faults.httpError(429, 1, '/v1/markets');
    await expect(client.fetchInstruments()).rejects.toMatchObject({ status: 429, retryAfterMs: 1000 });
    sim.faults.httpError(500, 1, '/v1/markets');
    await expect(client.fetchInstruments()).rejects.toBeInstanceOf(NetworkError);
    const bad = await client.fetchCandles('NOPE-USD-PERP', '1h', 5).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(VenueError);
    expect((bad as Error).message).toContain('market NOPE-USD-PERP not found');
  });
});
