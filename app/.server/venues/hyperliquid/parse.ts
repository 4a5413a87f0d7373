// Hyperliquid parsers: WS frames and `POST /info` bodies in; normalised values out. Pure.
import { z } from 'zod';
import { normaliseSymbol } from '~/.server/market/symbols';
import {
  VenueError,
  type BookEvent,
  type Candle,
  type FundingRateRow,
  type FundingSnapshot,
  type Instrument,
  type Level,
} from '~/.server/market/types';
import { decimal, optionalDecimal, parseBody } from '~/.server/venues/http';
import {
  failParse,
  isJsonObject,
  isSafeInt,
  parseJsonObjectFrame,
  sampleOf,
  toDecimal,
  toInstrument,
} from '~/.server/venues/parse-helpers';
import {
  HOUR_MS,
  HYPERLIQUID_FUNDING_INTERVAL_HOURS,
  HYPERLIQUID_PERP_MAX_PRICE_DECIMALS,
  HYPERLIQUID_WELCOME_TEXT,
} from './constants';
import { hyperliquidLotSize, hyperliquidTickSize } from './precision';

function fail(message: string, sample: string): never {
  return failParse('hyperliquid', message, sample);
}

// ---- WS frames ----

/** A subscription as Hyperliquid echoes it: `{type: 'l2Book', coin: 'BTC', nSigFigs?, mantissa?}`. */
export interface HyperliquidSubscription {
  type: string;
  coin?: string;
}

/** Every frame the public stream sends, classified. */
export type HyperliquidMessage =
  /** The plain-text greeting that opens every connection. */
  | { type: 'welcome' }
  | { type: 'book'; event: BookEvent }
  | { type: 'pong' }
  /** `subscriptionResponse`: the venue took a subscribe or unsubscribe. */
  | { type: 'ack'; method: string; subscription: HyperliquidSubscription }
  /** `error` channel: a request the venue refused, in its own words. */
  | { type: 'error'; message: string }
  /** Channels this module does not read (activeAssetCtx, bbo, trades, ...). */
  | { type: 'other'; channel: string };

/**
 * Classify one frame. `l2Book` becomes a snapshot BookEvent whose seq and ts are `data.time`
 * (ms): the channel has no sequence numbers and every push is the whole book. ParseError for
 * text that is not the greeting or a JSON object with a `channel`, and for malformed book data.
 */
export function parseHyperliquidMessage(frame: string): HyperliquidMessage {
  if (frame === HYPERLIQUID_WELCOME_TEXT) return { type: 'welcome' };
  const msg = parseJsonObjectFrame('hyperliquid', frame);
  const channel = msg.channel;
  if (typeof channel !== 'string') fail('frame without `channel`', frame);
  switch (channel) {
    case 'l2Book':
      return { type: 'book', event: readL2Book(msg.data, frame) };
    case 'pong':
      return { type: 'pong' };
    case 'subscriptionResponse': {
      const data = msg.data;
      if (!isJsonObject(data) || typeof data.method !== 'string' || !isJsonObject(data.subscription)) {
        fail('subscriptionResponse without method and subscription', frame);
      }
      const sub = data.subscription;
      if (typeof sub.type !== 'string') fail('subscriptionResponse without `subscription.type`', frame);
      const subscription: HyperliquidSubscription = { type: sub.type };
      if (typeof sub.coin === 'string') subscription.coin = sub.coin;
      return { type: 'ack', method: data.method, subscription };
    }
    case 'error':
      return { type: 'error', message: typeof msg.data === 'string' ? msg.data : JSON.stringify(msg.data) };
    default:
      return { type: 'other', channel };
  }
}

/** Book events in one frame: one snapshot for `l2Book`, null for everything else. Stateless. */
export function parseHyperliquidFrame(frame: string): BookEvent[] | null {
  const msg = parseHyperliquidMessage(frame);
  return msg.type === 'book' ? [msg.event] : null;
}

/**
 * `{coin, time, levels: [bids, asks]}` with levels `{px, sz, n}`, as both the `l2Book` channel and
 * `POST /info {"type":"l2Book"}` send it. `[[],[]]` is a valid (empty) book of an illiquid coin.
 */
export function parseHyperliquidL2Book(body: unknown): BookEvent {
  return readL2Book(unwrapInfo(body, 'l2Book'), sampleOf(body));
}

function readL2Book(data: unknown, sample: string): BookEvent {
  if (!isJsonObject(data)) fail('l2Book without `data`', sample);
  const { coin, time, levels } = data;
  if (typeof coin !== 'string' || coin === '') fail('l2Book without `coin`', sample);
  if (!isSafeInt(time)) fail('l2Book without integer `time`', sample);
  if (!Array.isArray(levels) || levels.length !== 2) fail('l2Book `levels` is not [bids, asks]', sample);
  return {
    kind: 'snapshot',
    symbol: coin,
    bids: readLevels(levels[0], 'bids', sample),
    asks: readLevels(levels[1], 'asks', sample),
    seq: time,
    ts: time,
  };
}

/** `[{px: "59.8", sz: "3.4", n: 1}, ...]` → numbers, parsed once here. Price must be > 0, size ≥ 0. */
function readLevels(raw: unknown, side: string, sample: string): Level[] {
  if (!Array.isArray(raw)) fail(`l2Book ${side} is not an array`, sample);
  const out: Level[] = new Array<Level>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const level: unknown = raw[i];
    if (!isJsonObject(level)) fail(`bad level in ${side}`, sample);
    const price = toDecimal(level.px);
    const size = toDecimal(level.sz);
    if (!(price > 0) || !(size >= 0)) fail(`bad level in ${side}: ${JSON.stringify(level)}`, sample);
    out[i] = [price, size];
  }
  return out;
}

// ---- POST /info bodies ----

/** Hyperliquid answers `null` (HTTP 200) for a coin it does not know; that is the venue saying no. */
function unwrapInfo(body: unknown, what: string): unknown {
  if (body === null) throw new VenueError('hyperliquid', 200, `${what}: venue answered null (unknown coin?)`);
  return body;
}

const universeItemSchema = z
  .object({
    name: z.string().min(1),
    // The price rule needs 6 − szDecimals ≥ 0.
    szDecimals: z.number().int().min(0).max(HYPERLIQUID_PERP_MAX_PRICE_DECIMALS),
    maxLeverage: z.number().optional(),
    isDelisted: z.boolean().optional(),
  })
  .passthrough();

const assetCtxSchema = z
  .object({
    funding: decimal,
    markPx: decimal,
    // Delisted coins answer null for some of these.
    oraclePx: optionalDecimal,
    openInterest: optionalDecimal,
    dayNtlVlm: optionalDecimal,
  })
  .passthrough();

const metaAndAssetCtxsSchema = z.tuple([
  z.object({ universe: z.array(universeItemSchema) }).passthrough(),
  z.array(assetCtxSchema),
]);

type UniverseItem = z.output<typeof universeItemSchema>;
type AssetCtx = z.output<typeof assetCtxSchema>;

/** `[meta, assetCtxs]`: assetCtxs[i] belongs to meta.universe[i], so the lengths must agree. */
function readMetaAndAssetCtxs(body: unknown): Array<{ meta: UniverseItem; ctx: AssetCtx }> {
  const what = 'metaAndAssetCtxs';
  const [meta, ctxs] = parseBody('hyperliquid', metaAndAssetCtxsSchema, unwrapInfo(body, what), what);
  if (meta.universe.length !== ctxs.length) {
    fail(`${what}: ${meta.universe.length} universe entries but ${ctxs.length} asset contexts`, sampleOf(body));
  }
  return meta.universe.map((m, i) => ({ meta: m, ctx: ctxs[i]! }));
}

/**
 * Main-dex perps only. `normaliseSymbol` is null for spot names (`@107`, `PURR/USDC`) and flags
 * HIP-3 perps (`xyz:XYZ100`) with hip3Dex: those are deployed by third parties, may settle in other
 * stablecoins and are not part of the main dex's funding, so they are left out here.
 */
function names(coin: string) {
  const info = normaliseSymbol('hyperliquid', coin);
  return info && info.hip3Dex === undefined ? info : null;
}

/**
 * `POST /info {"type":"metaAndAssetCtxs"}` → instruments. The tick is derived from the mark price
 * (see precision.ts); the lot is 10^-szDecimals; funding is hourly for every perp. Delisted coins
 * stay in the list as inactive, since their index in the universe is still their asset id.
 */
export function parseHyperliquidInstruments(body: unknown): Instrument[] {
  const out: Instrument[] = [];
  for (const { meta, ctx } of readMetaAndAssetCtxs(body)) {
    const info = names(meta.name);
    if (!info) continue;
    out.push(
      toInstrument('hyperliquid', meta.name, info, {
        contractSize: 1,
        tickSize: hyperliquidTickSize(ctx.markPx, meta.szDecimals),
        lotSize: hyperliquidLotSize(meta.szDecimals),
        fundingIntervalHours: HYPERLIQUID_FUNDING_INTERVAL_HOURS,
        active: meta.isDelisted !== true,
      }),
    );
  }
  return out;
}

/** Funding settles on every full hour; the response does not say when, so the next one is computed. */
export function hyperliquidNextFundingTime(nowMs: number): number {
  return Math.floor(nowMs / HOUR_MS) * HOUR_MS + HOUR_MS;
}

/**
 * `POST /info {"type":"metaAndAssetCtxs"}` → current funding of every listed main-dex perp.
 * `ctx.funding` is the rate for the current hour; the index is the oracle price; open interest
 * comes in coins and is valued at the mark price.
 */
export function parseHyperliquidFundingSnapshots(body: unknown, nowMs: number): FundingSnapshot[] {
  const next = hyperliquidNextFundingTime(nowMs);
  const out: FundingSnapshot[] = [];
  for (const { meta, ctx } of readMetaAndAssetCtxs(body)) {
    if (meta.isDelisted === true || !names(meta.name)) continue;
    out.push({
      venue: 'hyperliquid',
      symbol: meta.name,
      rate: ctx.funding,
      intervalHours: HYPERLIQUID_FUNDING_INTERVAL_HOURS,
      nextFundingTime: next,
      markPrice: ctx.markPx,
      indexPrice: ctx.oraclePx,
      volume24hQuote: ctx.dayNtlVlm,
      openInterestQuote: ctx.openInterest === null ? null : ctx.openInterest * ctx.markPx,
    });
  }
  return out;
}

const epochMs = z.number().int().nonnegative();

const fundingHistorySchema = z.array(z.object({ coin: z.string(), fundingRate: decimal, time: epochMs }).passthrough());

/**
 * `POST /info {"type":"fundingHistory"}` → settled rates, oldest first. `time` is the block that
 * applied the funding, a few ms after the hour; it is kept as the venue gives it.
 */
export function parseHyperliquidFundingHistory(body: unknown): FundingRateRow[] {
  const what = 'fundingHistory';
  return parseBody('hyperliquid', fundingHistorySchema, unwrapInfo(body, what), what)
    .map((r) => ({ venue: 'hyperliquid' as const, symbol: r.coin, fundingTime: r.time, rate: r.fundingRate }))
    .sort((a, b) => a.fundingTime - b.fundingTime);
}

const candlesSchema = z.array(
  z.object({ t: epochMs, o: decimal, h: decimal, l: decimal, c: decimal, v: decimal }).passthrough(),
);

/** `POST /info {"type":"candleSnapshot"}` → candles oldest first; volume `v` is in the coin's units. */
export function parseHyperliquidCandles(body: unknown): Candle[] {
  const what = 'candleSnapshot';
  return parseBody('hyperliquid', candlesSchema, unwrapInfo(body, what), what)
    .map(({ t, o, h, l, c, v }) => ({ t, o, h, l, c, v }))
    .sort((a, b) => a.t - b.t);
}
