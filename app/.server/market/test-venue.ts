// Test support only (imported by streamer/hub tests): a tiny made-up venue on 127.0.0.1 with
// its own JSON book protocol, WS + REST on one port, and the VenueStreamSpec that speaks it.
// It is test data for the transport, not a stand-in for any real venue module.
//
// Client → venue: {"op":"sub"|"unsub"|"resync","symbols":[…]}, {"op":"ping"} → {"op":"pong"}.
// Venue → client: {"ch":"book","s":sym,"k":"snap"|"delta","seq":n,"ts":ms,"b":[[p,s]…],"a":[…]}.
// REST: GET /snapshot?symbol=sym → {"seq":n,"ts":ms,"b":[…],"a":[…]}.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { VenueId } from '~/lib/venues';
import { NetworkError, ParseError, VenueError, type BookEvent, type Level, type VenueStreamSpec } from './types';

interface VenueBook {
  bids: Map<number, number>;
  asks: Map<number, number>;
  seq: number;
}

export interface TestVenueOptions {
  venue?: VenueId;
  snapshotFrom: 'stream' | 'rest';
}

export class TestVenue {
  readonly venue: VenueId;
  readonly snapshotFrom: 'stream' | 'rest';
  private readonly server = http.createServer((req, res) => this.onHttp(req, res));
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly books = new Map<string, VenueBook>();
  private readonly subs = new Map<WebSocket, Set<string>>();
  /** Every client frame, parsed, with the connection number and arrival time. */
  readonly received: { conn: number; msg: { op: string; symbols?: string[] }; at: number }[] = [];
  connections = 0;
  /** While true the venue sends nothing at all (no data, no pongs). */
  silent = false;
  /** The next N snapshot requests answer HTTP 500. */
  snapshotFailures = 0;
  snapshotCalls: { symbol: string; at: number }[] = [];
  private readonly connNo = new Map<WebSocket, number>();

  private constructor(opts: TestVenueOptions) {
    this.venue = opts.venue ?? 'bybit';
    this.snapshotFrom = opts.snapshotFrom;
  }

  static async start(opts: TestVenueOptions): Promise<TestVenue> {
    const v = new TestVenue(opts);
    v.server.on('upgrade', (req, socket, head) => {
      v.wss.handleUpgrade(req, socket, head, (ws) => v.onConnection(ws));
    });
    await new Promise<void>((resolve) => v.server.listen(0, '127.0.0.1', resolve));
    return v;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get wsUrl(): string {
    return this.baseUrl.replace('http', 'ws') + '/ws';
  }

  /** The VenueStreamSpec for this venue; `over` changes single fields (keepalive, limits). */
  spec(over: Partial<VenueStreamSpec> = {}): VenueStreamSpec {
    const venue = this.venue;
    const baseUrl = this.baseUrl;
    const wsUrl = this.wsUrl;
    const spec: VenueStreamSpec = {
      venue,
      resolveUrl: async () => wsUrl,
      maxSymbolsPerConnection: 10,
      subscribeFrames: (symbols) => [JSON.stringify({ op: 'sub', symbols })],
      unsubscribeFrames: (symbols) => [JSON.stringify({ op: 'unsub', symbols })],
      keepalive: { intervalMs: 0, frame: null },
      parse: (frame) => parseTestFrame(venue, frame),
      rules: {
        snapshotFrom: this.snapshotFrom,
        bridge: (snapshotSeq, ev) => (ev.seq <= snapshotSeq ? 'skip' : ev.seq === snapshotSeq + 1 ? 'apply' : 'gap'),
        follows: (prev, ev) => (ev.seq === prev.seq + 1 ? 'apply' : ev.seq <= prev.seq ? 'skip' : 'gap'),
      },
      resyncFrames: (symbol) => [JSON.stringify({ op: 'resync', symbols: [symbol] })],
      ...over,
    };
    if (this.snapshotFrom === 'rest') {
      spec.fetchSnapshot = async (symbol, signal) => {
        let res: Response;
        try {
          res = await fetch(`${baseUrl}/snapshot?symbol=${encodeURIComponent(symbol)}`, { signal });
        } catch (err) {
          throw new NetworkError(venue, `snapshot: ${String(err)}`, { cause: err });
        }
        if (res.status >= 500) throw new NetworkError(venue, `snapshot: HTTP ${res.status}`);
        if (!res.ok) throw new VenueError(venue, res.status, await res.text());
        const body = (await res.json()) as { seq: number; ts: number; b: Level[]; a: Level[] };
        return { kind: 'snapshot', symbol, seq: body.seq, ts: body.ts, bids: body.b, asks: body.a };
      };
    }
    return spec;
  }

  /** Connections currently subscribed to the symbol. */
  subscriberCount(symbol: string): number {
    let n = 0;
    for (const set of this.subs.values()) if (set.has(symbol)) n++;
    return n;
  }

  /** Frames with this op received so far, optionally only those naming the symbol. */
  ops(op: string, symbol?: string): number {
    return this.received.filter((r) => r.msg.op === op && (!symbol || r.msg.symbols?.includes(symbol))).length;
  }

  /** Authoritative top n levels, best first. */
  top(symbol: string, n: number): { bids: Level[]; asks: Level[] } {
    const b = this.book(symbol);
    return {
      bids: [...b.bids.entries()].sort((x, y) => y[0] - x[0]).slice(0, n),
      asks: [...b.asks.entries()].sort((x, y) => x[0] - y[0]).slice(0, n),
    };
  }

  seq(symbol: string): number {
    return this.book(symbol).seq;
  }

  /** Applies a change to the venue's book and streams it to subscribers. */
  delta(symbol: string, change: { b?: Level[]; a?: Level[] }): void {
    const book = this.book(symbol);
    book.seq++;
    for (const [p, s] of change.b ?? []) setLevel(book.bids, p, s);
    for (const [p, s] of change.a ?? []) setLevel(book.asks, p, s);
    this.broadcast(symbol, {
      ch: 'book',
      s: symbol,
      k: 'delta',
      seq: book.seq,
      ts: Date.now(),
      b: change.b ?? [],
      a: change.a ?? [],
    });
  }

  /** Changes the book without telling anyone: the next delta shows a sequence gap. */
  skip(symbol: string, change: { b?: Level[]; a?: Level[] } = {}): void {
    const book = this.book(symbol);
    book.seq++;
    for (const [p, s] of change.b ?? []) setLevel(book.bids, p, s);
    for (const [p, s] of change.a ?? []) setLevel(book.asks, p, s);
  }

  /** Sends raw text to every connection (garbage, foreign messages). */
  sendRaw(text: string): void {
    for (const ws of this.subs.keys()) ws.send(text);
  }

  /** Cuts every connection without a close handshake. */
  dropAll(): void {
    for (const ws of this.subs.keys()) ws.terminate();
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private book(symbol: string): VenueBook {
    let b = this.books.get(symbol);
    if (!b) {
      b = { bids: new Map(), asks: new Map(), seq: 100 };
      for (let i = 0; i < 5; i++) {
        b.bids.set(100 - i, 1 + i);
        b.asks.set(101 + i, 1 + i);
      }
      this.books.set(symbol, b);
    }
    return b;
  }

  private onConnection(ws: WebSocket): void {
    const conn = this.connections++;
    this.connNo.set(ws, conn);
    this.subs.set(ws, new Set());
    ws.on('close', () => this.subs.delete(ws));
    ws.on('message', (data) => {
      let msg: { op: string; symbols?: string[] };
      try {
        msg = JSON.parse(String(data)) as typeof msg;
      } catch {
        return;
      }
      this.received.push({ conn, msg, at: Date.now() });
      const set = this.subs.get(ws);
      if (!set) return;
      if (msg.op === 'ping' && !this.silent) ws.send(JSON.stringify({ op: 'pong' }));
      // Venues acknowledge a subscribe (Binance `{"result":null,"id":…}`, KuCoin `ack`).
      if (msg.op === 'sub' && !this.silent) ws.send(JSON.stringify({ op: 'ack' }));
      for (const s of msg.symbols ?? []) {
        if (msg.op === 'sub') set.add(s);
        if (msg.op === 'unsub') set.delete(s);
        if ((msg.op === 'sub' || msg.op === 'resync') && this.snapshotFrom === 'stream' && !this.silent)
          this.sendSnapshot(ws, s);
      }
    });
  }

  private sendSnapshot(ws: WebSocket, symbol: string): void {
    const { bids, asks } = this.top(symbol, 1000);
    ws.send(
      JSON.stringify({ ch: 'book', s: symbol, k: 'snap', seq: this.seq(symbol), ts: Date.now(), b: bids, a: asks }),
    );
  }

  private broadcast(symbol: string, msg: unknown): void {
    if (this.silent) return;
    const text = JSON.stringify(msg);
    for (const [ws, set] of this.subs) if (set.has(symbol)) ws.send(text);
  }

  private onHttp(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const symbol = url.searchParams.get('symbol');
    if (url.pathname !== '/snapshot' || !symbol) {
      res.writeHead(404).end('not found');
      return;
    }
    this.snapshotCalls.push({ symbol, at: Date.now() });
    if (this.snapshotFailures > 0) {
      this.snapshotFailures--;
      res.writeHead(500).end('try later');
      return;
    }
    const { bids, asks } = this.top(symbol, 1000);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ seq: this.seq(symbol), ts: Date.now(), b: bids, a: asks }));
  }
}

function setLevel(side: Map<number, number>, price: number, size: number): void {
  if (size > 0) side.set(price, size);
  else side.delete(price);
}

/** The spec's parser: book frames → events, pongs and acks → null, anything else → ParseError. */
function parseTestFrame(venue: VenueId, frame: string): BookEvent[] | null {
  let msg: unknown;
  try {
    msg = JSON.parse(frame);
  } catch {
    throw new ParseError(venue, 'frame is not JSON', frame.slice(0, 200));
  }
  if (typeof msg !== 'object' || msg === null)
    throw new ParseError(venue, 'frame is not an object', frame.slice(0, 200));
  const m = msg as Record<string, unknown>;
  if (m.op === 'pong' || m.op === 'ack') return null;
  if (m.ch !== 'book') throw new ParseError(venue, `unknown frame`, frame.slice(0, 200));
  if (typeof m.s !== 'string' || typeof m.seq !== 'number' || !Array.isArray(m.b) || !Array.isArray(m.a)) {
    throw new ParseError(venue, 'book frame without s/seq/b/a', frame.slice(0, 200));
  }
  return [
    {
      kind: m.k === 'snap' ? 'snapshot' : 'delta',
      symbol: m.s,
      seq: m.seq,
      ts: typeof m.ts === 'number' ? m.ts : 0,
      bids: m.b as Level[],
      asks: m.a as Level[],
    },
  ];
}
