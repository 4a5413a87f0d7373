import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { silentLogger } from './logger';
import { backoffDelayMs, VenueSocket, type VenueSocketOptions } from './socket';
import type { VenueStreamSpec } from './types';

// A local venue that can accept, refuse, drop, close with a code, stay silent or hang.
type Mode = 'accept' | 'drop' | 'refuse-503' | 'refuse-403';

class FakeVenue {
  readonly server = http.createServer();
  readonly wss = new WebSocketServer({ noServer: true });
  mode: Mode = 'accept';
  connectedAt: number[] = [];
  received: { conn: number; text: string; at: number }[] = [];
  pings = 0;
  sockets: WebSocket[] = [];
  onConnection: (ws: WebSocket) => void = () => {};

  async listen(): Promise<this> {
    this.server.on('upgrade', (req, socket, head) => {
      if (this.mode === 'refuse-503' || this.mode === 'refuse-403') {
        const line = this.mode === 'refuse-503' ? '503 Service Unavailable' : '403 Forbidden';
        socket.end(`HTTP/1.1 ${line}\r\nContent-Length: 0\r\n\r\n`);
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        const conn = this.connectedAt.push(Date.now()) - 1;
        this.sockets.push(ws);
        if (this.mode === 'drop') {
          ws.terminate();
          return;
        }
        ws.on('message', (data) => this.received.push({ conn, text: String(data), at: Date.now() }));
        ws.on('ping', () => this.pings++);
        this.onConnection(ws);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get last(): WebSocket {
    const ws = this.sockets[this.sockets.length - 1];
    if (!ws) throw new Error('no connection yet');
    return ws;
  }

  framesOn(conn: number): string[] {
    return this.received.filter((r) => r.conn === conn).map((r) => r.text);
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function spec(url: () => string, over: Partial<VenueStreamSpec> = {}): VenueStreamSpec {
  return {
    venue: 'bybit',
    resolveUrl: async () => url(),
    maxSymbolsPerConnection: 50,
    subscribeFrames: (symbols) => [JSON.stringify({ op: 'sub', symbols })],
    unsubscribeFrames: (symbols) => [JSON.stringify({ op: 'unsub', symbols })],
    keepalive: { intervalMs: 0, frame: null },
    parse: () => null,
    rules: { snapshotFrom: 'stream', bridge: () => 'apply', follows: () => 'apply' },
    ...over,
  };
}

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

async function venue(): Promise<FakeVenue> {
  const v = await new FakeVenue().listen();
  cleanups.push(() => v.close());
  return v;
}

function socket(opts: Partial<VenueSocketOptions> & { spec: VenueStreamSpec }): VenueSocket {
  const s = new VenueSocket({ onFrame: () => {}, logger: silentLogger, random: () => 1, ...opts });
  cleanups.push(() => s.close());
  s.start();
  return s;
}

describe('backoffDelayMs', () => {
  it('grows ×2 from the base, caps, and jitters over the whole range', () => {
    const opts = { baseMs: 500, factor: 2, maxMs: 30_000 };
    expect([1, 2, 3, 4].map((a) => backoffDelayMs(a, opts, () => 1))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffDelayMs(20, opts, () => 1)).toBe(30_000);
    expect(backoffDelayMs(3, opts, () => 0)).toBe(0);
    expect(backoffDelayMs(3, opts, () => 0.5)).toBe(1000);
  });
});

describe('VenueSocket', () => {
  it('subscribes the initial symbols in batches and paces outbound frames per second', async () => {
    const v = await venue();
    const subscribed: string[][] = [];
    const symbols = Array.from({ length: 12 }, (_, i) => `S${i}`);
    socket({
      spec: spec(() => v.url),
      symbols,
      symbolsPerFrame: 1,
      maxOutboundPerSec: 10,
      onSubscribed: (s) => subscribed.push(s),
    });
    await waitFor(() => v.received.length === 12, 3000, '12 subscribe frames');
    const first = v.received[0]!.at;
    const within = v.received.filter((r) => r.at - first < 900).length;
    expect(within).toBe(10);
    expect(v.received[10]!.at - first).toBeGreaterThanOrEqual(950);
    expect(v.received.map((r) => JSON.parse(r.text).symbols[0])).toEqual(symbols);
    expect(subscribed.flat()).toEqual(symbols);
  });

  it('delivers text frames, inflates gzip frames, and survives garbage and throwing callbacks', async () => {
    const v = await venue();
    const frames: string[] = [];
    const decodeErrors: Error[] = [];
    v.onConnection = (ws) => {
      ws.send('plain text');
      ws.send(gzipSync('{"zipped":1}'), { binary: true });
      ws.send(Buffer.from('definitely not gzip'), { binary: true });
      ws.send('boom');
      ws.send(gzipSync('{"zipped":2}'), { binary: true });
    };
    const s = socket({
      spec: spec(() => v.url, { compression: 'gzip' }),
      onFrame: (text) => {
        if (text === 'boom') throw new Error('callback bug');
        frames.push(text);
      },
      onDecodeError: (err) => decodeErrors.push(err),
    });
    await waitFor(() => frames.length === 3, 2000, 'frames');
    expect(frames).toEqual(['plain text', '{"zipped":1}', '{"zipped":2}']);
    expect(decodeErrors).toHaveLength(1);
    expect(s.status()).toMatchObject({ state: 'connected', messages: 5 });
    expect(v.connectedAt).toHaveLength(1);
  });

  it('inflates deflate frames with or without the zlib wrapper', async () => {
    const v = await venue();
    const frames: string[] = [];
    v.onConnection = (ws) => {
      ws.send(deflateSync('zlib'), { binary: true });
      ws.send(deflateRawSync('raw'), { binary: true });
    };
    socket({ spec: spec(() => v.url, { compression: 'deflate' }), onFrame: (t) => frames.push(t) });
    await waitFor(() => frames.length === 2);
    expect(frames).toEqual(['zlib', 'raw']);
  });

  it('reconnects with exponential backoff after drops and restores every subscribed symbol', async () => {
    const v = await venue();
    v.mode = 'drop';
    const opens: boolean[] = [];
    const disconnects: string[] = [];
    const s = socket({
      spec: spec(() => v.url),
      symbols: ['A', 'B'],
      backoff: { baseMs: 20 },
      healthyAfterMs: 10_000,
      onOpen: ({ reconnect }) => opens.push(reconnect),
      onDisconnect: (f) => disconnects.push(f.kind),
    });
    await waitFor(() => v.connectedAt.length === 4, 3000, 'four dropped connections');
    v.mode = 'accept';
    const gaps = v.connectedAt.slice(1).map((t, i) => t - v.connectedAt[i]!);
    // random() = 1 → delays are exactly 20, 40, 80 ms (plus connect time).
    expect(gaps[0]).toBeGreaterThanOrEqual(19);
    expect(gaps[1]).toBeGreaterThanOrEqual(39);
    expect(gaps[2]).toBeGreaterThanOrEqual(79);
    expect(gaps[2]!).toBeGreaterThan(gaps[0]!);
    await waitFor(() => s.status().state === 'connected' && v.received.length > 0, 3000, 'accepted connection');
    expect(s.status().attempt).toBe(4);
    expect(s.status().lastError).toMatchObject({ kind: 'network', cause: 'closed' });
    expect(opens[0]).toBe(false);
    expect(opens.slice(1).every(Boolean)).toBe(true);
    expect(disconnects.every((k) => k === 'network')).toBe(true);

    // Live changes, then a drop: the new connection gets exactly the current set.
    const conn = v.connectedAt.length - 1;
    s.subscribe(['C']);
    s.unsubscribe(['A']);
    await waitFor(() => v.framesOn(conn).length === 3);
    expect(v.framesOn(conn).map((t) => JSON.parse(t))).toEqual([
      { op: 'sub', symbols: ['A', 'B'] },
      { op: 'sub', symbols: ['C'] },
      { op: 'unsub', symbols: ['A'] },
    ]);
    v.last.terminate();
    await waitFor(() => v.framesOn(conn + 1).length === 1, 3000, 'restore on reconnect');
    expect(JSON.parse(v.framesOn(conn + 1)[0]!)).toEqual({ op: 'sub', symbols: ['B', 'C'] });
  });

  it('resets the attempt counter once a connection stays healthy', async () => {
    const v = await venue();
    v.mode = 'drop';
    const s = socket({ spec: spec(() => v.url), backoff: { baseMs: 10 }, healthyAfterMs: 150 });
    await waitFor(() => v.connectedAt.length >= 2);
    v.mode = 'accept';
    await waitFor(() => s.status().state === 'connected');
    expect(s.status().attempt).toBeGreaterThan(0);
    await waitFor(() => s.status().attempt === 0, 1000, 'attempt reset');
    expect(s.status().connectedSince).not.toBeNull();
  });

  it('classifies refusals: HTTP 5xx as network, HTTP 4xx and policy closes as venue errors', async () => {
    const v = await venue();
    v.mode = 'refuse-503';
    const s = socket({ spec: spec(() => v.url), backoff: { baseMs: 10 }, venueErrorDelayMs: 250 });
    await waitFor(() => s.status().attempt >= 2, 2000, 'two refused attempts');
    expect(s.status().lastError).toMatchObject({ kind: 'network', cause: 'rejected' });
    expect(s.status().lastError?.message).toContain('503');
    expect(s.status().state).toBe('reconnecting');

    v.mode = 'refuse-403';
    await waitFor(() => s.status().lastError?.kind === 'venue', 2000, 'venue refusal');
    const refusedAt = Date.now();
    const attempt = s.status().attempt;
    v.mode = 'accept';
    await waitFor(() => s.status().state === 'connected', 2000, 'connect after refusal');
    // The venue said no: the next try waited at least venueErrorDelayMs, not the 10 ms base.
    expect(Date.now() - refusedAt).toBeGreaterThanOrEqual(200);
    expect(s.status().attempt).toBe(attempt);

    v.onConnection = (ws) => ws.close(1008, 'too many requests');
    v.last.close(1008, 'policy');
    await waitFor(() => s.status().lastError?.cause === 'closed', 2000, 'policy close');
    expect(s.status().lastError).toMatchObject({ kind: 'venue' });
    expect(s.status().lastError?.message).toContain('1008');
  });

  it('retries when nothing listens on the port (connection refused)', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const s = socket({ spec: spec(() => `ws://127.0.0.1:${port}`), backoff: { baseMs: 10 } });
    await waitFor(() => s.status().attempt >= 3, 2000, 'refused attempts');
    expect(s.status().lastError).toMatchObject({ kind: 'network', cause: 'error' });
    expect(s.status().lastError?.message).toContain('ECONNREFUSED');
  });

  it('gives up an attempt that hangs past the connect timeout and tries again', async () => {
    const hanging = net.createServer(() => {}); // accepts TCP, never answers the upgrade
    const held: net.Socket[] = [];
    hanging.on('connection', (c) => held.push(c));
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
    cleanups.push(async () => {
      for (const c of held) c.destroy();
      await new Promise<void>((r) => hanging.close(() => r()));
    });
    const port = (hanging.address() as AddressInfo).port;
    const s = socket({ spec: spec(() => `ws://127.0.0.1:${port}`), connectTimeoutMs: 80, backoff: { baseMs: 10 } });
    await waitFor(() => s.status().attempt >= 2, 2000, 'timed out attempts');
    expect(s.status().lastError).toMatchObject({ kind: 'network', cause: 'connect-timeout' });
    expect(held.length).toBeGreaterThanOrEqual(2);
    expect(s.status().state).toBe('reconnecting');
  });

  it('treats a URL that cannot be resolved as a failed attempt', async () => {
    let calls = 0;
    const s = socket({
      spec: spec(() => {
        calls++;
        throw new Error('token endpoint down');
      }),
      backoff: { baseMs: 10 },
    });
    await waitFor(() => calls >= 2);
    expect(s.status().lastError).toMatchObject({ kind: 'network', cause: 'resolve' });
  });

  it('terminates a silent connection and reconnects, but keeps a chatty one', async () => {
    const v = await venue();
    let chatty = false;
    v.onConnection = (ws) => {
      if (!chatty) return;
      const t = setInterval(() => ws.send('tick'), 30);
      ws.on('close', () => clearInterval(t));
    };
    const s = socket({ spec: spec(() => v.url), staleMs: 150, backoff: { baseMs: 10 } });
    await waitFor(() => v.connectedAt.length >= 2, 2000, 'stale reconnect');
    expect(s.status().lastError).toMatchObject({ kind: 'network', cause: 'stale' });
    chatty = true;
    await waitFor(() => v.connectedAt.length >= 3 && s.status().state === 'connected', 2000);
    const count = v.connectedAt.length;
    await sleep(450);
    expect(v.connectedAt.length).toBe(count);
    expect(s.status().lastMessageAt).toBeGreaterThan(Date.now() - 200);
  });

  it('sends the text keepalive frame on its interval', async () => {
    const v = await venue();
    socket({ spec: spec(() => v.url, { keepalive: { intervalMs: 40, frame: '{"op":"ping"}' } }) });
    await waitFor(() => v.received.filter((r) => r.text === '{"op":"ping"}').length >= 3, 2000, 'keepalive frames');
    expect(v.pings).toBe(0);
  });

  it('puts a text keepalive ahead of a rate-limited subscribe backlog, one at a time', async () => {
    const v = await venue();
    socket({
      spec: spec(() => v.url, { keepalive: { intervalMs: 100, frame: 'ka' } }),
      symbols: ['S0', 'S1', 'S2', 'S3'],
      symbolsPerFrame: 1,
      maxOutboundPerSec: 2,
    });
    await waitFor(() => v.received.length >= 4, 3000, 'frames after the window slid');
    const texts = v.received.map((r) => (r.text === 'ka' ? 'ka' : JSON.parse(r.text).symbols[0]));
    expect(texts.slice(0, 4)).toEqual(['S0', 'S1', 'ka', 'S2']);
  });

  it('sends WebSocket protocol pings when the keepalive frame is null', async () => {
    const v = await venue();
    socket({ spec: spec(() => v.url, { keepalive: { intervalMs: 40, frame: null } }) });
    await waitFor(() => v.pings >= 3, 2000, 'protocol pings');
    expect(v.received).toHaveLength(0);
  });

  it('sends resync frames only while connected and stops for good on close()', async () => {
    const v = await venue();
    const s = socket({ spec: spec(() => v.url), backoff: { baseMs: 10 } });
    expect(s.send(['early'])).toBe(false);
    await waitFor(() => s.connected);
    expect(s.send(['resync'])).toBe(true);
    await waitFor(() => v.received.some((r) => r.text === 'resync'));
    await s.close();
    expect(s.status().state).toBe('closed');
    const count = v.connectedAt.length;
    await sleep(100);
    expect(v.connectedAt.length).toBe(count);
    expect(s.send(['late'])).toBe(false);
  });
});
