// KuCoin Futures simulator: the classic bullet protocol (POST bullet-public → token, endpoint and
// ping interval; welcome, JSON ping/pong, subscribe/ack, one level2 change per message with a
// sequence that advances by one per change) and the REST market endpoints, over the synthetic market.
// Sizes on the wire are CONTRACTS, as on KuCoin: the market's book is kept with the contract's
// multiplier as its lot, so one lot is one contract and the authoritative book is in base units.
// Independent of the KuCoin client modules on purpose, so tests check those against the protocol.
import { randomUUID } from 'node:crypto';
import { candleInterval } from '~/.server/venues/sim/candles';
import type { BookUpdate, SimInstrument, SimMarket, SimSymbolConfig } from '~/.server/venues/sim/market';
import {
  json,
  type SimConnection,
  type SimResponse,
  type SimServer,
  type SimulatorOptions,
  type VenueSimulator,
  type WsRoute,
} from '~/.server/venues/sim/server';
import { startVenueSimulator } from '~/.server/venues/sim/start-venue';

export interface KucoinSimulatorOptions extends SimulatorOptions {
  /** `pingInterval` the bullet announces (ms); KuCoin: 18 s. */
  pingIntervalMs?: number;
  /** `pingTimeout` (ms); a socket silent for pingInterval + pingTimeout is dropped. KuCoin: 10 s. */
  pingTimeoutMs?: number;
  /** How long an issued token may be used to connect; KuCoin: 24 h. */
  tokenTtlMs?: number;
  /**
   * The endpoint bullets name. Default: this simulator's own WS origin (`ws://127.0.0.1:<port>/`), so a
   * client that follows the token reaches it; tests set KuCoin's real host to exercise overrides.
   */
  bulletEndpoint?: string;
  /** Period of `mark.index.price` on `/contract/instrument:<SYM>`; funding.rate goes every 60th. Default 1000. */
  markIntervalMs?: number;
  /** Client messages per second before the socket is closed (KuCoin: 100 per 10 s). 0 disables. */
  maxMessagesPerSecond?: number;
}

const LEVEL2 = '/contractMarket/level2:';
const INSTRUMENT = '/contract/instrument:';
/** Topics per subscribe request and per session, as KuCoin's docs give them. */
const MAX_TOPICS_PER_REQUEST = 100;
const MAX_TOPICS_PER_SESSION = 300;
const MAX_KLINE_ROWS = 500;
const MAX_FUNDING_ROWS = 1000;
const KLINE_GRANULARITIES_MIN = [1, 5, 15, 30, 60, 120, 240, 480, 720, 1440, 10080];
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Listings: XBT is Bitcoin; lot = the contract multiplier, so sizes in lots are contracts.

/** A market config but for KuCoin's base (`XBT`), the asset's unit price, and the contract multiplier as the lot. */
interface KucoinListing extends Omit<
  SimSymbolConfig,
  'baseAsset' | 'quoteAsset' | 'price' | 'lotSize' | 'levelsPerSide' | 'launchTimeMs'
> {
  base: string;
  unitPrice: number;
  multiplier: string;
  launchTimeMs: number;
}

// Unit prices and launch times as the shared market uses them, so one asset quotes alike everywhere.
const LISTINGS: KucoinListing[] = [
  {
    symbol: 'XBTUSDTM',
    base: 'XBT',
    asset: 'BTC',
    unitPrice: 95_000,
    multiplier: '0.001',
    tickSize: '0.1',
    fundingIntervalHours: 8,
    fundingRateMean: 0.00012,
    fundingRateCap: 0.003,
    dailyVolatility: 0.028,
    volume24hQuote: 1.2e9,
    openInterestQuote: 9e8,
    levelNotionalQuote: 40_000,
    launchTimeMs: 1585555200000,
  },
  {
    symbol: 'ETHUSDTM',
    base: 'ETH',
    asset: 'ETH',
    unitPrice: 3_300,
    multiplier: '0.01',
    tickSize: '0.01',
    fundingIntervalHours: 8,
    fundingRateMean: 0.00013,
    fundingRateCap: 0.003,
    dailyVolatility: 0.038,
    volume24hQuote: 8e8,
    openInterestQuote: 6e8,
    levelNotionalQuote: 28_000,
    launchTimeMs: 1591142400000,
  },
  {
    symbol: 'SOLUSDTM',
    base: 'SOL',
    asset: 'SOL',
    unitPrice: 180,
    multiplier: '0.1',
    tickSize: '0.001',
    fundingIntervalHours: 4,
    fundingRateMean: 0.00006,
    fundingRateCap: 0.02,
    dailyVolatility: 0.05,
    volume24hQuote: 2e8,
    openInterestQuote: 1.5e8,
    levelNotionalQuote: 10_000,
    launchTimeMs: 1612137600000,
  },
  {
    symbol: 'XRPUSDTM',
    base: 'XRP',
    asset: 'XRP',
    unitPrice: 2.3,
    multiplier: '10',
    tickSize: '0.0001',
    fundingIntervalHours: 8,
    fundingRateMean: 0.00015,
    fundingRateCap: 0.02,
    dailyVolatility: 0.05,
    volume24hQuote: 1.5e8,
    openInterestQuote: 1e8,
    levelNotionalQuote: 8_000,
    launchTimeMs: 1597881600000,
  },
  {
    symbol: 'DOGEUSDTM',
    base: 'DOGE',
    asset: 'DOGE',
    unitPrice: 0.17,
    multiplier: '100',
    tickSize: '0.00001',
    fundingIntervalHours: 8,
    fundingRateMean: 0.00011,
    fundingRateCap: 0.02,
    dailyVolatility: 0.06,
    volume24hQuote: 1e8,
    openInterestQuote: 8e7,
    levelNotionalQuote: 5_000,
    launchTimeMs: 1612137600000,
  },
  {
    symbol: 'WIFUSDTM',
    base: 'WIF',
    asset: 'WIF',
    unitPrice: 1.6,
    multiplier: '10',
    tickSize: '0.0001',
    fundingIntervalHours: 1,
    fundingRateMean: -0.00004,
    fundingRateCap: 0.005,
    dailyVolatility: 0.08,
    volume24hQuote: 3e7,
    openInterestQuote: 2.5e7,
    levelNotionalQuote: 2_000,
    launchTimeMs: 1705622400000,
  },
  {
    symbol: 'LINKUSDTM',
    base: 'LINK',
    asset: 'LINK',
    unitPrice: 20,
    multiplier: '0.1',
    tickSize: '0.001',
    fundingIntervalHours: 8,
    fundingRateMean: 0.00006,
    fundingRateCap: 0.02,
    dailyVolatility: 0.05,
    volume24hQuote: 2e7,
    openInterestQuote: 2e7,
    levelNotionalQuote: 2_500,
    launchTimeMs: 1597881600000,
  },
];

/** KuCoin's default simulated symbols (USDT-margined perpetuals). */
export function kucoinSimSymbols(): SimSymbolConfig[] {
  return LISTINGS.map((l) => ({
    symbol: l.symbol,
    baseAsset: l.base,
    quoteAsset: 'USDT',
    asset: l.asset,
    price: l.unitPrice,
    tickSize: l.tickSize,
    lotSize: l.multiplier,
    fundingIntervalHours: l.fundingIntervalHours,
    fundingRateMean: l.fundingRateMean,
    fundingRateCap: l.fundingRateCap,
    dailyVolatility: l.dailyVolatility,
    volume24hQuote: l.volume24hQuote,
    openInterestQuote: l.openInterestQuote,
    levelNotionalQuote: l.levelNotionalQuote,
    launchTimeMs: l.launchTimeMs,
  }));
}

// ---------------------------------------------------------------------------------------------
// Payloads (pure)

/** Contracts in a base-unit size text of the market (its lot is the multiplier). */
function contractsOf(inst: SimInstrument, sizeText: string): number {
  return Math.round(Number(sizeText) / inst.lot.value);
}

/** One level2 message per change, as KuCoin sends them. */
export function kucoinLevel2Message(symbol: string, sequence: number, change: string, timestampMs: number): object {
  return {
    topic: `${LEVEL2}${symbol}`,
    type: 'message',
    subject: 'level2',
    sn: sequence,
    data: { sequence, change, timestamp: timestampMs },
  };
}

function ok(data: unknown): SimResponse {
  return json({ code: '200000', data });
}

function kucoinError(code: string, msg: string, status = 400): SimResponse {
  return json({ code, msg }, status);
}

function kucoinFaultBody(status: number): unknown {
  if (status === 429) return { code: '429000', msg: 'Too Many Requests' };
  if (status >= 500) return { code: '500000', msg: 'Internal Server Error' };
  if (status === 401) return { code: '400003', msg: 'KC-API-KEY not exists' };
  return { code: '400100', msg: 'Parameter Error' };
}

// ---------------------------------------------------------------------------------------------
// The simulator

/**
 * Starts the simulator on 127.0.0.1. Custom `symbols` must give the contract multiplier as `lotSize`
 * (one lot = one contract), as `kucoinSimSymbols()` does.
 */
export async function startKucoinSimulator(opts: KucoinSimulatorOptions = {}): Promise<VenueSimulator> {
  const pingIntervalMs = opts.pingIntervalMs ?? 18_000;
  const pingTimeoutMs = opts.pingTimeoutMs ?? 10_000;
  return startVenueSimulator(opts, {
    venue: 'kucoin',
    defaultSymbols: kucoinSimSymbols,
    server: {
      // KuCoin sends no protocol pings; it drops sockets whose pings stop.
      idleTimeoutMs: pingIntervalMs + pingTimeoutMs,
      maxIncomingPerSecond: opts.maxMessagesPerSecond ?? 10,
      errorBody: kucoinFaultBody,
    },
    wire: (server, market) => wireKucoin(server, market, { ...opts, pingIntervalMs, pingTimeoutMs }),
  });
}

interface WireOptions extends KucoinSimulatorOptions {
  pingIntervalMs: number;
  pingTimeoutMs: number;
}

function wireKucoin(server: SimServer, market: SimMarket, opts: WireOptions): void {
  const tokens = new Map<string, number>();
  const tokenTtlMs = opts.tokenTtlMs ?? DAY_MS;
  /** Per-symbol sequence: one per change, published or not (a gap is a change lost on the wire). */
  const sequences = new Map<string, number>(market.symbols().map((s) => [s, market.lastUpdateId(s)]));

  server.onUpdates((updates) => {
    for (const u of updates) publishLevel2(server, market, sequences, u);
  });

  const markIntervalMs = opts.markIntervalMs ?? 1_000;
  let markTick = 0;
  server.every(markIntervalMs, () => {
    const withFunding = markTick++ % 60 === 0;
    const now = Date.now();
    for (const symbol of market.symbols()) {
      const topic = `${INSTRUMENT}${symbol}`;
      if (!server.hasSubscribers(topic)) continue;
      const f = market.funding(symbol, now);
      const frames: object[] = [
        {
          topic,
          type: 'message',
          subject: 'mark.index.price',
          data: {
            markPrice: round(f.markPrice, 2),
            indexPrice: round(f.indexPrice, 2),
            granularity: 1000,
            timestamp: now,
          },
        },
      ];
      // The minute-level prediction; clients filter on granularity.
      if (withFunding) {
        frames.push({
          topic,
          type: 'message',
          subject: 'funding.rate',
          data: { granularity: 60_000, fundingRate: f.rate, timestamp: now },
        });
      }
      for (const conn of server.subscribers(topic)) for (const frame of frames) conn.send(frame);
    }
  });

  server.post('/api/v1/bullet-public', () => {
    const now = Date.now();
    for (const [t, exp] of tokens) if (exp <= now) tokens.delete(t);
    // Opaque, like KuCoin's base64-ish tokens ('=' and '.' included, so clients must encode them).
    const token = `${randomUUID().replace(/-/g, '')}==.${randomUUID().slice(0, 8)}`;
    tokens.set(token, now + tokenTtlMs);
    return ok({
      token,
      instanceServers: [
        {
          endpoint: opts.bulletEndpoint ?? `${server.wsUrl}/`,
          encrypt: true,
          protocol: 'websocket',
          pingInterval: opts.pingIntervalMs,
          pingTimeout: opts.pingTimeoutMs,
        },
      ],
    });
  });

  server.ws('/', kucoinWsRoute(server, market, tokens));
  wireKucoinRest(server, market, sequences);
}

function publishLevel2(server: SimServer, market: SimMarket, sequences: Map<string, number>, u: BookUpdate): void {
  const inst = market.instrument(u.symbol);
  const topic = `${LEVEL2}${u.symbol}`;
  const subscribed = server.hasSubscribers(topic);
  // Only a watched book can lose a message; an armed gap waits for one.
  let lose = subscribed && server.faults.takeGap(u.symbol);
  let seq = sequences.get(u.symbol) ?? 0;
  const changes: [side: 'buy' | 'sell', price: string, size: string][] = [
    ...u.bids.map(([p, s]) => ['buy', p, s] as ['buy', string, string]),
    ...u.asks.map(([p, s]) => ['sell', p, s] as ['sell', string, string]),
  ];
  for (const [side, price, size] of changes) {
    seq += 1;
    if (!subscribed) continue;
    if (lose) {
      lose = false;
      continue;
    }
    const frame = JSON.stringify(
      kucoinLevel2Message(u.symbol, seq, `${price},${side},${contractsOf(inst, size)}`, u.tsMs),
    );
    for (const conn of server.subscribers(topic)) conn.send(frame);
  }
  sequences.set(u.symbol, seq);
}

function kucoinWsRoute(server: SimServer, market: SimMarket, tokens: Map<string, number>): WsRoute {
  const connectIds = new WeakMap<SimConnection, string>();

  return {
    open(conn) {
      const connectId = conn.query.get('connectId') || conn.id;
      connectIds.set(conn, connectId);
      const token = conn.query.get('token') ?? '';
      const expires = tokens.get(token);
      if (expires === undefined || expires <= Date.now()) {
        conn.send({
          id: connectId,
          type: 'error',
          code: 401,
          data: expires === undefined ? 'token is invalid' : 'token is expired',
        });
        conn.close(4001, 'invalid token');
        return;
      }
      conn.send({ id: connectId, type: 'welcome' });
    },

    message(conn, text) {
      let req: unknown;
      try {
        req = JSON.parse(text);
      } catch {
        return conn.send({
          id: connectIds.get(conn) ?? '',
          type: 'error',
          code: 400,
          data: 'message is not valid JSON',
        });
      }
      if (typeof req !== 'object' || req === null || Array.isArray(req)) {
        return conn.send({ id: '', type: 'error', code: 400, data: 'message must be a JSON object' });
      }
      const { id: rawId, type, topic, privateChannel, response } = req as Record<string, unknown>;
      const id = typeof rawId === 'string' || typeof rawId === 'number' ? String(rawId) : '';
      const fail = (code: number, data: string) => conn.send({ id, type: 'error', code, data });

      switch (type) {
        case 'ping':
          return conn.send({ id, type: 'pong', timestamp: Date.now() * 1000 });
        case 'subscribe':
        case 'unsubscribe': {
          if (typeof topic !== 'string') return fail(400, 'topic is required');
          if (privateChannel === true) return fail(401, 'private channel requires a private token');
          const prefix = [LEVEL2, INSTRUMENT].find((p) => topic.startsWith(p));
          if (!prefix) return fail(404, `topic ${topic} is not found`);
          const symbols = topic.slice(prefix.length).split(',');
          if (symbols.length > MAX_TOPICS_PER_REQUEST) {
            return fail(509, `exceed max subscription count limitation of ${MAX_TOPICS_PER_REQUEST} per time`);
          }
          const unknown = symbols.find((s) => !market.has(s));
          if (unknown !== undefined) return fail(404, `topic ${prefix}${unknown} is not found`);
          if (type === 'subscribe') {
            const fresh = symbols.filter((s) => !conn.topics.has(`${prefix}${s}`));
            if (conn.topics.size + new Set(fresh).size > MAX_TOPICS_PER_SESSION) {
              return fail(509, `exceed max subscription count limitation of ${MAX_TOPICS_PER_SESSION} per session`);
            }
            for (const s of symbols) server.subscribe(conn, `${prefix}${s}`, s);
          } else {
            for (const s of symbols) server.unsubscribe(conn, `${prefix}${s}`);
          }
          if (response === true) conn.send({ id, type: 'ack' });
          return;
        }
        default:
          return fail(415, 'type is not supported');
      }
    },
  };
}

function round(x: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(x * scale) / scale;
}

/** Unsigned integer query parameter: undefined when absent, null when malformed. */
function intParam(q: URLSearchParams, name: string): number | undefined | null {
  const raw = q.get(name);
  if (raw === null || raw === '') return undefined;
  return /^[0-9]{1,16}$/.test(raw) ? Number(raw) : null;
}

function contract(market: SimMarket, inst: SimInstrument, now: number): object {
  const f = market.funding(inst.symbol, now);
  const t = market.ticker(inst.symbol, now);
  const px = (x: number) => Number(market.formatPrice(inst.symbol, x));
  const intervalMs = inst.fundingIntervalHours * HOUR_MS;
  return {
    symbol: inst.symbol,
    rootSymbol: inst.quoteAsset,
    type: 'FFWCSX',
    firstOpenDate: inst.launchTimeMs,
    expireDate: null,
    settleDate: null,
    baseCurrency: inst.baseAsset,
    quoteCurrency: inst.quoteAsset,
    settleCurrency: inst.quoteAsset,
    maxOrderQty: 1_000_000,
    maxPrice: px(inst.price * 20),
    lotSize: 1,
    tickSize: inst.tick.value,
    indexPriceTickSize: inst.tick.value / 10,
    multiplier: inst.lot.value,
    initialMargin: 0.008,
    maintainMargin: 0.004,
    makerFeeRate: 0.0002,
    takerFeeRate: 0.0006,
    takerFixFee: 0,
    makerFixFee: 0,
    settlementFee: null,
    isDeleverage: true,
    isQuanto: true,
    isInverse: false,
    markMethod: 'FairPrice',
    fairMethod: 'FundingRate',
    fundingRateSymbol: `.${inst.symbol}FPI8H`,
    indexSymbol: `.K${inst.baseAsset}USDT`,
    status: 'Open',
    fundingFeeRate: f.rate,
    // KuCoin's estimate for the period after the running one.
    predictedFundingFeeRate: market.funding(inst.symbol, now + intervalMs).rate,
    fundingRateGranularity: intervalMs,
    fundingRateCap: inst.fundingRateCap,
    fundingRateFloor: -inst.fundingRateCap,
    openInterest: String(Math.round(t.openInterest / inst.lot.value)),
    turnoverOf24h: round(t.quoteVolume24h, 4),
    volumeOf24h: t.volume24h,
    markPrice: round(f.markPrice, 2),
    indexPrice: round(f.indexPrice, 2),
    lastTradePrice: t.lastPrice,
    // A countdown in ms, not a timestamp.
    nextFundingRateTime: f.nextFundingTime - now,
    maxLeverage: 75,
    lowPrice: t.low24h,
    highPrice: t.high24h,
    priceChgPct: round((t.lastPrice - t.open24h) / t.open24h, 4),
    priceChg: px(t.lastPrice - t.open24h),
  };
}

function wireKucoinRest(server: SimServer, market: SimMarket, sequences: Map<string, number>): void {
  const requiredSymbol = (q: URLSearchParams): string | SimResponse => {
    const s = q.get('symbol');
    if (!s) return kucoinError('400100', 'Parameter [symbol] is required');
    return market.has(s) ? s : kucoinError('400100', 'contract does not exist');
  };

  server.get('/api/v1/contracts/active', () => {
    const now = Date.now();
    const perps = market.instruments().map((i) => contract(market, i, now));
    // KuCoin lists inverse and dated contracts in the same call; clients must leave them out.
    const btc = perps.find((c) => (c as { symbol: string }).symbol === 'XBTUSDTM') as
      Record<string, unknown> | undefined;
    const extra = btc
      ? [
          {
            ...btc,
            symbol: 'XBTUSDM',
            rootSymbol: 'XBT',
            quoteCurrency: 'USD',
            settleCurrency: 'XBT',
            multiplier: -1,
            isInverse: true,
            isQuanto: false,
          },
          {
            ...btc,
            symbol: `XBTMZ${new Date(now).getUTCFullYear() % 100}`,
            type: 'FFICSX',
            expireDate: now + 30 * DAY_MS,
            fundingFeeRate: null,
            predictedFundingFeeRate: null,
            fundingRateGranularity: null,
            nextFundingRateTime: null,
          },
        ]
      : [];
    return ok([...perps, ...extra]);
  });

  server.get('/api/v1/level2/snapshot', (req) => {
    const symbol = requiredSymbol(req.query);
    if (typeof symbol !== 'string') return symbol;
    const inst = market.instrument(symbol);
    const book = market.book(symbol);
    const side = (levels: [string, string][]) => levels.map(([p, s]) => [Number(p), contractsOf(inst, s)]);
    // Taken between market steps, so `sequence` is that of the last change published.
    return ok({
      sequence: sequences.get(symbol) ?? 0,
      symbol,
      bids: side(book.text.bids),
      asks: side(book.text.asks),
      ts: book.tsMs * 1_000_000,
    });
  });

  server.get('/api/v1/contract/funding-rates', (req) => {
    const symbol = requiredSymbol(req.query);
    if (typeof symbol !== 'string') return symbol;
    const from = intParam(req.query, 'from');
    const to = intParam(req.query, 'to');
    if (from === undefined || to === undefined) return kucoinError('400100', 'Parameter [from] and [to] are required');
    if (from === null || to === null || from > to) return kucoinError('400100', 'Parameter [from] or [to] is invalid');
    const rows = market.fundingHistory(symbol, { startMs: from, endMs: to, limit: MAX_FUNDING_ROWS, keep: 'last' });
    // Newest first, as KuCoin returns them.
    return ok(rows.reverse().map((r) => ({ symbol, fundingRate: r.rate, timepoint: r.fundingTime })));
  });

  server.get('/api/v1/kline/query', (req) => {
    const symbol = requiredSymbol(req.query);
    if (typeof symbol !== 'string') return symbol;
    const granularity = intParam(req.query, 'granularity');
    if (granularity === undefined || granularity === null || !KLINE_GRANULARITIES_MIN.includes(granularity)) {
      return kucoinError('400100', 'Parameter [granularity] is invalid');
    }
    const from = intParam(req.query, 'from');
    const to = intParam(req.query, 'to');
    if (from === null || to === null) return kucoinError('400100', 'Parameter [from] or [to] is invalid');
    const inst = market.instrument(symbol);
    const interval = candleInterval(granularity);
    // Only a start: 500 from it; otherwise the 500 closest to the end (or now).
    const candles = market.candles(symbol, interval.ms, {
      startMs: from,
      endMs: to,
      limit: MAX_KLINE_ROWS,
      keep: from !== undefined && to === undefined ? 'first' : 'last',
      alignOffsetMs: interval.offsetMs,
    });
    const px = (x: number) => Number(market.formatPrice(symbol, x));
    return ok(
      candles.map((c) => [
        c.openMs,
        px(c.open),
        px(c.high),
        px(c.low),
        px(c.close),
        Math.round(c.volume / inst.lot.value),
        round(c.quoteVolume, 4),
      ]),
    );
  });
}
