// One WebSocket connection to a venue's public book stream, carrying a set of symbols.
// The only module that imports the `ws` client for venues: connect timeout, paced outbound
// frames, keepalive, decompression, staleness, jittered reconnect and subscription restore
// all live here, so venue modules stay pure descriptions (VenueStreamSpec).
import WebSocket from 'ws';
import type { IncomingMessage } from 'node:http';
import { gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { VenueError, type VenueStreamSpec } from './types';
import { silentLogger, type Logger } from './logger';

export type SocketState = 'connecting' | 'connected' | 'reconnecting' | 'closed';

/** Why a connection (attempt) ended. */
export type FailureCause = 'resolve' | 'connect-timeout' | 'rejected' | 'error' | 'closed' | 'stale';

export interface SocketFailure {
  /** `network`: retry with backoff. `venue`: the venue said no (HTTP 4xx on upgrade, policy close): retry slower. */
  kind: 'network' | 'venue';
  cause: FailureCause;
  message: string;
  /** ms since epoch. */
  at: number;
}

export interface VenueSocketStatus {
  state: SocketState;
  /** Consecutive failed attempts since the last connection that stayed healthy. */
  attempt: number;
  /** Time of the last inbound data frame, ms since epoch. */
  lastMessageAt: number | null;
  lastError: SocketFailure | null;
  connectedSince: number | null;
  /** Inbound data frames since the socket was created. */
  messages: number;
}

export interface BackoffOptions {
  baseMs: number;
  factor: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, factor: 2, maxMs: 30_000 };

/** Full-jitter exponential backoff: uniform in [0, min(max, base × factor^(attempt-1))]. */
export function backoffDelayMs(
  attempt: number,
  opts: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(opts.maxMs, opts.baseMs * opts.factor ** Math.max(0, attempt - 1));
  return Math.round(random() * ceiling);
}

export interface VenueSocketOptions {
  spec: VenueStreamSpec;
  symbols?: Iterable<string>;
  /**
   * Every inbound data frame, with our receive time: text (inflated when the spec says so), or
   * the raw bytes of a binary frame when the spec decodes binary itself (`parseBinary`, e.g. SBE).
   */
  onFrame: (frame: string | Buffer, recvMs: number) => void;
  /** A connection opened; `reconnect` is true when an earlier one had opened too. */
  onOpen?: (info: { reconnect: boolean }) => void;
  /** Subscribe frames for these symbols were written to the live socket (initial, live or restore). */
  onSubscribed?: (symbols: string[]) => void;
  /** An open connection was lost; the socket is already scheduling its reconnect. */
  onDisconnect?: (failure: SocketFailure) => void;
  /** A binary frame could not be inflated (counted like a parse error by callers). */
  onDecodeError?: (err: Error) => void;
  logger?: Logger;
  /** Covers resolving the URL, TCP connect and the upgrade. */
  connectTimeoutMs?: number;
  /** No inbound data frame for this long → terminate and reconnect. */
  staleMs?: number;
  /** Outbound frames per rolling second on one connection (Binance: 10, Bitget: 10). */
  maxOutboundPerSec?: number;
  /** Symbols handed to one `spec.subscribeFrames` call. */
  symbolsPerFrame?: number;
  backoff?: Partial<BackoffOptions>;
  /** A connection open this long resets the attempt counter. */
  healthyAfterMs?: number;
  /** Least reconnect delay after the venue refused us (unless it said Retry-After). */
  venueErrorDelayMs?: number;
  /** Source of jitter in [0, 1); tests pin it. */
  random?: () => number;
}

interface Outbound {
  frame: string;
  onSent?: () => void;
  keepalive?: boolean;
}

// Close codes meaning "the venue rejected what we did", as opposed to the network or a restart.
const VENUE_CLOSE_CODES = new Set([1002, 1003, 1007, 1008, 1009, 1010]);
const RATE_WINDOW_MS = 1000;

export class VenueSocket {
  readonly spec: VenueStreamSpec;
  private readonly opts: VenueSocketOptions;
  private readonly log: Logger;
  private readonly connectTimeoutMs: number;
  private readonly staleMs: number;
  private readonly maxOutboundPerSec: number;
  private readonly symbolsPerFrame: number;
  private readonly backoff: BackoffOptions;
  private readonly healthyAfterMs: number;
  private readonly venueErrorDelayMs: number;
  private readonly random: () => number;

  private readonly subscribed = new Set<string>();
  private ws: WebSocket | null = null;
  /** Bumped whenever a connection attempt ends, so late events of an old socket are ignored. */
  private generation = 0;
  private started = false;
  private stopped = false;
  private everConnected = false;

  private state: SocketState = 'connecting';
  private attempt = 0;
  private lastMessageAt: number | null = null;
  private lastInboundAt = 0;
  private lastStaleCheckAt = 0;
  private lastError: SocketFailure | null = null;
  private connectedSince: number | null = null;
  private messages = 0;

  private queue: Outbound[] = [];
  private sentAt: number[] = [];
  /** onSent callbacks may enqueue more; the running loop picks those up. */
  private pumping = false;
  private timers = {
    connect: null as NodeJS.Timeout | null,
    reconnect: null as NodeJS.Timeout | null,
    keepalive: null as NodeJS.Timeout | null,
    stale: null as NodeJS.Timeout | null,
    healthy: null as NodeJS.Timeout | null,
    pump: null as NodeJS.Timeout | null,
  };

  constructor(opts: VenueSocketOptions) {
    this.opts = opts;
    this.spec = opts.spec;
    this.log = opts.logger ?? silentLogger;
    this.connectTimeoutMs = opts.connectTimeoutMs ?? 10_000;
    this.staleMs = opts.staleMs ?? 30_000;
    this.maxOutboundPerSec = Math.max(1, opts.maxOutboundPerSec ?? 10);
    this.symbolsPerFrame = Math.max(1, opts.symbolsPerFrame ?? 50);
    this.backoff = { ...DEFAULT_BACKOFF, ...opts.backoff };
    this.healthyAfterMs = opts.healthyAfterMs ?? 10_000;
    this.venueErrorDelayMs = opts.venueErrorDelayMs ?? 5_000;
    this.random = opts.random ?? Math.random;
    for (const s of opts.symbols ?? []) this.subscribed.add(s);
  }

  /** Opens the first connection; later ones are opened by the reconnect logic. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    void this.connect();
  }

  get symbols(): ReadonlySet<string> {
    return this.subscribed;
  }

  get connected(): boolean {
    return this.state === 'connected';
  }

  status(): VenueSocketStatus {
    return {
      state: this.state,
      attempt: this.attempt,
      lastMessageAt: this.lastMessageAt,
      lastError: this.lastError,
      connectedSince: this.connectedSince,
      messages: this.messages,
    };
  }

  /** Adds symbols; on a live socket their subscribe frames go out now, otherwise on connect. */
  subscribe(symbols: string[]): void {
    const fresh = symbols.filter((s) => !this.subscribed.has(s));
    for (const s of fresh) this.subscribed.add(s);
    if (this.connected && fresh.length) this.sendSubscribe(fresh);
  }

  unsubscribe(symbols: string[]): void {
    const known = symbols.filter((s) => this.subscribed.delete(s));
    if (!this.connected || !known.length) return;
    for (const batch of chunk(known, this.symbolsPerFrame)) {
      const frames = this.framesFrom(() => this.spec.unsubscribeFrames(batch), 'unsubscribeFrames');
      this.enqueue(frames.map((frame) => ({ frame })));
    }
  }

  /** Queues raw frames (e.g. resync frames) on the live connection; false when not connected. */
  send(frames: string[]): boolean {
    if (!this.connected) return false;
    this.enqueue(frames.map((frame) => ({ frame })));
    return true;
  }

  /** Stops for good: no reconnect; resolves once the connection is gone. */
  close(): Promise<void> {
    this.stopped = true;
    this.generation++;
    this.clearConnectionTimers();
    clearTimer(this.timers.reconnect);
    this.timers.reconnect = null;
    this.queue = [];
    this.state = 'closed';
    this.connectedSince = null;
    const ws = this.ws;
    this.ws = null;
    if (!ws || ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      // A peer that never answers the close handshake must not hold shutdown up.
      const force = setTimeout(() => ws.terminate(), 1000);
      force.unref();
      ws.once('close', () => {
        clearTimeout(force);
        resolve();
      });
      if (ws.readyState === WebSocket.OPEN) ws.close(1000, 'client closing');
      else ws.terminate();
    });
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const gen = ++this.generation;
    this.state = this.everConnected || this.attempt > 0 ? 'reconnecting' : 'connecting';
    this.timers.connect = setTimeout(
      () => this.fail(gen, 'network', 'connect-timeout', `connect timeout after ${this.connectTimeoutMs} ms`),
      this.connectTimeoutMs,
    );
    let url: string;
    try {
      url = await this.spec.resolveUrl();
    } catch (err) {
      const kind = err instanceof VenueError ? 'venue' : 'network';
      this.fail(gen, kind, 'resolve', `resolve url: ${errorMessage(err)}`, retryAfterOf(err));
      return;
    }
    if (gen !== this.generation) return; // timed out or closed while resolving
    let ws: WebSocket;
    try {
      ws = new WebSocket(url, { perMessageDeflate: false });
    } catch (err) {
      this.fail(gen, 'venue', 'rejected', `bad url: ${errorMessage(err)}`);
      return;
    }
    this.ws = ws;
    ws.on('open', () => this.onOpen(gen));
    ws.on('message', (data, isBinary) => this.onMessage(gen, data, isBinary));
    ws.on('unexpected-response', (_req, res: IncomingMessage) => this.onUnexpectedResponse(gen, res));
    ws.on('error', (err) => this.fail(gen, 'network', 'error', err.message));
    ws.on('close', (code, reason) => {
      const kind = VENUE_CLOSE_CODES.has(code) || (code >= 4000 && code < 5000) ? 'venue' : 'network';
      const text = reason.toString('utf8');
      this.fail(gen, kind, 'closed', `closed by peer: ${code}${text ? ` ${text}` : ''}`);
    });
  }

  private onOpen(gen: number): void {
    if (gen !== this.generation) return;
    clearTimer(this.timers.connect);
    this.timers.connect = null;
    const now = Date.now();
    const reconnect = this.everConnected;
    this.everConnected = true;
    this.state = 'connected';
    this.connectedSince = now;
    this.lastInboundAt = now;
    this.sentAt = [];
    this.queue = [];
    this.timers.healthy = setTimeout(() => {
      this.attempt = 0;
    }, this.healthyAfterMs);
    const { intervalMs, frame } = this.spec.keepalive;
    if (intervalMs > 0) this.timers.keepalive = setInterval(() => this.keepalive(gen, frame), intervalMs);
    const checkMs = Math.min(1000, Math.max(10, Math.floor(this.staleMs / 4)));
    this.lastStaleCheckAt = now;
    this.timers.stale = setInterval(() => this.checkStale(gen, checkMs), checkMs);
    this.log.info('venue socket connected', { venue: this.spec.venue, reconnect, symbols: this.subscribed.size });
    // Taken before onOpen: symbols its callback subscribes are sent by subscribe() itself.
    const restore = [...this.subscribed];
    this.safely('onOpen', () => this.opts.onOpen?.({ reconnect }));
    const still = restore.filter((s) => this.subscribed.has(s));
    if (gen === this.generation && still.length) this.sendSubscribe(still);
  }

  private onMessage(gen: number, data: WebSocket.RawData, isBinary: boolean): void {
    if (gen !== this.generation) return;
    const now = Date.now();
    this.lastInboundAt = now;
    this.lastMessageAt = now;
    this.messages++;
    let frame: string | Buffer;
    try {
      frame = decodeFrame(data, isBinary, this.spec);
    } catch (err) {
      const error = new Error(
        `${this.spec.venue}: cannot inflate ${this.spec.compression ?? 'binary'} frame: ${errorMessage(err)}`,
      );
      this.safely('onDecodeError', () => this.opts.onDecodeError?.(error));
      return;
    }
    this.safely('onFrame', () => this.opts.onFrame(frame, now));
  }

  private onUnexpectedResponse(gen: number, res: IncomingMessage): void {
    const status = res.statusCode ?? 0;
    res.resume();
    // 5xx and 408 are the venue's infrastructure failing: a network problem. Other codes are a refusal.
    const kind = status >= 500 || status === 408 ? 'network' : 'venue';
    this.fail(gen, kind, 'rejected', `upgrade refused: HTTP ${status}`, parseRetryAfterMs(res.headers['retry-after']));
  }

  private keepalive(gen: number, frame: string | null): void {
    if (gen !== this.generation || !this.connected) return;
    if (frame === null) {
      try {
        this.ws?.ping();
      } catch (err) {
        this.log.debug('venue socket ping failed', { venue: this.spec.venue, error: errorMessage(err) });
      }
    } else {
      // Ahead of any subscribe backlog (a starved keepalive gets the connection cut by the venue),
      // and never two waiting: they would only eat the budget the backlog needs.
      if (this.queue.some((item) => item.keepalive)) return;
      this.queue.unshift({ frame, keepalive: true });
      this.pump();
    }
  }

  private checkStale(gen: number, checkMs: number): void {
    if (gen !== this.generation) return;
    const now = Date.now();
    const lateMs = now - this.lastStaleCheckAt - checkMs;
    this.lastStaleCheckAt = now;
    // After an event-loop stall timers run before the frames that queued up meanwhile are read;
    // judge on the next check, once they have been.
    if (lateMs > checkMs) return;
    const silentMs = now - this.lastInboundAt;
    if (silentMs > this.staleMs) this.fail(gen, 'network', 'stale', `stale: no frame for ${silentMs} ms`);
  }

  /** Ends the current attempt or connection (first report wins) and schedules the next one. */
  private fail(
    gen: number,
    kind: SocketFailure['kind'],
    cause: FailureCause,
    message: string,
    retryAfterMs?: number,
  ): void {
    if (gen !== this.generation || this.stopped) return;
    this.generation++;
    const wasConnected = this.state === 'connected';
    this.clearConnectionTimers();
    this.queue = [];
    const ws = this.ws;
    this.ws = null;
    if (ws && ws.readyState !== WebSocket.CLOSED) ws.terminate();
    const failure: SocketFailure = { kind, cause, message, at: Date.now() };
    this.lastError = failure;
    this.connectedSince = null;
    this.attempt++;
    let delayMs = backoffDelayMs(this.attempt, this.backoff, this.random);
    if (kind === 'venue') delayMs = Math.max(delayMs, retryAfterMs ?? this.venueErrorDelayMs);
    this.state = 'reconnecting';
    const level = kind === 'venue' || this.attempt > 3 ? 'warn' : 'info';
    this.log[level]('venue socket down', {
      venue: this.spec.venue,
      kind,
      cause,
      message,
      attempt: this.attempt,
      retryInMs: delayMs,
    });
    if (wasConnected) this.safely('onDisconnect', () => this.opts.onDisconnect?.(failure));
    if (this.stopped) return; // the callback may have closed us
    this.timers.reconnect = setTimeout(() => {
      this.timers.reconnect = null;
      void this.connect();
    }, delayMs);
  }

  private sendSubscribe(symbols: string[]): void {
    for (const batch of chunk(symbols, this.symbolsPerFrame)) {
      const frames = this.framesFrom(() => this.spec.subscribeFrames(batch), 'subscribeFrames');
      const out: Outbound[] = frames.map((frame) => ({ frame }));
      const notify = () => this.safely('onSubscribed', () => this.opts.onSubscribed?.(batch));
      const last = out[out.length - 1];
      if (last) last.onSent = notify;
      this.enqueue(out);
      if (!last) notify();
    }
  }

  private framesFrom(make: () => string[], what: string): string[] {
    try {
      return make();
    } catch (err) {
      this.log.error('venue spec failed to build frames', { venue: this.spec.venue, what, error: errorMessage(err) });
      return [];
    }
  }

  private enqueue(items: Outbound[]): void {
    this.queue.push(...items);
    this.pump();
  }

  /** Writes queued frames while the rolling one-second budget allows, then waits for the window to slide. */
  private pump(): void {
    if (this.timers.pump || this.pumping) return;
    this.pumping = true;
    try {
      this.drainQueue();
    } finally {
      this.pumping = false;
    }
  }

  private drainQueue(): void {
    const ws = this.ws;
    if (!ws || !this.connected || ws.readyState !== WebSocket.OPEN) return;
    while (this.queue.length) {
      const now = Date.now();
      while (this.sentAt.length && now - this.sentAt[0]! >= RATE_WINDOW_MS) this.sentAt.shift();
      if (this.sentAt.length >= this.maxOutboundPerSec) {
        const waitMs = this.sentAt[0]! + RATE_WINDOW_MS - now;
        this.timers.pump = setTimeout(
          () => {
            this.timers.pump = null;
            this.pump();
          },
          Math.max(1, waitMs),
        );
        return;
      }
      const item = this.queue.shift()!;
      this.sentAt.push(now);
      try {
        ws.send(item.frame);
      } catch (err) {
        this.log.debug('venue socket send failed', { venue: this.spec.venue, error: errorMessage(err) });
        return;
      }
      if (item.onSent) item.onSent();
      // A callback may have closed or replaced the connection.
      if (ws !== this.ws) return;
    }
  }

  private clearConnectionTimers(): void {
    for (const key of ['connect', 'keepalive', 'stale', 'healthy', 'pump'] as const) {
      clearTimer(this.timers[key]);
      this.timers[key] = null;
    }
  }

  /** Callbacks belong to other modules; their bugs are logged, never thrown into ws handlers or timers. */
  private safely(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error('venue socket callback threw', {
        venue: this.spec.venue,
        callback: what,
        error: errorMessage(err),
      });
    }
  }
}

function decodeFrame(
  data: WebSocket.RawData,
  isBinary: boolean,
  spec: Pick<VenueStreamSpec, 'compression' | 'parseBinary'>,
): string | Buffer {
  const { compression } = spec;
  const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  if (isBinary && !compression && spec.parseBinary) return buf;
  if (!isBinary || !compression) return buf.toString('utf8');
  if (compression === 'gzip') return gunzipSync(buf).toString('utf8');
  // "deflate" venues differ on the zlib wrapper (OKX: raw, others: zlib); accept both.
  try {
    return inflateSync(buf).toString('utf8');
  } catch {
    return inflateRawSync(buf).toString('utf8');
  }
}

function parseRetryAfterMs(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

function retryAfterOf(err: unknown): number | undefined {
  return err instanceof VenueError ? err.retryAfterMs : undefined;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function clearTimer(t: NodeJS.Timeout | null): void {
  if (t) clearTimeout(t);
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
