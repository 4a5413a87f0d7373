// Bitget v2 USDT-futures parsers: WS book and control frames, REST bodies in; normalised values out. Pure.
import { z } from 'zod';
import { normaliseSymbol } from '~/.server/market/symbols';
import type {
  BookEvent,
  Candle,
  FundingRateRow,
  FundingSnapshot,
  Instrument,
  Level,
  TextLevel,
} from '~/.server/market/types';
import { decimal, optionalDecimal, parseBody } from '~/.server/venues/http';
import { failParse, isJsonObject, parseJsonObjectFrame, toInstrument } from '~/.server/venues/parse-helpers';
import { codeEnvelopeUnwrapper } from '~/.server/venues/rest-envelope';
import {
  BITGET_BOOK_CHANNEL,
  BITGET_DEFAULT_FUNDING_INTERVAL_HOURS,
  BITGET_OK_CODE,
  BITGET_PONG_FRAME,
} from './constants';
import { toUnsigned32 } from './checksum';

function fail(message: string, frame: string): never {
  return failParse('bitget', message, frame);
}

/** The keepalive answer is the bare text `pong`, not JSON. */
function isPong(frame: string): boolean {
  return frame === BITGET_PONG_FRAME || (frame.length < 16 && frame.trim() === BITGET_PONG_FRAME);
}

/**
 * Book events in one frame of the `books` channel. `action: "snapshot"` replaces the book,
 * `"update"` carries absolute sizes ("0" deletes). Updates carry the CRC32 of the top 25 levels
 * (signed on the wire, unsigned here); snapshots are not verified (recorded ones say 0, and ccxt
 * skips them too). `seq`, and `pseq` where present, become seq/prevSeq; a missing or unsafe seq is 0,
 * which the rules read as "no ordering information". Level text is kept for the checksum.
 * Null for `pong`, acks, errors and other channels; ParseError for malformed frames.
 */
export function parseBitgetFrame(frame: string): BookEvent[] | null {
  if (isPong(frame)) return null;
  const msg = parseJsonObjectFrame('bitget', frame);
  if (msg.event !== undefined) return null;
  const arg = msg.arg;
  if (!isJsonObject(arg) || arg.channel !== BITGET_BOOK_CHANNEL) return null;
  const symbol = arg.instId;
  if (typeof symbol !== 'string' || symbol === '') fail('book frame without `arg.instId`', frame);
  const action = msg.action;
  if (action !== 'snapshot' && action !== 'update') fail(`book frame with action ${JSON.stringify(action)}`, frame);
  const data = msg.data;
  if (!Array.isArray(data) || data.length === 0) fail('book frame without `data[0]`', frame);
  const frameTs = toInteger(msg.ts) ?? 0;
  const events: BookEvent[] = [];
  for (const item of data) {
    if (!isJsonObject(item)) fail('book `data` entry is not an object', frame);
    const bids = parseLevels(item.bids, 'bids', frame);
    const asks = parseLevels(item.asks, 'asks', frame);
    const ev: BookEvent = {
      kind: action === 'snapshot' ? 'snapshot' : 'delta',
      symbol,
      bids: bids.levels,
      asks: asks.levels,
      seq: toInteger(item.seq) ?? 0,
      ts: toInteger(item.ts) ?? frameTs,
      text: { bids: bids.text, asks: asks.text },
    };
    const pseq = toInteger(item.pseq);
    if (pseq !== undefined) ev.prevSeq = pseq;
    if (action === 'update') {
      const checksum = item.checksum;
      if (typeof checksum !== 'number' || !Number.isInteger(checksum)) {
        fail('book update without integer `checksum`', frame);
      }
      ev.checksum = toUnsigned32(checksum);
    }
    events.push(ev);
  }
  return events;
}

/** `[["27000.5","8.760"], ...]` → numbers plus the exact text. Price must be > 0, size ≥ 0. */
function parseLevels(raw: unknown, field: string, frame: string): { levels: Level[]; text: TextLevel[] } {
  if (!Array.isArray(raw)) fail(`book field \`${field}\` is not an array`, frame);
  const levels: Level[] = new Array<Level>(raw.length);
  const text: TextLevel[] = new Array<TextLevel>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const level: unknown = raw[i];
    if (!Array.isArray(level) || level.length < 2) fail(`bad level in \`${field}\``, frame);
    const p = textOf(level[0]);
    const s = textOf(level[1]);
    const price = p === null ? Number.NaN : Number(p);
    const size = s === null ? Number.NaN : Number(s);
    if (!(price > 0) || !(size >= 0) || !Number.isFinite(size)) {
      fail(`bad level in \`${field}\`: ${JSON.stringify(level)}`, frame);
    }
    levels[i] = [price, size];
    text[i] = [p!, s!];
  }
  return { levels, text };
}

/** Level text as sent; a bare number (never seen on v2, but cheap to accept) keeps JS's spelling. */
function textOf(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  return typeof v === 'number' && Number.isFinite(v) ? String(v) : null;
}

/** An integer sent as a number or a digit string, if it fits a double exactly. */
function toInteger(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : Number.NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Replies to our own requests, for the socket layer. */
export type BitgetControl =
  | { type: 'pong' }
  | {
      type: 'ack';
      /** `subscribe`, `unsubscribe`, `login`; for a refusal the request's `op` when echoed, else `error`. */
      op: string;
      success: boolean;
      message: string;
      code?: string;
      /** The channel the reply names. */
      channel?: string;
      /** Instruments the reply names: the echoed `arg.instId`, or the one quoted in an error message. */
      args?: string[];
    };

// Bitget names a refused instrument in its message: "instType:USDT-FUTURES,channel:books,instId:NOPE doesn't exist".
const INST_ID_IN_MESSAGE = /instId:([^,\s]+)/g;

/**
 * Control replies: `pong` (plain text), `{"event":"subscribe","arg":{...}}` acks, and
 * `{"event":"error","code":30001,"msg":"..."}` refusals. Null for data frames.
 */
export function parseBitgetControl(frame: string): BitgetControl | null {
  if (isPong(frame)) return { type: 'pong' };
  const msg = parseJsonObjectFrame('bitget', frame);
  const event = msg.event;
  if (typeof event !== 'string') return null;
  const arg = isJsonObject(msg.arg) ? msg.arg : undefined;
  const code = typeof msg.code === 'number' || typeof msg.code === 'string' ? String(msg.code) : undefined;
  const message = typeof msg.msg === 'string' ? msg.msg : '';
  const success = event !== 'error' && (code === undefined || code === '0' || code === BITGET_OK_CODE);
  const ack: BitgetControl = {
    type: 'ack',
    op: event !== 'error' ? event : typeof msg.op === 'string' ? msg.op : 'error',
    success,
    message,
  };
  if (code !== undefined) ack.code = code;
  if (typeof arg?.channel === 'string') ack.channel = arg.channel;
  const named =
    typeof arg?.instId === 'string' && arg.instId !== ''
      ? [arg.instId]
      : [...message.matchAll(INST_ID_IN_MESSAGE)].map((m) => m[1] ?? '');
  if (named.length > 0) ack.args = named;
  return ack;
}

// ---- REST bodies ----

/** Bitget wraps every answer in `{code, msg, requestTime, data}`; a code other than "00000" is the venue saying no. */
export const unwrapBitgetEnvelope = codeEnvelopeUnwrapper({
  venue: 'bitget',
  codeField: 'code',
  messageField: 'msg',
  dataField: 'data',
  code: z.union([z.string(), z.number()]),
  message: z.string().nullish(),
  okCode: BITGET_OK_CODE,
});

/** Digits only: `pricePlace` and `priceEndStep` are integer text. */
const integerText = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const text = String(value).trim();
  if (!/^\d+$/.test(text)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `not an integer: ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return text;
});

const contractsSchema = z.array(
  z
    .object({
      symbol: z.string(),
      baseCoin: z.string(),
      quoteCoin: z.string(),
      symbolType: z.string(),
      symbolStatus: z.string(),
      pricePlace: integerText,
      priceEndStep: integerText,
      sizeMultiplier: decimal,
      fundInterval: optionalDecimal,
      makerFeeRate: optionalDecimal,
      takerFeeRate: optionalDecimal,
    })
    .passthrough(),
);

/**
 * `GET /api/v2/mix/market/contracts?productType=USDT-FUTURES` → perpetual instruments. The tick is
 * `priceEndStep` units of the last of `pricePlace` decimals (pricePlace 1, priceEndStep 5 → 0.5);
 * the lot is `sizeMultiplier`, in base coins. Only `normal` symbols trade (listed, maintain,
 * limit_open, restrictedAPI and off do not).
 */
export function parseBitgetContracts(body: unknown): Instrument[] {
  const list = parseBody('bitget', contractsSchema, unwrapBitgetEnvelope(body, 'contracts'), 'contracts');
  const instruments: Instrument[] = [];
  for (const c of list) {
    if (c.symbolType !== 'perpetual') continue;
    const names = normaliseSymbol('bitget', c.symbol, { baseAsset: c.baseCoin, quoteAsset: c.quoteCoin });
    if (!names) continue;
    const inst = toInstrument('bitget', c.symbol, names, {
      contractSize: 1,
      // `5e-2` is parsed as the decimal 0.05 directly, without a float multiplication.
      tickSize: Number(`${c.priceEndStep}e-${c.pricePlace}`),
      lotSize: c.sizeMultiplier,
      fundingIntervalHours: c.fundInterval || null,
      active: c.symbolStatus === 'normal',
    });
    if (c.takerFeeRate !== null) inst.takerFeeRate = c.takerFeeRate;
    if (c.makerFeeRate !== null) inst.makerFeeRate = c.makerFeeRate;
    instruments.push(inst);
  }
  return instruments;
}

const tickersSchema = z.array(
  z
    .object({
      symbol: z.string(),
      fundingRate: optionalDecimal,
      markPrice: optionalDecimal,
      indexPrice: optionalDecimal,
      usdtVolume: optionalDecimal,
      quoteVolume: optionalDecimal,
      holdingAmount: optionalDecimal,
      deliveryTime: z.union([z.string(), z.number()]).nullish(),
    })
    .passthrough(),
);

/** One row of `GET /api/v2/mix/market/tickers`, the fields funding needs. */
export interface BitgetTicker {
  symbol: string;
  fundingRate: number | null;
  markPrice: number | null;
  indexPrice: number | null;
  /** 24 h traded value in USDT. */
  volume24hQuote: number | null;
  /** Open interest in base coins (`holdingAmount`). */
  openInterestBase: number | null;
}

/** `GET /api/v2/mix/market/tickers?productType=USDT-FUTURES` → every perpetual's ticker; dated contracts left out. */
export function parseBitgetTickers(body: unknown): BitgetTicker[] {
  const list = parseBody('bitget', tickersSchema, unwrapBitgetEnvelope(body, 'tickers'), 'tickers');
  const out: BitgetTicker[] = [];
  for (const t of list) {
    const delivery = t.deliveryTime;
    if (delivery !== null && delivery !== undefined && delivery !== '' && delivery !== '0' && delivery !== 0) continue;
    out.push({
      symbol: t.symbol,
      fundingRate: t.fundingRate,
      markPrice: t.markPrice,
      indexPrice: t.indexPrice,
      volume24hQuote: t.usdtVolume ?? t.quoteVolume,
      openInterestBase: t.holdingAmount,
    });
  }
  return out;
}

const currentFundRateSchema = z.array(
  z
    .object({
      symbol: z.string(),
      fundingRate: decimal,
      fundingRateInterval: optionalDecimal,
      nextUpdate: optionalDecimal,
    })
    .passthrough(),
);

/** One row of `GET /api/v2/mix/market/current-fund-rate`. */
export interface BitgetFundRate {
  symbol: string;
  rate: number;
  intervalHours: number | null;
  nextFundingTime: number | null;
}

/** `GET /api/v2/mix/market/current-fund-rate?productType=USDT-FUTURES` (no symbol: every contract). */
export function parseBitgetCurrentFundRates(body: unknown): BitgetFundRate[] {
  const list = parseBody(
    'bitget',
    currentFundRateSchema,
    unwrapBitgetEnvelope(body, 'current-fund-rate'),
    'current-fund-rate',
  );
  return list.map((r) => ({
    symbol: r.symbol,
    rate: r.fundingRate,
    intervalHours: r.fundingRateInterval || null,
    nextFundingTime: r.nextUpdate || null,
  }));
}

/**
 * Current funding of every perpetual from the two all-symbol calls: current-fund-rate gives the
 * rate, its interval (1/2/4/8 h) and the next settlement; tickers add mark/index price, 24 h
 * volume and open interest. A perp only tickers knows keeps its rate with the default interval.
 */
export function mergeBitgetFunding(
  rates: readonly BitgetFundRate[],
  tickers: readonly BitgetTicker[],
): FundingSnapshot[] {
  const bySymbol = new Map(tickers.map((t) => [t.symbol, t]));
  const out: FundingSnapshot[] = [];
  const seen = new Set<string>();
  const push = (symbol: string, rate: number, interval: number | null, next: number | null) => {
    const t = bySymbol.get(symbol);
    const mark = t?.markPrice ?? null;
    const oi = t?.openInterestBase ?? null;
    seen.add(symbol);
    out.push({
      venue: 'bitget',
      symbol,
      rate,
      intervalHours: interval ?? BITGET_DEFAULT_FUNDING_INTERVAL_HOURS,
      nextFundingTime: next,
      markPrice: mark,
      indexPrice: t?.indexPrice ?? null,
      volume24hQuote: t?.volume24hQuote ?? null,
      openInterestQuote: oi !== null && mark !== null ? oi * mark : null,
    });
  };
  for (const r of rates) if (!seen.has(r.symbol)) push(r.symbol, r.rate, r.intervalHours, r.nextFundingTime);
  for (const t of tickers) if (!seen.has(t.symbol) && t.fundingRate !== null) push(t.symbol, t.fundingRate, null, null);
  return out;
}

const fundingHistorySchema = z.array(
  z.object({ symbol: z.string(), fundingRate: decimal, fundingTime: decimal }).passthrough(),
);

/** `GET /api/v2/mix/market/history-fund-rate` (one page, newest first on the wire) → settled rates, oldest first. */
export function parseBitgetFundingHistory(body: unknown): FundingRateRow[] {
  const list = parseBody(
    'bitget',
    fundingHistorySchema,
    unwrapBitgetEnvelope(body, 'history-fund-rate'),
    'history-fund-rate',
  );
  return list
    .map((r) => ({ venue: 'bitget' as const, symbol: r.symbol, fundingTime: r.fundingTime, rate: r.fundingRate }))
    .sort((x, y) => x.fundingTime - y.fundingTime);
}

// [ts, open, high, low, close, baseVolume, quoteVolume], all strings.
const candlesSchema = z.array(z.tuple([decimal, decimal, decimal, decimal, decimal, decimal]).rest(z.unknown()));

/** `GET /api/v2/mix/market/candles` → candles oldest first, volume in base coins. */
export function parseBitgetCandles(body: unknown): Candle[] {
  const rows = parseBody('bitget', candlesSchema, unwrapBitgetEnvelope(body, 'candles'), 'candles');
  return rows.map(([t, o, h, l, c, v]) => ({ t, o, h, l, c, v })).sort((x, y) => x.t - y.t);
}
