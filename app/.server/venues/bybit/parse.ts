// Bybit v5 linear parsers: WS book and control frames, REST bodies in; normalised values out. Pure.
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
  parseJsonObjectFrame,
  type JsonObject,
  toInstrument,
} from '~/.server/venues/parse-helpers';
import { codeEnvelopeUnwrapper } from '~/.server/venues/rest-envelope';
import { BYBIT_DEFAULT_FUNDING_INTERVAL_HOURS } from './constants';

function fail(message: string, frame: string): never {
  return failParse('bybit', message, frame);
}

/**
 * Book events in one frame of `orderbook.<depth>.<SYM>`: `data.u` is the sequence, `ts` (else
 * `cts`) the time. A delta with `u == 1` means Bybit restarted the topic: it is a snapshot.
 * Null for acks, pongs and other topics; ParseError for malformed frames.
 * Book frames as Bybit writes them are read in place by the scanner; every other frame, and
 * any the scanner is unsure of, takes the JSON.parse path, which defines the result.
 */
export function parseBybitFrame(frame: string): BookEvent[] | null {
  return scanBybitFrame(frame) ?? parseBybitFrameJson(frame);
}

/** The scanner's reading of a book frame; undefined when it is not sure (then ask `parseBybitFrameJson`). */
export function scanBybitFrame(frame: string): BookEvent[] | undefined {
  return scanFrame(frame, readBybitBookFrame);
}

// Fields of a book frame, as bits, to refuse duplicates (JSON.parse would keep the last one).
const TOPIC = 1;
const TYPE = 2;
const TS = 4;
const CTS = 8;
const DATA = 16;
const SYMBOL = 32;
const UPDATE_ID = 64;
const BIDS = 128;
const ASKS = 256;
const REQUIRED = TOPIC | TYPE | DATA | SYMBOL | UPDATE_ID | BIDS | ASKS;

/**
 * `{"topic":"orderbook.…","type":"snapshot"|"delta","ts":…,"data":{"s":…,"b":[…],"a":[…],"u":…,
 * "seq":…},"cts":…}`, keys in any order, other scalar fields ignored, as the JSON path reads it.
 */
function readBybitBookFrame(sc: FrameScanner): BookEvent[] {
  let seen = 0;
  let snapshot = false;
  let ts = 0;
  let cts = 0;
  let symbol = '';
  let u = 0;
  let bids: Level[] = [];
  let asks: Level[] = [];
  sc.openObject();
  do {
    let field: number;
    if (sc.is('topic')) {
      field = TOPIC;
      sc.string();
      if (!sc.startsWith('orderbook.')) sc.fail();
    } else if (sc.is('type')) {
      field = TYPE;
      sc.string();
      snapshot = sc.is('snapshot');
      if (!snapshot && !sc.is('delta')) sc.fail();
    } else if (sc.is('ts')) {
      field = TS;
      ts = sc.int();
    } else if (sc.is('cts')) {
      field = CTS;
      cts = sc.int();
    } else if (sc.is('data')) {
      field = DATA;
      sc.openObject();
      do {
        let dataField = 0;
        switch (sc.oneChar()) {
          case 115: // s
            dataField = SYMBOL;
            sc.string();
            if (sc.end === sc.start) sc.fail();
            symbol = sc.slice();
            break;
          case 117: // u
            dataField = UPDATE_ID;
            u = sc.int();
            break;
          case 98: // b
            dataField = BIDS;
            bids = sc.levels();
            break;
          case 97: // a
            dataField = ASKS;
            asks = sc.levels();
            break;
          default: // seq and anything else: not read by the JSON path either
            sc.skipScalar();
        }
        if (seen & dataField) sc.fail();
        seen |= dataField;
      } while (sc.nextKey());
    } else {
      field = 0;
      sc.skipScalar();
    }
    if (seen & field) sc.fail();
    seen |= field;
  } while (sc.nextKey());
  if ((seen & REQUIRED) !== REQUIRED) sc.fail();
  return [
    {
      kind: snapshot || u === 1 ? 'snapshot' : 'delta',
      symbol,
      bids,
      asks,
      seq: u,
      ts: seen & TS ? ts : seen & CTS ? cts : 0,
    },
  ];
}

/** The JSON.parse reading of any frame: the reference for what every frame means. */
export function parseBybitFrameJson(frame: string): BookEvent[] | null {
  const msg = parseJsonObjectFrame('bybit', frame);
  const topic = msg.topic;
  if (typeof topic !== 'string' || !topic.startsWith('orderbook.')) return null;
  const type = msg.type;
  if (type !== 'snapshot' && type !== 'delta') fail(`book frame with type ${JSON.stringify(type)}`, frame);
  const data = msg.data;
  if (!isJsonObject(data)) fail('book frame without data', frame);
  const { s, u, b, a } = data;
  if (typeof s !== 'string' || s === '') fail('book frame without symbol `data.s`', frame);
  if (!isSafeInt(u)) fail('book frame without integer `data.u`', frame);
  const ts = typeof msg.ts === 'number' ? msg.ts : typeof msg.cts === 'number' ? msg.cts : 0;
  return [
    {
      kind: type === 'snapshot' || u === 1 ? 'snapshot' : 'delta',
      symbol: s,
      bids: parseLevels(b, 'b', frame),
      asks: parseLevels(a, 'a', frame),
      seq: u,
      ts,
    },
  ];
}

/** `[["16493.50","0.006"], ...]` → numbers, parsed once here. Price must be > 0, size ≥ 0. */
function parseLevels(raw: unknown, field: string, frame: string): Level[] {
  return parseDecimalLevels('bybit', raw, field, frame, { container: 'book' });
}

/** Replies to our own requests, for the socket layer: pongs, and (un)subscribe results. */
export type BybitControl =
  | { type: 'pong' }
  | {
      type: 'ack';
      op: string;
      success: boolean;
      message: string;
      reqId?: string;
      /** Topics the reply names: the echoed request, or those quoted in a failure message. */
      args?: string[];
    };

// Bybit names a refused topic in its message: "error:handler not found,topic:orderbook.50.NOPEUSDT".
const TOPIC_IN_MESSAGE = /topic:([^,\s\]]+)/g;

/**
 * Control replies: `{"op":"ping","ret_msg":"pong",...}` → pong; `{"success":false,"op":"subscribe",
 * "ret_msg":"..."}` → a failed ack the socket layer should surface. Null for data frames.
 */
export function parseBybitControl(frame: string): BybitControl | null {
  const msg = parseJsonObjectFrame('bybit', frame);
  const request = msg.request && typeof msg.request === 'object' ? (msg.request as JsonObject) : undefined;
  const op = typeof msg.op === 'string' ? msg.op : typeof request?.op === 'string' ? request.op : undefined;
  if (op === undefined) return null;
  const message = typeof msg.ret_msg === 'string' ? msg.ret_msg : '';
  if (op === 'pong' || (op === 'ping' && (message === 'pong' || msg.success !== false))) return { type: 'pong' };
  if (typeof msg.success !== 'boolean') return null;
  const ack: BybitControl = { type: 'ack', op, success: msg.success, message };
  if (typeof msg.req_id === 'string' && msg.req_id !== '') ack.reqId = msg.req_id;
  const echoed = Array.isArray(request?.args) ? request.args.filter((x): x is string => typeof x === 'string') : [];
  const args = echoed.length > 0 ? echoed : [...message.matchAll(TOPIC_IN_MESSAGE)].map((m) => m[1] ?? '');
  if (args.length > 0) ack.args = args;
  return ack;
}

// ---- REST bodies ----

/** Bybit answers HTTP 200 with `{retCode, retMsg, result}`; retCode != 0 is the venue saying no. */
export const unwrapBybitEnvelope = codeEnvelopeUnwrapper({
  venue: 'bybit',
  codeField: 'retCode',
  messageField: 'retMsg',
  dataField: 'result',
  code: z.number(),
  message: z.string().optional(),
  okCode: '0',
});

const instrumentsResultSchema = z.object({
  list: z.array(
    z
      .object({
        symbol: z.string(),
        contractType: z.string(),
        status: z.string(),
        baseCoin: z.string(),
        quoteCoin: z.string(),
        fundingInterval: z.number().optional(),
        priceFilter: z.object({ tickSize: decimal }).passthrough(),
        lotSizeFilter: z.object({ qtyStep: decimal }).passthrough(),
      })
      .passthrough(),
  ),
  nextPageCursor: z.string().optional(),
});

export interface BybitInstrumentsPage {
  instruments: Instrument[];
  /** Cursor of the next page; null on the last one. */
  nextCursor: string | null;
}

/** One page of `GET /v5/market/instruments-info?category=linear` → LinearPerpetual instruments. */
export function parseBybitInstrumentsPage(body: unknown): BybitInstrumentsPage {
  const result = parseBody(
    'bybit',
    instrumentsResultSchema,
    unwrapBybitEnvelope(body, 'instruments-info'),
    'instruments-info',
  );
  const instruments: Instrument[] = [];
  for (const item of result.list) {
    if (item.contractType !== 'LinearPerpetual') continue;
    const names = normaliseSymbol('bybit', item.symbol, { baseAsset: item.baseCoin, quoteAsset: item.quoteCoin });
    if (!names) continue;
    instruments.push(
      toInstrument('bybit', item.symbol, names, {
        contractSize: 1,
        tickSize: item.priceFilter.tickSize,
        lotSize: item.lotSizeFilter.qtyStep,
        // Minutes: 480 = 8 h.
        fundingIntervalHours: item.fundingInterval ? item.fundingInterval / 60 : null,
        active: item.status === 'Trading',
      }),
    );
  }
  return { instruments, nextCursor: result.nextPageCursor ? result.nextPageCursor : null };
}

const tickersResultSchema = z.object({
  list: z.array(
    z
      .object({
        symbol: z.string(),
        // Empty on dated futures, which have no funding.
        fundingRate: optionalDecimal,
        nextFundingTime: optionalDecimal,
        fundingIntervalHour: optionalDecimal,
        deliveryTime: z.string().optional(),
        markPrice: optionalDecimal,
        indexPrice: optionalDecimal,
        turnover24h: optionalDecimal,
        openInterestValue: optionalDecimal,
      })
      .passthrough(),
  ),
});

/**
 * `GET /v5/market/tickers?category=linear` → current funding of every perpetual. `fundingRate` is
 * the rate for the coming settlement; dated futures (a delivery time, no rate) are left out.
 */
export function parseBybitTickers(body: unknown): FundingSnapshot[] {
  const result = parseBody('bybit', tickersResultSchema, unwrapBybitEnvelope(body, 'tickers'), 'tickers');
  const snapshots: FundingSnapshot[] = [];
  for (const t of result.list) {
    const dated = t.deliveryTime !== undefined && t.deliveryTime !== '' && t.deliveryTime !== '0';
    if (dated || t.fundingRate === null) continue;
    snapshots.push({
      venue: 'bybit',
      symbol: t.symbol,
      rate: t.fundingRate,
      intervalHours: t.fundingIntervalHour || BYBIT_DEFAULT_FUNDING_INTERVAL_HOURS,
      nextFundingTime: t.nextFundingTime || null,
      markPrice: t.markPrice,
      indexPrice: t.indexPrice,
      volume24hQuote: t.turnover24h,
      openInterestQuote: t.openInterestValue,
    });
  }
  return snapshots;
}

const fundingHistoryResultSchema = z.object({
  list: z.array(z.object({ symbol: z.string(), fundingRate: decimal, fundingRateTimestamp: decimal }).passthrough()),
});

/** `GET /v5/market/funding/history` (newest first on the wire) → settled rates, oldest first. */
export function parseBybitFundingHistory(body: unknown): FundingRateRow[] {
  const result = parseBody(
    'bybit',
    fundingHistoryResultSchema,
    unwrapBybitEnvelope(body, 'funding/history'),
    'funding/history',
  );
  return result.list
    .map((r) => ({
      venue: 'bybit' as const,
      symbol: r.symbol,
      fundingTime: r.fundingRateTimestamp,
      rate: r.fundingRate,
    }))
    .sort((x, y) => x.fundingTime - y.fundingTime);
}

// [start, open, high, low, close, volume(base), turnover(quote)], all strings.
const klineResultSchema = z.object({
  list: z.array(z.tuple([decimal, decimal, decimal, decimal, decimal, decimal]).rest(z.unknown())),
});

/** `GET /v5/market/kline` (rows newest first) → candles oldest first, volume in base units. */
export function parseBybitKlines(body: unknown): Candle[] {
  const result = parseBody('bybit', klineResultSchema, unwrapBybitEnvelope(body, 'kline'), 'kline');
  return result.list.map(([t, o, h, l, c, v]) => ({ t, o, h, l, c, v })).sort((x, y) => x.t - y.t);
}
