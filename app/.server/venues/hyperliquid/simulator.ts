// Hyperliquid simulator: the public WS on `/ws` (`l2Book` full snapshots, `activeAssetCtx`,
// `{"method":"ping"}`) and `POST /info` (meta, metaAndAssetCtxs, l2Book, fundingHistory,
// candleSnapshot) over the synthetic market. Independent of the Hyperliquid client modules, so a
// mistake shared by both cannot hide: ticks here are written out by hand, not derived.
//
// The shared plumbing has no Hyperliquid listings (`defaultSymbols` knows Binance and Bybit only),
// so the coin table lives here; it quotes the same assets at the same unit prices as the other
// simulators, which puts them on the same price paths.
import { STATUS_CODES } from 'node:http';
import type { TextLevel } from '~/.server/market/types';
import { candleIntervals } from '~/.server/venues/sim/candles';
import { hashString, trimDecimal, type SimMarket, type SimSymbolConfig } from '~/.server/venues/sim/market';
import {
  json,
  type SimResponse,
  type SimServer,
  type SimulatorOptions,
  type VenueSimulator,
} from '~/.server/venues/sim/server';
import { startVenueSimulator } from '~/.server/venues/sim/start-venue';

export interface HyperliquidSimulatorOptions extends SimulatorOptions {
  /** Sockets that send nothing (no ping) for this long are dropped; Hyperliquid: about 60 s. */
  idleTimeoutMs?: number;
}

export const HYPERLIQUID_SIM_WS_PATH = '/ws';
export const HYPERLIQUID_SIM_WELCOME = 'Websocket connection established.';
/** `l2Book` carries the top 20 levels per side. */
const BOOK_LEVELS = 20;
const MAX_SUBSCRIPTIONS = 1000;
/** Time-range info requests answer at most 500 rows. */
const MAX_PAGE_ROWS = 500;
/** Only the most recent 5000 candles of an interval are kept. */
const MAX_CANDLES = 5000;
/** Funding is applied in the first block after the hour: a few ms late, as in recorded history. */
const MAX_SETTLE_LAG_MS = 90;
/** Hourly interest component of the funding rate (0.01 % per 8 h). */
const INTEREST_PER_HOUR = 0.0000125;
const CTX_PUSH_INTERVAL_MS = 1_000;
const MAINNET_LAUNCH_MS = 1677628800000; // 2023-03-01

// ---------------------------------------------------------------------------------------------
// Listings

interface HyperliquidListing {
  coin: string;
  /** Underlying asset; PEPE for kPEPE. */
  asset: string;
  /** Price of one unit of the asset (kPEPE quotes 1000 of them). */
  unitPrice: number;
  multiplier?: number;
  szDecimals: number;
  /** Tick at the reference price under the 5-significant-figure / (6 − szDecimals)-decimals rule, by hand. */
  tickSize: string;
  maxLeverage: number;
  /** Mean hourly funding rate. */
  fundingRateMean: number;
  dailyVolatility: number;
  volume24hQuote: number;
  openInterestQuote: number;
  levelNotionalQuote: number;
  launchTimeMs: number;
}

const LISTINGS: HyperliquidListing[] = [
  {
    coin: 'BTC',
    asset: 'BTC',
    unitPrice: 95_000,
    szDecimals: 5,
    tickSize: '1',
    maxLeverage: 40,
    fundingRateMean: 0.0000125,
    dailyVolatility: 0.028,
    volume24hQuote: 3e9,
    openInterestQuote: 2.5e9,
    levelNotionalQuote: 40_000,
    launchTimeMs: MAINNET_LAUNCH_MS,
  },
  {
    coin: 'ETH',
    asset: 'ETH',
    unitPrice: 3_300,
    szDecimals: 4,
    tickSize: '0.1',
    maxLeverage: 25,
    fundingRateMean: 0.000015,
    dailyVolatility: 0.038,
    volume24hQuote: 1.5e9,
    openInterestQuote: 1.2e9,
    levelNotionalQuote: 25_000,
    launchTimeMs: MAINNET_LAUNCH_MS,
  },
  {
    coin: 'SOL',
    asset: 'SOL',
    unitPrice: 180,
    szDecimals: 2,
    tickSize: '0.01',
    maxLeverage: 20,
    fundingRateMean: 0.00001,
    dailyVolatility: 0.05,
    volume24hQuote: 4e8,
    openInterestQuote: 3e8,
    levelNotionalQuote: 10_000,
    launchTimeMs: MAINNET_LAUNCH_MS,
  },
  {
    coin: 'DOGE',
    asset: 'DOGE',
    unitPrice: 0.17,
    szDecimals: 0,
    tickSize: '0.00001',
    maxLeverage: 10,
    fundingRateMean: 0.0000125,
    dailyVolatility: 0.06,
    volume24hQuote: 1.5e8,
    openInterestQuote: 1e8,
    levelNotionalQuote: 5_000,
    launchTimeMs: MAINNET_LAUNCH_MS,
  },
  {
    coin: 'kPEPE',
    asset: 'PEPE',
    unitPrice: 0.0000105,
    multiplier: 1000,
    szDecimals: 0,
    tickSize: '0.000001',
    maxLeverage: 10,
    fundingRateMean: 0.00003,
    dailyVolatility: 0.07,
    volume24hQuote: 1e8,
    openInterestQuote: 8e7,
    levelNotionalQuote: 4_000,
    launchTimeMs: 1683158400000,
  },
  {
    coin: 'WIF',
    asset: 'WIF',
    unitPrice: 1.6,
    szDecimals: 0,
    tickSize: '0.0001',
    maxLeverage: 10,
    fundingRateMean: -0.00001,
    dailyVolatility: 0.08,
    volume24hQuote: 5e7,
    openInterestQuote: 4e7,
    levelNotionalQuote: 2_000,
    launchTimeMs: 1705622400000,
  },
  {
    coin: 'HYPE',
    asset: 'HYPE',
    unitPrice: 25,
    szDecimals: 2,
    tickSize: '0.001',
    maxLeverage: 10,
    fundingRateMean: 0.00002,
    dailyVolatility: 0.06,
    volume24hQuote: 6e8,
    openInterestQuote: 1.2e9,
    levelNotionalQuote: 15_000,
    launchTimeMs: 1732752000000,
  },
];

/** A delisted perp kept in the universe (its index is still its asset id), as the venue does. */
const DELISTED = {
  meta: {
    szDecimals: 0,
    name: 'HPOS',
    maxLeverage: 3,
    marginTableId: 3,
    onlyIsolated: true,
    isDelisted: true,
    marginMode: 'strictIsolated',
  },
  ctx: {
    funding: '0.0',
    openInterest: '0.0',
    prevDayPx: '0.0091',
    dayNtlVlm: '0.0',
    premium: null,
    oraclePx: '0.0091',
    markPx: '0.0091',
    midPx: null,
    impactPxs: null,
    dayBaseVlm: '0.0',
  },
};

/** The simulator's default coins, as market configs (the price of kPEPE is that of 1000 PEPE). */
export function hyperliquidSimSymbols(): SimSymbolConfig[] {
  return LISTINGS.map((l) => {
    const multiplier = l.multiplier ?? 1;
    return {
      symbol: l.coin,
      baseAsset: l.coin,
      quoteAsset: 'USDC',
      asset: l.asset,
      price: l.unitPrice * multiplier,
      tickSize: l.tickSize,
      lotSize: l.szDecimals === 0 ? '1' : `0.${'0'.repeat(l.szDecimals - 1)}1`,
      fundingIntervalHours: 1,
      fundingRateMean: l.fundingRateMean,
      // Hyperliquid caps funding at 4 % per hour.
      fundingRateCap: 0.04,
      dailyVolatility: l.dailyVolatility,
      volume24hQuote: l.volume24hQuote,
      openInterestQuote: l.openInterestQuote,
      levelNotionalQuote: l.levelNotionalQuote,
      launchTimeMs: l.launchTimeMs,
    };
  });
}

/** szDecimals and leverage of a coin; coins passed in by a test get them from their lot size. */
function coinMeta(market: SimMarket, coin: string): { szDecimals: number; maxLeverage: number } {
  const listed = LISTINGS.find((l) => l.coin === coin);
  if (listed) return { szDecimals: listed.szDecimals, maxLeverage: listed.maxLeverage };
  return { szDecimals: market.instrument(coin).lot.decimals, maxLeverage: 10 };
}

// ---------------------------------------------------------------------------------------------
// Wire formats

/** Numbers as Hyperliquid prints them: no trailing zeros, but always a decimal ("95000.0", "0.01052"). */
function hlText(fixed: string): string {
  if (!fixed.includes('.')) return `${fixed}.0`;
  const t = fixed.replace(/0+$/, '');
  return t.endsWith('.') ? `${t}0` : t;
}

const rateText = (x: number) => hlText(trimDecimal(x, 10));

interface Formats {
  px(x: number): string;
  sz(x: number): string;
}

function formats(market: SimMarket, coin: string): Formats {
  return {
    px: (x) => hlText(market.formatPrice(coin, x)),
    sz: (x) => hlText(market.formatSize(coin, x)),
  };
}

/** Orders resting on a level: not modelled by the market, so a stable small number per level. */
function orderCount(coin: string, [px, sz]: TextLevel): number {
  return 1 + (hashString(`${coin}:${px}:${sz}`) % 9);
}

interface L2BookData {
  coin: string;
  time: number;
  levels: [Array<{ px: string; sz: string; n: number }>, Array<{ px: string; sz: string; n: number }>];
}

function l2BookData(market: SimMarket, coin: string, timeMs: number): L2BookData {
  const book = market.book(coin, BOOK_LEVELS);
  const side = (levels: TextLevel[]) =>
    levels.map((l) => ({ px: hlText(l[0]), sz: hlText(l[1]), n: orderCount(coin, l) }));
  return { coin, time: timeMs, levels: [side(book.text.bids), side(book.text.asks)] };
}

function assetCtx(market: SimMarket, coin: string, nowMs: number): Record<string, unknown> {
  const t = market.ticker(coin, nowMs);
  const f = market.funding(coin, nowMs);
  const { px, sz } = formats(market, coin);
  const bid = t.bestBid?.[0];
  const ask = t.bestAsk?.[0];
  const tickDecimals = market.instrument(coin).tick.decimals;
  return {
    funding: rateText(f.rate),
    openInterest: sz(t.openInterest),
    prevDayPx: px(t.open24h),
    dayNtlVlm: hlText(trimDecimal(t.quoteVolume24h, 4)),
    premium: rateText((f.markPrice - f.indexPrice) / f.indexPrice),
    oraclePx: px(f.indexPrice),
    markPx: px(f.markPrice),
    // The mid may fall between ticks (BTC "85634.5").
    midPx: bid !== undefined && ask !== undefined ? hlText(trimDecimal((bid + ask) / 2, tickDecimals + 1)) : null,
    impactPxs: bid !== undefined && ask !== undefined ? [px(bid), px(ask)] : null,
    dayBaseVlm: sz(t.volume24h),
  };
}

function meta(market: SimMarket): Record<string, unknown> {
  const universe = market.symbols().map((coin) => {
    const { szDecimals, maxLeverage } = coinMeta(market, coin);
    return { szDecimals, name: coin, maxLeverage, marginTableId: maxLeverage };
  });
  const leverages = [...new Set([...universe.map((u) => u.maxLeverage), DELISTED.meta.maxLeverage])];
  return {
    universe: [...universe, DELISTED.meta],
    marginTables: leverages.map((lev) => [
      lev,
      { description: '', marginTiers: [{ lowerBound: '0.0', maxLeverage: lev }] },
    ]),
    collateralToken: 0,
  };
}

// Months are not simulated.
// prettier-ignore
const CANDLE_INTERVALS = candleIntervals({
  '1m': 1, '3m': 3, '5m': 5, '15m': 15, '30m': 30, '1h': 60, '2h': 120, '4h': 240, '8h': 480, '12h': 720,
  '1d': 1440, '3d': 3 * 1440, '1w': 7 * 1440,
});

// ---------------------------------------------------------------------------------------------
// Errors as Hyperliquid words them: plain text, not JSON.

function prose(status: number, text: string): SimResponse {
  return { status, body: text, headers: { 'Content-Type': 'text/plain; charset=utf-8' } };
}

const deserializeError = (detail: string) =>
  prose(422, `Failed to deserialize the JSON body into the target type: ${detail}`);

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const isEpochMs = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

// ---------------------------------------------------------------------------------------------
// The simulator

export async function startHyperliquidSimulator(opts: HyperliquidSimulatorOptions = {}): Promise<VenueSimulator> {
  return startVenueSimulator(opts, {
    venue: 'hyperliquid',
    defaultSymbols: hyperliquidSimSymbols,
    server: { idleTimeoutMs: opts.idleTimeoutMs ?? 60_000, errorBody: (status) => STATUS_CODES[status] ?? 'error' },
    wire: (server, market) => {
      wireStream(server, market);
      wireInfo(server, market);
    },
  });
}

const bookTopic = (coin: string) => `l2Book:${coin}`;
const ctxTopic = (coin: string) => `activeAssetCtx:${coin}`;

/** The last l2Book frame published for a coin: what changes are compared to, and what a gap fault replays. */
interface Published {
  key: string;
  time: number;
  frame: string;
}

function wireStream(server: SimServer, market: SimMarket): void {
  const published = new Map<string, Published>();
  const lastCtxMs = new Map<string, number>();

  const bookFrame = (coin: string, timeMs: number): Published => {
    const data = l2BookData(market, coin, timeMs);
    return { key: JSON.stringify(data.levels), time: timeMs, frame: JSON.stringify({ channel: 'l2Book', data }) };
  };

  const broadcast = (topic: string, frame: string) => {
    for (const conn of server.subscribers(topic)) conn.send(frame);
  };

  /**
   * After a market step: a full snapshot to every subscriber when the top 20 changed. Faults:
   * snapshotOnce pushes even an unchanged book; gapOnce — l2Book has no sequence to break — makes
   * the previous (older) snapshot arrive again right after the new one, out of order.
   */
  const publishBook = (coin: string, timeMs: number) => {
    const topic = bookTopic(coin);
    if (!server.hasSubscribers(topic)) return;
    const next = bookFrame(coin, timeMs);
    const prev = published.get(coin);
    const forced = server.faults.takeSnapshot(coin);
    if (!forced && prev?.key === next.key) return;
    broadcast(topic, next.frame);
    published.set(coin, next);
    if (prev && server.faults.takeGap(coin)) {
      if (prev.time < next.time) broadcast(topic, prev.frame);
      // Same block time: not older, so not out of order; try again on the next push.
      else server.faults.gapOnce(coin);
    }
  };

  const publishCtx = (coin: string, nowMs: number) => {
    const topic = ctxTopic(coin);
    if (!server.hasSubscribers(topic)) return;
    if (nowMs - (lastCtxMs.get(coin) ?? 0) < CTX_PUSH_INTERVAL_MS) return;
    lastCtxMs.set(coin, nowMs);
    broadcast(topic, JSON.stringify({ channel: 'activeAssetCtx', data: { coin, ctx: assetCtx(market, coin, nowMs) } }));
  };

  server.onUpdates((updates) => {
    const now = Date.now();
    for (const u of updates) {
      publishBook(u.symbol, u.tsMs);
      publishCtx(u.symbol, now);
    }
  });

  server.ws(HYPERLIQUID_SIM_WS_PATH, {
    open(conn) {
      conn.send(HYPERLIQUID_SIM_WELCOME);
    },
    message(conn, text) {
      const error = (data: string) => conn.send({ channel: 'error', data });
      const unparsable = () => error(`Error parsing JSON into valid websocket request: ${text}`);
      let req: unknown;
      try {
        req = JSON.parse(text);
      } catch {
        return unparsable();
      }
      if (!isObject(req)) return unparsable();
      if (req.method === 'ping') return conn.send({ channel: 'pong' });
      if (req.method !== 'subscribe' && req.method !== 'unsubscribe') return unparsable();
      const sub = req.subscription;
      if (!isObject(sub) || typeof sub.type !== 'string') return unparsable();
      if (sub.type !== 'l2Book' && sub.type !== 'activeAssetCtx') {
        return error(`Subscription type ${sub.type} is not simulated`);
      }
      const coin = sub.coin;
      if (typeof coin !== 'string' || !market.has(coin)) return error(`Invalid subscription ${JSON.stringify(sub)}`);
      if (sub.type === 'l2Book' && ((sub.nSigFigs ?? null) !== null || (sub.mantissa ?? null) !== null)) {
        return error(`Aggregated l2Book (nSigFigs, mantissa) is not simulated: ${JSON.stringify(sub)}`);
      }
      const topic = sub.type === 'l2Book' ? bookTopic(coin) : ctxTopic(coin);
      const ack = () => conn.send({ channel: 'subscriptionResponse', data: { method: req.method, subscription: sub } });

      if (req.method === 'unsubscribe') {
        if (!server.unsubscribe(conn, topic)) return error(`Already unsubscribed: ${JSON.stringify(sub)}`);
        return ack();
      }
      if (conn.topics.has(topic)) return error(`Already subscribed: ${JSON.stringify(sub)}`);
      if (conn.topics.size >= MAX_SUBSCRIPTIONS) {
        return error(`Cannot track more than ${MAX_SUBSCRIPTIONS} total subscriptions`);
      }
      server.subscribe(conn, topic, coin);
      ack();
      // Every subscription starts with the current state.
      if (sub.type === 'l2Book') {
        const snapshot = bookFrame(coin, market.book(coin, 0).tsMs);
        published.set(coin, snapshot);
        conn.send(snapshot.frame);
      } else {
        conn.send({ channel: 'activeAssetCtx', data: { coin, ctx: assetCtx(market, coin, Date.now()) } });
      }
    },
  });
}

function wireInfo(server: SimServer, market: SimMarket): void {
  server.post('/info', (req) => {
    const body = req.body;
    if (!isObject(body)) return prose(400, 'Failed to parse the request body as JSON');
    const now = Date.now();
    switch (body.type) {
      case 'meta':
        return json(meta(market));
      case 'metaAndAssetCtxs':
        return json([meta(market), [...market.symbols().map((c) => assetCtx(market, c, now)), DELISTED.ctx]]);
      case 'l2Book': {
        if (typeof body.coin !== 'string') return deserializeError('missing field `coin`');
        // The venue answers null for a coin it does not list.
        return json(market.has(body.coin) ? l2BookData(market, body.coin, now) : null);
      }
      case 'fundingHistory':
        return fundingHistory(market, body, now);
      case 'candleSnapshot':
        return candleSnapshot(market, body.req, now);
      case undefined:
        return deserializeError('missing field `type`');
      default:
        return deserializeError(`unknown variant \`${String(body.type)}\``);
    }
  });
}

/** Rows from startTime forward, at most 500; the next page starts after the last row's time. */
function fundingHistory(market: SimMarket, body: Record<string, unknown>, nowMs: number): SimResponse {
  const { coin, startTime, endTime } = body;
  if (typeof coin !== 'string') return deserializeError('missing field `coin`');
  if (!isEpochMs(startTime)) return deserializeError('missing field `startTime`');
  if (endTime !== undefined && endTime !== null && !isEpochMs(endTime)) {
    return deserializeError('invalid type: expected u64 at `endTime`');
  }
  if (!market.has(coin)) return json([]);
  const end = Math.min(nowMs, typeof endTime === 'number' ? endTime : nowMs);
  const lag = (hourMs: number) => 1 + (hashString(`${coin}:${hourMs}`) % (MAX_SETTLE_LAG_MS - 1));
  const rows = market
    // One row more, from a little earlier, in case the first settled just before startTime.
    .fundingHistory(coin, {
      startMs: startTime - MAX_SETTLE_LAG_MS,
      endMs: end,
      limit: MAX_PAGE_ROWS + 1,
      keep: 'first',
    })
    .map((r) => ({
      coin,
      fundingRate: rateText(r.rate),
      premium: rateText(r.rate - INTEREST_PER_HOUR),
      time: r.fundingTime + lag(r.fundingTime),
    }))
    .filter((r) => r.time >= startTime && r.time <= end)
    .slice(0, MAX_PAGE_ROWS);
  return json(rows);
}

/** Candles of the window, oldest first, no older than the most recent 5000 of the interval. */
function candleSnapshot(market: SimMarket, req: unknown, nowMs: number): SimResponse {
  if (!isObject(req)) return deserializeError('missing field `req`');
  const { coin, interval, startTime, endTime } = req;
  if (typeof coin !== 'string') return deserializeError('missing field `coin`');
  if (typeof interval !== 'string') return deserializeError('missing field `interval`');
  const iv = CANDLE_INTERVALS[interval];
  if (!iv) return deserializeError(`unknown variant \`${interval}\``);
  if (!isEpochMs(startTime)) return deserializeError('missing field `startTime`');
  if (endTime !== undefined && !isEpochMs(endTime)) return deserializeError('missing field `endTime`');
  if (!market.has(coin)) return json([]);
  const off = iv.offsetMs ?? 0;
  const oldestKept = (Math.floor((nowMs - off) / iv.ms) - (MAX_CANDLES - 1)) * iv.ms + off;
  const { px, sz } = formats(market, coin);
  const candles = market.candles(
    coin,
    iv.ms,
    {
      startMs: Math.max(startTime, oldestKept),
      endMs: endTime ?? nowMs,
      limit: MAX_CANDLES,
      keep: 'first',
      alignOffsetMs: iv.offsetMs,
    },
    nowMs,
  );
  return json(
    candles.map((c) => ({
      t: c.openMs,
      T: c.closeMs,
      s: coin,
      i: interval,
      o: px(c.open),
      c: px(c.close),
      h: px(c.high),
      l: px(c.low),
      v: sz(c.volume),
      n: c.trades,
    })),
  );
}
