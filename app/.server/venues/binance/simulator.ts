// Binance USDⓈ-M futures simulator: the public WS split of 2026 (/public for depth, /market for mark
// price) and the REST market endpoints, over the synthetic market. Independent of the Binance client
// modules on purpose, so tests of those check them against the protocol, not against themselves.
import { candleIntervals } from '~/.server/venues/sim/candles';
import { defaultSymbols, type BookUpdate, type SimCandle, type SimMarket } from '~/.server/venues/sim/market';
import {
  json,
  type SimConnection,
  type SimRequest,
  type SimResponse,
  type SimServer,
  type SimulatorOptions,
  type VenueSimulator,
  type WsRoute,
} from '~/.server/venues/sim/server';
import { startVenueSimulator } from '~/.server/venues/sim/start-venue';

export interface BinanceSimulatorOptions extends SimulatorOptions {
  /** Protocol ping period. Binance pings every 3 min; the simulator every 5 s so clients see it. */
  pingIntervalMs?: number;
  /** Sockets that send nothing (not even a pong) for this long are dropped; Binance: 10 min. */
  idleTimeoutMs?: number;
  /** Period of `@markPrice@1s` and `!markPrice@arr@1s`; the 3 s variants run at three times it. Default 1000. */
  markPriceIntervalMs?: number;
  /** Incoming messages per second before the socket is closed; Binance: 10. 0 disables. */
  maxMessagesPerSecond?: number;
}

const MAX_STREAMS_PER_CONNECTION = 1024;
const DEPTH_LIMITS = [5, 10, 20, 50, 100, 500, 1000];
const DIFF_SUFFIXES = ['@depth', '@depth@100ms', '@depth@500ms'] as const;
const PARTIAL_LEVELS = [5, 10, 20] as const;
const PARTIAL_SPEEDS = ['', '@100ms', '@500ms'] as const;

// ---------------------------------------------------------------------------------------------
// Stream names

export type BinanceStream =
  | { kind: 'diff'; symbol: string }
  | { kind: 'partial'; symbol: string; levels: number }
  | { kind: 'bookTicker'; symbol: string }
  | { kind: 'markPrice'; symbol: string }
  | { kind: 'markPriceAll' };

export type BinanceWsCategory = 'public' | 'market';

/** A stream name as Binance spells it (lowercase symbol), with the WS category that serves it; null if invalid. */
export function parseBinanceStream(name: string): { category: BinanceWsCategory; stream: BinanceStream } | null {
  let m = /^([a-z0-9_]+)@depth(?:@(?:100|500)ms)?$/.exec(name);
  if (m) return { category: 'public', stream: { kind: 'diff', symbol: m[1]!.toUpperCase() } };
  m = /^([a-z0-9_]+)@depth(5|10|20)(?:@(?:100|500)ms)?$/.exec(name);
  if (m) return { category: 'public', stream: { kind: 'partial', symbol: m[1]!.toUpperCase(), levels: Number(m[2]) } };
  m = /^([a-z0-9_]+)@bookTicker$/.exec(name);
  if (m) return { category: 'public', stream: { kind: 'bookTicker', symbol: m[1]!.toUpperCase() } };
  m = /^([a-z0-9_]+)@markPrice(?:@1s)?$/.exec(name);
  if (m) return { category: 'market', stream: { kind: 'markPrice', symbol: m[1]!.toUpperCase() } };
  if (/^!markPrice@arr(?:@1s)?$/.test(name)) return { category: 'market', stream: { kind: 'markPriceAll' } };
  return null;
}

// ---------------------------------------------------------------------------------------------
// Payloads (pure)

export function binanceDepthEvent(u: BookUpdate, eventTimeMs: number): object {
  return {
    e: 'depthUpdate',
    E: eventTimeMs,
    T: u.tsMs,
    s: u.symbol,
    U: u.firstUpdateId,
    u: u.lastUpdateId,
    pu: u.prevUpdateId,
    b: u.bids,
    a: u.asks,
  };
}

function partialDepthEvent(market: SimMarket, u: BookUpdate, levels: number, eventTimeMs: number): object {
  const book = market.book(u.symbol, levels);
  return { ...binanceDepthEvent(u, eventTimeMs), b: book.text.bids, a: book.text.asks };
}

function bookTickerEvent(market: SimMarket, u: BookUpdate, eventTimeMs: number): object | null {
  const { text } = market.book(u.symbol, 1);
  const [bid, ask] = [text.bids[0], text.asks[0]];
  if (!bid || !ask) return null;
  return {
    e: 'bookTicker',
    u: u.lastUpdateId,
    s: u.symbol,
    b: bid[0],
    B: bid[1],
    a: ask[0],
    A: ask[1],
    T: u.tsMs,
    E: eventTimeMs,
  };
}

function markPriceEvent(market: SimMarket, symbol: string, nowMs: number): object {
  const f = market.funding(symbol, nowMs);
  return {
    e: 'markPriceUpdate',
    E: nowMs,
    s: symbol,
    p: f.markPrice.toFixed(8),
    P: f.estimatedSettlePrice.toFixed(8),
    i: f.indexPrice.toFixed(8),
    r: f.rate.toFixed(8),
    T: f.nextFundingTime,
  };
}

function premiumIndex(market: SimMarket, symbol: string, nowMs: number): object {
  const f = market.funding(symbol, nowMs);
  return {
    symbol,
    markPrice: f.markPrice.toFixed(8),
    indexPrice: f.indexPrice.toFixed(8),
    estimatedSettlePrice: f.estimatedSettlePrice.toFixed(8),
    lastFundingRate: f.rate.toFixed(8),
    interestRate: f.interestRate.toFixed(8),
    nextFundingTime: f.nextFundingTime,
    time: nowMs,
  };
}

function klineRow(market: SimMarket, symbol: string, c: SimCandle): unknown[] {
  const px = (x: number) => market.formatPrice(symbol, x);
  const qty = (x: number) => market.formatSize(symbol, x);
  return [
    c.openMs,
    px(c.open),
    px(c.high),
    px(c.low),
    px(c.close),
    qty(c.volume),
    c.closeMs,
    c.quoteVolume.toFixed(5),
    c.trades,
    qty(c.takerBuyVolume),
    c.takerBuyQuoteVolume.toFixed(5),
    '0',
  ];
}

function ticker24h(market: SimMarket, symbol: string, nowMs: number): object {
  const t = market.ticker(symbol, nowMs);
  const px = (x: number) => market.formatPrice(symbol, x);
  const change = t.lastPrice - t.open24h;
  const lastId = Math.floor(nowMs / 40);
  return {
    symbol,
    priceChange: px(change),
    priceChangePercent: ((change / t.open24h) * 100).toFixed(3),
    weightedAvgPrice: px(t.quoteVolume24h / Math.max(t.volume24h, Number.EPSILON)),
    lastPrice: px(t.lastPrice),
    lastQty: market.formatSize(symbol, t.lastQty),
    openPrice: px(t.open24h),
    highPrice: px(t.high24h),
    lowPrice: px(t.low24h),
    volume: market.formatSize(symbol, t.volume24h),
    quoteVolume: t.quoteVolume24h.toFixed(2),
    openTime: t.openTime,
    closeTime: t.closeTime,
    firstId: lastId - t.trades24h + 1,
    lastId,
    count: t.trades24h,
  };
}

function exchangeInfo(market: SimMarket, nowMs: number): object {
  return {
    timezone: 'UTC',
    serverTime: nowMs,
    futuresType: 'U_MARGINED',
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 2400 },
      { rateLimitType: 'ORDERS', interval: 'MINUTE', intervalNum: 1, limit: 1200 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 300 },
    ],
    exchangeFilters: [],
    assets: [{ asset: 'USDT', marginAvailable: true, autoAssetExchange: '-10000' }],
    symbols: market.instruments().map((i) => ({
      symbol: i.symbol,
      pair: i.symbol,
      contractType: 'PERPETUAL',
      deliveryDate: 4133404800000,
      onboardDate: i.launchTimeMs,
      status: 'TRADING',
      maintMarginPercent: '2.5000',
      requiredMarginPercent: '5.0000',
      baseAsset: i.baseAsset,
      quoteAsset: i.quoteAsset,
      marginAsset: i.quoteAsset,
      pricePrecision: i.tick.decimals,
      quantityPrecision: i.lot.decimals,
      baseAssetPrecision: 8,
      quotePrecision: 8,
      underlyingType: 'COIN',
      underlyingSubType: [],
      triggerProtect: '0.0500',
      liquidationFee: '0.012500',
      marketTakeBound: '0.05',
      maxMoveOrderLimit: 10000,
      filters: [
        {
          minPrice: i.tickSize,
          maxPrice: market.formatPrice(i.symbol, i.price * 20),
          filterType: 'PRICE_FILTER',
          tickSize: i.tickSize,
        },
        {
          stepSize: i.lotSize,
          filterType: 'LOT_SIZE',
          maxQty: market.formatSize(i.symbol, 100_000_000 / i.price),
          minQty: i.lotSize,
        },
        {
          stepSize: i.lotSize,
          filterType: 'MARKET_LOT_SIZE',
          maxQty: market.formatSize(i.symbol, 25_000_000 / i.price),
          minQty: i.lotSize,
        },
        { limit: 200, filterType: 'MAX_NUM_ORDERS' },
        { limit: 10, filterType: 'MAX_NUM_ALGO_ORDERS' },
        { notional: '5', filterType: 'MIN_NOTIONAL' },
        { multiplierDown: '0.9500', multiplierUp: '1.0500', multiplierDecimal: '4', filterType: 'PERCENT_PRICE' },
      ],
      orderTypes: [
        'LIMIT',
        'MARKET',
        'STOP',
        'STOP_MARKET',
        'TAKE_PROFIT',
        'TAKE_PROFIT_MARKET',
        'TRAILING_STOP_MARKET',
      ],
      timeInForce: ['GTC', 'IOC', 'FOK', 'GTX', 'GTD'],
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// REST helpers

function binanceError(code: number, msg: string, status = 400): SimResponse {
  return json({ code, msg }, status);
}

const invalidSymbol = () => binanceError(-1121, 'Invalid symbol.');
const mandatory = (name: string) =>
  binanceError(-1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);
const invalidParam = (name: string) => binanceError(-1130, `Data sent for parameter '${name}' is not valid.`);

/** Integer query parameter: undefined when absent, an error response when not an unsigned integer. */
function intParam(q: URLSearchParams, name: string): number | undefined | SimResponse {
  const raw = q.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^[0-9]{1,20}$/.test(raw)) {
    return binanceError(-1100, `Illegal characters found in parameter '${name}'; legal range is '^[0-9]{1,20}$'.`);
  }
  return Number(raw);
}

function isResponse(x: unknown): x is SimResponse {
  return typeof x === 'object' && x !== null && 'status' in x && 'body' in x;
}

const MINUTE_MS = 60_000;
// prettier-ignore
const KLINE_INTERVALS = candleIntervals({
  '1m': 1, '3m': 3, '5m': 5, '15m': 15, '30m': 30, '1h': 60, '2h': 120, '4h': 240, '6h': 360, '8h': 480,
  '12h': 720, '1d': 1440, '3d': 3 * 1440, '1w': 7 * 1440,
});

// ---------------------------------------------------------------------------------------------
// The simulator

export async function startBinanceSimulator(opts: BinanceSimulatorOptions = {}): Promise<VenueSimulator> {
  return startVenueSimulator(opts, {
    venue: 'binance',
    defaultSymbols: () => defaultSymbols('binance'),
    server: {
      serverPingIntervalMs: opts.pingIntervalMs ?? 5_000,
      idleTimeoutMs: opts.idleTimeoutMs ?? 600_000,
      maxIncomingPerSecond: opts.maxMessagesPerSecond ?? 10,
      errorBody: binanceFaultBody,
    },
    wire: (server, market) => wireBinance(server, market, opts.markPriceIntervalMs ?? 1_000),
  });
}

function binanceFaultBody(status: number): unknown {
  if (status === 429) {
    return {
      code: -1003,
      msg: 'Too many requests; current limit of IP(127.0.0.1) request weight per minute is 2400. Please use WebSocket Streams for live updates to avoid polling the API.',
    };
  }
  if (status === 418) {
    return {
      code: -1003,
      msg: `Way too many requests; IP(127.0.0.1) banned until ${Date.now() + 120_000}. Please use WebSocket Streams for live updates to avoid bans.`,
    };
  }
  if (status >= 500) return { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' };
  return { code: -1000, msg: 'An unknown error occured while processing the request.' };
}

function wireBinance(server: SimServer, market: SimMarket, markPriceIntervalMs: number): void {
  /** Sockets that receive `{stream, data}` wrappers (the /stream endpoints, or SET_PROPERTY combined). */
  const combined = new WeakMap<SimConnection, boolean>();

  const publish = (topic: string, raw: string) => {
    const subs = server.subscribers(topic);
    if (subs.size === 0) return;
    let wrapped: string | null = null;
    for (const conn of subs) {
      if (combined.get(conn)) conn.send((wrapped ??= `{"stream":"${topic}","data":${raw}}`));
      else conn.send(raw);
    }
  };

  server.onUpdates((updates) => {
    const now = Date.now();
    for (const u of updates) {
      const lower = u.symbol.toLowerCase();
      // A gap is a lost diff event (armed until someone listens): the next one's pu names an id never seen.
      const diffTopics = DIFF_SUFFIXES.map((suffix) => lower + suffix).filter((t) => server.hasSubscribers(t));
      if (diffTopics.length > 0 && !server.faults.takeGap(u.symbol)) {
        const raw = JSON.stringify(binanceDepthEvent(u, now));
        for (const topic of diffTopics) publish(topic, raw);
      }
      for (const levels of PARTIAL_LEVELS) {
        for (const speed of PARTIAL_SPEEDS) {
          const topic = `${lower}@depth${levels}${speed}`;
          if (server.hasSubscribers(topic)) publish(topic, JSON.stringify(partialDepthEvent(market, u, levels, now)));
        }
      }
      const bt = `${lower}@bookTicker`;
      if (server.hasSubscribers(bt)) {
        const ev = bookTickerEvent(market, u, now);
        if (ev) publish(bt, JSON.stringify(ev));
      }
    }
  });

  let markTick = 0;
  server.every(markPriceIntervalMs, () => {
    const slow = markTick++ % 3 === 0;
    const now = Date.now();
    const suffixes = slow ? ['@markPrice@1s', '@markPrice'] : ['@markPrice@1s'];
    for (const symbol of market.symbols()) {
      const lower = symbol.toLowerCase();
      let raw: string | null = null;
      for (const s of suffixes) {
        if (server.hasSubscribers(lower + s))
          publish(lower + s, (raw ??= JSON.stringify(markPriceEvent(market, symbol, now))));
      }
    }
    const all = slow ? ['!markPrice@arr@1s', '!markPrice@arr'] : ['!markPrice@arr@1s'];
    let rawAll: string | null = null;
    for (const topic of all) {
      if (!server.hasSubscribers(topic)) continue;
      rawAll ??= JSON.stringify(market.symbols().map((s) => markPriceEvent(market, s, now)));
      publish(topic, rawAll);
    }
  });

  for (const category of ['public', 'market'] as const) {
    const route = binanceWsRoute(server, category, combined);
    server.ws(`/${category}/ws`, route, { prefix: true });
    server.ws(`/${category}/stream`, route);
  }

  wireBinanceRest(server, market);
}

function binanceWsRoute(
  server: SimServer,
  category: BinanceWsCategory,
  combined: WeakMap<SimConnection, boolean>,
): WsRoute {
  const subscribeAll = (conn: SimConnection, names: string[]) => {
    for (const name of names) {
      const parsed = parseBinanceStream(name);
      if (parsed && parsed.category === category) server.subscribe(conn, name, symbolOf(parsed.stream));
    }
  };

  return {
    open(conn) {
      const isStream = conn.path === `/${category}/stream`;
      combined.set(conn, isStream);
      // Streams named in the URL: /public/ws/a/b or /public/stream?streams=a/b.
      const inUrl = isStream
        ? (conn.query.get('streams') ?? '').split('/')
        : conn.path.slice(`/${category}/ws`.length).split('/');
      subscribeAll(
        conn,
        inUrl.filter((s) => s !== ''),
      );
    },

    message(conn, text) {
      const reply = (body: object) => conn.send(body);
      const fail = (code: number, msg: string, id: number | null) => reply({ error: { code, msg }, id });
      let req: unknown;
      try {
        req = JSON.parse(text);
      } catch {
        return fail(3, 'Invalid JSON: expected value at line 1 column 1', null);
      }
      if (typeof req !== 'object' || req === null || Array.isArray(req)) {
        return fail(2, 'Invalid request: expected a JSON object', null);
      }
      const { method, params, id } = req as { method?: unknown; params?: unknown; id?: unknown };
      if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) {
        return fail(2, 'Invalid request: request ID must be an unsigned integer', null);
      }
      if (typeof method !== 'string') return fail(2, 'Invalid request: missing field `method`', id);

      switch (method) {
        case 'SUBSCRIBE':
        case 'UNSUBSCRIBE': {
          if (!Array.isArray(params) || !params.every((p): p is string => typeof p === 'string')) {
            return fail(2, 'Invalid request: invalid type: expected a sequence of strings', id);
          }
          // Binance refuses the whole request when one name is bad (or served on the other endpoint).
          const streams = params.map((p) => ({ name: p, parsed: parseBinanceStream(p) }));
          if (streams.some((s) => !s.parsed || s.parsed.category !== category)) {
            return fail(2, 'Invalid request: invalid stream', id);
          }
          if (method === 'SUBSCRIBE') {
            const fresh = params.filter((p) => !conn.topics.has(p));
            if (conn.topics.size + new Set(fresh).size > MAX_STREAMS_PER_CONNECTION) {
              return fail(2, `Invalid request: too many streams, the limit is ${MAX_STREAMS_PER_CONNECTION}`, id);
            }
            for (const s of streams) server.subscribe(conn, s.name, symbolOf(s.parsed!.stream));
          } else {
            for (const s of streams) server.unsubscribe(conn, s.name);
          }
          return reply({ result: null, id });
        }
        case 'LIST_SUBSCRIPTIONS':
          return reply({ result: [...conn.topics.keys()], id });
        case 'SET_PROPERTY': {
          const [name, value] = Array.isArray(params) ? params : [];
          if (typeof name !== 'string') return fail(2, 'Invalid request: property name must be a string', id);
          if (name !== 'combined') return fail(0, 'Unknown property', id);
          if (typeof value !== 'boolean') return fail(1, 'Invalid value type: expected Boolean', id);
          combined.set(conn, value);
          return reply({ result: null, id });
        }
        case 'GET_PROPERTY': {
          const [name] = Array.isArray(params) ? params : [];
          if (typeof name !== 'string') return fail(2, 'Invalid request: property name must be a string', id);
          if (name !== 'combined') return fail(0, 'Unknown property', id);
          return reply({ result: combined.get(conn) ?? false, id });
        }
        default:
          return fail(
            2,
            `Invalid request: unknown variant \`${method}\`, expected one of \`SUBSCRIBE\`, \`UNSUBSCRIBE\`, \`LIST_SUBSCRIPTIONS\`, \`SET_PROPERTY\`, \`GET_PROPERTY\``,
            id,
          );
      }
    },
  };
}

function symbolOf(stream: BinanceStream): string | null {
  return stream.kind === 'markPriceAll' ? null : stream.symbol;
}

function wireBinanceRest(server: SimServer, market: SimMarket): void {
  // X-MBX-USED-WEIGHT-1M, as clients read it to pace themselves.
  let weightMinute = 0;
  let weightUsed = 0;
  const weighted =
    (weight: number | ((req: SimRequest) => number), handler: (req: SimRequest) => SimResponse) =>
    (req: SimRequest): SimResponse => {
      const minute = Math.floor(Date.now() / MINUTE_MS);
      if (minute !== weightMinute) [weightMinute, weightUsed] = [minute, 0];
      weightUsed += typeof weight === 'number' ? weight : weight(req);
      const res = handler(req);
      return { ...res, headers: { ...res.headers, 'X-MBX-USED-WEIGHT-1M': String(weightUsed) } };
    };

  /** `symbol` when given and listed; an error response when given and unknown; undefined when absent. */
  const optionalSymbol = (q: URLSearchParams): string | undefined | SimResponse => {
    const s = q.get('symbol');
    if (s === null || s === '') return undefined;
    return market.has(s) ? s : invalidSymbol();
  };
  const requiredSymbol = (q: URLSearchParams): string | SimResponse => {
    const s = optionalSymbol(q);
    return s === undefined ? mandatory('symbol') : s;
  };

  server.get(
    '/fapi/v1/ping',
    weighted(1, () => json({})),
  );
  server.get(
    '/fapi/v1/time',
    weighted(1, () => json({ serverTime: Date.now() })),
  );

  server.get(
    '/fapi/v1/exchangeInfo',
    weighted(1, () => json(exchangeInfo(market, Date.now()))),
  );

  const depthWeight = (limit: number) => (limit <= 50 ? 2 : limit <= 100 ? 5 : limit <= 500 ? 10 : 20);
  server.get(
    '/fapi/v1/depth',
    weighted(
      (req) => depthWeight(Number(req.query.get('limit') ?? 500)),
      (req) => {
        const symbol = requiredSymbol(req.query);
        if (isResponse(symbol)) return symbol;
        const limit = intParam(req.query, 'limit') ?? 500;
        if (isResponse(limit)) return limit;
        if (!DEPTH_LIMITS.includes(limit)) return invalidParam('limit');
        const book = market.book(symbol, limit);
        // The snapshot is taken between steps, so lastUpdateId is the u of the last event published.
        return json({
          lastUpdateId: book.lastUpdateId,
          E: Date.now(),
          T: book.tsMs,
          bids: book.text.bids,
          asks: book.text.asks,
        });
      },
    ),
  );

  server.get(
    '/fapi/v1/premiumIndex',
    weighted(
      (req) => (req.query.get('symbol') ? 1 : 10),
      (req) => {
        const symbol = optionalSymbol(req.query);
        if (isResponse(symbol)) return symbol;
        const now = Date.now();
        if (symbol) return json(premiumIndex(market, symbol, now));
        return json(market.symbols().map((s) => premiumIndex(market, s, now)));
      },
    ),
  );

  // Only symbols whose funding parameters differ from the 8 h default are listed, as on Binance.
  server.get(
    '/fapi/v1/fundingInfo',
    weighted(0, () =>
      json(
        market
          .instruments()
          .filter((i) => i.fundingIntervalHours !== 8)
          .map((i) => ({
            symbol: i.symbol,
            adjustedFundingRateCap: i.fundingRateCap.toFixed(8),
            adjustedFundingRateFloor: (-i.fundingRateCap).toFixed(8),
            fundingIntervalHours: i.fundingIntervalHours,
            disclaimer: false,
          })),
      ),
    ),
  );

  server.get(
    '/fapi/v1/fundingRate',
    weighted(0, (req) => {
      const symbol = optionalSymbol(req.query);
      if (isResponse(symbol)) return symbol;
      const startMs = intParam(req.query, 'startTime');
      const endMs = intParam(req.query, 'endTime');
      const limitRaw = intParam(req.query, 'limit');
      for (const p of [startMs, endMs, limitRaw]) if (isResponse(p)) return p;
      const q = { startMs: startMs as number | undefined, endMs: endMs as number | undefined };
      const limit = Math.min(1000, Math.max(1, (limitRaw as number | undefined) ?? 100));
      if (q.startMs !== undefined && q.endMs !== undefined && q.startMs > q.endMs) {
        return binanceError(-1023, 'Start time is greater than end time.');
      }
      const keep = q.startMs === undefined ? 'last' : 'first';
      const symbols = symbol ? [symbol] : market.symbols();
      const rows = symbols
        .flatMap((s) => market.fundingHistory(s, { ...q, limit, keep }))
        .sort((a, b) => a.fundingTime - b.fundingTime || a.symbol.localeCompare(b.symbol));
      const kept = keep === 'first' ? rows.slice(0, limit) : rows.slice(Math.max(0, rows.length - limit));
      return json(
        kept.map((r) => ({
          symbol: r.symbol,
          fundingTime: r.fundingTime,
          fundingRate: r.rate.toFixed(8),
          markPrice: r.markPrice.toFixed(8),
        })),
      );
    }),
  );

  server.get(
    '/fapi/v1/klines',
    weighted(
      (req) => {
        const limit = Number(req.query.get('limit') ?? 500);
        return limit < 100 ? 1 : limit < 500 ? 2 : limit <= 1000 ? 5 : 10;
      },
      (req) => {
        const symbol = requiredSymbol(req.query);
        if (isResponse(symbol)) return symbol;
        const intervalName = req.query.get('interval');
        if (!intervalName) return mandatory('interval');
        const interval = KLINE_INTERVALS[intervalName];
        if (!interval) return binanceError(-1120, 'Invalid interval.');
        const startMs = intParam(req.query, 'startTime');
        const endMs = intParam(req.query, 'endTime');
        const limit = intParam(req.query, 'limit') ?? 500;
        for (const p of [startMs, endMs, limit]) if (isResponse(p)) return p;
        if ((limit as number) < 1 || (limit as number) > 1500) return invalidParam('limit');
        const candles = market.candles(symbol, interval.ms, {
          startMs: startMs as number | undefined,
          endMs: endMs as number | undefined,
          limit: limit as number,
          alignOffsetMs: interval.offsetMs,
        });
        return json(candles.map((c) => klineRow(market, symbol, c)));
      },
    ),
  );

  server.get(
    '/fapi/v1/ticker/24hr',
    weighted(
      (req) => (req.query.get('symbol') ? 1 : 40),
      (req) => {
        const symbol = optionalSymbol(req.query);
        if (isResponse(symbol)) return symbol;
        const now = Date.now();
        if (symbol) return json(ticker24h(market, symbol, now));
        return json(market.symbols().map((s) => ticker24h(market, s, now)));
      },
    ),
  );

  server.get(
    '/fapi/v1/openInterest',
    weighted(1, (req) => {
      const symbol = requiredSymbol(req.query);
      if (isResponse(symbol)) return symbol;
      const now = Date.now();
      return json({
        openInterest: market.formatSize(symbol, market.ticker(symbol, now).openInterest),
        symbol,
        time: now,
      });
    }),
  );
}
