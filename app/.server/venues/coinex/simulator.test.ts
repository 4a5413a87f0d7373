import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BookSync, type ResyncReason } from '~/.server/market/book-sync';
import { VenueSocket } from '~/.server/market/socket';
import { NetworkError, ParseError, VenueError, type TextLevel, type VenueStreamSpec } from '~/.server/market/types';
import type { VenueSimulator } from '~/.server/venues/sim/server';
import { pollUntil, sleep } from '~/.server/venues/test-support/wait';
import { createCoinexRest } from './rest';
import { startCoinexSimulator } from './simulator';
import { createCoinexStreamSpec } from './stream-spec';

const waitUntil = (cond: () => boolean, what: string, timeoutMs = 5_000) => pollUntil(cond, what, timeoutMs, 5);

// ---------------------------------------------------------------------------------------------
// Harness: a raw `ws` connection that inflates frames as the socket layer does, and a client made
// of the CoinEx stream spec + parser + rules + one BookSync per symbol, resyncing as the streamer would.

/** The CRC32 zlib stores in a gzip trailer: an independent check of the venue's checksum. */
function refCrc32(text: string): number {
  const gz = gzipSync(Buffer.from(text, 'utf8'));
  return gz.readUInt32LE(gz.length - 8);
}

class RawClient {
  readonly texts: string[] = [];
  textFrames = 0;
  closed = false;
  onText: ((text: string) => void) | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) this.textFrames++;
      const text = isBinary ? gunzipSync(data).toString('utf8') : data.toString('utf8');
      this.texts.push(text);
      this.onText?.(text);
    });
    ws.on('close', () => (this.closed = true));
    ws.on('error', () => {});
  }

  static open(url: string): Promise<RawClient> {
    const ws = new WebSocket(url);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new RawClient(ws)));
      ws.once('error', reject);
    });
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  /** Parsed replies/pushes from index `from` (garbage skipped). */
  messages(from = 0): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (const t of this.texts.slice(from)) {
      try {
        out.push(JSON.parse(t) as Record<string, unknown>);
      } catch {
        // malformed-frame tests count these themselves
      }
    }
    return out;
  }

  /** Everything the server sent before this returns has arrived (one TCP stream keeps order). */
  async flush(id = 9_999): Promise<void> {
    const from = this.texts.length;
    this.send({ method: 'server.ping', params: {}, id });
    await waitUntil(() => this.messages(from).some((m) => m.id === id), 'pong');
  }
}

class BookClient {
  readonly syncs = new Map<string, BookSync>();
  readonly resyncs: { symbol: string; reason: ResyncReason }[] = [];
  readonly frames = new Map<string, number>();
  parseErrors = 0;

  constructor(
    readonly raw: RawClient,
    readonly spec: VenueStreamSpec,
    symbols: string[],
  ) {
    for (const s of symbols) this.syncs.set(s, new BookSync(s, spec.rules));
    raw.onText = (text) => this.onText(text);
    for (const f of spec.subscribeFrames(symbols)) raw.send(f);
  }

  static async connect(sim: VenueSimulator, symbols: string[]): Promise<BookClient> {
    const spec = createCoinexStreamSpec({ wsUrl: sim.wsUrl, restUrl: sim.restUrl });
    return new BookClient(await RawClient.open(await spec.resolveUrl()), spec, symbols);
  }

  private onText(text: string): void {
    let events;
    try {
      events = this.spec.parse(text);
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      this.parseErrors++;
      return;
    }
    for (const ev of events ?? []) {
      const sync = this.syncs.get(ev.symbol);
      if (!sync) continue;
      this.frames.set(ev.symbol, (this.frames.get(ev.symbol) ?? 0) + 1);
      const result = sync.onStreamEvent(ev);
      if (result.resync) {
        this.resyncs.push({ symbol: ev.symbol, reason: result.resync });
        for (const f of this.spec.resyncFrames!(ev.symbol)) this.raw.send(f);
      }
    }
  }

  sync(symbol: string): BookSync {
    return this.syncs.get(symbol)!;
  }

  framesOf(symbol: string): number {
    return this.frames.get(symbol) ?? 0;
  }

  allLive(): boolean {
    return [...this.syncs.values()].every((s) => s.state === 'live');
  }
}

/** Stop the market, let in-flight frames land, then the client's book must equal the venue's. */
async function expectBooksMatch(sim: VenueSimulator, client: BookClient, symbols = [...client.syncs.keys()]) {
  sim.pause();
  await client.raw.flush();
  await waitUntil(() => client.allLive(), 'live books after resync');
  await client.raw.flush();
  for (const symbol of symbols) {
    const truth = sim.market.book(symbol, 50);
    const book = client.sync(symbol).book;
    expect(book.topText(50), symbol).toEqual(truth.text);
    expect(book.top(50), symbol).toEqual({ bids: truth.bids, asks: truth.asks });
  }
}

let sim: VenueSimulator | null = null;
const raws: RawClient[] = [];

async function start(opts: Parameters<typeof startCoinexSimulator>[0] = {}): Promise<VenueSimulator> {
  sim = await startCoinexSimulator({ seed: 7, updateIntervalMs: 20, ...opts });
  return sim;
}

afterEach(async () => {
  for (const r of raws.splice(0)) r.ws.terminate();
  await sim?.close();
  sim = null;
});

const track = <T extends RawClient | BookClient>(c: T): T => {
  raws.push(c instanceof BookClient ? c.raw : c);
  return c;
};

// ---------------------------------------------------------------------------------------------

describe('CoinEx simulator: wire format', () => {
  it('answers pings, subscriptions and errors in CoinEx shape, every frame gzip-compressed binary', async () => {
    const s = await start();
    const c = track(await RawClient.open(`${s.wsUrl}/v2/futures`));
    c.send({ method: 'server.ping', params: {}, id: 1 });
    c.send({ method: 'depth.subscribe', params: { market_list: [['NOPEUSDT', 50, '0', false]] }, id: 2 });
    c.send({ method: 'kline.subscribe', params: {}, id: 3 });
    c.send({ method: 'depth.subscribe', params: { market_list: [['BTCUSDT', 20, '0', false]] }, id: 4 });
    await waitUntil(() => c.messages().filter((m) => m.method === 'depth.update').length >= 3, 'depth pushes');

    const msgs = c.messages();
    expect(c.textFrames).toBe(0);
    expect(msgs.find((m) => m.id === 1)).toEqual({ id: 1, code: 0, data: { result: 'pong' }, message: 'OK' });
    expect(msgs.find((m) => m.id === 2)).toMatchObject({ code: 20001 });
    expect(msgs.find((m) => m.id === 3)).toMatchObject({ code: 20002 });
    expect(msgs.find((m) => m.id === 4)).toEqual({ id: 4, code: 0, message: 'OK' });

    type Push = {
      data: { market: string; is_full: boolean; depth: { bids: TextLevel[]; asks: TextLevel[]; checksum: number } };
    };
    const pushes = msgs.filter((m) => m.method === 'depth.update') as unknown as Push[];
    const [first, ...later] = pushes;
    expect(first!.data).toMatchObject({ market: 'BTCUSDT', is_full: true });
    expect(first!.data.depth.bids).toHaveLength(20);
    expect(first!.data.depth.asks).toHaveLength(20);
    // The checksum is the unsigned CRC32 of bids then asks, as independent zlib computes it.
    const text = [...first!.data.depth.bids, ...first!.data.depth.asks].map(([p, q]) => `${p}:${q}`).join(':');
    expect(first!.data.depth.checksum).toBe(refCrc32(text));
    expect(later.every((p) => p.data.is_full === false)).toBe(true);
  });

  it('adds subscriptions up, drops the named markets on unsubscribe and all of them on an empty list', async () => {
    const s = await start();
    const c = track(await RawClient.open(`${s.wsUrl}/v2/futures/`));
    c.send({ method: 'depth.subscribe', params: { market_list: [['BTCUSDT', 50, '0', false]] }, id: 2 });
    c.send({ method: 'depth.subscribe', params: { market_list: [['ETHUSDT', 5, '0', true]] }, id: 3 });
    await waitUntil(() => s.subscriberCount('BTCUSDT') === 1 && s.subscriberCount('ETHUSDT') === 1, 'two books');
    c.send({ method: 'depth.unsubscribe', params: { market_list: ['BTCUSDT'] }, id: 4 });
    await c.flush();
    expect(c.messages().find((m) => m.id === 4)).toEqual({ id: 4, code: 0, message: 'OK' });
    expect([s.subscriberCount('BTCUSDT'), s.subscriberCount('ETHUSDT')]).toEqual([0, 1]);
    const from = c.texts.length;
    await waitUntil(() => c.messages(from).some((m) => m.method === 'depth.update'), 'ETH pushes');
    const markets = c
      .messages(from)
      .flatMap((m) => (m.method === 'depth.update' ? [(m.data as { market: string }).market] : []));
    expect(new Set(markets)).toEqual(new Set(['ETHUSDT']));
    c.send({ method: 'depth.unsubscribe', params: { market_list: [] }, id: 5 });
    await c.flush();
    expect(s.subscriberCount('ETHUSDT')).toBe(0);
  });

  it('turns snapshotOnce into a full push on an incremental subscription', async () => {
    const s = await start();
    const client = track(await BookClient.connect(s, ['XRPUSDT']));
    await waitUntil(() => client.sync('XRPUSDT').state === 'live' && client.framesOf('XRPUSDT') >= 3, 'live book');
    const from = client.raw.texts.length;
    s.faults.snapshotOnce('XRPUSDT');
    const fullPushes = () =>
      client.raw.messages(from).filter((m) => m.method === 'depth.update' && (m.data as { is_full: boolean }).is_full);
    await waitUntil(() => fullPushes().length === 1, 'full push');
    await expectBooksMatch(s, client);
    expect(client.resyncs).toEqual([]);
  });

  it('serves the v2 REST bodies in the {code, data, message} envelope', async () => {
    const s = await start();
    const get = async (path: string) => (await fetch(`${s.restUrl}${path}`)).json() as Promise<Record<string, unknown>>;
    const markets = await get('/v2/futures/market?market=BTCUSDT,PEPEUSDT');
    expect(markets).toMatchObject({ code: 0, message: 'OK' });
    expect(
      (markets.data as { market: string; contract_type: string }[]).map((m) => [m.market, m.contract_type]),
    ).toEqual([
      ['BTCUSDT', 'linear'],
      ['PEPEUSDT', 'linear'],
    ]);
    expect(await get('/v2/futures/kline?market=BTCUSDT&period=2min')).toMatchObject({ code: 4004 });
    const history = await get('/v2/futures/funding-rate-history?market=BTCUSDT&limit=3&page=2');
    expect(history).toMatchObject({ code: 0, pagination: { has_next: true } });
    expect(history.data).toHaveLength(3);
  });
});

describe('CoinEx client against the simulator', () => {
  const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'PEPEUSDT'];

  it('rebuilds the authoritative books exactly from the gzip stream', async () => {
    const s = await start();
    const client = track(await BookClient.connect(s, SYMBOLS));
    await waitUntil(() => SYMBOLS.every((sym) => client.framesOf(sym) >= 15), 'increments on every book');
    await expectBooksMatch(s, client);
    expect(client.resyncs).toEqual([]);
    expect(client.parseErrors).toBe(0);
    expect(client.raw.textFrames).toBe(0);
  });

  it('detects a bad checksum, resyncs by resubscribing and ends up exact', async () => {
    const s = await start();
    const client = track(await BookClient.connect(s, SYMBOLS));
    await waitUntil(() => client.allLive() && client.framesOf('ETHUSDT') >= 3, 'live books');
    s.faults.badChecksumOnce('ETHUSDT');
    await waitUntil(() => client.resyncs.length > 0, 'checksum resync');
    expect(client.resyncs).toEqual([{ symbol: 'ETHUSDT', reason: 'checksum' }]);
    await expectBooksMatch(s, client);
  });

  it('detects a lost increment by the next checksum, never serving a corrupted book', async () => {
    const s = await start();
    const client = track(await BookClient.connect(s, SYMBOLS));
    await waitUntil(() => client.allLive(), 'live books');
    // A later increment can overwrite every level the lost one touched, in which case nothing is
    // wrong; repeat until the loss shows, checking the book is exact after each undetected one.
    for (let attempt = 0; attempt < 6 && client.resyncs.length === 0; attempt++) {
      const seen = client.framesOf('BTCUSDT');
      s.faults.gapOnce('BTCUSDT');
      await waitUntil(() => client.framesOf('BTCUSDT') >= seen + 2, 'increments after the loss');
      if (client.resyncs.length === 0) {
        await expectBooksMatch(s, client, ['BTCUSDT']);
        s.resume();
      }
    }
    expect(client.resyncs).toEqual([{ symbol: 'BTCUSDT', reason: 'checksum' }]);
    await expectBooksMatch(s, client);
  });

  it('reports a malformed frame as a ParseError and carries on with the next one', async () => {
    const s = await start();
    const client = track(await BookClient.connect(s, SYMBOLS));
    await waitUntil(() => client.allLive(), 'live books');
    s.faults.malformedOnce();
    await waitUntil(() => client.parseErrors === 1, 'parse error');
    await expectBooksMatch(s, client);
    expect(client.resyncs).toEqual([]);
  });

  it('after a disconnect, a new connection starts from a fresh full book', async () => {
    const s = await start();
    const first = track(await BookClient.connect(s, SYMBOLS));
    await waitUntil(() => first.allLive(), 'live books');
    s.faults.disconnectAll();
    await waitUntil(() => first.raw.closed, 'disconnect');
    // What the streamer does on a lost connection: books are broken until the venue resends them.
    for (const sync of first.syncs.values()) expect(sync.markResync('reconnect').resync).toBe('reconnect');
    expect(first.allLive()).toBe(false);
    const second = track(await BookClient.connect(s, SYMBOLS));
    await waitUntil(() => second.allLive() && second.framesOf('BTCUSDT') >= 5, 'books on the new connection');
    await expectBooksMatch(s, second);
  });

  it('goes quiet during silence and heals what the silence lost', async () => {
    const s = await start();
    const client = track(await BookClient.connect(s, SYMBOLS));
    await waitUntil(() => client.allLive(), 'live books');
    s.faults.silence(300);
    const before = client.raw.texts.length;
    await sleep(200);
    expect(client.raw.texts.length).toBe(before);
    await waitUntil(
      () => SYMBOLS.every((sym) => client.framesOf(sym) > 0) && client.raw.texts.length > before + 10,
      'frames after silence',
    );
    // Dropped increments show up as checksum mismatches and are resynced, never applied wrong.
    expect(client.resyncs.every((r) => r.reason === 'checksum')).toBe(true);
    await expectBooksMatch(s, client);
  });

  it('sends a full book now and then on an incremental subscription', async () => {
    const s = await start({ fullPushIntervalMs: 150 });
    const c = track(await RawClient.open(`${s.wsUrl}/v2/futures`));
    c.send({ method: 'depth.subscribe', params: { market_list: [['BTCUSDT', 50, '0', false]] }, id: 2 });
    const fulls = () =>
      c.messages().filter((m) => m.method === 'depth.update' && (m.data as { is_full: boolean }).is_full).length;
    await waitUntil(() => fulls() >= 3, 'periodic full pushes');
  });

  it('streams through the real socket layer, which inflates the gzip frames', async () => {
    const s = await start();
    const spec = createCoinexStreamSpec({ wsUrl: s.wsUrl, restUrl: s.restUrl });
    const sync = new BookSync('SOLUSDT', spec.rules);
    const socket = new VenueSocket({
      spec,
      symbols: ['SOLUSDT'],
      onFrame: (text) => {
        for (const ev of spec.parse(text) ?? []) sync.onStreamEvent(ev);
      },
    });
    socket.start();
    try {
      await waitUntil(() => sync.state === 'live' && (sync.lastEvent?.seq ?? 0) > 0, 'live book via VenueSocket');
      expect(sync.resyncTotal).toBe(0);
    } finally {
      await socket.close();
    }
  });
});

describe('CoinEx REST client against the simulator', () => {
  it('lists the perpetuals with their ticks, lots and funding intervals', async () => {
    const s = await start();
    const instruments = await createCoinexRest({ restUrl: s.restUrl }).fetchInstruments();
    expect(instruments.map((i) => i.symbol).sort()).toEqual(s.market.symbols().sort());
    const bySymbol = new Map(instruments.map((i) => [i.symbol, i]));
    for (const inst of s.market.instruments()) {
      expect(bySymbol.get(inst.symbol)).toMatchObject({
        baseAsset: inst.asset,
        quoteAsset: 'USDT',
        multiplier: 1,
        contractSize: 1,
        tickSize: Number(inst.tickSize),
        lotSize: Number(inst.lotSize),
        fundingIntervalHours: inst.fundingIntervalHours,
        active: true,
      });
    }
  });

  it('reads sane funding for every perpetual', async () => {
    const s = await start();
    const before = Date.now();
    const snapshots = await createCoinexRest({ restUrl: s.restUrl }).fetchFundingSnapshots();
    const after = Date.now();
    expect(snapshots).toHaveLength(s.market.symbols().length);
    for (const f of snapshots) {
      const inst = s.market.instrument(f.symbol);
      const mid = (s.market.book(f.symbol, 1).bids[0]![0] + s.market.book(f.symbol, 1).asks[0]![0]) / 2;
      expect(f.intervalHours).toBe(inst.fundingIntervalHours);
      expect(Math.abs(f.rate)).toBeLessThanOrEqual(inst.fundingRateCap);
      // The live rate wanders by ~1e-8 between the venue's answer and this read.
      expect(f.rate).toBeCloseTo(s.market.funding(f.symbol).rate, 6);
      expect(f.nextFundingTime!).toBeGreaterThan(before);
      expect(f.nextFundingTime! - after).toBeLessThanOrEqual(inst.fundingIntervalHours * 3_600_000);
      expect(f.nextFundingTime! % (inst.fundingIntervalHours * 3_600_000)).toBe(0);
      expect(Math.abs(f.markPrice! / mid - 1)).toBeLessThan(0.01);
      expect(Math.abs(f.indexPrice! / mid - 1)).toBeLessThan(0.01);
      expect(f.volume24hQuote).toBeGreaterThan(0);
      expect(f.openInterestQuote).toBeGreaterThan(0);
    }
  });

  it('reads settled funding oldest first, at the market interval', async () => {
    const s = await start();
    const client = createCoinexRest({ restUrl: s.restUrl });
    const rows = await client.fetchFundingHistory('PEPEUSDT', { limit: 6 });
    expect(rows).toHaveLength(6);
    const gaps = rows.slice(1).map((r, i) => r.fundingTime - rows[i]!.fundingTime);
    expect(gaps.every((g) => g === 4 * 3_600_000)).toBe(true);
    expect(rows.at(-1)!.fundingTime).toBeLessThanOrEqual(Date.now());
    const since = rows[2]!.fundingTime;
    const later = await client.fetchFundingHistory('PEPEUSDT', { startTime: since, limit: 100 });
    expect(later[0]!.fundingTime).toBe(since);
    expect(later.map((r) => r.rate).slice(0, 4)).toEqual(rows.slice(2).map((r) => r.rate));
  });

  it('reads candles oldest first with volume in base units', async () => {
    const s = await start();
    const candles = await createCoinexRest({ restUrl: s.restUrl }).fetchCandles('ETHUSDT', '1h', 24);
    expect(candles).toHaveLength(24);
    expect(candles.slice(1).every((c, i) => c.t - candles[i]!.t === 3_600_000)).toBe(true);
    for (const c of candles) {
      expect(c.l).toBeLessThanOrEqual(Math.min(c.o, c.c));
      expect(c.h).toBeGreaterThanOrEqual(Math.max(c.o, c.c));
      // ETH trades near 3,300: an hour of base volume is far below its quote value.
      expect(c.v).toBeGreaterThan(0);
      expect(c.v).toBeLessThan(c.v * c.c);
    }
    const total = candles.reduce((n, c) => n + c.v * c.c, 0);
    const ticker = s.market.ticker('ETHUSDT');
    expect(total / ticker.quoteVolume24h).toBeGreaterThan(0.3);
    expect(total / ticker.quoteVolume24h).toBeLessThan(3);
  });

  it('serves a REST depth snapshot whose checksum the rules accept', async () => {
    const s = await start();
    s.pause();
    const spec = createCoinexStreamSpec({ wsUrl: s.wsUrl, restUrl: s.restUrl });
    const ev = await spec.fetchSnapshot!('BTCUSDT');
    const sync = new BookSync('BTCUSDT', spec.rules);
    expect(sync.onStreamEvent(ev)).toEqual({ changed: true });
    expect(sync.book.topText(50)).toEqual(s.market.book('BTCUSDT', 50).text);
  });

  it('classifies injected 429 and 5xx answers', async () => {
    const s = await start();
    const client = createCoinexRest({ restUrl: s.restUrl });
    s.faults.httpError(429, 1, '/v2/futures/ticker', 3);
    const limited = await client.fetchFundingSnapshots().catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(VenueError);
    expect(limited).toMatchObject({ status: 429, retryAfterMs: 3000 });
    expect((limited as Error).message).toContain('code 4213');
    s.faults.httpError(503, 1, '/v2/futures/kline');
    await expect(client.fetchCandles('BTCUSDT', '1m', 5)).rejects.toBeInstanceOf(NetworkError);
    await expect(client.fetchCandles('BTCUSDT', '1m', 5)).resolves.toHaveLength(5);
  });
});
