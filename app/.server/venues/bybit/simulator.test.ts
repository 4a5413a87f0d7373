import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { TextLevel } from '~/.server/market/types';
import type { VenueSimulator } from '~/.server/venues/sim/server';
import { TextRefBook } from '~/.server/venues/test-support/text-ref-book';
import { pollUntil, sleep } from '~/.server/venues/test-support/wait';
import { diffTopLevels, parseBybitTopic, startBybitSimulator } from './simulator';

const waitUntil = (cond: () => boolean, what: string, timeoutMs = 4_000) => pollUntil(cond, what, timeoutMs, 5);

// ---------------------------------------------------------------------------------------------
// A bare WS client and a naive reference book, independent of the real engine.

class WsClient {
  readonly frames: string[] = [];
  closeCode: number | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => this.frames.push(String(d)));
    ws.on('close', (code) => (this.closeCode = code));
    ws.on('error', () => {});
  }

  static open(url: string): Promise<WsClient> {
    const ws = new WebSocket(url);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new WsClient(ws)));
      ws.once('error', reject);
    });
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  messages(from = 0): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (const raw of this.frames.slice(from)) {
      try {
        out.push(JSON.parse(raw) as Record<string, unknown>);
      } catch {
        /* garbage frames are counted by the tests that inject them */
      }
    }
    return out;
  }

  book(topic: string, from = 0): BookMessage[] {
    return this.messages(from).filter(
      (m): m is BookMessage & Record<string, unknown> => m.topic === topic,
    ) as BookMessage[];
  }
}

interface BookMessage {
  topic: string;
  type: 'snapshot' | 'delta';
  ts: number;
  data: { s: string; b: TextLevel[]; a: TextLevel[]; u: number; seq: number };
  cts: number;
}

/** Bybit's model: a snapshot resets, deltas apply; returns the book and the u jumps seen. */
function replay(messages: BookMessage[]): { book: TextRefBook; gaps: number; snapshots: number } {
  const book = new TextRefBook((size) => size === '0');
  let prevU: number | null = null;
  let gaps = 0;
  let snapshots = 0;
  for (const m of messages) {
    if (m.type === 'snapshot') {
      book.reset(m.data.b, m.data.a);
      snapshots++;
    } else {
      if (prevU === null) throw new Error('delta before snapshot');
      if (m.data.u !== prevU + 1) gaps++;
      book.apply(m.data.b, m.data.a);
    }
    prevU = m.data.u;
  }
  return { book, gaps, snapshots };
}

// ---------------------------------------------------------------------------------------------

let sim: VenueSimulator;
const clients: WsClient[] = [];

async function connect(): Promise<WsClient> {
  const c = await WsClient.open(`${sim.wsUrl}/v5/public/linear`);
  clients.push(c);
  return c;
}

async function getJson(path: string): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(sim.restUrl + path);
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

async function result<T>(path: string): Promise<T> {
  const { status, body } = await getJson(path);
  expect(status).toBe(200);
  expect(body).toMatchObject({ retCode: 0, retMsg: 'OK', retExtInfo: {}, time: expect.any(Number) });
  return body.result as T;
}

beforeEach(async () => {
  sim = await startBybitSimulator({ seed: 9, updateIntervalMs: 10 });
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  await sim.close();
});

describe('Bybit simulator WS', () => {
  it('acks subscribe and answers op ping with a pong frame', async () => {
    const c = await connect();
    c.send({ op: 'subscribe', args: ['orderbook.50.BTCUSDT'], req_id: 'sub-1' });
    c.send({ op: 'ping' });
    c.send({ req_id: '100001', op: 'ping' });
    await waitUntil(() => c.messages().filter((m) => m.op === 'ping').length === 2, 'pongs');
    const [ack] = c.messages();
    expect(ack).toEqual({ success: true, ret_msg: '', conn_id: expect.any(String), req_id: 'sub-1', op: 'subscribe' });
    const pongs = c.messages().filter((m) => m.op === 'ping');
    expect(pongs[0]).toEqual({ success: true, ret_msg: 'pong', conn_id: ack!.conn_id, req_id: '', op: 'ping' });
    expect(pongs[1]).toMatchObject({ ret_msg: 'pong', req_id: '100001' });
  });

  it('refuses bad topics, unknown symbols and duplicate subscriptions as Bybit does', async () => {
    const c = await connect();
    c.send({ op: 'subscribe', args: ['orderbook.50.BTCUSDT'], req_id: 'a' });
    c.send({ op: 'subscribe', args: ['orderbook.50.BTCUSDT'], req_id: 'b' });
    c.send({ op: 'subscribe', args: ['orderbook.7.BTCUSDT'], req_id: 'c' });
    c.send({ op: 'subscribe', args: ['orderbook.50.NOPEUSDT'], req_id: 'd' });
    await waitUntil(() => c.messages().filter((m) => m.op === 'subscribe').length === 4, 'four acks');
    const acks = c.messages().filter((m) => m.op === 'subscribe');
    expect(acks.map((a) => a.success)).toEqual([true, false, false, false]);
    expect(acks[1]!.ret_msg).toBe('error:already subscribed,topic:orderbook.50.BTCUSDT');
    expect(acks[2]!.ret_msg).toBe('error:handler not found,topic:orderbook.7.BTCUSDT');
    expect(acks[3]!.ret_msg).toContain('orderbook.50.NOPEUSDT');
    expect(sim.subscriberCount('BTCUSDT')).toBe(1);
  });

  it('sends a top-50 snapshot then deltas with u += 1 whose replay equals the top 50 exactly', async () => {
    const topics = ['orderbook.50.BTCUSDT', 'orderbook.50.1000PEPEUSDT', 'orderbook.50.XRPUSDT'];
    const c = await connect();
    c.send({ op: 'subscribe', args: topics, req_id: '1' });
    await waitUntil(() => topics.every((t) => c.book(t).length >= 20), 'deltas');

    const first = c.book(topics[0]!)[0]!;
    expect(Object.keys(first)).toEqual(['topic', 'type', 'ts', 'data', 'cts']);
    expect(Object.keys(first.data)).toEqual(['s', 'b', 'a', 'u', 'seq']);
    expect(first.type).toBe('snapshot');
    expect(first.data.b).toHaveLength(50);
    expect(first.data.a).toHaveLength(50);
    const delta = c.book(topics[0]!)[1]!;
    expect(delta).toMatchObject({ type: 'delta', data: { s: 'BTCUSDT' } });
    expect(delta.ts).toBeGreaterThanOrEqual(delta.cts);

    sim.pause();
    await sleep(60); // frames in flight arrive; nothing new is produced while paused
    for (const topic of topics) {
      const msgs = c.book(topic);
      expect(msgs.filter((m) => m.type === 'snapshot')).toHaveLength(1);
      const { book, gaps } = replay(msgs);
      expect(gaps, topic).toBe(0);
      const symbol = topic.split('.')[2]!;
      expect(book.text(), topic).toEqual(sim.market.book(symbol, 50).text);
      for (let i = 1; i < msgs.length; i++) expect(msgs[i]!.data.seq).toBeGreaterThan(msgs[i - 1]!.data.seq);
    }
  });

  it('gapOnce skips exactly one u; snapshotOnce sends a fresh snapshot mid-stream', async () => {
    const c = await connect();
    c.send({ op: 'subscribe', args: ['orderbook.50.ETHUSDT', 'orderbook.50.SOLUSDT'], req_id: '1' });
    await waitUntil(() => c.book('orderbook.50.ETHUSDT').length >= 5, 'deltas');
    sim.faults.gapOnce('ETHUSDT');
    let n = c.book('orderbook.50.ETHUSDT').length;
    await waitUntil(() => c.book('orderbook.50.ETHUSDT').length >= n + 10, 'deltas after the gap');
    expect(replay(c.book('orderbook.50.ETHUSDT')).gaps).toBe(1);
    const us = c.book('orderbook.50.ETHUSDT').map((m) => m.data.u);
    const jumps = us.slice(1).map((u, i) => u - us[i]!);
    expect(jumps.filter((j) => j !== 1)).toEqual([2]);
    expect(replay(c.book('orderbook.50.SOLUSDT')).gaps).toBe(0);

    sim.faults.snapshotOnce('SOLUSDT');
    n = c.book('orderbook.50.SOLUSDT').length;
    await waitUntil(() => c.book('orderbook.50.SOLUSDT').length >= n + 5, 'messages after the snapshot');
    sim.pause();
    await sleep(60);
    const sol = c.book('orderbook.50.SOLUSDT');
    const { book, gaps, snapshots } = replay(sol);
    expect(snapshots).toBe(2);
    expect(gaps).toBe(0);
    expect(book.text()).toEqual(sim.market.book('SOLUSDT', 50).text);
  });

  it('unsubscribe stops the topic and subscriberCount drops to 0', async () => {
    const c = await connect();
    c.send({ op: 'subscribe', args: ['orderbook.50.BTCUSDT', 'orderbook.50.ETHUSDT'], req_id: '1' });
    await waitUntil(() => c.book('orderbook.50.BTCUSDT').length >= 3, 'deltas');
    c.send({ op: 'unsubscribe', args: ['orderbook.50.BTCUSDT'], req_id: 'u1' });
    await waitUntil(() => c.messages().some((m) => m.op === 'unsubscribe'), 'unsubscribe ack');
    expect(c.messages().find((m) => m.op === 'unsubscribe')).toMatchObject({
      success: true,
      ret_msg: '',
      req_id: 'u1',
    });
    const ackAt = c.frames.findIndex((f) => f.includes('"op":"unsubscribe"'));
    expect(sim.subscriberCount('BTCUSDT')).toBe(0);
    expect(sim.subscriberCount('ETHUSDT')).toBe(1);
    const eth = c.book('orderbook.50.ETHUSDT', ackAt).length;
    await waitUntil(() => c.book('orderbook.50.ETHUSDT', ackAt).length > eth + 5, 'more ETH deltas');
    expect(c.book('orderbook.50.BTCUSDT', ackAt + 1)).toHaveLength(0);

    // Subscribing again starts over with a snapshot.
    c.send({ op: 'subscribe', args: ['orderbook.50.BTCUSDT'], req_id: '2' });
    await waitUntil(() => c.book('orderbook.50.BTCUSDT', ackAt + 1).length > 0, 'new snapshot');
    expect(c.book('orderbook.50.BTCUSDT', ackAt + 1)[0]!.type).toBe('snapshot');
  });

  it('orderbook.1 only sends snapshots of the touch', async () => {
    const c = await connect();
    c.send({ op: 'subscribe', args: ['orderbook.1.DOGEUSDT'], req_id: '1' });
    await waitUntil(() => c.book('orderbook.1.DOGEUSDT').length >= 3, 'snapshots');
    for (const m of c.book('orderbook.1.DOGEUSDT')) {
      expect(m.type).toBe('snapshot');
      expect(m.data.b).toHaveLength(1);
      expect(m.data.a).toHaveLength(1);
    }
  });

  it('tickers: a full snapshot, then deltas of changed fields only', async () => {
    const c = await connect();
    c.send({ op: 'subscribe', args: ['tickers.WIFUSDT'], req_id: '1' });
    await waitUntil(() => c.messages().filter((m) => m.topic === 'tickers.WIFUSDT').length >= 4, 'ticker messages');
    const [snap, ...deltas] = c.messages().filter((m) => m.topic === 'tickers.WIFUSDT');
    expect(snap).toMatchObject({ type: 'snapshot', cs: expect.any(Number), ts: expect.any(Number) });
    const data = snap!.data as Record<string, string>;
    expect(data).toMatchObject({ symbol: 'WIFUSDT', fundingIntervalHour: '1', fundingCap: '0.005' });
    expect(data.nextFundingTime).toMatch(/^\d{13}$/);
    expect(Number(data.nextFundingTime) % 3_600_000).toBe(0);
    for (const v of Object.values(data)) expect(typeof v).toBe('string');
    for (const d of deltas) {
      expect(d.type).toBe('delta');
      const fields = Object.keys(d.data as object);
      expect(fields).toContain('symbol');
      expect(fields.length).toBeLessThan(Object.keys(data).length);
    }
  });

  it('malformedOnce, silence and disconnectAll behave on the linear stream', async () => {
    const c = await connect();
    c.send({ op: 'subscribe', args: ['orderbook.50.BTCUSDT'], req_id: '1' });
    await waitUntil(() => c.book('orderbook.50.BTCUSDT').length >= 3, 'deltas');
    sim.faults.malformedOnce();
    const from = c.frames.length;
    await waitUntil(() => c.frames.length >= from + 5, 'frames');
    const garbage = c.frames.filter((f) => {
      try {
        JSON.parse(f);
        return false;
      } catch {
        return true;
      }
    });
    expect(garbage).toHaveLength(1);
    expect(replay(c.book('orderbook.50.BTCUSDT')).gaps).toBe(0);

    sim.faults.silence(400);
    await sleep(30);
    const quiet = c.frames.length;
    c.send({ op: 'ping' });
    await sleep(120);
    expect(c.frames.length).toBe(quiet);
    await waitUntil(() => c.book('orderbook.50.BTCUSDT', quiet).length >= 2, 'deltas after the silence');
    expect(replay(c.book('orderbook.50.BTCUSDT')).gaps).toBe(1);

    sim.faults.disconnectAll('close');
    await waitUntil(() => c.closeCode !== null, 'close');
    expect(c.closeCode).toBe(1001);
    await waitUntil(() => sim.connectionCount() === 0, 'server cleanup');
    expect(sim.subscriberCount('BTCUSDT')).toBe(0);
  });
});

describe('Bybit simulator REST', () => {
  it('paginates instruments-info with cursors and lists funding intervals in minutes', async () => {
    type Info = {
      symbol: string;
      baseCoin: string;
      fundingInterval: number;
      contractType: string;
      priceFilter: { tickSize: string };
      lotSizeFilter: { qtyStep: string };
    };
    const seen: Info[] = [];
    let cursor = '';
    let pages = 0;
    do {
      const r = await result<{ category: string; list: Info[]; nextPageCursor: string }>(
        `/v5/market/instruments-info?category=linear&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(r.category).toBe('linear');
      expect(r.list.length).toBeLessThanOrEqual(3);
      seen.push(...r.list);
      cursor = r.nextPageCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(Math.ceil(sim.market.symbols().length / 3));
    expect(seen.map((i) => i.symbol)).toEqual(sim.market.symbols());
    const by = (s: string) => seen.find((i) => i.symbol === s)!;
    expect(by('BTCUSDT')).toMatchObject({
      contractType: 'LinearPerpetual',
      fundingInterval: 480,
      baseCoin: 'BTC',
      priceFilter: { tickSize: '0.10' },
      lotSizeFilter: { qtyStep: '0.001' },
    });
    expect(by('1000PEPEUSDT')).toMatchObject({
      baseCoin: '1000PEPE',
      fundingInterval: 240,
      lotSizeFilter: { qtyStep: '100' },
    });
    expect(by('WIFUSDT').fundingInterval).toBe(60);
    expect(by('LINKUSDT').fundingInterval).toBe(120);
  });

  it('serves tickers with funding fields as strings', async () => {
    const r = await result<{ category: string; list: Record<string, unknown>[] }>('/v5/market/tickers?category=linear');
    expect(r.list.map((t) => t.symbol)).toEqual(sim.market.symbols());
    const pepe = r.list.find((t) => t.symbol === '1000PEPEUSDT')!;
    for (const field of [
      'fundingRate',
      'nextFundingTime',
      'fundingIntervalHour',
      'markPrice',
      'indexPrice',
      'turnover24h',
      'openInterestValue',
      'fundingCap',
    ]) {
      expect(typeof pepe[field], field).toBe('string');
    }
    expect(pepe.fundingIntervalHour).toBe('4');
    expect(Number(pepe.nextFundingTime) % (4 * 3_600_000)).toBe(0);
    expect(pepe.markPrice).toMatch(/^0\.\d{7}$/);
    expect(Number(pepe.fundingRate)).not.toBeNaN();
    const one = await result<{ list: unknown[] }>('/v5/market/tickers?category=linear&symbol=BTCUSDT');
    expect(one.list).toHaveLength(1);
  });

  it('serves funding history newest first on the interval grid', async () => {
    const r = await result<{ list: { symbol: string; fundingRate: string; fundingRateTimestamp: string }[] }>(
      '/v5/market/funding/history?category=linear&symbol=LINKUSDT&limit=5',
    );
    expect(r.list).toHaveLength(5);
    const times = r.list.map((x) => Number(x.fundingRateTimestamp));
    for (let i = 1; i < times.length; i++) expect(times[i - 1]! - times[i]!).toBe(2 * 3_600_000);
    expect(r.list[0]).toEqual({
      symbol: 'LINKUSDT',
      fundingRate: expect.stringMatching(/^-?\d/),
      fundingRateTimestamp: expect.stringMatching(/^\d{13}$/),
    });

    const end = times[0]!;
    const windowed = await result<{ list: { fundingRateTimestamp: string }[] }>(
      `/v5/market/funding/history?category=linear&symbol=LINKUSDT&startTime=${end - 4 * 3_600_000}&endTime=${end}`,
    );
    expect(windowed.list.map((x) => Number(x.fundingRateTimestamp))).toEqual([
      end,
      end - 2 * 3_600_000,
      end - 4 * 3_600_000,
    ]);
    const startOnly = await getJson(`/v5/market/funding/history?category=linear&symbol=LINKUSDT&startTime=${end}`);
    expect(startOnly.status).toBe(200);
    expect(startOnly.body.retCode).toBe(10001);
  });

  it('serves klines newest first as seven strings', async () => {
    const r = await result<{ symbol: string; category: string; list: string[][] }>(
      '/v5/market/kline?category=linear&symbol=ETHUSDT&interval=60&limit=24',
    );
    expect(r).toMatchObject({ symbol: 'ETHUSDT', category: 'linear' });
    expect(r.list).toHaveLength(24);
    for (let i = 0; i < r.list.length; i++) {
      const row = r.list[i]!;
      expect(row).toHaveLength(7);
      for (const v of row) expect(typeof v).toBe('string');
      const [start, o, h, l, c] = row.map(Number) as [number, number, number, number, number];
      expect(h).toBeGreaterThanOrEqual(Math.max(o, c));
      expect(l).toBeLessThanOrEqual(Math.min(o, c));
      if (i > 0) expect(Number(r.list[i - 1]![0]) - start).toBe(3_600_000);
    }
    expect(Number(r.list[0]![0])).toBeLessThanOrEqual(Date.now());
    const daily = await result<{ list: string[][] }>(
      '/v5/market/kline?category=linear&symbol=ETHUSDT&interval=D&limit=3',
    );
    expect(Number(daily.list[0]![0]) % 86_400_000).toBe(0);
  });

  it('serves the REST order book and Bybit errors with HTTP 200', async () => {
    const r = await result<Record<string, unknown>>('/v5/market/orderbook?category=linear&symbol=BTCUSDT&limit=10');
    expect(Object.keys(r)).toEqual(['s', 'a', 'b', 'ts', 'u', 'seq', 'cts']);
    expect(r.b).toHaveLength(10);
    expect(Number((r.b as TextLevel[])[0]![0])).toBeLessThan(Number((r.a as TextLevel[])[0]![0]));

    for (const [path, msg] of [
      ['/v5/market/tickers?category=bogus', 'Illegal category'],
      ['/v5/market/orderbook?category=linear&symbol=NOPEUSDT', 'symbol'],
      ['/v5/market/kline?category=linear&symbol=BTCUSDT&interval=7', 'period'],
      ['/v5/market/instruments-info', 'category'],
    ] as const) {
      const { status, body } = await getJson(path);
      expect(status, path).toBe(200);
      expect(body, path).toMatchObject({ retCode: 10001, result: {}, retMsg: expect.stringContaining(msg) });
    }
  });

  it('httpError(429) answers with Retry-After and a Bybit body, then recovers', async () => {
    sim.faults.httpError(429, 1);
    const limited = await getJson('/v5/market/tickers?category=linear');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.body).toMatchObject({ retCode: 10006 });
    expect((await getJson('/v5/market/tickers?category=linear')).status).toBe(200);
  });
});

describe('Bybit protocol helpers', () => {
  it('diffs top-N views so that applying the diff yields the new view', () => {
    const prev: TextLevel[] = [
      ['10.0', '1'],
      ['9.9', '2'],
      ['9.8', '3'],
    ];
    const next: TextLevel[] = [
      ['10.1', '4'],
      ['10.0', '1'],
      ['9.9', '5'],
    ];
    expect(diffTopLevels(prev, next, true)).toEqual([
      ['10.1', '4'],
      ['9.9', '5'],
      ['9.8', '0'],
    ]);
    expect(parseBybitTopic('orderbook.50.1000PEPEUSDT')).toEqual({
      kind: 'orderbook',
      depth: 50,
      symbol: '1000PEPEUSDT',
    });
    expect(parseBybitTopic('orderbook.25.BTCUSDT')).toBeNull();
  });
});
