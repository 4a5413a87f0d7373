// Bybit v5 linear simulator: the public linear WS (orderbook.N snapshots + deltas, tickers, op ping)
// and the v5 market REST endpoints, over the synthetic market. Independent of the Bybit client modules.
import type { TextLevel } from '~/.server/market/types';
import { candleIntervals, textKlineRow } from '~/.server/venues/sim/candles';
import { defaultSymbols, trimDecimal, type BookUpdate, type SimMarket } from '~/.server/venues/sim/market';
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

export interface BybitSimulatorOptions extends SimulatorOptions {
  /** Sockets that send nothing (no op ping) for this long are dropped; Bybit: about 10 min. */
  idleTimeoutMs?: number;
}

export const BYBIT_WS_PATH = '/v5/public/linear';
const BOOK_DEPTHS = [1, 50, 200, 1000] as const;
const MAX_ARGS_CHARS = 21_000;

// ---------------------------------------------------------------------------------------------
// Topics

export type BybitTopic = { kind: 'orderbook'; depth: number; symbol: string } | { kind: 'tickers'; symbol: string };

export function parseBybitTopic(topic: string): BybitTopic | null {
  let m = /^orderbook\.(1|50|200|1000)\.([A-Z0-9]+)$/.exec(topic);
  if (m) return { kind: 'orderbook', depth: Number(m[1]), symbol: m[2]! };
  m = /^tickers\.([A-Z0-9]+)$/.exec(topic);
  if (m) return { kind: 'tickers', symbol: m[1]! };
  return null;
}

// ---------------------------------------------------------------------------------------------
// Pure protocol pieces

/**
 * Levels that differ between two top-N views, best first: changed or new levels with their size,
 * levels that left the window with "0". Applying this to the old view yields the new one exactly.
 */
export function diffTopLevels(prev: readonly TextLevel[], next: readonly TextLevel[], isBid: boolean): TextLevel[] {
  const before = new Map(prev);
  const after = new Map(next);
  const out: TextLevel[] = [];
  for (const [p, q] of next) if (before.get(p) !== q) out.push([p, q]);
  for (const [p] of prev) if (!after.has(p)) out.push([p, '0']);
  return out.sort((a, b) => (isBid ? Number(b[0]) - Number(a[0]) : Number(a[0]) - Number(b[0])));
}

function envelope(result: unknown): SimResponse {
  return json({ retCode: 0, retMsg: 'OK', result, retExtInfo: {}, time: Date.now() });
}

/** Bybit answers business errors with HTTP 200 and a non-zero retCode. */
function bybitError(retCode: number, retMsg: string): SimResponse {
  return json({ retCode, retMsg, result: {}, retExtInfo: {}, time: Date.now() });
}

function bybitFaultBody(status: number): unknown {
  const [retCode, retMsg] =
    status === 429 || status === 403
      ? [10006, 'Too many visits!']
      : status >= 500
        ? [10016, 'Server error.']
        : [10001, 'Request error.'];
  return { retCode, retMsg, result: {}, retExtInfo: {}, time: Date.now() };
}

interface TickerFields {
  [field: string]: string;
}

function tickerFields(market: SimMarket, symbol: string, tickDirection: string, nowMs: number): TickerFields {
  const t = market.ticker(symbol, nowMs);
  const f = market.funding(symbol, nowMs);
  const px = (x: number) => market.formatPrice(symbol, x);
  const qty = (x: number) => market.formatSize(symbol, x);
  return {
    symbol,
    tickDirection,
    price24hPcnt: ((t.lastPrice - t.open24h) / t.open24h).toFixed(6),
    lastPrice: px(t.lastPrice),
    prevPrice24h: px(t.open24h),
    highPrice24h: px(t.high24h),
    lowPrice24h: px(t.low24h),
    prevPrice1h: px(t.prevPrice1h),
    markPrice: px(t.markPrice),
    indexPrice: px(t.indexPrice),
    openInterest: qty(t.openInterest),
    openInterestValue: (t.openInterest * t.markPrice).toFixed(2),
    turnover24h: t.quoteVolume24h.toFixed(4),
    volume24h: qty(t.volume24h),
    fundingIntervalHour: String(f.intervalHours),
    fundingCap: trimDecimal(f.cap, 8),
    nextFundingTime: String(f.nextFundingTime),
    fundingRate: trimDecimal(f.rate, 8),
    bid1Price: t.bestBid ? px(t.bestBid[0]) : '',
    bid1Size: t.bestBid ? qty(t.bestBid[1]) : '',
    ask1Price: t.bestAsk ? px(t.bestAsk[0]) : '',
    ask1Size: t.bestAsk ? qty(t.bestAsk[1]) : '',
    preOpenPrice: '',
    preQty: '',
    curPreListingPhase: '',
  };
}

/** The REST tickers item: the same data in the order and with the extra fields of /v5/market/tickers. */
function restTicker(fields: TickerFields): Record<string, string> {
  const f = (k: string) => fields[k] ?? '';
  return {
    symbol: f('symbol'),
    lastPrice: f('lastPrice'),
    indexPrice: f('indexPrice'),
    markPrice: f('markPrice'),
    prevPrice24h: f('prevPrice24h'),
    price24hPcnt: f('price24hPcnt'),
    highPrice24h: f('highPrice24h'),
    lowPrice24h: f('lowPrice24h'),
    prevPrice1h: f('prevPrice1h'),
    openInterest: f('openInterest'),
    openInterestValue: f('openInterestValue'),
    turnover24h: f('turnover24h'),
    volume24h: f('volume24h'),
    fundingRate: f('fundingRate'),
    nextFundingTime: f('nextFundingTime'),
    predictedDeliveryPrice: '',
    basisRate: '',
    deliveryFeeRate: '',
    deliveryTime: '0',
    ask1Size: f('ask1Size'),
    bid1Price: f('bid1Price'),
    ask1Price: f('ask1Price'),
    bid1Size: f('bid1Size'),
    basis: '',
    preOpenPrice: '',
    preQty: '',
    curPreListingPhase: '',
    fundingIntervalHour: f('fundingIntervalHour'),
    basisRateYear: '',
    fundingCap: f('fundingCap'),
  };
}

function instrumentInfo(market: SimMarket, symbol: string): object {
  const i = market.instrument(symbol);
  return {
    symbol: i.symbol,
    contractType: 'LinearPerpetual',
    status: 'Trading',
    baseCoin: i.baseAsset,
    quoteCoin: i.quoteAsset,
    launchTime: String(i.launchTimeMs),
    deliveryTime: '0',
    deliveryFeeRate: '',
    priceScale: String(i.tick.decimals),
    leverageFilter: { minLeverage: '1', maxLeverage: '100.00', leverageStep: '0.01' },
    priceFilter: {
      minPrice: i.tickSize,
      maxPrice: market.formatPrice(symbol, i.price * 20),
      tickSize: i.tickSize,
    },
    lotSizeFilter: {
      maxOrderQty: market.formatSize(symbol, 100_000_000 / i.price),
      minOrderQty: i.lotSize,
      qtyStep: i.lotSize,
      postOnlyMaxOrderQty: market.formatSize(symbol, 100_000_000 / i.price),
      maxMktOrderQty: market.formatSize(symbol, 25_000_000 / i.price),
      minNotionalValue: '5',
    },
    unifiedMarginTrade: true,
    fundingInterval: i.fundingIntervalHours * 60,
    settleCoin: i.quoteAsset,
    copyTrading: 'both',
    upperFundingRate: trimDecimal(i.fundingRateCap, 8),
    lowerFundingRate: trimDecimal(-i.fundingRateCap, 8),
    isPreListing: false,
    preListingInfo: null,
    riskParameters: { priceLimitRatioX: '0.01', priceLimitRatioY: '0.02' },
    symbolType: '',
  };
}

// prettier-ignore
const KLINE_INTERVALS = candleIntervals({
  '1': 1, '3': 3, '5': 5, '15': 15, '30': 30, '60': 60, '120': 120, '240': 240, '360': 360, '720': 720,
  D: 1440, W: 7 * 1440,
});

// ---------------------------------------------------------------------------------------------
// The simulator

/** Per orderbook topic: Bybit's own update id and the top-N view last published. */
interface BookTopicState {
  depth: number;
  u: number;
  bids: TextLevel[];
  asks: TextLevel[];
  /** The view went stale while nobody listened; refresh before the next snapshot. */
  stale: boolean;
}

export async function startBybitSimulator(opts: BybitSimulatorOptions = {}): Promise<VenueSimulator> {
  return startVenueSimulator(opts, {
    venue: 'bybit',
    defaultSymbols: () => defaultSymbols('bybit'),
    server: { idleTimeoutMs: opts.idleTimeoutMs ?? 600_000, errorBody: bybitFaultBody },
    wire: (server, market) => wireBybit(server, market, opts.seed ?? 1),
  });
}

function wireBybit(server: SimServer, market: SimMarket, seed: number): void {
  const bookTopics = new Map<string, BookTopicState>();
  /** Per symbol: REST orderbook update id, advanced on every book change. */
  const restU = new Map<string, number>();
  const lastTicker = new Map<string, TickerFields>();
  const lastTradePrice = new Map<string, string>();
  const tickDirection = new Map<string, string>();
  // Bybit's per-topic ids are far from 1 (u == 1 means a service restart).
  const firstU = 10_000_000 + (seed % 1_000) * 17_389;

  const bookFrame = (
    topic: string,
    type: 'snapshot' | 'delta',
    symbol: string,
    st: BookTopicState,
    bids: TextLevel[],
    asks: TextLevel[],
    ctsMs: number,
  ) =>
    JSON.stringify({
      topic,
      type,
      ts: Math.max(Date.now(), ctsMs + 1),
      data: { s: symbol, b: bids, a: asks, u: st.u, seq: market.lastUpdateId(symbol) },
      cts: ctsMs,
    });

  const refreshView = (st: BookTopicState, symbol: string) => {
    const book = market.book(symbol, st.depth);
    st.bids = book.text.bids;
    st.asks = book.text.asks;
    st.stale = false;
  };

  const bookState = (topic: string, depth: number): BookTopicState => {
    let st = bookTopics.get(topic);
    if (!st) {
      st = { depth, u: firstU + bookTopics.size * 1_000, bids: [], asks: [], stale: true };
      bookTopics.set(topic, st);
    }
    return st;
  };

  const sendBookSnapshot = (conn: SimConnection, topic: string, depth: number, symbol: string) => {
    const st = bookState(topic, depth);
    if (st.stale) {
      refreshView(st, symbol);
      st.u++;
    }
    const cts = market.book(symbol, 0).tsMs;
    conn.send(bookFrame(topic, 'snapshot', symbol, st, st.bids, st.asks, cts));
  };

  const tickerFor = (symbol: string, nowMs: number) =>
    tickerFields(market, symbol, tickDirection.get(symbol) ?? 'ZeroPlusTick', nowMs);

  /** Tick direction follows the last trade price between pushes, as in Bybit's tickers. */
  const pushedTicker = (symbol: string, nowMs: number): TickerFields => {
    const fields = tickerFor(symbol, nowMs);
    const last = fields.lastPrice ?? '';
    const before = lastTradePrice.get(symbol);
    let d = tickDirection.get(symbol) ?? 'ZeroPlusTick';
    if (before !== undefined && before !== last) d = Number(last) > Number(before) ? 'PlusTick' : 'MinusTick';
    else if (before !== undefined) d = d.includes('Minus') ? 'ZeroMinusTick' : 'ZeroPlusTick';
    tickDirection.set(symbol, d);
    lastTradePrice.set(symbol, last);
    return { ...fields, tickDirection: d };
  };

  const sendTickerSnapshot = (conn: SimConnection, symbol: string) => {
    const fields = pushedTicker(symbol, Date.now());
    lastTicker.set(symbol, { ...lastTicker.get(symbol), ...fields });
    conn.send(
      JSON.stringify({
        topic: `tickers.${symbol}`,
        type: 'snapshot',
        data: fields,
        cs: market.lastUpdateId(symbol),
        ts: Date.now(),
      }),
    );
  };

  const publishBook = (u: BookUpdate) => {
    restU.set(u.symbol, (restU.get(u.symbol) ?? firstU) + 1);
    const live: { topic: string; depth: number; st: BookTopicState }[] = [];
    for (const depth of BOOK_DEPTHS) {
      const topic = `orderbook.${depth}.${u.symbol}`;
      const st = bookTopics.get(topic);
      if (!st) continue;
      if (server.hasSubscribers(topic)) live.push({ topic, depth, st });
      else st.stale = true;
    }
    if (live.length === 0) return;

    const snapshot = server.faults.takeSnapshot(u.symbol);
    const outgoing: {
      topic: string;
      type: 'snapshot' | 'delta';
      st: BookTopicState;
      bids: TextLevel[];
      asks: TextLevel[];
    }[] = [];
    for (const { topic, depth, st } of live) {
      const prev = { bids: st.bids, asks: st.asks };
      refreshView(st, u.symbol);
      // orderbook.1 is snapshot-only; deeper topics send what changed inside their window.
      const asSnapshot = snapshot || depth === 1;
      if (!snapshot && sameLevels(prev.bids, st.bids) && sameLevels(prev.asks, st.asks)) continue;
      const bids = asSnapshot ? st.bids : diffTopLevels(prev.bids, st.bids, true);
      const asks = asSnapshot ? st.asks : diffTopLevels(prev.asks, st.asks, false);
      st.u++;
      outgoing.push({ topic, type: asSnapshot ? 'snapshot' : 'delta', st, bids, asks });
    }
    // A gap is a lost message: its u is spent but it never arrives. Armed until a message exists to lose.
    if (outgoing.length === 0 || server.faults.takeGap(u.symbol)) return;
    for (const m of outgoing) {
      const frame = bookFrame(m.topic, m.type, u.symbol, m.st, m.bids, m.asks, u.tsMs);
      for (const conn of server.subscribers(m.topic)) conn.send(frame);
    }
  };

  const publishTicker = (symbol: string, now: number) => {
    const topic = `tickers.${symbol}`;
    if (!server.hasSubscribers(topic)) return;
    const fields = pushedTicker(symbol, now);
    const prev = lastTicker.get(symbol) ?? {};
    const changed: TickerFields = { symbol };
    for (const [k, v] of Object.entries(fields)) if (prev[k] !== v) changed[k] = v;
    lastTicker.set(symbol, fields);
    if (Object.keys(changed).length === 1) return;
    const frame = JSON.stringify({ topic, type: 'delta', data: changed, cs: market.lastUpdateId(symbol), ts: now });
    for (const conn of server.subscribers(topic)) conn.send(frame);
  };

  server.onUpdates((updates) => {
    const now = Date.now();
    for (const u of updates) publishBook(u);
    for (const u of updates) publishTicker(u.symbol, now);
  });

  server.ws(BYBIT_WS_PATH, {
    message(conn, text) {
      let req: unknown;
      try {
        req = JSON.parse(text);
      } catch {
        return conn.send({ success: false, ret_msg: 'error:request not json', conn_id: conn.id, op: '' });
      }
      const r = (typeof req === 'object' && req !== null ? req : {}) as {
        op?: unknown;
        args?: unknown;
        req_id?: unknown;
      };
      const reqId = r.req_id === undefined ? '' : String(r.req_id);
      const op = typeof r.op === 'string' ? r.op : '';
      const ack = (success: boolean, retMsg: string) =>
        conn.send({ success, ret_msg: retMsg, conn_id: conn.id, req_id: reqId, op });

      if (op === 'ping') return ack(true, 'pong');
      if (op !== 'subscribe' && op !== 'unsubscribe') return ack(false, `error:unsupported op ${op}`);

      const args = r.args;
      if (!Array.isArray(args) || args.length === 0 || !args.every((a): a is string => typeof a === 'string')) {
        return ack(false, 'error:args must be a non-empty array of topics');
      }
      const parsed = args.map((topic) => ({ topic, t: parseBybitTopic(topic) }));
      for (const { topic, t } of parsed) {
        if (!t) return ack(false, `error:handler not found,topic:${topic}`);
        if (!market.has(t.symbol)) return ack(false, `error:Invalid symbol :[${topic}]`);
      }

      if (op === 'unsubscribe') {
        for (const { topic } of parsed) server.unsubscribe(conn, topic);
        return ack(true, '');
      }
      for (const { topic } of parsed) {
        if (conn.topics.has(topic)) return ack(false, `error:already subscribed,topic:${topic}`);
      }
      const totalChars = [...conn.topics.keys(), ...args].reduce((n, a) => n + a.length, 0);
      if (totalChars > MAX_ARGS_CHARS) return ack(false, `error:args size >${MAX_ARGS_CHARS}`);

      for (const { topic, t } of parsed) server.subscribe(conn, topic, t!.symbol);
      ack(true, '');
      // The first message of every topic is a snapshot.
      for (const { topic, t } of parsed) {
        if (t!.kind === 'orderbook') sendBookSnapshot(conn, topic, t!.depth, t!.symbol);
        else sendTickerSnapshot(conn, t!.symbol);
      }
    },
  });

  wireBybitRest(server, market, restU, firstU, tickerFor);
}

function sameLevels(a: readonly TextLevel[], b: readonly TextLevel[]): boolean {
  return a.length === b.length && a.every((l, i) => l[0] === b[i]?.[0] && l[1] === b[i]?.[1]);
}

function wireBybitRest(
  server: SimServer,
  market: SimMarket,
  restU: Map<string, number>,
  firstU: number,
  tickerFor: (symbol: string, nowMs: number) => TickerFields,
): void {
  const CATEGORIES = ['spot', 'linear', 'inverse', 'option'];
  /** Linear is the only category with instruments here; others are valid but empty. */
  const category = (req: SimRequest, required: boolean): string | SimResponse => {
    const c = req.query.get('category');
    if (c === null || c === '') return required ? bybitError(10001, 'params error: category is required') : 'linear';
    return CATEGORIES.includes(c) ? c : bybitError(10001, 'Illegal category');
  };
  const symbolParam = (req: SimRequest): string | undefined | SimResponse => {
    const s = req.query.get('symbol');
    if (s === null || s === '') return undefined;
    return market.has(s) ? s : bybitError(10001, 'params error: symbol invalid');
  };
  const intParam = (req: SimRequest, name: string): number | undefined | SimResponse => {
    const raw = req.query.get(name);
    if (raw === null || raw === '') return undefined;
    return /^[0-9]{1,16}$/.test(raw) ? Number(raw) : bybitError(10001, `params error: ${name} invalid`);
  };
  const isResponse = (x: unknown): x is SimResponse =>
    typeof x === 'object' && x !== null && 'status' in x && 'body' in x;

  server.get('/v5/market/time', () => {
    const now = Date.now();
    return envelope({ timeSecond: String(Math.floor(now / 1000)), timeNano: `${now}000000` });
  });

  server.get('/v5/market/instruments-info', (req) => {
    const cat = category(req, true);
    if (isResponse(cat)) return cat;
    const symbol = symbolParam(req);
    if (isResponse(symbol)) return symbol;
    const limit = intParam(req, 'limit') ?? 500;
    if (isResponse(limit)) return limit;
    if (limit < 1 || limit > 1000) return bybitError(10001, 'params error: limit invalid');
    const cursor = req.query.get('cursor');
    let offset = 0;
    if (cursor) {
      const decoded = /^offset-(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
      if (!decoded) return bybitError(10001, 'params error: cursor invalid');
      offset = Number(decoded[1]);
    }
    const all = cat !== 'linear' ? [] : symbol ? [symbol] : market.symbols();
    const page = all.slice(offset, offset + limit);
    const next = offset + limit < all.length ? Buffer.from(`offset-${offset + limit}`).toString('base64url') : '';
    return envelope({ category: cat, list: page.map((s) => instrumentInfo(market, s)), nextPageCursor: next });
  });

  server.get('/v5/market/tickers', (req) => {
    const cat = category(req, true);
    if (isResponse(cat)) return cat;
    const s = req.query.get('symbol');
    if (s && !market.has(s)) return bybitError(10001, 'Not supported symbols');
    const now = Date.now();
    const symbols = cat !== 'linear' ? [] : s ? [s] : market.symbols();
    return envelope({ category: cat, list: symbols.map((sym) => restTicker(tickerFor(sym, now))) });
  });

  server.get('/v5/market/funding/history', (req) => {
    const cat = category(req, true);
    if (isResponse(cat)) return cat;
    const symbol = symbolParam(req);
    if (isResponse(symbol)) return symbol;
    if (!symbol) return bybitError(10001, 'params error: symbol is required');
    const startMs = intParam(req, 'startTime');
    const endMs = intParam(req, 'endTime');
    const limit = intParam(req, 'limit') ?? 200;
    for (const p of [startMs, endMs, limit]) if (isResponse(p)) return p;
    if ((limit as number) < 1 || (limit as number) > 200) return bybitError(10001, 'params error: limit invalid');
    // Bybit refuses a start without an end; with both it returns the newest rows inside the window.
    if (startMs !== undefined && endMs === undefined)
      return bybitError(10001, 'params error: endTime is required when startTime is set');
    const rows = market.fundingHistory(symbol, {
      startMs: startMs as number | undefined,
      endMs: endMs as number | undefined,
      limit: limit as number,
      keep: 'last',
    });
    return envelope({
      category: cat,
      list: rows
        .reverse()
        .map((r) => ({ symbol, fundingRate: trimDecimal(r.rate, 8), fundingRateTimestamp: String(r.fundingTime) })),
    });
  });

  server.get('/v5/market/kline', (req) => {
    const cat = category(req, false);
    if (isResponse(cat)) return cat;
    const symbol = symbolParam(req);
    if (isResponse(symbol)) return symbol;
    if (!symbol) return bybitError(10001, 'params error: symbol is required');
    const intervalName = req.query.get('interval') ?? '';
    const interval = KLINE_INTERVALS[intervalName];
    if (!interval) return bybitError(10001, 'Invalid period!');
    const startMs = intParam(req, 'start');
    const endMs = intParam(req, 'end');
    const limit = intParam(req, 'limit') ?? 200;
    for (const p of [startMs, endMs, limit]) if (isResponse(p)) return p;
    if ((limit as number) < 1 || (limit as number) > 1000) return bybitError(10001, 'params error: limit invalid');
    const candles = market.candles(symbol, interval.ms, {
      startMs: startMs as number | undefined,
      endMs: endMs as number | undefined,
      limit: limit as number,
      keep: 'last',
      alignOffsetMs: interval.offsetMs,
    });
    return envelope({ symbol, category: cat, list: candles.reverse().map((c) => textKlineRow(market, symbol, c)) });
  });

  server.get('/v5/market/orderbook', (req) => {
    const cat = category(req, true);
    if (isResponse(cat)) return cat;
    const symbol = symbolParam(req);
    if (isResponse(symbol)) return symbol;
    if (!symbol) return bybitError(10001, 'params error: symbol is required');
    const limit = intParam(req, 'limit') ?? 25;
    if (isResponse(limit)) return limit;
    if (limit < 1 || limit > 500) return bybitError(10001, 'params error: limit invalid');
    const book = market.book(symbol, limit);
    return envelope({
      s: symbol,
      a: book.text.asks,
      b: book.text.bids,
      ts: Date.now(),
      u: restU.get(symbol) ?? firstU,
      seq: book.lastUpdateId,
      cts: book.tsMs,
    });
  });
}
