import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { TextLevel } from '~/.server/market/types';
import type { VenueSimulator } from '~/.server/venues/sim/server';
import { TextRefBook } from '~/.server/venues/test-support/text-ref-book';
import { pollUntil, sleep } from '~/.server/venues/test-support/wait';
import { parseBinanceStream, startBinanceSimulator } from './simulator';

const waitUntil = (cond: () => boolean, what: string, timeoutMs = 4_000) => pollUntil(cond, what, timeoutMs, 5);

// ---------------------------------------------------------------------------------------------
// A bare WS client and a naive reference book, independent of the real engine.

class WsClient {
  readonly frames: string[] = [];
  closeCode: number | null = null;
  pings = 0;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => this.frames.push(String(d)));
    ws.on('close', (code) => (this.closeCode = code));
    ws.on('ping', () => this.pings++);
    ws.on('error', () => {});
  }

  static open(url: string, opts?: WebSocket.ClientOptions): Promise<WsClient> {
    const ws = new WebSocket(url, opts);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new WsClient(ws)));
      ws.once('error', reject);
    });
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  /** Parsed frames (garbage skipped), unwrapping combined `{stream, data}` payloads. */
  messages(from = 0): unknown[] {
    const out: unknown[] = [];
    for (const raw of this.frames.slice(from)) {
      try {
        const m = JSON.parse(raw) as { stream?: string; data?: unknown };
        out.push(typeof m.stream === 'string' && 'data' in m ? m.data : m);
      } catch {
        /* counted by tests that care */
      }
    }
    return out;
  }

  depth(symbol: string, from = 0): DepthEvent[] {
    return this.messages(from).filter((m): m is DepthEvent => isDepth(m) && m.s === symbol);
  }
}

interface DepthEvent {
  e: 'depthUpdate';
  E: number;
  T: number;
  s: string;
  U: number;
  u: number;
  pu: number;
  b: TextLevel[];
  a: TextLevel[];
}

function isDepth(m: unknown): m is DepthEvent {
  return typeof m === 'object' && m !== null && (m as { e?: unknown }).e === 'depthUpdate';
}

/** Binance's documented futures procedure: drop u < L, bridge U <= L <= u, then chain on pu. */
function syncFromSnapshot(
  snapshot: { lastUpdateId: number; bids: TextLevel[]; asks: TextLevel[] },
  events: DepthEvent[],
) {
  const book = new TextRefBook();
  book.reset(snapshot.bids, snapshot.asks);
  const L = snapshot.lastUpdateId;
  let prevU: number | null = null;
  let applied = 0;
  for (const ev of events) {
    if (prevU === null) {
      if (ev.u < L) continue;
      if (!(ev.U <= L && L <= ev.u)) throw new Error(`no event bridges ${L}: first is ${ev.U}..${ev.u}`);
    } else if (ev.pu !== prevU) {
      throw new Error(`gap: pu ${ev.pu} after u ${prevU}`);
    }
    book.apply(ev.b, ev.a);
    prevU = ev.u;
    applied++;
  }
  return { book, applied, lastU: prevU };
}

function chainBreaks(events: DepthEvent[]): number {
  let breaks = 0;
  for (let i = 1; i < events.length; i++) if (events[i]!.pu !== events[i - 1]!.u) breaks++;
  return breaks;
}

// ---------------------------------------------------------------------------------------------

let sim: VenueSimulator;
const clients: WsClient[] = [];

async function connect(path: string, opts?: WebSocket.ClientOptions): Promise<WsClient> {
  const c = await WsClient.open(sim.wsUrl + path, opts);
  clients.push(c);
  return c;
}

async function getJson(path: string): Promise<{ status: number; body: unknown; headers: Headers }> {
  const res = await fetch(sim.restUrl + path);
  return { status: res.status, body: await res.json(), headers: res.headers };
}

beforeEach(async () => {
  sim = await startBinanceSimulator({ seed: 42, updateIntervalMs: 10, markPriceIntervalMs: 30, pingIntervalMs: 40 });
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  await sim.close();
});

describe('Binance simulator WS', () => {
  it('acks SUBSCRIBE, lists subscriptions and serves combined payloads on /public/stream', async () => {
    const c = await connect('/public/stream');
    c.send({ method: 'SUBSCRIBE', params: ['btcusdt@depth@100ms', 'ethusdt@bookTicker'], id: 1 });
    await waitUntil(() => c.frames.length > 0, 'ack');
    expect(JSON.parse(c.frames[0]!)).toEqual({ result: null, id: 1 });
    c.send({ method: 'LIST_SUBSCRIPTIONS', id: 2 });
    await waitUntil(() => c.frames.some((f) => f.includes('"id":2')), 'list');
    expect(c.frames.map((f) => JSON.parse(f) as unknown)).toContainEqual({
      result: ['btcusdt@depth@100ms', 'ethusdt@bookTicker'],
      id: 2,
    });

    await waitUntil(() => c.depth('BTCUSDT').length >= 2, 'depth events');
    const wrapped = c.frames.map((f) => JSON.parse(f) as { stream?: string; data?: Record<string, unknown> });
    const depth = wrapped.find((f) => f.stream === 'btcusdt@depth@100ms')!;
    expect(Object.keys(depth.data!)).toEqual(['e', 'E', 'T', 's', 'U', 'u', 'pu', 'b', 'a']);
    expect(depth.data).toMatchObject({ e: 'depthUpdate', s: 'BTCUSDT' });
    const ticker = wrapped.find((f) => f.stream === 'ethusdt@bookTicker')!;
    expect(ticker.data).toMatchObject({ e: 'bookTicker', s: 'ETHUSDT', b: expect.any(String), A: expect.any(String) });
    expect(sim.subscriberCount('BTCUSDT')).toBe(1);
    expect(sim.connectionCount()).toBe(1);
  });

  it('answers bad requests with Binance error frames', async () => {
    const pub = await connect('/public/ws');
    pub.send('{not json');
    pub.send({ method: 'SUBSCRIBE', params: ['btcusdt@nonsense'], id: 3 });
    pub.send({ method: 'SUBSCRIBE', params: ['btcusdt@markPrice'], id: 4 }); // served on /market, not /public
    pub.send({ method: 'SUBSCRIBE', params: ['btcusdt@depth'], id: 'five' });
    pub.send({ method: 'SUBSCRIB', params: [], id: 6 });
    pub.send({ method: 'SET_PROPERTY', params: ['combined', 'yes'], id: 7 });
    await waitUntil(() => pub.frames.length >= 6, 'six replies');
    const replies = pub.frames.map((f) => JSON.parse(f) as { error?: { code: number; msg: string }; id?: unknown });
    expect(replies[0]).toEqual({ error: { code: 3, msg: expect.stringContaining('Invalid JSON') }, id: null });
    expect(replies[1]).toEqual({ error: { code: 2, msg: 'Invalid request: invalid stream' }, id: 3 });
    expect(replies[2]).toEqual({ error: { code: 2, msg: 'Invalid request: invalid stream' }, id: 4 });
    expect(replies[3]).toEqual({
      error: { code: 2, msg: 'Invalid request: request ID must be an unsigned integer' },
      id: null,
    });
    expect(replies[4]!.error!.msg).toContain('unknown variant');
    expect(replies[5]).toEqual({ error: { code: 1, msg: 'Invalid value type: expected Boolean' }, id: 7 });
    expect(sim.subscriberCount('BTCUSDT')).toBe(0);

    const market = await connect('/market/ws');
    market.send({ method: 'SUBSCRIBE', params: ['btcusdt@depth@100ms'], id: 1 });
    await waitUntil(() => market.frames.length > 0, 'reply');
    expect(JSON.parse(market.frames[0]!)).toEqual({
      error: { code: 2, msg: 'Invalid request: invalid stream' },
      id: 1,
    });
  });

  it('refuses the retired /ws and /stream paths', async () => {
    await expect(WsClient.open(`${sim.wsUrl}/ws`)).rejects.toThrow(/404/);
    await expect(WsClient.open(`${sim.wsUrl}/stream?streams=btcusdt@depth`)).rejects.toThrow(/404/);
  });

  it('takes streams from the URL, raw on /ws and wrapped on /stream, and switches with SET_PROPERTY', async () => {
    const raw = await connect('/public/ws/btcusdt@depth@100ms');
    await waitUntil(() => raw.frames.length >= 2, 'raw depth');
    expect(JSON.parse(raw.frames[0]!)).toMatchObject({ e: 'depthUpdate', s: 'BTCUSDT' });
    raw.send({ method: 'SET_PROPERTY', params: ['combined', true], id: 9 });
    raw.send({ method: 'GET_PROPERTY', params: ['combined'], id: 10 });
    await waitUntil(() => raw.frames.some((f) => f.includes('"id":10')), 'property');
    expect(raw.frames.map((f) => JSON.parse(f) as unknown)).toContainEqual({ result: true, id: 10 });
    const afterSwitch = raw.frames.length;
    await waitUntil(() => raw.frames.length > afterSwitch + 1, 'wrapped depth');
    expect(JSON.parse(raw.frames.at(-1)!)).toMatchObject({ stream: 'btcusdt@depth@100ms', data: { e: 'depthUpdate' } });

    const mark = await connect('/market/stream?streams=ethusdt@markPrice@1s/!markPrice@arr@1s');
    await waitUntil(() => mark.frames.length >= 2, 'mark price');
    const frames = mark.frames.map((f) => JSON.parse(f) as { stream: string; data: unknown });
    const one = frames.find((f) => f.stream === 'ethusdt@markPrice@1s')!.data as Record<string, unknown>;
    expect(Object.keys(one)).toEqual(['e', 'E', 's', 'p', 'P', 'i', 'r', 'T']);
    expect(one).toMatchObject({ e: 'markPriceUpdate', s: 'ETHUSDT', r: expect.stringMatching(/^-?\d\.\d{8}$/) });
    expect((one.T as number) % (8 * 3_600_000)).toBe(0);
    const all = frames.find((f) => f.stream === '!markPrice@arr@1s')!.data as { s: string; T: number }[];
    expect(all.map((x) => x.s)).toEqual(sim.market.symbols());
    expect(all.find((x) => x.s === 'WIFUSDT')!.T % 3_600_000).toBe(0);
  });

  it('chains diff events on pu without gaps, and gapOnce breaks the chain exactly once', async () => {
    const c = await connect('/public/stream?streams=btcusdt@depth@100ms/ethusdt@depth@100ms');
    await waitUntil(() => c.depth('BTCUSDT').length >= 15 && c.depth('ETHUSDT').length >= 15, 'events');
    expect(chainBreaks(c.depth('BTCUSDT'))).toBe(0);
    expect(chainBreaks(c.depth('ETHUSDT'))).toBe(0);
    for (const ev of c.depth('BTCUSDT')) {
      expect(ev.U).toBeGreaterThan(ev.pu);
      expect(ev.u).toBeGreaterThanOrEqual(ev.U);
      expect(ev.E).toBeGreaterThanOrEqual(ev.T);
    }

    const before = c.depth('BTCUSDT').length;
    sim.faults.gapOnce('BTCUSDT');
    await waitUntil(() => c.depth('BTCUSDT').length >= before + 15, 'events after the gap');
    const btc = c.depth('BTCUSDT');
    expect(chainBreaks(btc)).toBe(1);
    expect(chainBreaks(c.depth('ETHUSDT'))).toBe(0);
    const at = btc.findIndex((ev, i) => i > 0 && ev.pu !== btc[i - 1]!.u);
    expect(btc[at]!.pu).toBeGreaterThan(btc[at - 1]!.u);
  });

  it('REST snapshot plus the buffered stream, by the documented algorithm, equals the book at quiescence', async () => {
    const symbols = ['BTCUSDT', '1000PEPEUSDT', 'SOLUSDT'];
    const c = await connect('/public/ws');
    c.send({ method: 'SUBSCRIBE', params: symbols.map((s) => `${s.toLowerCase()}@depth@100ms`), id: 1 });
    await waitUntil(() => symbols.every((s) => c.depth(s).length >= 3), 'buffered events');

    const snapshots = new Map<string, { lastUpdateId: number; bids: TextLevel[]; asks: TextLevel[] }>();
    for (const s of symbols) {
      const { status, body } = await getJson(`/fapi/v1/depth?symbol=${s}&limit=1000`);
      expect(status).toBe(200);
      expect(Object.keys(body as object)).toEqual(['lastUpdateId', 'E', 'T', 'bids', 'asks']);
      snapshots.set(s, body as { lastUpdateId: number; bids: TextLevel[]; asks: TextLevel[] });
    }
    await sleep(100);
    sim.pause();
    await waitUntil(
      () => symbols.every((s) => c.depth(s).at(-1)?.u === sim.market.lastUpdateId(s)),
      'the last event of every symbol',
    );
    for (const s of symbols) {
      const { book, applied } = syncFromSnapshot(snapshots.get(s)!, c.depth(s));
      expect(applied).toBeGreaterThan(3);
      expect(book.text(), s).toEqual(sim.market.book(s).text);
    }

    // Resumed, the stream carries on from where it paused.
    const n = c.depth('BTCUSDT').length;
    sim.resume();
    await waitUntil(() => c.depth('BTCUSDT').length > n + 2, 'events after resume');
    expect(chainBreaks(c.depth('BTCUSDT'))).toBe(0);
  });

  it('serves top-N partial depth that matches the book', async () => {
    const c = await connect('/public/ws/solusdt@depth5@100ms');
    await waitUntil(() => c.depth('SOLUSDT').length >= 2, 'partial depth');
    sim.pause();
    await sleep(40);
    const last = c.depth('SOLUSDT').at(-1)!;
    expect(last.b).toHaveLength(5);
    expect({ bids: last.b, asks: last.a }).toEqual(sim.market.book('SOLUSDT', 5).text);
  });

  it('UNSUBSCRIBE stops that symbol and subscriberCount drops to 0', async () => {
    const c = await connect('/public/ws');
    c.send({ method: 'SUBSCRIBE', params: ['btcusdt@depth@100ms', 'ethusdt@depth@100ms'], id: 1 });
    await waitUntil(() => c.depth('BTCUSDT').length >= 2 && c.depth('ETHUSDT').length >= 2, 'events');
    expect(sim.subscriberCount('BTCUSDT')).toBe(1);
    c.send({ method: 'UNSUBSCRIBE', params: ['btcusdt@depth@100ms'], id: 2 });
    await waitUntil(() => c.frames.some((f) => f === '{"result":null,"id":2}'), 'unsubscribe ack');
    const ackAt = c.frames.indexOf('{"result":null,"id":2}');
    expect(sim.subscriberCount('BTCUSDT')).toBe(0);
    expect(sim.subscriberCount('ETHUSDT')).toBe(1);
    const eth = c.depth('ETHUSDT', ackAt).length;
    await waitUntil(() => c.depth('ETHUSDT', ackAt).length > eth + 5, 'more ETH events');
    expect(c.depth('BTCUSDT', ackAt + 1)).toHaveLength(0);
  });

  it('malformedOnce sends exactly one garbage frame and loses nothing', async () => {
    const c = await connect('/public/ws/btcusdt@depth@100ms');
    await waitUntil(() => c.frames.length >= 3, 'events');
    sim.faults.malformedOnce();
    const from = c.frames.length;
    await waitUntil(() => c.frames.length >= from + 8, 'more frames');
    const garbage = c.frames.filter((f) => {
      try {
        JSON.parse(f);
        return false;
      } catch {
        return true;
      }
    });
    expect(garbage).toHaveLength(1);
    expect(chainBreaks(c.depth('BTCUSDT'))).toBe(0);
  });

  it('disconnectAll drops every socket and clears subscriptions', async () => {
    const a = await connect('/public/ws/btcusdt@depth@100ms');
    const b = await connect('/market/ws/btcusdt@markPrice');
    await waitUntil(() => sim.connectionCount() === 2 && sim.subscriberCount('BTCUSDT') === 2, 'two sockets');
    sim.faults.disconnectAll();
    await waitUntil(() => a.closeCode !== null && b.closeCode !== null, 'closes');
    expect(a.closeCode).toBe(1006);
    await waitUntil(() => sim.connectionCount() === 0, 'server side cleanup');
    expect(sim.subscriberCount('BTCUSDT')).toBe(0);
  });

  it('silence stops every frame while the socket stays open; the stream then resumes past a gap', async () => {
    const c = await connect('/public/ws/btcusdt@depth@100ms');
    await waitUntil(() => c.depth('BTCUSDT').length >= 3, 'events');
    sim.faults.silence(400);
    await sleep(30);
    const quietFrom = c.frames.length;
    c.send({ method: 'LIST_SUBSCRIPTIONS', id: 5 });
    await sleep(150);
    expect(c.frames.length).toBe(quietFrom);
    expect(c.closeCode).toBeNull();
    expect(sim.connectionCount()).toBe(1);
    await waitUntil(() => c.depth('BTCUSDT', quietFrom).length >= 3, 'events after the silence');
    expect(chainBreaks(c.depth('BTCUSDT'))).toBe(1);
  });

  it('pings clients and closes sockets that send more than 10 messages a second', async () => {
    const c = await connect('/public/ws');
    await waitUntil(() => c.pings > 0, 'a server ping');
    for (let i = 1; i <= 11; i++) c.send({ method: 'LIST_SUBSCRIPTIONS', id: i });
    await waitUntil(() => c.closeCode !== null, 'close');
    expect(c.closeCode).toBe(1008);
  });
});

describe('Binance simulator REST', () => {
  it('lists perpetuals with Binance filters and bases', async () => {
    const { status, body } = await getJson('/fapi/v1/exchangeInfo');
    expect(status).toBe(200);
    const info = body as {
      symbols: {
        symbol: string;
        contractType: string;
        baseAsset: string;
        quoteAsset: string;
        status: string;
        filters: { filterType: string; tickSize?: string; stepSize?: string }[];
      }[];
    };
    expect(info.symbols.map((s) => s.symbol)).toEqual(sim.market.symbols());
    for (const s of info.symbols) {
      expect(s).toMatchObject({ contractType: 'PERPETUAL', quoteAsset: 'USDT', status: 'TRADING' });
      const inst = sim.market.instrument(s.symbol);
      expect(s.filters.find((f) => f.filterType === 'PRICE_FILTER')!.tickSize).toBe(inst.tickSize);
      expect(s.filters.find((f) => f.filterType === 'LOT_SIZE')!.stepSize).toBe(inst.lotSize);
    }
    expect(info.symbols.find((s) => s.symbol === '1000PEPEUSDT')!.baseAsset).toBe('1000PEPE');
  });

  it('serves premiumIndex for all or one symbol, and fundingInfo for non-8h symbols only', async () => {
    const all = (await getJson('/fapi/v1/premiumIndex')).body as Record<string, unknown>[];
    expect(all.map((p) => p.symbol)).toEqual(sim.market.symbols());
    const one = (await getJson('/fapi/v1/premiumIndex?symbol=BTCUSDT')).body as Record<string, unknown>;
    expect(Object.keys(one)).toEqual([
      'symbol',
      'markPrice',
      'indexPrice',
      'estimatedSettlePrice',
      'lastFundingRate',
      'interestRate',
      'nextFundingTime',
      'time',
    ]);
    expect(one.lastFundingRate).toMatch(/^-?\d\.\d{8}$/);
    expect(one.markPrice).toMatch(/^\d+\.\d{8}$/);
    expect(typeof one.nextFundingTime).toBe('number');

    const info = (await getJson('/fapi/v1/fundingInfo')).body as { symbol: string; fundingIntervalHours: number }[];
    expect(info.map((i) => [i.symbol, i.fundingIntervalHours])).toEqual([
      ['1000PEPEUSDT', 4],
      ['WIFUSDT', 1],
    ]);
    expect(info[0]).toMatchObject({
      adjustedFundingRateCap: '0.02000000',
      adjustedFundingRateFloor: '-0.02000000',
      disclaimer: false,
    });
  });

  it('serves funding history by startTime, endTime and limit', async () => {
    const now = Date.now();
    const hour = 3_600_000;
    const latest = (await getJson('/fapi/v1/fundingRate?symbol=WIFUSDT&limit=5')).body as {
      symbol: string;
      fundingTime: number;
      fundingRate: string;
      markPrice: string;
    }[];
    expect(latest).toHaveLength(5);
    expect(latest.at(-1)!.fundingTime).toBe(Math.floor(now / hour) * hour);
    for (let i = 1; i < 5; i++) expect(latest[i]!.fundingTime - latest[i - 1]!.fundingTime).toBe(hour);
    expect(latest[0]).toEqual({
      symbol: 'WIFUSDT',
      fundingTime: expect.any(Number),
      fundingRate: expect.stringMatching(/^-?\d\.\d{8}$/),
      markPrice: expect.stringMatching(/^\d+\.\d{8}$/),
    });

    const start = latest[0]!.fundingTime;
    const window = (await getJson(`/fapi/v1/fundingRate?symbol=WIFUSDT&startTime=${start}&endTime=${start + 2 * hour}`))
      .body as { fundingTime: number }[];
    expect(window.map((r) => r.fundingTime)).toEqual([start, start + hour, start + 2 * hour]);
    const capped = (await getJson(`/fapi/v1/fundingRate?symbol=BTCUSDT&startTime=${start - 100 * hour}&limit=2`))
      .body as { fundingTime: number }[];
    expect(capped).toHaveLength(2);
    expect(capped[1]!.fundingTime - capped[0]!.fundingTime).toBe(8 * hour);
  });

  it('serves 12-element kline rows that tile time', async () => {
    const rows = (await getJson('/fapi/v1/klines?symbol=BTCUSDT&interval=15m&limit=50')).body as unknown[][];
    expect(rows).toHaveLength(50);
    const step = 15 * 60_000;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      expect(r).toHaveLength(12);
      const [open, o, h, l, c, v, close, q, n, tb, tq, ignore] = r as [
        number,
        string,
        string,
        string,
        string,
        string,
        number,
        string,
        number,
        string,
        string,
        string,
      ];
      expect(typeof open).toBe('number');
      expect(close).toBe(open + step - 1);
      for (const p of [o, h, l, c]) expect(p).toMatch(/^\d+\.\d{2}$/);
      expect(Number(h)).toBeGreaterThanOrEqual(Math.max(Number(o), Number(c)));
      expect(Number(l)).toBeLessThanOrEqual(Math.min(Number(o), Number(c)));
      expect(v).toMatch(/^\d+\.\d{3}$/);
      expect(Number(q)).toBeGreaterThanOrEqual(0);
      expect(Number.isInteger(n)).toBe(true);
      expect(Number(tb)).toBeLessThanOrEqual(Number(v));
      expect(Number(tq)).toBeLessThanOrEqual(Number(q));
      expect(ignore).toBe('0');
      if (i > 0) expect(open - (rows[i - 1]![0] as number)).toBe(step);
    }
    expect(rows.at(-1)![0]).toBeLessThanOrEqual(Date.now());

    const first = rows[0]![0] as number;
    const from = (await getJson(`/fapi/v1/klines?symbol=BTCUSDT&interval=15m&startTime=${first}&limit=3`))
      .body as unknown[][];
    expect(from.map((r) => r[0])).toEqual([first, first + step, first + 2 * step]);
    expect(from).toEqual(rows.slice(0, 3));
  });

  it('serves 24h tickers and open interest', async () => {
    const all = (await getJson('/fapi/v1/ticker/24hr')).body as Record<string, unknown>[];
    expect(all).toHaveLength(sim.market.symbols().length);
    const btc = (await getJson('/fapi/v1/ticker/24hr?symbol=BTCUSDT')).body as Record<string, unknown>;
    expect(btc).toMatchObject({
      symbol: 'BTCUSDT',
      lastPrice: expect.stringMatching(/^\d+\.\d{2}$/),
      volume: expect.any(String),
    });
    expect(Number(btc.quoteVolume)).toBeGreaterThan(1e8);
    expect(btc.closeTime as number).toBeGreaterThan(btc.openTime as number);
    const oi = (await getJson('/fapi/v1/openInterest?symbol=ETHUSDT')).body as Record<string, unknown>;
    expect(oi).toMatchObject({ symbol: 'ETHUSDT', openInterest: expect.stringMatching(/^\d+\.\d{3}$/) });
  });

  it('answers bad parameters with Binance error bodies and HTTP 400', async () => {
    const cases: [string, number][] = [
      ['/fapi/v1/depth?symbol=NOPEUSDT', -1121],
      ['/fapi/v1/depth', -1102],
      ['/fapi/v1/depth?symbol=BTCUSDT&limit=7', -1130],
      ['/fapi/v1/klines?symbol=BTCUSDT&interval=7m', -1120],
      ['/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=abc', -1100],
      ['/fapi/v1/premiumIndex?symbol=NOPEUSDT', -1121],
    ];
    for (const [path, code] of cases) {
      const { status, body } = await getJson(path);
      expect(status, path).toBe(400);
      expect((body as { code: number }).code, path).toBe(code);
    }
    expect((await getJson('/fapi/v1/depth?symbol=NOPEUSDT')).body).toEqual({ code: -1121, msg: 'Invalid symbol.' });
  });

  it('httpError(429) answers the next matching calls with Retry-After, then recovers', async () => {
    sim.faults.httpError(429, 2, '/fapi/v1/depth');
    const first = await getJson('/fapi/v1/depth?symbol=BTCUSDT&limit=5');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('1');
    expect(first.body).toMatchObject({ code: -1003 });
    expect((await getJson('/fapi/v1/premiumIndex?symbol=BTCUSDT')).status).toBe(200);
    expect((await getJson('/fapi/v1/depth?symbol=BTCUSDT&limit=5')).status).toBe(429);
    const ok = await getJson('/fapi/v1/depth?symbol=BTCUSDT&limit=5');
    expect(ok.status).toBe(200);
    expect(Number(ok.headers.get('x-mbx-used-weight-1m'))).toBeGreaterThan(0);
    expect(sim.requestCount('/fapi/v1/depth')).toBe(3);
  });
});

describe('parseBinanceStream', () => {
  it('knows which endpoint serves each stream', () => {
    expect(parseBinanceStream('btcusdt@depth@100ms')).toEqual({
      category: 'public',
      stream: { kind: 'diff', symbol: 'BTCUSDT' },
    });
    expect(parseBinanceStream('1000pepeusdt@depth20')).toMatchObject({ category: 'public', stream: { levels: 20 } });
    expect(parseBinanceStream('!markPrice@arr@1s')).toMatchObject({ category: 'market' });
    expect(parseBinanceStream('BTCUSDT@depth')).toBeNull();
    expect(parseBinanceStream('btcusdt@depth@250ms')).toBeNull();
  });
});
