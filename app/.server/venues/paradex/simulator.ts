// Paradex simulator: the JSON-RPC WS on `/v1` with `order_book.<market>.{snapshot|deltas}@15@…`
// channels, in JSON by default and in binary SBE when the client connects with
// `?sbeSchemaId=1&sbeSchemaVersion=0|1`, plus the public REST endpoints (sim-rest.ts).
//
// A workaround for what the shared plumbing (sim/server.ts) does not do, kept inside this venue:
// refusing an unsupported SBE schema. Paradex answers HTTP 400 at the upgrade; the plumbing
// upgrades every request on the path, so the socket is closed at once with 1008 instead.
import type { TextLevel } from '~/.server/market/types';
import type { BookUpdate, SimMarket, SimSymbolConfig } from '~/.server/venues/sim/market';
import { referenceAsset } from '~/.server/venues/sim/reference-assets';
import {
  type SimConnection,
  type SimServer,
  type SimulatorOptions,
  type VenueSimulator,
} from '~/.server/venues/sim/server';
import { startVenueSimulator } from '~/.server/venues/sim/start-venue';
import { encodeSbeHeartbeat } from './sbe-encode';
import {
  bookPushJson,
  bookPushSbe,
  diffLevels,
  fullPush,
  isEmptyChange,
  parseSimBookChannel,
  type BookPush,
  type SimBookFeed,
} from './sim-book-feed';
import { paradexFaultBody, wireParadexRest } from './sim-rest';

export interface ParadexSimulatorOptions extends SimulatorOptions {
  /** Sockets silent (no message, ping or pong) for this long are dropped; Paradex renews on each pong for 60 s. */
  idleTimeoutMs?: number;
  /** Protocol pings to every socket; Paradex: every 55 s. */
  serverPingIntervalMs?: number;
  /** SBE connections that were sent nothing for this long get a Heartbeat frame (template 40); Paradex: 20 s. */
  sbeHeartbeatIntervalMs?: number;
}

export const PARADEX_SIM_WS_PATH = '/v1';
const BOOK_DEPTH = 15;
const SUPPORTED_SBE_VERSIONS = new Set(['0', '1']);
/** Paradex mainnet opened its first perps at the end of October 2023 (BTC-USD-PERP `open_at`). */
const PARADEX_OPEN_MS = 1698756879745;

/** Paradex's listing per asset: ticks and increments as `/v1/markets` gives them, funding per period. */
const LISTINGS: ReadonlyArray<{
  asset: string;
  tickSize: string;
  lotSize: string;
  fundingPeriodHours: number;
  fundingRateMean: number;
  fundingRateCap: number;
}> = [
  {
    asset: 'BTC',
    tickSize: '0.1',
    lotSize: '0.001',
    fundingPeriodHours: 8,
    fundingRateMean: 0.00012,
    fundingRateCap: 0.02,
  },
  {
    asset: 'ETH',
    tickSize: '0.01',
    lotSize: '0.001',
    fundingPeriodHours: 8,
    fundingRateMean: 0.00014,
    fundingRateCap: 0.02,
  },
  {
    asset: 'SOL',
    tickSize: '0.001',
    lotSize: '0.01',
    fundingPeriodHours: 8,
    fundingRateMean: 0.00009,
    fundingRateCap: 0.02,
  },
  {
    asset: 'XRP',
    tickSize: '0.0001',
    lotSize: '1',
    fundingPeriodHours: 8,
    fundingRateMean: 0.00016,
    fundingRateCap: 0.02,
  },
  {
    asset: 'DOGE',
    tickSize: '0.00001',
    lotSize: '1',
    fundingPeriodHours: 8,
    fundingRateMean: 0.0002,
    fundingRateCap: 0.02,
  },
  // Some Paradex markets fund over 24 h; the rate is per that period.
  {
    asset: 'WIF',
    tickSize: '0.0001',
    lotSize: '1',
    fundingPeriodHours: 24,
    fundingRateMean: 0.0003,
    fundingRateCap: 0.05,
  },
  {
    asset: 'LINK',
    tickSize: '0.001',
    lotSize: '0.1',
    fundingPeriodHours: 8,
    fundingRateMean: 0.00007,
    fundingRateCap: 0.02,
  },
];

/**
 * The simulator's default markets. Prices, volatility and launch dates come from the shared
 * market model's Binance listing of the same asset (so one asset quotes near one price on every
 * simulated venue); Paradex is a smaller venue, so volumes and resting sizes are scaled down.
 */
export function paradexSimSymbols(): SimSymbolConfig[] {
  return LISTINGS.map((l) => {
    const ref = referenceAsset(l.asset, 'paradex');
    return {
      symbol: `${l.asset}-USD-PERP`,
      baseAsset: l.asset,
      quoteAsset: 'USD',
      asset: ref.asset,
      price: ref.unitPrice,
      tickSize: l.tickSize,
      lotSize: l.lotSize,
      fundingIntervalHours: l.fundingPeriodHours,
      fundingRateMean: l.fundingRateMean,
      fundingRateCap: l.fundingRateCap,
      dailyVolatility: ref.dailyVolatility,
      volume24hQuote: ref.volume24hQuote * 0.15,
      openInterestQuote: ref.openInterestQuote * 0.15,
      levelNotionalQuote: ref.levelNotionalQuote * 0.4,
      // Only the top 15 are published; a shallower model book keeps each step cheap.
      levelsPerSide: 40,
      launchTimeMs: Math.max(ref.launchTimeMs ?? PARADEX_OPEN_MS, PARADEX_OPEN_MS),
    };
  });
}

export async function startParadexSimulator(opts: ParadexSimulatorOptions = {}): Promise<VenueSimulator> {
  return startVenueSimulator(opts, {
    venue: 'paradex',
    defaultSymbols: paradexSimSymbols,
    server: {
      serverPingIntervalMs: opts.serverPingIntervalMs ?? 55_000,
      idleTimeoutMs: opts.idleTimeoutMs ?? 60_000,
      errorBody: paradexFaultBody,
    },
    wire: (server, market) =>
      wireParadex(server, market, { seed: opts.seed ?? 1, heartbeatMs: opts.sbeHeartbeatIntervalMs ?? 20_000 }),
  });
}

/** How one connection wants channel data. */
interface ConnInfo {
  encoding: 'json' | 'sbe';
  sbeVersion: number;
  lastSentMs: number;
}

/** Per channel: Paradex's seq_no and the top-15 view last published on it. */
interface TopicState {
  channel: string;
  market: string;
  feed: SimBookFeed;
  seq: number;
  bids: TextLevel[];
  asks: TextLevel[];
  /** The view went stale while nobody listened; refresh before the next snapshot. */
  stale: boolean;
}

type Negotiated = { encoding: 'json' } | { encoding: 'sbe'; version: number } | { error: string };

/** `?sbeSchemaId=1&sbeSchemaVersion=0|1` opts in to SBE; anything else naming a schema is refused. */
export function negotiateEncoding(query: URLSearchParams): Negotiated {
  const id = query.get('sbeSchemaId');
  const version = query.get('sbeSchemaVersion');
  if (id === null && version === null) return { encoding: 'json' };
  if (id !== '1' || version === null || !SUPPORTED_SBE_VERSIONS.has(version)) {
    return { error: `unsupported SBE schema ${id ?? '?'}:${version ?? '?'}` };
  }
  return { encoding: 'sbe', version: Number(version) };
}

interface WireOptions {
  seed: number;
  heartbeatMs: number;
}

function wireParadex(server: SimServer, market: SimMarket, opts: WireOptions): void {
  const conns = new Map<SimConnection, ConnInfo>();
  const topics = new Map<string, TopicState>();
  const restSeq = new Map<string, number>();
  const firstSeq = 14_000_000 + (opts.seed % 1_000) * 7_919;
  let heartbeatSeq = 1;

  const sendText = (conn: SimConnection, frame: string | object) => {
    conn.send(frame);
    const info = conns.get(conn);
    if (info) info.lastSentMs = Date.now();
  };

  const sendBinary = (conn: SimConnection, frame: Buffer) => {
    // A frame the plumbing drops (closed or silenced socket) is not sent: the heartbeat clock keeps running.
    if (conn.ws.readyState !== conn.ws.OPEN || server.faults.isSilenced()) return;
    conn.send(frame);
    const info = conns.get(conn);
    if (info) info.lastSentMs = Date.now();
  };

  /** One push to every listed connection, encoded once per encoding. */
  const deliver = (targets: Iterable<SimConnection>, push: BookPush) => {
    let text: string | null = null;
    const binary = new Map<number, Buffer>();
    for (const conn of targets) {
      const info = conns.get(conn);
      if (!info) continue;
      if (info.encoding === 'json') {
        sendText(conn, (text ??= bookPushJson(push)));
      } else {
        let frame = binary.get(info.sbeVersion);
        if (!frame) binary.set(info.sbeVersion, (frame = bookPushSbe(push, info.sbeVersion)));
        sendBinary(conn, frame);
      }
    }
  };

  const refreshView = (st: TopicState) => {
    const book = market.book(st.market, BOOK_DEPTH);
    st.bids = book.text.bids;
    st.asks = book.text.asks;
    st.stale = false;
  };

  const topicState = (channel: string, symbol: string, feed: SimBookFeed): TopicState => {
    let st = topics.get(channel);
    if (!st) {
      st = { channel, market: symbol, feed, seq: firstSeq + topics.size * 1_000, bids: [], asks: [], stale: true };
      topics.set(channel, st);
    }
    return st;
  };

  const sendSnapshot = (conn: SimConnection, st: TopicState) => {
    if (st.stale) {
      refreshView(st);
      st.seq++;
    }
    const tsMs = market.book(st.market, 0).tsMs;
    deliver([conn], fullPush(st.channel, st.market, st.seq, tsMs, st.bids, st.asks));
  };

  const publish = (u: BookUpdate) => {
    restSeq.set(u.symbol, (restSeq.get(u.symbol) ?? firstSeq) + 1);
    const lost = server.faults.takeGap(u.symbol);
    const forceSnapshot = server.faults.takeSnapshot(u.symbol);
    for (const st of topics.values()) {
      if (st.market !== u.symbol) continue;
      if (!server.hasSubscribers(st.channel)) {
        st.stale = true;
        continue;
      }
      const prev = { bids: st.bids, asks: st.asks };
      refreshView(st);
      let push: BookPush;
      if (st.feed === 'snapshot' || forceSnapshot) {
        const same = isEmptyChange(diffLevels(prev.bids, st.bids)) && isEmptyChange(diffLevels(prev.asks, st.asks));
        if (same && !forceSnapshot) continue;
        push = fullPush(st.channel, st.market, st.seq + 1, u.tsMs, st.bids, st.asks);
      } else {
        const bids = diffLevels(prev.bids, st.bids);
        const asks = diffLevels(prev.asks, st.asks);
        if (isEmptyChange(bids) && isEmptyChange(asks)) continue;
        push = { channel: st.channel, market: st.market, seq: st.seq + 1, tsMs: u.tsMs, type: 'd', bids, asks };
      }
      st.seq++;
      if (lost) continue; // the seq_no is spent; the push never arrives
      deliver(server.subscribers(st.channel), push);
    }
  };

  server.onUpdates((updates) => {
    for (const u of updates) publish(u);
  });

  server.every(Math.max(10, Math.floor(opts.heartbeatMs / 4)), () => {
    const now = Date.now();
    for (const [conn, info] of conns) {
      if (info.encoding !== 'sbe' || now - info.lastSentMs < opts.heartbeatMs) continue;
      sendBinary(conn, encodeSbeHeartbeat({ tsUs: now * 1000, seq: heartbeatSeq++, version: info.sbeVersion }));
    }
  });

  const rpcResult = (id: unknown, channel: string) => {
    const nowNs = Date.now() * 1e6;
    return { jsonrpc: '2.0', result: { channel }, usIn: nowNs, usDiff: 1_000, id };
  };
  const rpcError = (id: unknown, code: number, message: string) => ({ jsonrpc: '2.0', error: { code, message }, id });

  server.ws(PARADEX_SIM_WS_PATH, {
    open(conn) {
      const mode = negotiateEncoding(conn.query);
      if ('error' in mode) {
        conn.close(1008, mode.error);
        return;
      }
      conns.set(conn, {
        encoding: mode.encoding,
        sbeVersion: mode.encoding === 'sbe' ? mode.version : 0,
        lastSentMs: Date.now(),
      });
    },
    close(conn) {
      conns.delete(conn);
    },
    message(conn, text) {
      let req: unknown;
      try {
        req = JSON.parse(text);
      } catch {
        return sendText(conn, rpcError(null, -32700, 'Parse error'));
      }
      const r = (typeof req === 'object' && req !== null ? req : {}) as {
        method?: unknown;
        params?: unknown;
        id?: unknown;
      };
      const id = typeof r.id === 'number' || typeof r.id === 'string' ? r.id : null;
      if (r.method !== 'subscribe' && r.method !== 'unsubscribe') {
        return sendText(conn, rpcError(id, -32601, `Method not found: ${String(r.method)}`));
      }
      const params = (typeof r.params === 'object' && r.params !== null ? r.params : {}) as { channel?: unknown };
      const channel = params.channel;
      if (typeof channel !== 'string' || channel === '') {
        return sendText(conn, rpcError(id, -32602, 'Invalid params: channel is required'));
      }
      const ch = parseSimBookChannel(channel);
      if (!ch) return sendText(conn, rpcError(id, -32602, `Invalid params: channel ${channel} is not simulated`));
      if (!market.has(ch.market))
        return sendText(conn, rpcError(id, -32602, `Invalid params: unknown market ${ch.market}`));
      if (ch.feed === 'interactive' || ch.priceTick !== null) {
        return sendText(conn, rpcError(id, -32602, `Invalid params: channel ${channel} is not simulated`));
      }

      if (r.method === 'unsubscribe') {
        if (!server.unsubscribe(conn, channel))
          return sendText(conn, rpcError(id, -32600, `not subscribed to ${channel}`));
        return sendText(conn, rpcResult(id, channel));
      }
      // Paradex refuses a second subscription to the same channel.
      if (!server.subscribe(conn, channel, ch.market)) {
        return sendText(conn, rpcError(id, -32600, `already subscribed to ${channel}`));
      }
      sendText(conn, rpcResult(id, channel));
      sendSnapshot(conn, topicState(channel, ch.market, ch.feed));
    },
  });

  wireParadexRest(server, market, { restSeq: (symbol) => restSeq.get(symbol) ?? firstSeq });
}
