// The browser-facing /ws hub: subscriptions to books (refcounted in the Streamer) and to named
// channels, one pending message per stream per client (newer replaces older), each book
// serialised once per depth and shared, slow readers closed, silent peers dropped.
// The HTTP server does the upgrade and hands each socket to handleConnection.
import type { IncomingMessage } from 'node:http';
import type { RawData, WebSocket } from 'ws';
import { parseVenueId, VENUE_NAMES, type VenueId } from '~/lib/venues';
import { silentLogger, type Logger } from './logger';
import type { BookUpdate, Streamer } from './streamer';

/** What the hub needs from the streamer. */
export type HubStreamer = Pick<Streamer, 'acquire' | 'onBook' | 'getUpdate' | 'hasVenue' | 'venues'>;

export interface HubOptions {
  streamer: HubStreamer;
  /** Books plus channels one connection may hold. */
  maxSubscriptionsPerClient?: number;
  defaultDepth?: number;
  maxDepth?: number;
  /** A client whose send buffer stays above this for `slowClientMs` is closed with 4008. */
  maxBufferedBytes?: number;
  slowClientMs?: number;
  heartbeatMs?: number;
  /** Per book stream per client; unset means as fast as the client drains. */
  maxUpdatesPerSec?: number;
  /** Longest client message accepted. */
  maxMessageBytes?: number;
  logger?: Logger;
  isKnownSymbol?: (venue: VenueId, symbol: string) => boolean | Promise<boolean>;
}

export type HubErrorCode =
  'bad_json' | 'unknown_action' | 'unknown_exchange' | 'unknown_symbol' | 'too_many_subscriptions' | 'bad_request';

export interface HubStats {
  clients: number;
  /** Book subscriptions over all clients. */
  subscriptions: number;
  channelSubscriptions: number;
  /** Distinct book streams held in the streamer for clients. */
  streams: number;
  /** Book messages serialised (once per update and depth, shared by clients). */
  booksSerialised: number;
  messagesSent: number;
  /** Pending messages replaced by a newer one before they were sent. */
  conflated: number;
  slowClosed: number;
  heartbeatTerminated: number;
}

export interface Hub {
  handleConnection(ws: WebSocket, req: IncomingMessage): void;
  /** Sends `{"channel", "data", "ts"}` to clients subscribed to the channel (conflated like books). */
  publish(channel: string, payload: unknown): void;
  clientCount(): number;
  stats(): HubStats;
  close(): void;
}

/** Close code for clients that do not read fast enough (application range, like 1008 for "policy"). */
export const SLOW_CLIENT_CLOSE_CODE = 4008;

const OPEN = 1; // WebSocket.OPEN, without importing the ws runtime here
const SYMBOL_RE = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,39}$/;
const CHANNEL_RE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

interface BookSub {
  venue: VenueId;
  symbol: string;
  depth: number;
  release: () => void;
}

interface Client {
  readonly id: number;
  readonly ws: WebSocket;
  alive: boolean;
  closed: boolean;
  books: Map<string, BookSub>;
  /** Book subscriptions waiting for isKnownSymbol. */
  pending: Map<string, { depth: number; acks: number }>;
  channels: Set<string>;
  /** Next message per stream key (UTF-8, encoded once for every client); a newer one replaces it. */
  outbox: Map<string, Buffer>;
  lastSentAt: Map<string, number>;
  overBudgetSince: number | null;
  retryTimer: NodeJS.Timeout | null;
  retryAt: number;
}

export function createHub(opts: HubOptions): Hub {
  const streamer = opts.streamer;
  const log = opts.logger ?? silentLogger;
  const maxSubs = opts.maxSubscriptionsPerClient ?? 50;
  const maxDepth = opts.maxDepth ?? 100;
  const defaultDepth = Math.min(opts.defaultDepth ?? 20, maxDepth);
  const maxBufferedBytes = opts.maxBufferedBytes ?? 1_000_000;
  const slowClientMs = opts.slowClientMs ?? 2000;
  const heartbeatMs = opts.heartbeatMs ?? 15_000;
  const minIntervalMs = opts.maxUpdatesPerSec && opts.maxUpdatesPerSec > 0 ? 1000 / opts.maxUpdatesPerSec : 0;
  const maxMessageBytes = opts.maxMessageBytes ?? 4096;
  const drainPollMs = Math.max(10, Math.min(50, Math.floor(slowClientMs / 4)));

  const clients = new Set<Client>();
  const bookSubscribers = new Map<string, Set<Client>>();
  const channelSubscribers = new Map<string, Set<Client>>();
  const dirty = new Set<Client>();
  let flushScheduled: NodeJS.Immediate | null = null;
  let nextId = 1;
  let closed = false;
  const counters = { booksSerialised: 0, messagesSent: 0, conflated: 0, slowClosed: 0, heartbeatTerminated: 0 };

  const stopBooks = streamer.onBook(onBook);
  const heartbeat = setInterval(beat, heartbeatMs);

  // ---- Outbound.

  function onBook(u: BookUpdate): void {
    const subs = bookSubscribers.get(bookKey(u.venue, u.symbol));
    if (!subs?.size) return;
    const byDepth = new Map<number, Buffer>();
    for (const c of subs) {
      const sub = c.books.get(bookKey(u.venue, u.symbol));
      if (!sub) continue;
      let msg = byDepth.get(sub.depth);
      if (msg === undefined) {
        msg = Buffer.from(bookMessage(u, sub.depth));
        byDepth.set(sub.depth, msg);
        counters.booksSerialised++;
      }
      queue(c, bookKey(u.venue, u.symbol), msg);
    }
  }

  function publish(channel: string, payload: unknown): void {
    const subs = channelSubscribers.get(channel);
    if (!subs?.size) return;
    let msg: Buffer;
    try {
      msg = Buffer.from(JSON.stringify({ channel, data: payload, ts: Date.now() }));
    } catch (err) {
      log.error('hub publish: payload is not serialisable', { channel, error: String(err) });
      return;
    }
    for (const c of subs) queue(c, channelKey(channel), msg);
  }

  function queue(c: Client, key: string, msg: Buffer): void {
    if (c.outbox.has(key)) counters.conflated++;
    c.outbox.set(key, msg);
    dirty.add(c);
    flushScheduled ??= setImmediate(flushDirty);
  }

  function flushDirty(): void {
    flushScheduled = null;
    const batch = [...dirty];
    dirty.clear();
    for (const c of batch) flush(c);
  }

  function flush(c: Client): void {
    if (c.closed || c.ws.readyState !== OPEN) return;
    if (overBudget(c)) return;
    // All of this client's pending frames leave in one write: a loopback write costs ~15 µs of
    // syscall here whatever its size, and it is the bulk of the fan-out's CPU.
    const socket = rawSocket(c.ws);
    socket?.cork();
    try {
      flushOutbox(c);
    } finally {
      socket?.uncork();
    }
  }

  function flushOutbox(c: Client): void {
    const now = Date.now();
    let nextDueAt = Infinity;
    for (const [key, msg] of c.outbox) {
      if (minIntervalMs > 0 && !isChannelKey(key)) {
        const last = c.lastSentAt.get(key);
        if (last !== undefined && now - last < minIntervalMs) {
          nextDueAt = Math.min(nextDueAt, last + minIntervalMs);
          continue;
        }
        c.lastSentAt.set(key, now);
      }
      c.outbox.delete(key);
      send(c, msg);
      if (overBudget(c)) return;
    }
    if (nextDueAt < Infinity) retryLater(c, nextDueAt - now);
  }

  /** True while the client's buffer is over budget; closes it once that has lasted too long. */
  function overBudget(c: Client): boolean {
    if (c.ws.bufferedAmount <= maxBufferedBytes) {
      c.overBudgetSince = null;
      return false;
    }
    const now = Date.now();
    c.overBudgetSince ??= now;
    if (now - c.overBudgetSince >= slowClientMs) {
      counters.slowClosed++;
      log.info('ws client too slow, closing', { client: c.id, bufferedBytes: c.ws.bufferedAmount });
      const ws = c.ws;
      removeClient(c);
      ws.close(SLOW_CLIENT_CLOSE_CODE, `too slow: send buffer above ${maxBufferedBytes} bytes for ${slowClientMs} ms`);
      // A peer that reads nothing will not read our close frame either.
      setTimeout(() => ws.terminate(), 5000).unref();
    } else {
      retryLater(c, drainPollMs);
    }
    return true;
  }

  function retryLater(c: Client, delayMs: number): void {
    const at = Date.now() + delayMs;
    if (c.retryTimer && c.retryAt <= at) return;
    if (c.retryTimer) clearTimeout(c.retryTimer);
    c.retryAt = at;
    c.retryTimer = setTimeout(
      () => {
        c.retryTimer = null;
        flush(c);
      },
      Math.max(1, delayMs),
    );
  }

  function send(c: Client, msg: string | Buffer): void {
    try {
      // A Buffer goes out as a text frame as it is, not re-encoded per client.
      c.ws.send(msg, { binary: false });
      counters.messagesSent++;
    } catch (err) {
      log.debug('ws send failed', { client: c.id, error: String(err) });
    }
  }

  function reply(c: Client, body: Record<string, unknown>): void {
    if (!c.closed && c.ws.readyState === OPEN) send(c, JSON.stringify(body));
  }

  function fail(c: Client, code: HubErrorCode, message: string, extra: Record<string, unknown> = {}): void {
    reply(c, { type: 'error', code, message, ...extra });
  }

  // ---- Inbound.

  function onMessage(c: Client, data: RawData): void {
    c.alive = true;
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    if (buf.length > maxMessageBytes) return fail(c, 'bad_request', `message larger than ${maxMessageBytes} bytes`);
    let msg: unknown;
    try {
      msg = JSON.parse(buf.toString('utf8'));
    } catch {
      return fail(c, 'bad_json', 'message is not valid JSON');
    }
    if (!isRecord(msg)) return fail(c, 'bad_request', 'expected a JSON object with an "action"');
    const action = typeof msg.action === 'string' ? msg.action.toLowerCase() : msg.action;
    switch (action) {
      case 'ping':
        return reply(c, { type: 'pong' });
      case 'subscribe':
        return subscribe(c, msg);
      case 'unsubscribe':
        return unsubscribe(c, msg);
      default:
        return fail(
          c,
          'unknown_action',
          `unknown action ${JSON.stringify(action ?? null)}; expected subscribe, unsubscribe or ping`,
        );
    }
  }

  function subscribe(c: Client, msg: Record<string, unknown>): void {
    if (msg.channel !== undefined) return subscribeChannel(c, msg.channel);
    const target = parseTarget(c, msg);
    if (!target) return;
    const { venue, symbol } = target;
    let depth = defaultDepth;
    if (msg.depth !== undefined) {
      if (typeof msg.depth !== 'number' || !Number.isInteger(msg.depth) || msg.depth < 1) {
        return fail(c, 'bad_request', `"depth" must be an integer from 1 to ${maxDepth}`, { exchange: venue, symbol });
      }
      depth = Math.min(msg.depth, maxDepth);
    }
    const key = bookKey(venue, symbol);
    const existing = c.books.get(key);
    if (existing) {
      existing.depth = depth;
      ackSubscribed(c, existing);
      return;
    }
    const waiting = c.pending.get(key);
    if (waiting) {
      waiting.depth = depth;
      waiting.acks++;
      return;
    }
    if (subscriptionCount(c) >= maxSubs) {
      return fail(c, 'too_many_subscriptions', `at most ${maxSubs} subscriptions per connection`, {
        exchange: venue,
        symbol,
      });
    }
    let known: boolean | Promise<boolean> = true;
    try {
      known = opts.isKnownSymbol ? opts.isKnownSymbol(venue, symbol) : true;
    } catch (err) {
      known = Promise.reject(err);
    }
    if (typeof known === 'boolean') return finishSubscribe(c, venue, symbol, depth, known, 1);
    const pending = { depth, acks: 1 };
    c.pending.set(key, pending);
    known.then(
      (ok) => {
        if (c.pending.get(key) !== pending) return; // unsubscribed or disconnected meanwhile
        c.pending.delete(key);
        finishSubscribe(c, venue, symbol, pending.depth, ok, pending.acks);
      },
      (err: unknown) => {
        if (c.pending.get(key) !== pending) return;
        c.pending.delete(key);
        log.warn('symbol check failed', { venue, symbol, error: String(err) });
        fail(c, 'unknown_symbol', `could not check ${symbol} on ${VENUE_NAMES[venue]} right now`, {
          exchange: venue,
          symbol,
        });
      },
    );
  }

  function finishSubscribe(
    c: Client,
    venue: VenueId,
    symbol: string,
    depth: number,
    known: boolean,
    acks: number,
  ): void {
    if (c.closed) return;
    if (!known)
      return fail(c, 'unknown_symbol', `${VENUE_NAMES[venue]} has no perpetual "${symbol}"`, {
        exchange: venue,
        symbol,
      });
    let release: () => void;
    try {
      release = streamer.acquire(venue, symbol);
    } catch (err) {
      return fail(c, 'unknown_exchange', String(err instanceof Error ? err.message : err), { exchange: venue, symbol });
    }
    const key = bookKey(venue, symbol);
    const sub: BookSub = { venue, symbol, depth, release };
    c.books.set(key, sub);
    let subs = bookSubscribers.get(key);
    if (!subs) bookSubscribers.set(key, (subs = new Set()));
    subs.add(c);
    for (let i = 0; i < acks; i++) ackSubscribed(c, sub);
  }

  /** Acks, then queues the book as it is now so the client need not wait for the next change. */
  function ackSubscribed(c: Client, sub: BookSub): void {
    reply(c, { type: 'subscribed', exchange: sub.venue, symbol: sub.symbol, depth: sub.depth });
    const current = streamer.getUpdate(sub.venue, sub.symbol);
    if (current) {
      counters.booksSerialised++;
      queue(c, bookKey(sub.venue, sub.symbol), Buffer.from(bookMessage(current, sub.depth)));
    }
  }

  function unsubscribe(c: Client, msg: Record<string, unknown>): void {
    if (msg.channel !== undefined) {
      const channel = msg.channel;
      if (typeof channel !== 'string' || !CHANNEL_RE.test(channel)) return fail(c, 'bad_request', 'bad "channel"');
      if (c.channels.delete(channel)) {
        channelSubscribers.get(channel)?.delete(c);
        c.outbox.delete(channelKey(channel));
      }
      return reply(c, { type: 'unsubscribed', channel });
    }
    const target = parseTarget(c, msg);
    if (!target) return;
    const key = bookKey(target.venue, target.symbol);
    c.pending.delete(key);
    dropBook(c, key);
    reply(c, { type: 'unsubscribed', exchange: target.venue, symbol: target.symbol });
  }

  function subscribeChannel(c: Client, channel: unknown): void {
    if (typeof channel !== 'string' || !CHANNEL_RE.test(channel)) {
      return fail(c, 'bad_request', '"channel" must be a name of letters, digits and . _ : - (at most 64)');
    }
    if (!c.channels.has(channel)) {
      if (subscriptionCount(c) >= maxSubs) {
        return fail(c, 'too_many_subscriptions', `at most ${maxSubs} subscriptions per connection`, { channel });
      }
      c.channels.add(channel);
      let subs = channelSubscribers.get(channel);
      if (!subs) channelSubscribers.set(channel, (subs = new Set()));
      subs.add(c);
    }
    reply(c, { type: 'subscribed', channel });
  }

  /** Validates exchange + symbol, answering with the error itself when they are not usable. */
  function parseTarget(c: Client, msg: Record<string, unknown>): { venue: VenueId; symbol: string } | null {
    if (msg.exchange === undefined || msg.symbol === undefined) {
      fail(c, 'bad_request', 'expected "exchange" and "symbol", or "channel"');
      return null;
    }
    const venue = parseVenueId(msg.exchange);
    const streaming = streamer.venues().join(', ') || 'none';
    if (!venue) {
      fail(c, 'unknown_exchange', `unknown exchange ${JSON.stringify(msg.exchange)}; streaming here: ${streaming}`);
      return null;
    }
    if (!streamer.hasVenue(venue)) {
      fail(
        c,
        'unknown_exchange',
        `${VENUE_NAMES[venue]} order books are not streamed by this server; streaming here: ${streaming}`,
        {
          exchange: venue,
        },
      );
      return null;
    }
    if (typeof msg.symbol !== 'string' || !SYMBOL_RE.test(msg.symbol)) {
      fail(c, 'bad_request', `bad "symbol" ${JSON.stringify(msg.symbol)}`, { exchange: venue });
      return null;
    }
    return { venue, symbol: msg.symbol };
  }

  function dropBook(c: Client, key: string): void {
    const sub = c.books.get(key);
    if (!sub) return;
    c.books.delete(key);
    c.outbox.delete(key);
    c.lastSentAt.delete(key);
    const subs = bookSubscribers.get(key);
    subs?.delete(c);
    if (subs && !subs.size) bookSubscribers.delete(key);
    sub.release();
  }

  function subscriptionCount(c: Client): number {
    return c.books.size + c.pending.size + c.channels.size;
  }

  // ---- Lifecycle.

  function handleConnection(ws: WebSocket, req: IncomingMessage): void {
    if (closed) {
      ws.close(1001, 'server shutting down');
      return;
    }
    const c: Client = {
      id: nextId++,
      ws,
      alive: true,
      closed: false,
      books: new Map(),
      pending: new Map(),
      channels: new Set(),
      outbox: new Map(),
      lastSentAt: new Map(),
      overBudgetSince: null,
      retryTimer: null,
      retryAt: 0,
    };
    clients.add(c);
    ws.on('message', (data) => onMessage(c, data));
    ws.on('pong', () => {
      c.alive = true;
    });
    ws.on('close', () => removeClient(c));
    ws.on('error', (err) => log.debug('ws client error', { client: c.id, error: err.message }));
    log.debug('ws client connected', { client: c.id, path: req.url, ip: req.socket.remoteAddress });
  }

  function removeClient(c: Client): void {
    if (c.closed) return;
    c.closed = true;
    clients.delete(c);
    dirty.delete(c);
    if (c.retryTimer) clearTimeout(c.retryTimer);
    c.retryTimer = null;
    for (const key of [...c.books.keys()]) dropBook(c, key);
    for (const channel of c.channels) channelSubscribers.get(channel)?.delete(c);
    c.channels.clear();
    c.pending.clear();
    c.outbox.clear();
  }

  /** Ping everyone; whoever did not answer the previous ping is gone. Also re-checks slow clients. */
  function beat(): void {
    for (const c of [...clients]) {
      if (!c.alive) {
        counters.heartbeatTerminated++;
        log.debug('ws client missed heartbeat', { client: c.id });
        removeClient(c);
        c.ws.terminate();
        continue;
      }
      c.alive = false;
      try {
        c.ws.ping();
      } catch {
        // closing already; the close handler cleans up
      }
      if (c.ws.readyState === OPEN) overBudget(c);
    }
  }

  function close(): void {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    stopBooks();
    if (flushScheduled) clearImmediate(flushScheduled);
    flushScheduled = null;
    for (const c of [...clients]) {
      removeClient(c);
      c.ws.close(1001, 'server shutting down');
    }
  }

  function stats(): HubStats {
    let subscriptions = 0;
    let channelSubscriptions = 0;
    for (const c of clients) {
      subscriptions += c.books.size;
      channelSubscriptions += c.channels.size;
    }
    return { clients: clients.size, subscriptions, channelSubscriptions, streams: bookSubscribers.size, ...counters };
  }

  return { handleConnection, publish, clientCount: () => clients.size, stats, close };
}

/** `{"exchange","symbol","b","a","ts","recv","seq"}`; when not live, a `status` and no levels. */
function bookMessage(u: BookUpdate, depth: number): string {
  const last = u.sync.lastEvent;
  if (u.status !== 'live') {
    return JSON.stringify({ exchange: u.venue, symbol: u.symbol, status: u.status, b: [], a: [], recv: u.recvMs });
  }
  const top = u.sync.book.top(depth);
  return JSON.stringify({
    exchange: u.venue,
    symbol: u.symbol,
    b: top.bids,
    a: top.asks,
    ts: last?.ts ?? 0,
    recv: u.recvMs,
    seq: last?.seq ?? 0,
  });
}

/**
 * The TCP socket under a `ws` connection. `ws` has no public cork; its sender corks around each
 * frame, and corks nest, so corking here batches a whole flush into one writev.
 */
function rawSocket(ws: WebSocket): { cork(): void; uncork(): void } | undefined {
  const socket = (ws as unknown as { _socket?: { cork?: unknown; uncork?: unknown } })._socket;
  return typeof socket?.cork === 'function' && typeof socket.uncork === 'function'
    ? (socket as { cork(): void; uncork(): void })
    : undefined;
}

function bookKey(venue: VenueId, symbol: string): string {
  return `${venue}:${symbol}`;
}

// Channel keys cannot collide with book keys: '#' is not allowed in a symbol or venue id.
function channelKey(channel: string): string {
  return `#${channel}`;
}

function isChannelKey(key: string): boolean {
  return key.startsWith('#');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
