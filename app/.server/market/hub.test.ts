import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { createHub, SLOW_CLIENT_CLOSE_CODE, type Hub, type HubOptions } from './hub';
import { silentLogger } from './logger';
import { Streamer } from './streamer';
import { TestVenue } from './test-venue';

async function waitFor(cond: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

type Msg = Record<string, unknown>;

/** A browser stand-in: a real ws client that records every message. */
class Client {
  readonly messages: Msg[] = [];
  closeCode: number | null = null;
  closeReason = '';
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => this.messages.push(JSON.parse(String(data)) as Msg));
    ws.on('close', (code, reason) => {
      this.closeCode = code;
      this.closeReason = String(reason);
    });
  }

  static async connect(url: string, opts: WebSocket.ClientOptions = {}): Promise<Client> {
    const ws = new WebSocket(url, opts);
    const c = new Client(ws);
    cleanups.push(() => ws.terminate());
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return c;
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  async next(pred: (m: Msg) => boolean, timeoutMs = 2000): Promise<Msg> {
    await waitFor(() => this.messages.some(pred), timeoutMs, 'message');
    return this.messages.find(pred)!;
  }

  books(symbol: string): Msg[] {
    return this.messages.filter((m) => m.symbol === symbol && m.type === undefined);
  }
}

interface Setup {
  hub: Hub;
  streamer: Streamer;
  venue: TestVenue;
  url: string;
}

async function setup(opts: Partial<Omit<HubOptions, 'streamer'>> = {}, graceMs = 50): Promise<Setup> {
  const venue = await TestVenue.start({ snapshotFrom: 'stream', venue: 'bybit' });
  cleanups.push(() => venue.close());
  const streamer = new Streamer({ specs: { bybit: venue.spec() }, graceMs, logger: silentLogger });
  cleanups.push(() => streamer.close());
  const hub = createHub({ streamer, logger: silentLogger, heartbeatMs: 60_000, ...opts });
  cleanups.push(() => hub.close());
  const server = http.createServer();
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== '/ws' && !path.startsWith('/ws/market')) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => hub.handleConnection(ws, req));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(async () => {
    for (const ws of wss.clients) ws.terminate();
    wss.close();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });
  return { hub, streamer, venue, url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws` };
}

describe('hub protocol', () => {
  it('answers ping with pong, also on the original /ws/market/ path', async () => {
    const { url } = await setup();
    const c = await Client.connect(url.replace('/ws', '/ws/market/'));
    c.send({ action: 'ping' });
    expect(await c.next((m) => m.type === 'pong')).toEqual({ type: 'pong' });
  });

  it('reports bad JSON, unknown actions and malformed requests, and keeps the connection', async () => {
    const { url } = await setup();
    const c = await Client.connect(url);
    c.send('{"action": "subscribe",');
    expect(await c.next((m) => m.code === 'bad_json')).toMatchObject({ type: 'error', code: 'bad_json' });
    c.send({ action: 'dance' });
    expect((await c.next((m) => m.code === 'unknown_action')).message).toContain('dance');
    c.send('[1,2]');
    await c.next((m) => m.code === 'bad_request');
    c.send({ action: 'subscribe', exchange: 'bybit' });
    await waitFor(() => c.messages.filter((m) => m.code === 'bad_request').length === 2);
    c.send({ action: 'subscribe', exchange: 'bybit', symbol: 'AAA', depth: -3 });
    await waitFor(() => c.messages.filter((m) => m.code === 'bad_request').length === 3);
    c.send({ action: 'ping' });
    await c.next((m) => m.type === 'pong');
    expect(c.closeCode).toBeNull();
  });

  it('rejects unknown exchanges and exchanges without a stream, with a clear message', async () => {
    const { url } = await setup();
    const c = await Client.connect(url);
    c.send({ action: 'subscribe', exchange: 'mtgox', symbol: 'BTCUSD' });
    const unknown = await c.next((m) => m.code === 'unknown_exchange');
    expect(unknown.message).toContain('mtgox');
    expect(unknown.message).toContain('bybit');
    c.send({ action: 'subscribe', exchange: 'KuCoin', symbol: 'XBTUSDTM' });
    await waitFor(() => c.messages.filter((m) => m.code === 'unknown_exchange').length === 2);
    const noStream = c.messages.filter((m) => m.code === 'unknown_exchange')[1]!;
    expect(noStream).toMatchObject({ exchange: 'kucoin' });
    expect(noStream.message).toMatch(/KuCoin order books are not streamed/);
  });

  it('checks symbols with isKnownSymbol (async too)', async () => {
    const { url, venue } = await setup({ isKnownSymbol: async (_v, s) => s !== 'NOPE' });
    const c = await Client.connect(url);
    c.send({ action: 'subscribe', exchange: 'Bybit', symbol: 'NOPE' });
    expect(await c.next((m) => m.code === 'unknown_symbol')).toMatchObject({ exchange: 'bybit', symbol: 'NOPE' });
    c.send({ action: 'subscribe', exchange: 'Bybit', symbol: 'AAA' });
    await c.next((m) => m.type === 'subscribed');
    expect(venue.ops('sub', 'NOPE')).toBe(0);
  });

  it('subscribes (case-insensitive exchange), streams books best first at the asked depth, and unsubscribes', async () => {
    const { url, venue, hub, streamer } = await setup();
    const c = await Client.connect(url);
    c.send({ action: 'subscribe', exchange: 'BYBIT', symbol: 'AAA', depth: 3 });
    expect(await c.next((m) => m.type === 'subscribed')).toEqual({
      type: 'subscribed',
      exchange: 'bybit',
      symbol: 'AAA',
      depth: 3,
    });
    await waitFor(
      () => c.books('AAA').some((m) => Array.isArray(m.b) && (m.b as unknown[]).length === 3),
      2000,
      'first book',
    );
    venue.delta('AAA', { b: [[100.5, 2]], a: [[101, 0]] });
    const book = await c.next((m) => m.symbol === 'AAA' && m.seq === venue.seq('AAA'));
    expect(book).toMatchObject({
      exchange: 'bybit',
      symbol: 'AAA',
      b: [
        [100.5, 2],
        [100, 1],
        [99, 2],
      ],
      a: [
        [102, 2],
        [103, 3],
        [104, 4],
      ],
    });
    expect(book.status).toBeUndefined();
    expect(typeof book.ts).toBe('number');
    expect(book.recv).toBeGreaterThan(Date.now() - 5000);
    expect(hub.stats()).toMatchObject({ clients: 1, subscriptions: 1, streams: 1 });

    c.send({ action: 'unsubscribe', exchange: 'bybit', symbol: 'AAA' });
    expect(await c.next((m) => m.type === 'unsubscribed')).toEqual({
      type: 'unsubscribed',
      exchange: 'bybit',
      symbol: 'AAA',
    });
    const count = c.books('AAA').length;
    venue.delta('AAA', { b: [[100.6, 1]] });
    await sleep(100);
    expect(c.books('AAA').length).toBe(count);
    await waitFor(() => streamer.getBook('bybit', 'AAA') === undefined, 2000, 'upstream released');
    expect(hub.stats()).toMatchObject({ subscriptions: 0, streams: 0 });
  });

  it('caps depth at maxDepth and subscriptions at maxSubscriptionsPerClient', async () => {
    const { url } = await setup({ maxSubscriptionsPerClient: 2, maxDepth: 4 });
    const c = await Client.connect(url);
    c.send({ action: 'subscribe', exchange: 'bybit', symbol: 'AAA', depth: 500 });
    expect(await c.next((m) => m.type === 'subscribed')).toMatchObject({ depth: 4 });
    c.send({ action: 'subscribe', channel: 'funding' });
    await c.next((m) => m.type === 'subscribed' && m.channel === 'funding');
    c.send({ action: 'subscribe', exchange: 'bybit', symbol: 'CCC' });
    expect(await c.next((m) => m.type === 'error')).toMatchObject({ code: 'too_many_subscriptions', symbol: 'CCC' });
    // Re-subscribing to a held stream is not a new subscription.
    c.send({ action: 'subscribe', exchange: 'bybit', symbol: 'AAA', depth: 2 });
    await waitFor(() => c.messages.filter((m) => m.type === 'subscribed').length === 3);
    expect(c.messages.filter((m) => m.type === 'error')).toHaveLength(1);
  });

  it('sends a status without levels while a book resyncs, then the book again', async () => {
    const { url, venue } = await setup();
    const c = await Client.connect(url);
    c.send({ action: 'subscribe', exchange: 'bybit', symbol: 'AAA' });
    await waitFor(() => c.books('AAA').some((m) => m.status === undefined));
    venue.silent = true; // the resubscribe's snapshot is swallowed, so the book stays resyncing
    venue.skip('AAA');
    venue.silent = false;
    venue.delta('AAA', { b: [[100, 3]] });
    venue.silent = true;
    const status = await c.next((m) => m.status === 'resyncing');
    expect(status).toMatchObject({ exchange: 'bybit', symbol: 'AAA', b: [], a: [] });
    venue.silent = false;
    venue.delta('AAA', { b: [[100, 4]] }); // gap-ignored while resyncing; the watchdog brings a snapshot
    venue.sendRaw(
      JSON.stringify({
        ch: 'book',
        s: 'AAA',
        k: 'snap',
        seq: venue.seq('AAA'),
        ts: 1,
        ...{ b: venue.top('AAA', 50).bids, a: venue.top('AAA', 50).asks },
      }),
    );
    const back = await c.next((m) => m.symbol === 'AAA' && m.seq === venue.seq('AAA') && m.status === undefined);
    expect((back.b as number[][])[0]).toEqual([100, 4]);
  });

  it('serialises each update once per depth and shares it across clients', async () => {
    const { url, venue, hub } = await setup();
    const a = await Client.connect(url);
    const b = await Client.connect(url);
    for (const c of [a, b]) c.send({ action: 'subscribe', exchange: 'bybit', symbol: 'AAA', depth: 5 });
    await waitFor(() => a.books('AAA').length > 0 && b.books('AAA').length > 0);
    await sleep(50);
    const before = hub.stats();
    venue.delta('AAA', { b: [[100.2, 1]] });
    await waitFor(() => [a, b].every((c) => c.books('AAA').some((m) => m.seq === venue.seq('AAA'))));
    const after = hub.stats();
    expect(after.booksSerialised - before.booksSerialised).toBe(1);
    expect(after.messagesSent - before.messagesSent).toBe(2);
  });

  it('keeps one pending message per stream: a burst is conflated to the latest', async () => {
    const { url, hub } = await setup();
    const c = await Client.connect(url);
    c.send({ action: 'subscribe', channel: 'funding' });
    await c.next((m) => m.type === 'subscribed');
    for (let i = 1; i <= 100; i++) hub.publish('funding', { n: i });
    const isData = (m: Msg) => m.channel === 'funding' && m.type === undefined;
    await c.next(isData);
    await sleep(50);
    const got = c.messages.filter(isData);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ channel: 'funding', data: { n: 100 } });
    expect(hub.stats().conflated).toBe(99);
    c.send({ action: 'unsubscribe', channel: 'funding' });
    await c.next((m) => m.type === 'unsubscribed');
    hub.publish('funding', { n: 101 });
    await sleep(50);
    expect(c.messages.filter(isData)).toHaveLength(1);
  });

  it('limits updates per stream per client when maxUpdatesPerSec is set, delivering the latest', async () => {
    const { url, venue } = await setup({ maxUpdatesPerSec: 10 });
    const c = await Client.connect(url);
    c.send({ action: 'subscribe', exchange: 'bybit', symbol: 'AAA' });
    await waitFor(() => c.books('AAA').length > 0);
    const start = c.books('AAA').length;
    for (let i = 0; i < 20; i++) {
      venue.delta('AAA', { b: [[90 + i / 100, 1]] });
      await sleep(10);
    }
    await c.next((m) => m.seq === venue.seq('AAA'), 2000);
    // ~250 ms of updates at 10/s per stream: a handful of messages, not 20.
    expect(c.books('AAA').length - start).toBeLessThanOrEqual(5);
  });

  it('closes a client that stops reading with code 4008', async () => {
    const { url, hub } = await setup({ maxBufferedBytes: 64 * 1024, slowClientMs: 100 });
    const slow = await Client.connect(url);
    const fine = await Client.connect(url);
    for (const c of [slow, fine]) c.send({ action: 'subscribe', channel: 'funding' });
    await waitFor(() => hub.stats().channelSubscriptions === 2);
    slow.ws.pause(); // stops reading from the socket: the server's send buffer fills
    const blob = 'x'.repeat(256 * 1024);
    const pump = setInterval(() => hub.publish('funding', { blob, at: Date.now() }), 5);
    cleanups.push(() => clearInterval(pump));
    await waitFor(() => hub.stats().slowClosed === 1, 5000, 'slow client closed');
    clearInterval(pump);
    expect(hub.clientCount()).toBe(1);
    slow.ws.resume();
    await waitFor(() => slow.closeCode !== null, 5000, 'close frame');
    expect(slow.closeCode).toBe(SLOW_CLIENT_CLOSE_CODE);
    expect(slow.closeReason).toMatch(/too slow/);
    fine.send({ action: 'ping' });
    await fine.next((m) => m.type === 'pong');
  });

  it('terminates clients that do not answer heartbeats and keeps those that do', async () => {
    const { url, hub } = await setup({ heartbeatMs: 60 });
    const deaf = await Client.connect(url, { autoPong: false });
    const alive = await Client.connect(url);
    await waitFor(() => deaf.closeCode !== null, 2000, 'deaf client terminated');
    expect(deaf.closeCode).toBe(1006); // terminated, no close handshake
    await sleep(150);
    expect(alive.closeCode).toBeNull();
    expect(hub.clientCount()).toBe(1);
    expect(hub.stats().heartbeatTerminated).toBe(1);
  });

  it('releases every stream of a client that disconnects', async () => {
    const { url, streamer, hub } = await setup();
    const c = await Client.connect(url);
    c.send({ action: 'subscribe', exchange: 'bybit', symbol: 'AAA' });
    c.send({ action: 'subscribe', exchange: 'bybit', symbol: 'BBB' });
    await waitFor(() => c.messages.filter((m) => m.type === 'subscribed').length === 2);
    expect(streamer.status()[0]!.symbols).toBe(2);
    c.ws.close();
    await waitFor(() => hub.clientCount() === 0);
    await waitFor(() => streamer.status()[0]!.symbols === 0, 2000, 'streams released');
  });

  it('close() disconnects clients with 1001 and refuses new ones', async () => {
    const { url, hub } = await setup();
    const c = await Client.connect(url);
    hub.close();
    await waitFor(() => c.closeCode !== null);
    expect(c.closeCode).toBe(1001);
    const late = await Client.connect(url);
    await waitFor(() => late.closeCode !== null);
    expect(late.closeCode).toBe(1001);
  });
});
