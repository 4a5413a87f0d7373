// Binance USDⓈ-M parsers: WS depth frames and REST bodies in, normalised values out. Pure.
import { z } from 'zod';
import { normaliseSymbol } from '~/.server/market/symbols';
import type { BookEvent, Candle, FundingRateRow, FundingSnapshot, Instrument, Level } from '~/.server/market/types';
import { decimal, optionalDecimal, parseBody } from '~/.server/venues/http';
import {
  failParse,
  isJsonObject,
  isSafeInt,
  parseDecimalLevels,
  parseJsonFrame,
  type JsonObject,
  type ParseSample,
  toInstrument,
} from '~/.server/venues/parse-helpers';
import { BINANCE_DEFAULT_FUNDING_INTERVAL_HOURS } from './constants';

/** Partial-depth streams (`ethusdt@depth20@100ms`) carry a full top-N book, not a diff. */
const PARTIAL_DEPTH_STREAM = /@depth(5|10|20)(@|$)/;

function fail(message: string, sample: ParseSample): never {
  return failParse('binance', message, sample);
}

/**
 * Book events in one WS frame, raw (`/ws`) or combined (`{stream, data}`). Null for frames that
 * are not depth data: SUBSCRIBE acks `{"result":null,"id":1}`, errors, mark price, tickers.
 * Throws ParseError on malformed JSON or a depthUpdate without its fields.
 */
export function parseBinanceFrame(frame: string): BookEvent[] | null {
  const msg = parseJsonFrame('binance', frame);
  if (Array.isArray(msg)) return null; // `!markPrice@arr` on a raw socket
  if (!isJsonObject(msg)) fail('frame is not a JSON object', frame);
  let payload: unknown = msg;
  let stream: string | undefined;
  if (typeof msg.stream === 'string' && 'data' in msg) {
    stream = msg.stream;
    payload = msg.data;
  }
  if (!isJsonObject(payload) || payload.e !== 'depthUpdate') return null;
  const partial = stream !== undefined && PARTIAL_DEPTH_STREAM.test(stream);
  return [depthUpdateEvent(payload, partial, frame)];
}

function depthUpdateEvent(d: JsonObject, partial: boolean, frame: string): BookEvent {
  const { s, U, u, pu, E, T } = d;
  if (typeof s !== 'string' || s === '') fail('depthUpdate without symbol `s`', frame);
  if (!isSafeInt(U) || !isSafeInt(u) || !isSafeInt(pu)) fail('depthUpdate without integer U/u/pu', frame);
  const ts = isSafeInt(T) ? T : isSafeInt(E) ? E : 0;
  return {
    kind: partial ? 'snapshot' : 'delta',
    symbol: s,
    bids: parseLevels(d.b, 'b', frame),
    asks: parseLevels(d.a, 'a', frame),
    seq: u,
    firstSeq: U,
    prevSeq: pu,
    ts,
  };
}

/** `[["35729.77","1.600"], ...]` → numbers, parsed once here. Price must be > 0, size ≥ 0. */
function parseLevels(raw: unknown, field: string, sample: ParseSample): Level[] {
  return parseDecimalLevels('binance', raw, field, sample, { container: 'depth' });
}

// ---- REST bodies ----

// Levels are checked by parseLevels while converting, so each number is read once.
const depthSnapshotSchema = z.object({
  lastUpdateId: z.number().int(),
  E: z.number().optional(),
  T: z.number().optional(),
  bids: z.array(z.unknown()),
  asks: z.array(z.unknown()),
});

/** `GET /fapi/v1/depth` → a snapshot event whose seq is `lastUpdateId`. */
export function parseBinanceDepthSnapshot(symbol: string, body: unknown): BookEvent {
  const snap = parseBody('binance', depthSnapshotSchema, body, 'depth snapshot');
  const sample = () => JSON.stringify(body);
  return {
    kind: 'snapshot',
    symbol,
    bids: parseLevels(snap.bids, 'bids', sample),
    asks: parseLevels(snap.asks, 'asks', sample),
    seq: snap.lastUpdateId,
    ts: snap.T ?? snap.E ?? 0,
  };
}

const fundingInfoSchema = z.array(
  z.object({ symbol: z.string(), fundingIntervalHours: z.number().positive() }).passthrough(),
);

/** `GET /fapi/v1/fundingInfo` → interval hours of the symbols whose interval was adjusted. */
export function parseBinanceFundingInfo(body: unknown): Map<string, number> {
  const rows = parseBody('binance', fundingInfoSchema, body, 'fundingInfo');
  return new Map(rows.map((r) => [r.symbol, r.fundingIntervalHours]));
}

const exchangeInfoSchema = z.object({
  symbols: z.array(
    z
      .object({
        symbol: z.string(),
        contractType: z.string(),
        status: z.string(),
        baseAsset: z.string(),
        quoteAsset: z.string(),
        filters: z.array(z.object({ filterType: z.string() }).passthrough()),
      })
      .passthrough(),
  ),
});

const tickFilterSchema = z.object({ tickSize: decimal }).passthrough();
const lotFilterSchema = z.object({ stepSize: decimal }).passthrough();

/**
 * `GET /fapi/v1/exchangeInfo` → perpetuals (contractType PERPETUAL), with intervals from
 * `parseBinanceFundingInfo` (8 h when not listed). Tick and lot are in the venue's own units.
 */
export function parseBinanceExchangeInfo(body: unknown, intervalHours: ReadonlyMap<string, number>): Instrument[] {
  const info = parseBody('binance', exchangeInfoSchema, body, 'exchangeInfo');
  const instruments: Instrument[] = [];
  for (const s of info.symbols) {
    if (s.contractType !== 'PERPETUAL') continue;
    const names = normaliseSymbol('binance', s.symbol, { baseAsset: s.baseAsset, quoteAsset: s.quoteAsset });
    if (!names) continue;
    const filter = (type: string) => s.filters.find((f) => f.filterType === type);
    const tick = parseBody('binance', tickFilterSchema, filter('PRICE_FILTER'), `${s.symbol} PRICE_FILTER`);
    const lot = parseBody('binance', lotFilterSchema, filter('LOT_SIZE'), `${s.symbol} LOT_SIZE`);
    instruments.push(
      toInstrument('binance', s.symbol, names, {
        contractSize: 1,
        tickSize: tick.tickSize,
        lotSize: lot.stepSize,
        fundingIntervalHours: intervalHours.get(s.symbol) ?? BINANCE_DEFAULT_FUNDING_INTERVAL_HOURS,
        active: s.status === 'TRADING',
      }),
    );
  }
  return instruments;
}

const epochMs = z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number);

const premiumIndexSchema = z.array(
  z
    .object({
      symbol: z.string(),
      markPrice: optionalDecimal,
      indexPrice: optionalDecimal,
      // Empty for dated contracts, which have no funding.
      lastFundingRate: optionalDecimal,
      nextFundingTime: epochMs,
    })
    .passthrough(),
);

/**
 * `GET /fapi/v1/premiumIndex` (all symbols) → current funding of every perpetual. `lastFundingRate`
 * is, despite its name, the rate that will apply at `nextFundingTime`. Dated contracts
 * (`BTCUSDT_250926`, no rate) are left out.
 */
export function parseBinancePremiumIndex(
  body: unknown,
  intervalHours: ReadonlyMap<string, number>,
  quoteVolume24h?: ReadonlyMap<string, number>,
): FundingSnapshot[] {
  const rows = parseBody('binance', premiumIndexSchema, body, 'premiumIndex');
  const snapshots: FundingSnapshot[] = [];
  for (const r of rows) {
    if (r.lastFundingRate === null || r.symbol.includes('_')) continue;
    snapshots.push({
      venue: 'binance',
      symbol: r.symbol,
      rate: r.lastFundingRate,
      intervalHours: intervalHours.get(r.symbol) ?? BINANCE_DEFAULT_FUNDING_INTERVAL_HOURS,
      nextFundingTime: r.nextFundingTime > 0 ? r.nextFundingTime : null,
      markPrice: r.markPrice,
      indexPrice: r.indexPrice,
      ...(quoteVolume24h ? { volume24hQuote: quoteVolume24h.get(r.symbol) ?? null } : {}),
    });
  }
  return snapshots;
}

const ticker24hSchema = z.array(z.object({ symbol: z.string(), quoteVolume: decimal }).passthrough());

/** `GET /fapi/v1/ticker/24hr` (all symbols) → 24 h volume in the quote asset per symbol. */
export function parseBinanceTicker24h(body: unknown): Map<string, number> {
  const rows = parseBody('binance', ticker24hSchema, body, 'ticker/24hr');
  return new Map(rows.map((r) => [r.symbol, r.quoteVolume]));
}

const fundingRateSchema = z.array(
  z.object({ symbol: z.string(), fundingRate: decimal, fundingTime: epochMs }).passthrough(),
);

/** `GET /fapi/v1/fundingRate` → settled rates, oldest first. */
export function parseBinanceFundingHistory(body: unknown): FundingRateRow[] {
  const rows = parseBody('binance', fundingRateSchema, body, 'fundingRate');
  return rows
    .map((r) => ({ venue: 'binance' as const, symbol: r.symbol, fundingTime: r.fundingTime, rate: r.fundingRate }))
    .sort((a, b) => a.fundingTime - b.fundingTime);
}

// [openTime, open, high, low, close, volume(base), closeTime, quoteVolume, trades, ...]
const klineRowSchema = z.tuple([z.number(), decimal, decimal, decimal, decimal, decimal]).rest(z.unknown());

/** `GET /fapi/v1/klines` → candles, oldest first, volume in base units of the symbol. */
export function parseBinanceKlines(body: unknown): Candle[] {
  const rows = parseBody('binance', z.array(klineRowSchema), body, 'klines');
  return rows.map(([t, o, h, l, c, v]) => ({ t, o, h, l, c, v })).sort((a, b) => a.t - b.t);
}
