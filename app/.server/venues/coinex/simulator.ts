// CoinEx v2 futures simulator: the `/v2/futures` WS (depth.subscribe full + incremental pushes with
// a CRC32 checksum, server.ping, every frame gzip-compressed binary) and the v2 futures market REST
// endpoints, over the synthetic market. Independent of the CoinEx client modules: it has its own
// checksum (node:zlib) and formatting, so tests compare two implementations of the protocol.
import zlib, { gzipSync } from 'node:zlib';
import type WebSocket from 'ws';
import type { TextLevel } from '~/.server/market/types';
import { candleIntervals } from '~/.server/venues/sim/candles';
import {
  defaultSymbols,
  trimDecimal,
  type BookUpdate,
  type SimCandle,
  type SimMarket,
  type SimSymbolConfig,
} from '~/.server/venues/sim/market';
import { referenceAsset } from '~/.server/venues/sim/reference-assets';
import {
  json,
  type SimConnection,
  type SimRequest,
  type SimResponse,
  type SimServer,
  type SimulatorOptions,
  type VenueSimulator,
} from '~/.server/venues/sim/server';
import { startVenueSimulator } from '~/.server/venues/sim/start-venue';

export interface CoinexSimulatorOptions extends SimulatorOptions {
  /** Sockets that send nothing (no server.ping) for this long are dropped; not documented by CoinEx. */
  idleTimeoutMs?: number;
  /** CoinEx re-sends the full book about once a minute on incremental subscriptions too. */
  fullPushIntervalMs?: number;
}

export const COINEX_SIM_WS_PATH = '/v2/futures';
const DEPTH_LIMITS = [5, 10, 20, 50];
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** `market` lists on REST take at most ten names. */
const MAX_MARKETS_PER_QUERY = 10;
const FUNDING_RATE_CAP = 0.00375;

// ---------------------------------------------------------------------------------------------
// Symbols: CoinEx's own ticks, lots and funding on the same asset paths as the other venues.

interface CoinexListing {
  symbol: string;
  asset: string;
  tickSize: string;
  lotSize: string;
  fundingIntervalHours: number;
  fundingRateMean: number;
}

// CoinEx lists memecoins unmultiplied (PEPEUSDT at ~0.00001) with many price decimals.
const LISTINGS: CoinexListing[] = [
  {
    symbol: 'BTCUSDT',
    asset: 'BTC',
    tickSize: '0.1',
    lotSize: '0.0001',
    fundingIntervalHours: 8,
    fundingRateMean: 0.00012,
  },
  {
    symbol: 'ETHUSDT',
    asset: 'ETH',
    tickSize: '0.01',
    lotSize: '0.001',
    fundingIntervalHours: 8,
    fundingRateMean: 0.00009,
  },
  {
    symbol: 'SOLUSDT',
    asset: 'SOL',
    tickSize: '0.001',
    lotSize: '0.01',
    fundingIntervalHours: 8,
    fundingRateMean: 0.00016,
  },
  {
    symbol: 'XRPUSDT',
    asset: 'XRP',
    tickSize: '0.0001',
    lotSize: '0.1',
    fundingIntervalHours: 8,
    fundingRateMean: 0.00011,
  },
  {
    symbol: 'DOGEUSDT',
    asset: 'DOGE',
    tickSize: '0.00001',
    lotSize: '1',
    fundingIntervalHours: 8,
    fundingRateMean: 0.00019,
  },
  {
    symbol: 'PEPEUSDT',
    asset: 'PEPE',
    tickSize: '0.0000000001',
    lotSize: '1',
    fundingIntervalHours: 4,
    fundingRateMean: 0.00006,
  },
  {
    symbol: 'WIFUSDT',
    asset: 'WIF',
    tickSize: '0.0001',
    lotSize: '0.1',
    fundingIntervalHours: 2,
    fundingRateMean: -0.00005,
  },
  {
    symbol: 'LINKUSDT',
    asset: 'LINK',
    tickSize: '0.001',
    lotSize: '0.01',
    fundingIntervalHours: 8,
    fundingRateMean: 0.00007,
  },
];

/** CoinEx trades a small fraction of Binance's volume, with thinner levels. */
const VOLUME_SHARE_OF_REFERENCE = 0.06;
const LEVEL_NOTIONAL_SHARE_OF_REFERENCE = 0.4;

/**
 * The CoinEx symbol set: `defaultSymbols('coinex')` once the shared table lists CoinEx; until then
 * CoinEx's listings on the reference (Binance) asset parameters, so prices agree across venues.
 */
export function coinexSimSymbols(): SimSymbolConfig[] {
  try {
    return defaultSymbols('coinex');
  } catch {
    // No shared CoinEx table yet.
  }
  return LISTINGS.map((l) => {
    const ref = referenceAsset(l.asset, 'coinex');
    return {
      symbol: l.symbol,
      baseAsset: l.asset,
      quoteAsset: 'USDT',
      asset: l.asset,
      // CoinEx quotes one unit of the asset, memecoins too (PEPEUSDT, not 1000PEPEUSDT).
      price: ref.unitPrice,
      tickSize: l.tickSize,
      lotSize: l.lotSize,
      fundingIntervalHours: l.fundingIntervalHours,
      fundingRateMean: l.fundingRateMean,
      fundingRateCap: FUNDING_RATE_CAP,
      dailyVolatility: ref.dailyVolatility,
      volume24hQuote: ref.volume24hQuote * VOLUME_SHARE_OF_REFERENCE,
      openInterestQuote: ref.openInterestQuote * VOLUME_SHARE_OF_REFERENCE,
      levelNotionalQuote: ref.levelNotionalQuote * LEVEL_NOTIONAL_SHARE_OF_REFERENCE,
      launchTimeMs: ref.launchTimeMs,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Pure protocol pieces

/** CoinEx's depth checksum: CRC32 of all bids then all asks as `price:amount`, joined by `:`, unsigned. */
export function simDepthChecksum(bids: readonly TextLevel[], asks: readonly TextLevel[]): number {
  const text = [...bids, ...asks].map(([p, q]) => `${p}:${q}`).join(':');
  return simCrc32(text);
}

// node:zlib has crc32 from Node 20.15 only; older runtimes read the CRC a stored gzip member carries.
const nodeCrc32 = (zlib as { crc32?: (data: string) => number }).crc32;

function simCrc32(text: string): number {
  if (nodeCrc32) return nodeCrc32(text) >>> 0;
  const gz = gzipSync(text, { level: 0 });
  return gz.readUInt32LE(gz.length - 8);
}

/** Levels that differ between two top-N views: changed or new ones with their size, departed ones with "0". */
export function diffLevels(prev: readonly TextLevel[], next: readonly TextLevel[]): TextLevel[] {
  const before = new Map(prev);
  const after = new Map(next);
  const out: TextLevel[] = [];
  for (const [p, q] of next) if (before.get(p) !== q) out.push([p, q]);
  for (const [p] of prev) if (!after.has(p)) out.push([p, '0']);
  return out;
}

/**
 * CoinEx sends every frame gzip-compressed as binary. The shared plumbing writes text frames (and
 * applies silence, garbage and counters there), so the socket's `send` is wrapped once per
 * connection to compress whatever the plumbing writes; the last frame is memoised because a push
 * goes out to every subscriber in a row.
 */
function gzipOutbound(ws: WebSocket, memo: { text: string; gz: Buffer | null }): void {
  const sendBinary = ws.send.bind(ws) as (data: Buffer, options: { binary: boolean }) => void;
  const send = (data: string | Buffer): void => {
    if (typeof data !== 'string') return sendBinary(data, { binary: true });
    if (memo.gz === null || memo.text !== data) {
      memo.text = data;
      memo.gz = gzipSync(data);
    }
    sendBinary(memo.gz, { binary: true });
  };
  Object.assign(ws, { send });
}

function envelope(data: unknown, extra?: object): SimResponse {
  return json({ code: 0, data, message: 'OK', ...extra });
}

/** Business errors come back as HTTP 200 with a non-zero code. */
function coinexError(code: number, message: string): SimResponse {
  return json({ code, data: {}, message });
}

function coinexFaultBody(status: number): unknown {
  if (status === 429) return { code: 4213, data: {}, message: 'The request is too frequent, please try again later.' };
  if (status >= 500) return { code: 4001, data: {}, message: 'Service unavailable, please try again later.' };
  return {
    code: 4004,
    data: {},
    message: 'Parameter error, please check whether the request parameters are abnormal.',
  };
}

// prettier-ignore
const KLINE_PERIODS = candleIntervals({
  '1min': 1, '3min': 3, '5min': 5, '15min': 15, '30min': 30, '1hour': 60, '2hour': 120, '4hour': 240,
  '6hour': 360, '12hour': 720, '1day': 1440, '3day': 3 * 1440, '1week': 7 * 1440,
});

// ---------------------------------------------------------------------------------------------
// The simulator

/** One depth topic: a market at one depth in one mode, and the view last published on it. */
interface DepthTopic {
  key: string;
  symbol: string;
  limit: number;
  /** if_full: every push is the whole top-N book. */
  full: boolean;
  bids: TextLevel[];
  asks: TextLevel[];
  /** The view went stale while nobody listened; refresh before the next snapshot. */
  stale: boolean;
  lastFullMs: number;
}

interface WsRequest {
  id: number | null;
  method: string;
  params: unknown;
}

export async function startCoinexSimulator(opts: CoinexSimulatorOptions = {}): Promise<VenueSimulator> {
  return startVenueSimulator(opts, {
    venue: 'coinex',
    defaultSymbols: coinexSimSymbols,
    server: { idleTimeoutMs: opts.idleTimeoutMs ?? 60_000, errorBody: coinexFaultBody },
    wire: (server, market) => {
      wireCoinexWs(server, market, opts.fullPushIntervalMs ?? MINUTE_MS);
      wireCoinexRest(server, market);
    },
  });
}

function wireCoinexWs(server: SimServer, market: SimMarket, fullPushIntervalMs: number): void {
  const topics = new Map<string, DepthTopic>();
  const topicsBySymbol = new Map<string, DepthTopic[]>();
  const gzMemo: { text: string; gz: Buffer | null } = { text: '', gz: null };

  const topicFor = (symbol: string, limit: number, full: boolean): DepthTopic => {
    const key = `depth:${symbol}:${limit}:${full ? 'full' : 'inc'}`;
    let t = topics.get(key);
    if (!t) {
      t = { key, symbol, limit, full, bids: [], asks: [], stale: true, lastFullMs: 0 };
      topics.set(key, t);
      topicsBySymbol.set(symbol, [...(topicsBySymbol.get(symbol) ?? []), t]);
    }
    return t;
  };

  const refresh = (t: DepthTopic) => {
    const book = market.book(t.symbol, t.limit);
    t.bids = book.text.bids;
    t.asks = book.text.asks;
    t.stale = false;
  };

  const depthFrame = (
    t: DepthTopic,
    isFull: boolean,
    bids: TextLevel[],
    asks: TextLevel[],
    tsMs: number,
    badChecksum: boolean,
  ) => {
    const checksum = simDepthChecksum(t.bids, t.asks);
    // The last trade hit the touch; which side does not matter to book clients.
    const last = t.asks[0]?.[0] ?? t.bids[0]?.[0] ?? '0';
    return JSON.stringify({
      method: 'depth.update',
      data: {
        market: t.symbol,
        is_full: isFull,
        depth: {
          asks,
          bids,
          last,
          updated_at: tsMs,
          checksum: badChecksum ? (checksum ^ 0x5a5a5a5a) >>> 0 : checksum,
        },
      },
      id: null,
    });
  };

  server.onUpdates((updates) => {
    const now = Date.now();
    for (const u of updates) publish(u, now);
  });

  const publish = (u: BookUpdate, now: number) => {
    const forceFull = server.faults.takeSnapshot(u.symbol);
    const frames: { t: DepthTopic; isFull: boolean; bids: TextLevel[]; asks: TextLevel[] }[] = [];
    for (const t of topicsBySymbol.get(u.symbol) ?? []) {
      if (!server.hasSubscribers(t.key)) {
        t.stale = true;
        continue;
      }
      const prev = { bids: t.bids, asks: t.asks };
      refresh(t);
      const bids = diffLevels(prev.bids, t.bids);
      const asks = diffLevels(prev.asks, t.asks);
      // CoinEx pushes nothing when the subscribed window did not change.
      if (bids.length + asks.length === 0 && !forceFull) continue;
      const isFull = t.full || forceFull || now - t.lastFullMs >= fullPushIntervalMs;
      if (isFull) t.lastFullMs = now;
      frames.push({ t, isFull, bids: isFull ? t.bids : bids, asks: isFull ? t.asks : asks });
    }
    if (frames.length === 0) return;
    // Faults bite only when a message would go out, so each armed one has an effect.
    if (server.faults.takeGap(u.symbol)) return; // lost on the wire; the views moved on regardless
    const bad = server.faults.takeBadChecksum(u.symbol);
    for (const f of frames) {
      const frame = depthFrame(f.t, f.isFull, f.bids, f.asks, u.tsMs, bad);
      for (const conn of server.subscribers(f.t.key)) conn.send(frame);
    }
  };

  const reply = (conn: SimConnection, id: number | null, code: number, message: string, data?: unknown) =>
    conn.send(JSON.stringify(data === undefined ? { id, code, message } : { id, code, data, message }));

  const depthTopicOf = (conn: SimConnection, symbol: string): string | undefined => {
    for (const [key, s] of conn.topics) if (s === symbol && key.startsWith('depth:')) return key;
    return undefined;
  };

  const subscribe = (conn: SimConnection, req: WsRequest) => {
    const list = (req.params as { market_list?: unknown } | null)?.market_list;
    if (!Array.isArray(list) || list.length === 0) return reply(conn, req.id, 20001, 'invalid argument');
    const wanted: { symbol: string; limit: number; full: boolean }[] = [];
    for (const item of list) {
      if (!Array.isArray(item) || item.length !== 4) return reply(conn, req.id, 20001, 'invalid argument');
      const [symbol, limit, interval, ifFull] = item as unknown[];
      if (typeof symbol !== 'string' || !market.has(symbol)) return reply(conn, req.id, 20001, 'invalid argument');
      if (typeof limit !== 'number' || !DEPTH_LIMITS.includes(limit))
        return reply(conn, req.id, 20001, 'invalid argument');
      // Price merging is not simulated; the client never asks for it.
      if (interval !== '0') return reply(conn, req.id, 20001, 'invalid argument: only interval "0" is simulated');
      if (typeof ifFull !== 'boolean') return reply(conn, req.id, 20001, 'invalid argument');
      wanted.push({ symbol, limit, full: ifFull });
    }
    // Subscriptions add up; naming a market again replaces its parameters and starts it over.
    const started: DepthTopic[] = [];
    for (const w of wanted) {
      const old = depthTopicOf(conn, w.symbol);
      if (old) server.unsubscribe(conn, old);
      const t = topicFor(w.symbol, w.limit, w.full);
      if (t.stale || !server.hasSubscribers(t.key)) {
        refresh(t);
        t.lastFullMs = Date.now();
      }
      server.subscribe(conn, t.key, w.symbol);
      started.push(t);
    }
    reply(conn, req.id, 0, 'OK');
    for (const t of started) {
      conn.send(depthFrame(t, true, t.bids, t.asks, market.book(t.symbol, 0).tsMs, false));
    }
  };

  const unsubscribe = (conn: SimConnection, req: WsRequest) => {
    const list = (req.params as { market_list?: unknown } | null)?.market_list;
    if (!Array.isArray(list) || !list.every((m): m is string => typeof m === 'string')) {
      return reply(conn, req.id, 20001, 'invalid argument');
    }
    // An empty list cancels every depth subscription of the connection.
    const keys =
      list.length === 0
        ? [...conn.topics.keys()].filter((k) => k.startsWith('depth:'))
        : list.map((symbol) => depthTopicOf(conn, symbol));
    for (const key of keys) if (key) server.unsubscribe(conn, key);
    reply(conn, req.id, 0, 'OK');
  };

  const route = {
    open: (conn: SimConnection) => gzipOutbound(conn.ws, gzMemo),
    message(conn: SimConnection, text: string) {
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        return reply(conn, null, 20001, 'invalid argument');
      }
      const r = (typeof raw === 'object' && raw !== null ? raw : {}) as {
        id?: unknown;
        method?: unknown;
        params?: unknown;
      };
      const req: WsRequest = {
        id: typeof r.id === 'number' ? r.id : null,
        method: typeof r.method === 'string' ? r.method : '',
        params: r.params,
      };
      switch (req.method) {
        case 'server.ping':
          return reply(conn, req.id, 0, 'OK', { result: 'pong' });
        case 'server.time':
          return reply(conn, req.id, 0, 'OK', { timestamp: Date.now() });
        case 'depth.subscribe':
          return subscribe(conn, req);
        case 'depth.unsubscribe':
          return unsubscribe(conn, req);
        default:
          return reply(conn, req.id, 20002, 'method not found');
      }
    },
  };
  // ccxt connects with a trailing slash; both spellings reach the same endpoint.
  server.ws(COINEX_SIM_WS_PATH, route).ws(`${COINEX_SIM_WS_PATH}/`, route);
}

// ---------------------------------------------------------------------------------------------
// REST

function wireCoinexRest(server: SimServer, market: SimMarket): void {
  const isResponse = (x: unknown): x is SimResponse =>
    typeof x === 'object' && x !== null && 'status' in x && 'body' in x;
  const badParam = () =>
    coinexError(4004, 'Parameter error, please check whether the request parameters are abnormal.');

  /** `market=A,B` (at most ten; empty or absent = all markets). */
  const marketList = (req: SimRequest): string[] | SimResponse => {
    const raw = req.query.get('market');
    if (raw === null || raw.trim() === '') return market.symbols();
    const names = raw.split(',').map((s) => s.trim());
    if (names.length > MAX_MARKETS_PER_QUERY || !names.every((s) => market.has(s))) return badParam();
    return names;
  };
  const oneMarket = (req: SimRequest): string | SimResponse => {
    const s = req.query.get('market');
    return s && market.has(s) ? s : badParam();
  };
  const intParam = (req: SimRequest, name: string): number | undefined | SimResponse => {
    const raw = req.query.get(name);
    if (raw === null || raw === '') return undefined;
    return /^\d{1,16}$/.test(raw) ? Number(raw) : badParam();
  };
  const px = (symbol: string, x: number) => market.formatPrice(symbol, x);
  const rate = (x: number) => trimDecimal(x, 8);

  server.get('/v2/time', () => envelope({ timestamp: Date.now() }));

  server.get('/v2/futures/market', (req) => {
    const symbols = marketList(req);
    if (isResponse(symbols)) return symbols;
    const now = Date.now();
    return envelope(
      symbols.map((symbol) => {
        const i = market.instrument(symbol);
        return {
          market: symbol,
          contract_type: 'linear',
          taker_fee_rate: '0.0005',
          maker_fee_rate: '0.0003',
          min_amount: i.lotSize,
          base_ccy: i.baseAsset,
          quote_ccy: i.quoteAsset,
          base_ccy_precision: i.lot.decimals,
          quote_ccy_precision: i.tick.decimals,
          status: 'online',
          delisted_at: 0,
          tick_size: i.tickSize,
          leverage: ['1', '2', '3', '5', '8', '10', '15', '20', '30', '50', '100'],
          open_interest_volume: market.formatSize(symbol, market.ticker(symbol, now).openInterest),
          is_market_available: true,
          is_copy_trading_available: true,
          is_api_trading_available: true,
        };
      }),
    );
  });

  server.get('/v2/futures/ticker', (req) => {
    const symbols = marketList(req);
    if (isResponse(symbols)) return symbols;
    const now = Date.now();
    return envelope(
      symbols.map((symbol) => {
        const t = market.ticker(symbol, now);
        const size = (x: number) => market.formatSize(symbol, x);
        const takerBuy = market.candles(symbol, DAY_MS, { limit: 1 }, now)[0];
        const buyShare = takerBuy && takerBuy.volume > 0 ? takerBuy.takerBuyVolume / takerBuy.volume : 0.5;
        return {
          market: symbol,
          last: px(symbol, t.lastPrice),
          open: px(symbol, t.open24h),
          close: px(symbol, t.lastPrice),
          high: px(symbol, t.high24h),
          low: px(symbol, t.low24h),
          volume: size(t.volume24h),
          value: t.quoteVolume24h.toFixed(8),
          volume_sell: size(t.volume24h * (1 - buyShare)),
          volume_buy: size(t.volume24h * buyShare),
          index_price: px(symbol, t.indexPrice),
          mark_price: px(symbol, t.markPrice),
          open_interest_volume: size(t.openInterest),
          period: 86400,
        };
      }),
    );
  });

  server.get('/v2/futures/funding-rate', (req) => {
    const symbols = marketList(req);
    if (isResponse(symbols)) return symbols;
    const now = Date.now();
    return envelope(
      symbols.map((symbol) => {
        const f = market.funding(symbol, now);
        // As in the live capture: `latest_*` is the settlement just past, `next_*` the coming one.
        const last = market.fundingHistory(symbol, { endMs: now, limit: 1 }, now)[0];
        return {
          market: symbol,
          mark_price: px(symbol, f.markPrice),
          latest_funding_rate: rate(last?.rate ?? 0),
          next_funding_rate: rate(f.rate),
          max_funding_rate: rate(f.cap),
          min_funding_rate: rate(-f.cap),
          latest_funding_time: last?.fundingTime ?? f.nextFundingTime - f.intervalHours * HOUR_MS,
          next_funding_time: f.nextFundingTime,
        };
      }),
    );
  });

  server.get('/v2/futures/funding-rate-history', (req) => {
    const symbol = oneMarket(req);
    if (isResponse(symbol)) return symbol;
    const startMs = intParam(req, 'start_time');
    const endMs = intParam(req, 'end_time');
    const page = intParam(req, 'page') ?? 1;
    const limit = intParam(req, 'limit') ?? 10;
    for (const p of [startMs, endMs, page, limit]) if (isResponse(p)) return p;
    const pageNo = page as number;
    const pageSize = limit as number;
    if (pageNo < 1 || pageSize < 1 || pageSize > 1000) return badParam();
    // Newest first, paged; one row more than the page tells whether another page follows.
    const newestFirst = market
      .fundingHistory(symbol, {
        startMs: startMs as number | undefined,
        endMs: endMs as number | undefined,
        limit: pageNo * pageSize + 1,
        keep: 'last',
      })
      .reverse();
    const rows = newestFirst.slice((pageNo - 1) * pageSize, pageNo * pageSize);
    return envelope(
      rows.map((r) => ({
        market: symbol,
        funding_time: r.fundingTime,
        theoretical_funding_rate: rate(r.rate),
        actual_funding_rate: rate(r.rate),
      })),
      { pagination: { has_next: newestFirst.length > pageNo * pageSize } },
    );
  });

  server.get('/v2/futures/kline', (req) => {
    const symbol = oneMarket(req);
    if (isResponse(symbol)) return symbol;
    const period = KLINE_PERIODS[req.query.get('period') ?? ''];
    if (!period) return badParam();
    const startMs = intParam(req, 'start_time');
    const endMs = intParam(req, 'end_time');
    const limit = intParam(req, 'limit') ?? 100;
    for (const p of [startMs, endMs, limit]) if (isResponse(p)) return p;
    if ((limit as number) < 1 || (limit as number) > 1000) return badParam();
    const candles = market.candles(symbol, period.ms, {
      startMs: startMs as number | undefined,
      endMs: endMs as number | undefined,
      limit: limit as number,
      alignOffsetMs: period.offsetMs,
    });
    return envelope(candles.map((c) => klineRow(market, symbol, c)));
  });

  server.get('/v2/futures/depth', (req) => {
    const symbol = oneMarket(req);
    if (isResponse(symbol)) return symbol;
    const limit = intParam(req, 'limit');
    if (isResponse(limit)) return limit;
    if (limit === undefined || !DEPTH_LIMITS.includes(limit)) return badParam();
    if (req.query.get('interval') !== '0') return badParam();
    const book = market.book(symbol, limit);
    return envelope({
      market: symbol,
      is_full: true,
      depth: {
        asks: book.text.asks,
        bids: book.text.bids,
        last: book.text.asks[0]?.[0] ?? book.text.bids[0]?.[0] ?? '0',
        updated_at: book.tsMs,
        checksum: simDepthChecksum(book.text.bids, book.text.asks),
      },
    });
  });
}

/**
 * A kline row as the live capture has it: `value` is the base amount and `volume` the quote
 * value (the docs print them the other way round; clients must tell them apart by magnitude).
 */
function klineRow(market: SimMarket, symbol: string, c: SimCandle): object {
  const px = (x: number) => market.formatPrice(symbol, x);
  return {
    market: symbol,
    created_at: c.openMs,
    open: px(c.open),
    close: px(c.close),
    high: px(c.high),
    low: px(c.low),
    volume: trimDecimal(c.quoteVolume, 8),
    value: market.formatSize(symbol, c.volume),
  };
}
