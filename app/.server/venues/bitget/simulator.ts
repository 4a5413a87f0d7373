// Bitget v2 USDT-futures simulator: the public v2 WS (`books` snapshot + updates with a signed CRC32
// over the top 25 levels, `books1/5/15`, `ticker`, plain-text ping/pong) and the v2 mix market REST
// endpoints, over the synthetic market. Independent of the Bitget client modules on purpose (its
// checksum is node:zlib's CRC32 over a joined string), so client tests check against the protocol.
import http from 'node:http';
import zlib from 'node:zlib';
import type { TextLevel } from '~/.server/market/types';
import { candleIntervals, textKlineRow } from '~/.server/venues/sim/candles';
import {
  formatUnits,
  trimDecimal,
  type BookUpdate,
  type SimInstrument,
  type SimMarket,
  type SimSymbolConfig,
} from '~/.server/venues/sim/market';
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

export interface BitgetSimulatorOptions extends SimulatorOptions {
  /** Sockets that send no `ping` text for this long are dropped; Bitget: 2 minutes. */
  pingTimeoutMs?: number;
  /** Incoming messages per second before the socket is closed; Bitget: 10 (pings count). 0 disables. */
  maxMessagesPerSecond?: number;
  /** Period of `ticker` pushes; default 1000 ms. */
  tickerIntervalMs?: number;
}

export const BITGET_SIM_WS_PATH = '/v2/ws/public';
const INST_TYPE = 'USDT-FUTURES';
const OTHER_PRODUCT_TYPES = ['COIN-FUTURES', 'USDC-FUTURES', 'SUSDT-FUTURES', 'SCOIN-FUTURES', 'SUSDC-FUTURES'];
const BOOK_CHANNELS = ['books', 'books1', 'books5', 'books15'] as const;
type BookChannel = (typeof BOOK_CHANNELS)[number];
const SNAPSHOT_DEPTH: Record<Exclude<BookChannel, 'books'>, number> = { books1: 1, books5: 5, books15: 15 };
const CHECKSUM_LEVELS = 25;
/** "The total length of multiple channels cannot exceed 4096 bytes" per subscribe request. */
const MAX_ARGS_BYTES = 4096;
const HOUR_MS = 3_600_000;

// ---------------------------------------------------------------------------------------------
// Listings: Bitget's own spelling (PEPEUSDT unprefixed, 1000SATSUSDT prefixed), with 1/2/4/8 h funding.

/** A market config but for the base as Bitget spells it and the price as a multiple of the asset's unit price. */
interface Listing extends Omit<
  SimSymbolConfig,
  'baseAsset' | 'quoteAsset' | 'price' | 'levelsPerSide' | 'launchTimeMs'
> {
  baseCoin: string;
  unitPrice: number;
  multiplier?: number;
  launchTimeMs: number;
}

// One row per listing reads as a table.
// prettier-ignore
const LISTINGS: Listing[] = [
  { symbol: 'BTCUSDT', baseCoin: 'BTC', asset: 'BTC', unitPrice: 95_000, tickSize: '0.1', lotSize: '0.0001', fundingIntervalHours: 8, fundingRateMean: 0.00009, fundingRateCap: 0.003, dailyVolatility: 0.028, volume24hQuote: 2.4e9, openInterestQuote: 1.8e9, levelNotionalQuote: 40_000, launchTimeMs: 1592179200000 },
  { symbol: 'ETHUSDT', baseCoin: 'ETH', asset: 'ETH', unitPrice: 3_300, tickSize: '0.01', lotSize: '0.01', fundingIntervalHours: 8, fundingRateMean: 0.00012, fundingRateCap: 0.003, dailyVolatility: 0.038, volume24hQuote: 1.6e9, openInterestQuote: 1.2e9, levelNotionalQuote: 28_000, launchTimeMs: 1592179200000 },
  { symbol: 'SOLUSDT', baseCoin: 'SOL', asset: 'SOL', unitPrice: 180, tickSize: '0.001', lotSize: '0.1', fundingIntervalHours: 8, fundingRateMean: 0.00007, fundingRateCap: 0.01, dailyVolatility: 0.05, volume24hQuote: 4e8, openInterestQuote: 3e8, levelNotionalQuote: 10_000, launchTimeMs: 1631577600000 },
  { symbol: 'XRPUSDT', baseCoin: 'XRP', asset: 'XRP', unitPrice: 2.3, tickSize: '0.0001', lotSize: '1', fundingIntervalHours: 8, fundingRateMean: 0.0001, fundingRateCap: 0.01, dailyVolatility: 0.05, volume24hQuote: 3e8, openInterestQuote: 2e8, levelNotionalQuote: 8_000, launchTimeMs: 1592179200000 },
  { symbol: 'DOGEUSDT', baseCoin: 'DOGE', asset: 'DOGE', unitPrice: 0.17, tickSize: '0.00001', lotSize: '1', fundingIntervalHours: 4, fundingRateMean: 0.00013, fundingRateCap: 0.01, dailyVolatility: 0.06, volume24hQuote: 2e8, openInterestQuote: 1.6e8, levelNotionalQuote: 6_000, launchTimeMs: 1612137600000 },
  { symbol: 'PEPEUSDT', baseCoin: 'PEPE', asset: 'PEPE', unitPrice: 0.0000105, tickSize: '0.0000000001', lotSize: '1', fundingIntervalHours: 4, fundingRateMean: 0.00011, fundingRateCap: 0.02, dailyVolatility: 0.07, volume24hQuote: 1e8, openInterestQuote: 8e7, levelNotionalQuote: 3_500, launchTimeMs: 1683244800000 },
  { symbol: '1000SATSUSDT', baseCoin: '1000SATS', asset: 'SATS', unitPrice: 0.00000025, multiplier: 1000, tickSize: '0.0000001', lotSize: '10', fundingIntervalHours: 4, fundingRateMean: 0.00005, fundingRateCap: 0.02, dailyVolatility: 0.09, volume24hQuote: 2e7, openInterestQuote: 1.5e7, levelNotionalQuote: 1_500, launchTimeMs: 1702339200000 },
  { symbol: 'WIFUSDT', baseCoin: 'WIF', asset: 'WIF', unitPrice: 1.6, tickSize: '0.0001', lotSize: '1', fundingIntervalHours: 1, fundingRateMean: -0.00002, fundingRateCap: 0.005, dailyVolatility: 0.08, volume24hQuote: 6e7, openInterestQuote: 5e7, levelNotionalQuote: 2_000, launchTimeMs: 1705622400000 },
  { symbol: 'LINKUSDT', baseCoin: 'LINK', asset: 'LINK', unitPrice: 20, tickSize: '0.001', lotSize: '0.1', fundingIntervalHours: 2, fundingRateMean: 0.00006, fundingRateCap: 0.01, dailyVolatility: 0.05, volume24hQuote: 4e7, openInterestQuote: 4e7, levelNotionalQuote: 2_800, launchTimeMs: 1592179200000 },
];

/** The simulator's default symbol set, as Bitget spells and sizes them. */
export function bitgetSimSymbols(): SimSymbolConfig[] {
  return LISTINGS.map((l) => ({
    symbol: l.symbol,
    baseAsset: l.baseCoin,
    quoteAsset: 'USDT',
    asset: l.asset,
    price: l.unitPrice * (l.multiplier ?? 1),
    tickSize: l.tickSize,
    lotSize: l.lotSize,
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
// Pure protocol pieces

/** CRC32 of the documented string, as Bitget publishes it: a signed 32-bit integer. */
export function bitgetSimChecksum(bids: readonly TextLevel[], asks: readonly TextLevel[]): number {
  const parts: string[] = [];
  for (let i = 0; i < CHECKSUM_LEVELS; i++) {
    if (bids[i]) parts.push(`${bids[i]![0]}:${bids[i]![1]}`);
    if (asks[i]) parts.push(`${asks[i]![0]}:${asks[i]![1]}`);
  }
  return crc32(parts.join(':')) | 0;
}

/** node:zlib's CRC32 (Node ≥ 20.15); a bitwise fallback for older 20.x. */
function crc32(text: string): number {
  if (typeof zlib.crc32 === 'function') return zlib.crc32(text);
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return ~crc >>> 0;
}

interface ChannelArg {
  instType: string;
  channel: string;
  instId: string;
}

const topicOf = (channel: string, instId: string) => `${channel}:${instId}`;

/** Removals go out as "0", the way Bitget writes them. */
function wireLevels(levels: readonly TextLevel[]): TextLevel[] {
  return levels.map(([p, s]) => (Number(s) === 0 ? [p, '0'] : [p, s]));
}

/** `pricePlace` and `priceEndStep` of a tick: "0.1" → 1 and 1, "0.05" → 2 and 5, "10" → 0 and 10. */
function priceSteps(inst: SimInstrument): { pricePlace: number; priceEndStep: number } {
  let { units, decimals } = inst.tick;
  while (decimals > 0 && units % 10 === 0) {
    units /= 10;
    decimals--;
  }
  return { pricePlace: decimals, priceEndStep: units };
}

function rate(x: number): string {
  return trimDecimal(x, 6);
}

// ---------------------------------------------------------------------------------------------
// REST shapes

function envelope(data: unknown): SimResponse {
  return json({ code: '00000', msg: 'success', requestTime: Date.now(), data });
}

/** Bitget answers parameter errors with HTTP 400 and its code in the body. */
function bitgetError(code: string, msg: string, status = 400): SimResponse {
  return json({ code, msg, requestTime: Date.now(), data: null }, status);
}

function bitgetFaultBody(status: number): unknown {
  const msg = status === 429 ? 'Too Many Requests' : (http.STATUS_CODES[status] ?? 'error');
  return { code: String(status), msg, requestTime: Date.now(), data: null };
}

function contractItem(market: SimMarket, inst: SimInstrument): object {
  const { pricePlace, priceEndStep } = priceSteps(inst);
  return {
    symbol: inst.symbol,
    baseCoin: inst.baseAsset,
    quoteCoin: inst.quoteAsset,
    buyLimitPriceRatio: '0.05',
    sellLimitPriceRatio: '0.05',
    feeRateUpRatio: '0.005',
    makerFeeRate: '0.0002',
    takerFeeRate: '0.0006',
    openCostUpRatio: '0.01',
    supportMarginCoins: ['USDT'],
    minTradeNum: inst.lotSize,
    priceEndStep: String(priceEndStep),
    volumePlace: String(inst.lot.decimals),
    pricePlace: String(pricePlace),
    sizeMultiplier: inst.lotSize,
    symbolType: 'perpetual',
    minTradeUSDT: '5',
    maxSymbolOrderNum: '200',
    maxProductOrderNum: '400',
    maxPositionNum: '150',
    symbolStatus: 'normal',
    offTime: '-1',
    limitOpenTime: '-1',
    deliveryTime: '',
    deliveryStartTime: '',
    deliveryPeriod: '',
    launchTime: String(inst.launchTimeMs),
    fundInterval: String(inst.fundingIntervalHours),
    minLever: '1',
    maxLever: '125',
    posLimit: '0.05',
    maintainTime: '',
    maxMarketOrderQty: market.formatSize(inst.symbol, 2_000_000 / inst.price),
    maxOrderQty: market.formatSize(inst.symbol, 10_000_000 / inst.price),
    isRwa: 'NO',
  };
}

/** The ticker fields REST `tickers` and the WS `ticker` channel share. */
function tickerFields(market: SimMarket, symbol: string, nowMs: number): Record<string, string> {
  const t = market.ticker(symbol, nowMs);
  const f = market.funding(symbol, nowMs);
  const px = (x: number) => market.formatPrice(symbol, x);
  const qty = (x: number) => market.formatSize(symbol, x);
  return {
    lastPr: px(t.lastPrice),
    askPr: t.bestAsk ? px(t.bestAsk[0]) : '',
    bidPr: t.bestBid ? px(t.bestBid[0]) : '',
    bidSz: t.bestBid ? qty(t.bestBid[1]) : '',
    askSz: t.bestAsk ? qty(t.bestAsk[1]) : '',
    high24h: px(t.high24h),
    low24h: px(t.low24h),
    ts: String(nowMs),
    change24h: ((t.lastPrice - t.open24h) / t.open24h).toFixed(5),
    baseVolume: qty(t.volume24h),
    quoteVolume: t.quoteVolume24h.toFixed(4),
    usdtVolume: t.quoteVolume24h.toFixed(8),
    openUtc: px(t.open24h),
    indexPrice: t.indexPrice.toFixed(6),
    fundingRate: rate(f.rate),
    holdingAmount: qty(t.openInterest),
    open24h: px(t.open24h),
    markPrice: px(t.markPrice),
    nextFundingTime: String(f.nextFundingTime),
  };
}

function restTicker(market: SimMarket, symbol: string, nowMs: number): object {
  const f = tickerFields(market, symbol, nowMs);
  return {
    symbol,
    lastPr: f.lastPr,
    askPr: f.askPr,
    bidPr: f.bidPr,
    bidSz: f.bidSz,
    askSz: f.askSz,
    high24h: f.high24h,
    low24h: f.low24h,
    ts: f.ts,
    change24h: f.change24h,
    baseVolume: f.baseVolume,
    quoteVolume: f.quoteVolume,
    usdtVolume: f.usdtVolume,
    openUtc: f.openUtc,
    changeUtc24h: f.change24h,
    indexPrice: f.indexPrice,
    fundingRate: f.fundingRate,
    holdingAmount: f.holdingAmount,
    deliveryStartTime: null,
    deliveryTime: null,
    deliveryStatus: '',
    open24h: f.open24h,
    markPrice: f.markPrice,
  };
}

function wsTicker(market: SimMarket, symbol: string, nowMs: number): object {
  const f = tickerFields(market, symbol, nowMs);
  return {
    instId: symbol,
    lastPr: f.lastPr,
    bidPr: f.bidPr,
    askPr: f.askPr,
    bidSz: f.bidSz,
    askSz: f.askSz,
    open24h: f.open24h,
    high24h: f.high24h,
    low24h: f.low24h,
    change24h: f.change24h,
    fundingRate: f.fundingRate,
    nextFundingTime: f.nextFundingTime,
    markPrice: f.markPrice,
    indexPrice: f.indexPrice,
    holdingAmount: f.holdingAmount,
    baseVolume: f.baseVolume,
    quoteVolume: f.quoteVolume,
    openUtc: f.openUtc,
    symbolType: 1,
    symbol,
    deliveryPrice: '0',
    ts: f.ts,
  };
}

// Plain names align on UTC+8 (Bitget's home zone) from 6H up; `utc` names on UTC. Monthly candles
// are not simulated.
const UTC8_MS = -8 * HOUR_MS;
const GRANULARITIES = {
  ...candleIntervals({ '1m': 1, '3m': 3, '5m': 5, '15m': 15, '30m': 30, '1H': 60, '4H': 240 }),
  ...candleIntervals({ '6H': 360, '12H': 720, '1D': 1440, '3D': 3 * 1440, '1W': 7 * 1440 }, UTC8_MS),
  ...candleIntervals({ '6Hutc': 360, '12Hutc': 720, '1Dutc': 1440, '3Dutc': 3 * 1440, '1Wutc': 7 * 1440 }),
};

// ---------------------------------------------------------------------------------------------
// The simulator

export async function startBitgetSimulator(opts: BitgetSimulatorOptions = {}): Promise<VenueSimulator> {
  return startVenueSimulator(opts, {
    venue: 'bitget',
    defaultSymbols: bitgetSimSymbols,
    server: { maxIncomingPerSecond: opts.maxMessagesPerSecond ?? 10, errorBody: bitgetFaultBody },
    wire: (server, market) => wireBitget(server, market, opts),
  });
}

function wireBitget(server: SimServer, market: SimMarket, opts: BitgetSimulatorOptions): void {
  /** Checksum of each subscribed `books` symbol as last published, to know whether a step moved the top 25. */
  const lastChecksum = new Map<string, number>();
  /** Armed gaps wait for an update that changes the top 25: only such a loss is visible to a client. */
  const pendingGaps = new Set<string>();
  const lastPing = new Map<SimConnection, number>();

  const argOf = (channel: string, instId: string): ChannelArg => ({ instType: INST_TYPE, channel, instId });
  const topChecksum = (symbol: string) => {
    const top = market.book(symbol, CHECKSUM_LEVELS).text;
    return bitgetSimChecksum(top.bids, top.asks);
  };

  const snapshotFrame = (channel: BookChannel, symbol: string): string => {
    const depth = channel === 'books' ? Infinity : SNAPSHOT_DEPTH[channel];
    const book = market.book(symbol, depth);
    if (channel === 'books') lastChecksum.set(symbol, topChecksum(symbol));
    return JSON.stringify({
      action: 'snapshot',
      arg: argOf(channel, symbol),
      // Recorded snapshots carry checksum 0; only updates are checked.
      data: [
        {
          asks: book.text.asks,
          bids: book.text.bids,
          checksum: 0,
          seq: book.lastUpdateId,
          ts: String(book.tsMs),
        },
      ],
      ts: Date.now(),
    });
  };

  const publish = (topic: string, frame: string) => {
    for (const conn of server.subscribers(topic)) conn.send(frame);
  };

  const publishBooks = (u: BookUpdate) => {
    const topic = topicOf('books', u.symbol);
    if (server.faults.takeGap(u.symbol)) pendingGaps.add(u.symbol);
    if (!server.hasSubscribers(topic)) return;
    if (server.faults.takeSnapshot(u.symbol)) return publish(topic, snapshotFrame('books', u.symbol));
    const checksum = topChecksum(u.symbol);
    const movedTop = checksum !== lastChecksum.get(u.symbol);
    lastChecksum.set(u.symbol, checksum);
    if (movedTop && pendingGaps.delete(u.symbol)) return; // lost on the wire
    const sent = server.faults.takeBadChecksum(u.symbol) ? (checksum ^ 0x5bd1e995) | 0 : checksum;
    publish(
      topic,
      JSON.stringify({
        action: 'update',
        arg: argOf('books', u.symbol),
        data: [
          {
            asks: wireLevels(u.asks),
            bids: wireLevels(u.bids),
            checksum: sent,
            seq: u.lastUpdateId,
            ts: String(u.tsMs),
          },
        ],
        ts: Date.now(),
      }),
    );
  };

  server.onUpdates((updates) => {
    for (const u of updates) {
      publishBooks(u);
      for (const channel of ['books1', 'books5', 'books15'] as const) {
        const topic = topicOf(channel, u.symbol);
        if (server.hasSubscribers(topic)) publish(topic, snapshotFrame(channel, u.symbol));
      }
    }
  });

  server.every(opts.tickerIntervalMs ?? 1_000, () => {
    const now = Date.now();
    for (const symbol of market.symbols()) {
      const topic = topicOf('ticker', symbol);
      if (!server.hasSubscribers(topic)) continue;
      publish(
        topic,
        JSON.stringify({
          action: 'snapshot',
          arg: argOf('ticker', symbol),
          data: [wsTicker(market, symbol, now)],
          ts: now,
        }),
      );
    }
  });

  // Bitget drops sockets that sent no `ping` text for 2 minutes (other messages do not count).
  const pingTimeoutMs = opts.pingTimeoutMs ?? 120_000;
  server.every(Math.min(5_000, Math.max(10, pingTimeoutMs / 4)), () => {
    const now = Date.now();
    for (const [conn, at] of lastPing) if (now - at > pingTimeoutMs) conn.ws.terminate();
  });

  server.ws(BITGET_SIM_WS_PATH, {
    open(conn) {
      lastPing.set(conn, Date.now());
    },
    close(conn) {
      lastPing.delete(conn);
    },
    message(conn, text) {
      if (text === 'ping') {
        lastPing.set(conn, Date.now());
        return conn.send('pong');
      }
      const error = (code: number, msg: string, arg?: unknown) =>
        conn.send(arg === undefined ? { event: 'error', code, msg } : { event: 'error', arg, code, msg });
      let req: unknown;
      try {
        req = JSON.parse(text);
      } catch {
        return error(30002, 'Illegal request');
      }
      const r = (typeof req === 'object' && req !== null && !Array.isArray(req) ? req : {}) as {
        op?: unknown;
        args?: unknown;
      };
      if (r.op !== 'subscribe' && r.op !== 'unsubscribe') return error(30003, 'Invalid op');
      const op = r.op;
      if (!Array.isArray(r.args) || r.args.length === 0) return error(30002, 'Illegal request');
      if (Buffer.byteLength(JSON.stringify(r.args)) > MAX_ARGS_BYTES) {
        return error(30002, `Illegal request: args exceed ${MAX_ARGS_BYTES} bytes`);
      }
      for (const raw of r.args) {
        const a = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
        const instType = typeof a.instType === 'string' ? a.instType : '';
        const channel = typeof a.channel === 'string' ? a.channel : '';
        const instId = typeof a.instId === 'string' ? a.instId : '';
        const known =
          instType.toUpperCase() === INST_TYPE &&
          (channel === 'ticker' || (BOOK_CHANNELS as readonly string[]).includes(channel)) &&
          market.has(instId);
        if (!known) {
          error(30001, `instType:${instType},channel:${channel},instId:${instId} doesn't exist`, raw);
          continue;
        }
        const topic = topicOf(channel, instId);
        const echoed = { instType, channel, instId };
        if (op === 'unsubscribe') {
          server.unsubscribe(conn, topic);
          conn.send({ event: 'unsubscribe', arg: echoed });
          continue;
        }
        server.subscribe(conn, topic, instId);
        conn.send({ event: 'subscribe', arg: echoed });
        // Every (re)subscription of a book channel starts with a snapshot.
        if (channel !== 'ticker') conn.send(snapshotFrame(channel as BookChannel, instId));
        else
          conn.send({ action: 'snapshot', arg: echoed, data: [wsTicker(market, instId, Date.now())], ts: Date.now() });
      }
    },
  });

  wireBitgetRest(server, market);
}

function wireBitgetRest(server: SimServer, market: SimMarket): void {
  const isResponse = (x: unknown): x is SimResponse =>
    typeof x === 'object' && x !== null && 'status' in x && 'body' in x;

  /** True for USDT-FUTURES (any case), false for another valid product type (listed here with no contracts). */
  const productType = (req: SimRequest): boolean | SimResponse => {
    const p = req.query.get('productType');
    if (p === null || p === '') return bitgetError('40019', 'Parameter productType cannot be empty');
    const upper = p.toUpperCase();
    if (upper === INST_TYPE) return true;
    return OTHER_PRODUCT_TYPES.includes(upper) ? false : bitgetError('40020', 'Parameter productType error');
  };
  /** The listed symbol, undefined when absent, or an error; another product type lists nothing. */
  const symbolParam = (req: SimRequest, usdt: boolean, required: boolean): string | undefined | SimResponse => {
    const s = req.query.get('symbol');
    if (s === null || s === '') return required ? bitgetError('40019', 'Parameter symbol cannot be empty') : undefined;
    return usdt && market.has(s) ? s : bitgetError('40034', `Parameter ${s} does not exist`);
  };
  const intParam = (req: SimRequest, name: string): number | undefined | SimResponse => {
    const raw = req.query.get(name);
    if (raw === null || raw === '') return undefined;
    return /^[0-9]{1,16}$/.test(raw) ? Number(raw) : bitgetError('40020', `Parameter ${name} error`);
  };
  /** Handlers that take productType and an optional or required symbol. */
  const route = (
    path: string,
    symbolRequired: boolean,
    handler: (req: SimRequest, usdt: boolean, symbol: string | undefined) => SimResponse,
  ) =>
    server.get(path, (req) => {
      const usdt = productType(req);
      if (isResponse(usdt)) return usdt;
      const symbol = symbolParam(req, usdt, symbolRequired);
      if (isResponse(symbol)) return symbol;
      return handler(req, usdt, symbol);
    });

  const listed = (usdt: boolean, symbol: string | undefined) => (!usdt ? [] : symbol ? [symbol] : market.symbols());

  route('/api/v2/mix/market/contracts', false, (_req, usdt, symbol) =>
    envelope(listed(usdt, symbol).map((s) => contractItem(market, market.instrument(s)))),
  );

  route('/api/v2/mix/market/tickers', false, (_req, usdt) => {
    const now = Date.now();
    return envelope(listed(usdt, undefined).map((s) => restTicker(market, s, now)));
  });

  route('/api/v2/mix/market/ticker', true, (_req, _usdt, symbol) =>
    envelope([restTicker(market, symbol!, Date.now())]),
  );

  route('/api/v2/mix/market/current-fund-rate', false, (_req, usdt, symbol) => {
    const now = Date.now();
    return envelope(
      listed(usdt, symbol).map((s) => {
        const f = market.funding(s, now);
        return {
          symbol: s,
          fundingRate: rate(f.rate),
          fundingRateInterval: String(f.intervalHours),
          nextUpdate: String(f.nextFundingTime),
          minFundingRate: rate(-f.cap),
          maxFundingRate: rate(f.cap),
        };
      }),
    );
  });

  route('/api/v2/mix/market/funding-time', true, (_req, _usdt, symbol) => {
    const f = market.funding(symbol!, Date.now());
    return envelope([{ symbol, nextFundingTime: String(f.nextFundingTime), ratePeriod: String(f.intervalHours) }]);
  });

  // Pages back from the newest settlement; no time filter exists on this endpoint.
  route('/api/v2/mix/market/history-fund-rate', true, (req, _usdt, symbol) => {
    const pageSize = intParam(req, 'pageSize') ?? 20;
    const pageNo = intParam(req, 'pageNo') ?? 1;
    if (isResponse(pageSize)) return pageSize;
    if (isResponse(pageNo)) return pageNo;
    if (pageSize < 1 || pageSize > 100) return bitgetError('40020', 'Parameter pageSize error');
    const page = Math.max(1, pageNo);
    const newestFirst = market.fundingHistory(symbol!, { limit: page * pageSize, keep: 'last' }).reverse();
    return envelope(
      newestFirst.slice((page - 1) * pageSize, page * pageSize).map((r) => ({
        symbol,
        fundingRate: rate(r.rate),
        fundingTime: String(r.fundingTime),
      })),
    );
  });

  route('/api/v2/mix/market/candles', true, (req, _usdt, symbol) => {
    const name = req.query.get('granularity') ?? '';
    if (name === '') return bitgetError('40019', 'Parameter granularity cannot be empty');
    const g = GRANULARITIES[name];
    if (!g) return bitgetError('40020', 'Parameter granularity error');
    const startMs = intParam(req, 'startTime');
    const endMs = intParam(req, 'endTime');
    const limit = intParam(req, 'limit') ?? 100;
    for (const p of [startMs, endMs, limit]) if (isResponse(p)) return p;
    const candles = market.candles(symbol!, g.ms, {
      startMs: startMs as number | undefined,
      endMs: endMs as number | undefined,
      limit: Math.min(1000, Math.max(1, limit as number)),
      keep: endMs !== undefined || startMs === undefined ? 'last' : 'first',
      alignOffsetMs: g.offsetMs,
    });
    return envelope(candles.map((c) => textKlineRow(market, symbol!, c)));
  });

  // Numbers, not strings, in this endpoint's levels (as the docs show).
  route('/api/v2/mix/market/merge-depth', true, (req, _usdt, symbol) => {
    const limitText = req.query.get('limit') ?? '100';
    const depth = limitText === 'max' ? Infinity : Number(limitText);
    if (!(depth > 0)) return bitgetError('40020', 'Parameter limit error');
    const book = market.book(symbol!, depth);
    const inst = market.instrument(symbol!);
    return envelope({
      asks: book.asks,
      bids: book.bids,
      ts: String(book.tsMs),
      scale: formatUnits(inst.tick.units, inst.tick.decimals),
      precision: 'scale0',
      isMaxPrecision: 'NO',
    });
  });
}
