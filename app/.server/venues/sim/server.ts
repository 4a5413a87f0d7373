// Shared plumbing of the venue simulators: one HTTP server with a WebSocket upgrade on 127.0.0.1,
// path routing for REST and WS, the market timer, the fault controller and the counters tests read.
// Venue modules (binance/simulator.ts, bybit/simulator.ts, ...) only describe their protocol on top.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { VenueId } from '~/lib/venues';
import type { BookUpdate, SimMarket, SimSymbolConfig } from './market';

// ---------------------------------------------------------------------------------------------
// Public contract

/** Options every venue simulator accepts; venues may add their own. */
export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Native symbols to list; default the venue's set from `defaultSymbols`. */
  symbols?: SimSymbolConfig[];
  seed?: number;
  /** Market step and book push period; default 100 ms. */
  updateIntervalMs?: number;
}

export interface VenueSimulator {
  venue: VenueId;
  /** HTTP origin, e.g. http://127.0.0.1:41234 */
  restUrl: string;
  /** WS origin, e.g. ws://127.0.0.1:41234 (venue paths are appended by the client). */
  wsUrl: string;
  faults: Faults;
  market: SimMarket;
  /** Stop the market (no book changes, no book frames) so books can be compared at quiescence. */
  pause(): void;
  resume(): void;
  isPaused(): boolean;
  /** Active subscriptions naming this symbol, over all connections and topics. */
  subscriberCount(symbol: string): number;
  connectionCount(): number;
  /** WS frames written so far (garbage frames included, protocol pings not). */
  framesSent(): number;
  /** REST requests received, all or those whose path starts with `path`. */
  requestCount(path?: string): number;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Faults

interface HttpErrorRule {
  status: number;
  remaining: number;
  path?: string;
  retryAfterSec: number;
}

export interface InjectedHttpError {
  status: number;
  retryAfterSec: number;
}

/**
 * Fault injection common to every venue. Tests arm a fault; the simulator consumes it at the
 * next matching event. Book faults name a native symbol.
 */
export class Faults {
  private readonly gaps = new Set<string>();
  private readonly badChecksums = new Set<string>();
  private readonly snapshots = new Set<string>();
  private malformed = 0;
  private silentUntilMs = 0;
  private httpErrors: HttpErrorRule[] = [];

  constructor(private readonly hooks: { disconnectAll(mode: 'terminate' | 'close'): void }) {}

  /** Drop every socket now: abruptly (TCP reset, close code 1006 on the client) or with a 1001 close frame. */
  disconnectAll(mode: 'terminate' | 'close' = 'terminate'): void {
    this.hooks.disconnectAll(mode);
  }

  /** The next book message of `symbol` that has a subscriber is lost on the wire; its successor breaks the sequence once. */
  gapOnce(symbol: string): void {
    this.gaps.add(symbol);
  }

  /** The next book update of `symbol` carries a wrong checksum (venues with checksums). */
  badChecksumOnce(symbol: string): void {
    this.badChecksums.add(symbol);
  }

  /** The next book message of `symbol` is a fresh snapshot (venues whose streams carry snapshots). */
  snapshotOnce(symbol: string): void {
    this.snapshots.add(symbol);
  }

  /** A truncated, unparsable frame goes out just before the next WS frame (which still follows intact). */
  malformedOnce(): void {
    this.malformed++;
  }

  /** For `ms`, write nothing (data, acks, pongs, pings) on any socket but keep them open; data is lost, not queued. */
  silence(ms: number): void {
    this.silentUntilMs = Date.now() + ms;
  }

  /** The next `count` REST calls whose path starts with `path` (any when omitted) answer `status`; 429/418 carry Retry-After. */
  httpError(status: number, count = 1, path?: string, retryAfterSec = 1): void {
    this.httpErrors.push({ status, remaining: count, path, retryAfterSec });
  }

  /** Disarm everything not yet consumed. */
  clear(): void {
    this.gaps.clear();
    this.badChecksums.clear();
    this.snapshots.clear();
    this.malformed = 0;
    this.silentUntilMs = 0;
    this.httpErrors = [];
  }

  // -- consumed by simulators

  takeGap(symbol: string): boolean {
    return this.gaps.delete(symbol);
  }

  takeBadChecksum(symbol: string): boolean {
    return this.badChecksums.delete(symbol);
  }

  takeSnapshot(symbol: string): boolean {
    return this.snapshots.delete(symbol);
  }

  takeMalformed(): boolean {
    if (this.malformed === 0) return false;
    this.malformed--;
    return true;
  }

  isSilenced(nowMs = Date.now()): boolean {
    return nowMs < this.silentUntilMs;
  }

  takeHttpError(path: string): InjectedHttpError | null {
    const rule = this.httpErrors.find((r) => r.path === undefined || path.startsWith(r.path));
    if (!rule) return null;
    if (--rule.remaining <= 0) this.httpErrors = this.httpErrors.filter((r) => r !== rule);
    return { status: rule.status, retryAfterSec: rule.retryAfterSec };
  }
}

// ---------------------------------------------------------------------------------------------
// REST

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body of a POST, undefined when absent or not JSON. */
  body: unknown;
}

export interface SimResponse {
  status: number;
  /** Serialised as JSON unless already a string. */
  body: unknown;
  headers?: Record<string, string>;
}

export type RestHandler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

export function json(body: unknown, status = 200, headers?: Record<string, string>): SimResponse {
  return { status, body, headers };
}

// ---------------------------------------------------------------------------------------------
// WebSocket

export interface WsRoute {
  /** An HTTP status to refuse the upgrade with (bad token, unknown schema), or null to accept. */
  refuse?(path: string, query: URLSearchParams): number | null;
  /** The socket is open; subscribe topics named in the URL here. */
  open?(conn: SimConnection): void;
  message(conn: SimConnection, text: string): void;
  close?(conn: SimConnection): void;
}

/** One client socket as venue modules see it. */
export class SimConnection {
  /** Venue connection id (Bybit `conn_id`). */
  readonly id = randomUUID();
  /** Topics this socket is subscribed to, in subscription order, with the symbol each names. */
  readonly topics = new Map<string, string | null>();
  lastInboundMs = Date.now();
  inboundWindowStartMs = 0;
  inboundInWindow = 0;

  constructor(
    private readonly server: SimServer,
    readonly ws: WebSocket,
    readonly path: string,
    readonly query: URLSearchParams,
  ) {}

  /**
   * Write one frame, subject to silence and garbage injection: strings and objects (JSON-encoded) as
   * text, Buffers as binary (venues that gzip or binary-encode their pushes).
   */
  send(frame: string | Buffer | object): void {
    const data = typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame);
    this.server.write(this, data);
  }

  close(code?: number, reason?: string): void {
    this.ws.close(code, reason);
  }
}

// ---------------------------------------------------------------------------------------------
// The server

export interface SimServerOptions {
  venue: VenueId;
  market: SimMarket;
  port?: number;
  updateIntervalMs?: number;
  /** Protocol pings to every socket at this period (Binance); none when undefined. */
  serverPingIntervalMs?: number;
  /** Drop sockets that sent nothing (messages, pings, pongs) for this long. */
  idleTimeoutMs?: number;
  /** Close (1008) sockets sending more messages than this within one second. */
  maxIncomingPerSecond?: number;
  /** Body of an injected HTTP error, in the venue's error shape. */
  errorBody?: (status: number) => unknown;
}

/** Slow readers are cut off like venues do, instead of buffering without bound. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export class SimServer {
  readonly faults: Faults;
  readonly market: SimMarket;
  readonly venue: VenueId;
  private readonly http = http.createServer((req, res) => void this.handleHttp(req, res));
  private readonly wss = new WebSocketServer({ noServer: true, autoPong: false });
  private readonly rest = new Map<string, RestHandler>();
  private readonly wsRoutes: { path: string; prefix: boolean; route: WsRoute }[] = [];
  private readonly connections = new Set<SimConnection>();
  private readonly topicIndex = new Map<string, Set<SimConnection>>();
  private readonly updateListeners: ((updates: BookUpdate[]) => void)[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly requests = new Map<string, number>();
  private marketTimer: NodeJS.Timeout | null = null;
  private paused = false;
  private frames = 0;
  private port = 0;
  private closed = false;
  readonly updateIntervalMs: number;

  constructor(private readonly opts: SimServerOptions) {
    this.venue = opts.venue;
    this.market = opts.market;
    this.updateIntervalMs = opts.updateIntervalMs ?? 100;
    this.faults = new Faults({ disconnectAll: (mode) => this.disconnectAll(mode) });
    this.http.on('upgrade', (req, socket, head) => this.handleUpgrade(req, socket, head));
  }

  // -- routing

  get(path: string, handler: RestHandler): this {
    this.rest.set(`GET ${path}`, handler);
    return this;
  }

  post(path: string, handler: RestHandler): this {
    this.rest.set(`POST ${path}`, handler);
    return this;
  }

  /** A WS endpoint; with `prefix`, also `path/anything` (Binance puts stream names in the path). */
  ws(path: string, route: WsRoute, options: { prefix?: boolean } = {}): this {
    this.wsRoutes.push({ path, prefix: options.prefix ?? false, route });
    return this;
  }

  /** Called after every market step with the books that changed. */
  onUpdates(listener: (updates: BookUpdate[]) => void): this {
    this.updateListeners.push(listener);
    return this;
  }

  /** A periodic venue task (mark price pushes), stopped on close. */
  every(ms: number, task: () => void): void {
    const t = setInterval(task, ms);
    t.unref();
    this.timers.add(t);
  }

  // -- subscriptions

  /** False when the socket already had this topic. */
  subscribe(conn: SimConnection, topic: string, symbol: string | null): boolean {
    if (conn.topics.has(topic)) return false;
    conn.topics.set(topic, symbol);
    let set = this.topicIndex.get(topic);
    if (!set) this.topicIndex.set(topic, (set = new Set()));
    set.add(conn);
    return true;
  }

  /** False when the socket did not have this topic. */
  unsubscribe(conn: SimConnection, topic: string): boolean {
    if (!conn.topics.delete(topic)) return false;
    const set = this.topicIndex.get(topic);
    set?.delete(conn);
    if (set?.size === 0) this.topicIndex.delete(topic);
    return true;
  }

  subscribers(topic: string): ReadonlySet<SimConnection> {
    return this.topicIndex.get(topic) ?? EMPTY;
  }

  hasSubscribers(topic: string): boolean {
    return (this.topicIndex.get(topic)?.size ?? 0) > 0;
  }

  // -- lifecycle

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this.opts.port ?? 0, '127.0.0.1', () => {
        this.http.off('error', reject);
        resolve();
      });
    });
    this.port = (this.http.address() as AddressInfo).port;
    if (this.opts.serverPingIntervalMs) this.every(this.opts.serverPingIntervalMs, () => this.pingAll());
    const idle = this.opts.idleTimeoutMs;
    if (idle) this.every(Math.min(5_000, Math.max(10, idle / 4)), () => this.dropIdle(idle));
    this.startMarket();
  }

  get restUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  pause(): void {
    this.paused = true;
    if (this.marketTimer) clearInterval(this.marketTimer);
    this.marketTimer = null;
  }

  resume(): void {
    this.paused = false;
    this.startMarket();
  }

  private startMarket(): void {
    if (this.paused || this.closed || this.marketTimer) return;
    this.marketTimer = setInterval(() => this.stepMarket(), this.updateIntervalMs);
    this.marketTimer.unref();
  }

  private stepMarket(): void {
    const updates = this.market.step();
    for (const listener of this.updateListeners) listener(updates);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.pause();
    for (const t of this.timers) clearInterval(t);
    this.timers.clear();
    for (const conn of this.connections) conn.ws.terminate();
    this.wss.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  // -- counters

  subscriberCount(symbol: string): number {
    let n = 0;
    for (const conn of this.connections) for (const s of conn.topics.values()) if (s === symbol) n++;
    return n;
  }

  connectionCount(): number {
    return this.connections.size;
  }

  framesSent(): number {
    return this.frames;
  }

  requestCount(path?: string): number {
    let n = 0;
    for (const [p, count] of this.requests) if (path === undefined || p.startsWith(path)) n += count;
    return n;
  }

  /** The narrow interface handed to tests and the demo. */
  toSimulator(): VenueSimulator {
    return {
      venue: this.venue,
      restUrl: this.restUrl,
      wsUrl: this.wsUrl,
      faults: this.faults,
      market: this.market,
      pause: () => this.pause(),
      resume: () => this.resume(),
      isPaused: () => this.paused,
      subscriberCount: (symbol) => this.subscriberCount(symbol),
      connectionCount: () => this.connectionCount(),
      framesSent: () => this.framesSent(),
      requestCount: (path) => this.requestCount(path),
      close: () => this.close(),
    };
  }

  // -- frames

  /** The one place frames leave: silence drops them, a pending malformed fault prepends garbage. */
  write(conn: SimConnection, data: string | Buffer): void {
    const ws = conn.ws;
    if (ws.readyState !== ws.OPEN || this.faults.isSilenced()) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.terminate();
      return;
    }
    if (this.faults.takeMalformed()) {
      // A frame cut in half, as a broken proxy would deliver it: never valid JSON (nor valid gzip).
      ws.send(data.slice(0, Math.max(1, Math.floor(data.length / 2))));
      this.frames++;
    }
    ws.send(data);
    this.frames++;
  }

  private pingAll(): void {
    if (this.faults.isSilenced()) return;
    for (const conn of this.connections) if (conn.ws.readyState === conn.ws.OPEN) conn.ws.ping();
  }

  private dropIdle(idleMs: number): void {
    const now = Date.now();
    for (const conn of this.connections) if (now - conn.lastInboundMs > idleMs) conn.ws.terminate();
  }

  private disconnectAll(mode: 'terminate' | 'close'): void {
    for (const conn of this.connections) {
      if (mode === 'terminate') conn.ws.terminate();
      else conn.ws.close(1001, 'going away');
    }
  }

  // -- HTTP

  private async handleHttp(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const rawBody = method === 'POST' ? await readBody(req) : '';
    this.requests.set(url.pathname, (this.requests.get(url.pathname) ?? 0) + 1);

    const injected = this.faults.takeHttpError(url.pathname);
    if (injected) {
      const headers: Record<string, string> = {};
      if (injected.status === 429 || injected.status === 418) headers['Retry-After'] = String(injected.retryAfterSec);
      const body = this.opts.errorBody?.(injected.status) ?? { error: http.STATUS_CODES[injected.status] ?? 'error' };
      return send(res, { status: injected.status, body, headers });
    }

    const handler = this.rest.get(`${method} ${url.pathname}`);
    if (!handler) return send(res, json({ error: 'Not Found', path: url.pathname }, 404));
    let body: unknown;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      body = undefined;
    }
    try {
      send(res, await handler({ method, path: url.pathname, query: url.searchParams, headers: req.headers, body }));
    } catch (err) {
      // A simulator bug should be loud in the test that hit it, not crash the process.
      send(res, json({ error: 'simulator failure', message: err instanceof Error ? err.message : String(err) }, 500));
    }
  }

  // -- WS

  private handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const match = this.wsRoutes.find(
      (r) => url.pathname === r.path || (r.prefix && url.pathname.startsWith(`${r.path}/`)),
    );
    const status = !match || this.closed ? 404 : match.route.refuse?.(url.pathname, url.searchParams);
    if (!match || status) {
      const reason = http.STATUS_CODES[status ?? 404] ?? 'Refused';
      socket.end(`HTTP/1.1 ${status ?? 404} ${reason}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const conn = new SimConnection(this, ws, url.pathname, url.searchParams);
      this.connections.add(conn);
      ws.on('message', (data: RawData) => {
        conn.lastInboundMs = Date.now();
        if (this.overRate(conn)) {
          ws.close(1008, 'Too many messages');
          return;
        }
        match.route.message(conn, rawToString(data));
      });
      ws.on('ping', (data: Buffer) => {
        conn.lastInboundMs = Date.now();
        if (!this.faults.isSilenced()) ws.pong(data);
      });
      ws.on('pong', () => {
        conn.lastInboundMs = Date.now();
      });
      ws.on('error', () => ws.terminate());
      ws.on('close', () => {
        this.connections.delete(conn);
        for (const topic of [...conn.topics.keys()]) this.unsubscribe(conn, topic);
        match.route.close?.(conn);
      });
      match.route.open?.(conn);
    });
  }

  private overRate(conn: SimConnection): boolean {
    const max = this.opts.maxIncomingPerSecond;
    if (!max) return false;
    const now = Date.now();
    if (now - conn.inboundWindowStartMs >= 1_000) {
      conn.inboundWindowStartMs = now;
      conn.inboundInWindow = 0;
    }
    return ++conn.inboundInWindow > max;
  }
}

const EMPTY: ReadonlySet<SimConnection> = new Set();

function send(res: http.ServerResponse, r: SimResponse): void {
  const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
  res.writeHead(r.status, { 'Content-Type': 'application/json', ...r.headers });
  res.end(text);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

/** Start a venue's server and hand back its simulator face; the venue wires routes in `setup`. */
export async function startSimServer(
  opts: SimServerOptions,
  setup: (server: SimServer) => void,
): Promise<VenueSimulator> {
  const server = new SimServer(opts);
  setup(server);
  await server.listen();
  return server.toSimulator();
}
