// Binance USDⓈ-M parsers: WS depth frames and REST bodies in, normalised values out. Pure.
import { z } from 'zod';
import { normaliseSymbol } from '~/.server/market/symbols';
import type { BookEvent, Candle, FundingRateRow, FundingSnapshot, Instrument, Level } from '~/.server/market/types';
import { type FrameScanner, scanFrame } from '~/.server/venues/book-frame-scanner';
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
 * Depth frames as Binance writes them are read in place by the scanner; every other frame, and
 * any the scanner is unsure of, takes the JSON.parse path, which defines the result.
 */
export function parseBinanceFrame(frame: string): BookEvent[] | null {
  return scanBinanceFrame(frame) ?? parseBinanceFrameJson(frame);
}

/** The scanner's reading of a depth frame; undefined when it is not sure (then ask `parseBinanceFrameJson`). */
export function scanBinanceFrame(frame: string): BookEvent[] | undefined {
  return scanFrame(frame, readBinanceDepthFrame);
}

/** `{"stream":"<name>","data":{depthUpdate}}` in either key order, or the bare depthUpdate. */
function readBinanceDepthFrame(sc: FrameScanner): BookEvent[] {
  sc.openObject();
  if (!sc.is('stream') && !sc.is('data')) return [readDepthUpdate(sc)];
  let stream: string | undefined;
  let event: BookEvent | undefined;
  do {
    if (sc.is('stream')) {
      if (stream !== undefined) sc.fail();
      sc.string();
      stream = sc.slice();
    } else if (sc.is('data')) {
      if (event) sc.fail();
      sc.openObject();
      event = readDepthUpdate(sc);
    } else {
      sc.skipScalar();
    }
  } while (sc.nextKey());
  if (stream === undefined || !event) sc.fail();
  if (PARTIAL_DEPTH_STREAM.test(stream)) event.kind = 'snapshot';
  return [event];
}

// depthUpdate fields, as bits, to refuse duplicates (JSON.parse would keep the last one).
const EVENT_TYPE = 1;
const EVENT_TIME = 2;
const TRANSACTION_TIME = 4;
const SYMBOL = 8;
const FIRST_ID = 16;
const LAST_ID = 32;
const PREV_ID = 64;
const BIDS = 128;
const ASKS = 256;
const REQUIRED = EVENT_TYPE | SYMBOL | FIRST_ID | LAST_ID | PREV_ID | BIDS | ASKS;

/**
 * The fields of a depthUpdate object whose first key is read: `e`, `E`, `T`, `s`, `U`, `u`, `pu`,
 * `b`, `a` in any order, other scalar fields ignored, as `depthUpdateEvent` reads them.
 */
function readDepthUpdate(sc: FrameScanner): BookEvent {
  let seen = 0;
  let eventTime = 0;
  let transactionTime = 0;
  let symbol = '';
  let first = 0;
  let last = 0;
  let prev = 0;
  let bids: Level[] = [];
  let asks: Level[] = [];
  do {
    let field = 0;
    switch (sc.oneChar()) {
      case 101: // e
        field = EVENT_TYPE;
        sc.string();
        if (!sc.is('depthUpdate')) sc.fail();
        break;
      case 69: // E
        field = EVENT_TIME;
        eventTime = sc.int();
        break;
      case 84: // T
        field = TRANSACTION_TIME;
        transactionTime = sc.int();
        break;
      case 115: // s
        field = SYMBOL;
        sc.string();
        if (sc.end === sc.start) sc.fail();
        symbol = sc.slice();
        break;
      case 85: // U
        field = FIRST_ID;
        first = sc.int();
        break;
      case 117: // u
        field = LAST_ID;
        last = sc.int();
        break;
      case 98: // b
        field = BIDS;
        bids = sc.levels();
        break;
      case 97: // a
        field = ASKS;
        asks = sc.levels();
        break;
      default:
        if (sc.is('pu')) {
          field = PREV_ID;
          prev = sc.int();
        } else if (sc.is('stream') || sc.is('data')) {
          // These make the JSON path read the frame as an envelope.
          sc.fail();
        } else {
          sc.skipScalar();
        }
    }
    if (seen & field) sc.fail();
    seen |= field;
  } while (sc.nextKey());
  if ((seen & REQUIRED) !== REQUIRED) sc.fail();
  return {
    kind: 'delta',
    symbol,
    bids,
    asks,
    seq: last,
    firstSeq: first,
    prevSeq: prev,
    ts: seen & TRANSACTION_TIME ? transactionTime : seen & EVENT_TIME ? eventTime : 0,
  };
}

/** The JSON.parse reading of any frame: the reference for what every frame means. */
export function parseBinanceFrameJson(frame: string): BookEvent[] | null {
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
