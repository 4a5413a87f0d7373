// CoinEx v2 futures parsers: WS depth and control frames (already gunzipped), REST bodies in;
// normalised values out. Pure: no I/O, no clock (callers pass `nowMs` where time matters).
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
import {
  failParse,
  isJsonObject,
  parseJsonObjectFrame,
  type JsonObject,
  toInstrument,
} from '~/.server/venues/parse-helpers';
import { codeEnvelopeUnwrapper } from '~/.server/venues/rest-envelope';
import { toUnsigned32 } from './checksum';
import { COINEX_DEFAULT_FUNDING_INTERVAL_HOURS } from './constants';

const HOUR_MS = 3_600_000;

function fail(message: string, sample: string): never {
  return failParse('coinex', message, sample);
}

// ---- WS ----

/**
 * Book events in a `depth.update` push: `is_full` true replaces the book, false carries absolute
 * sizes per price ("0" deletes). CoinEx has no sequence number; `seq` and `ts` are
 * `depth.updated_at` (ms), and `checksum` is the CRC32 of the whole book after this message.
 * Null for responses, pongs and other pushes; ParseError for malformed frames.
 */
export function parseCoinexFrame(frame: string): BookEvent[] | null {
  const msg = parseJsonObjectFrame('coinex', frame);
  if (msg.method !== 'depth.update') return null;
  const data = msg.data;
  if (!isJsonObject(data)) fail('depth.update without data', frame);
  return [depthEvent(data, frame)];
}

/** `{market, is_full, depth: {bids, asks, updated_at, checksum}}`, from the stream or REST. */
function depthEvent(data: JsonObject, sample: string): BookEvent {
  const { market, is_full: isFull, depth } = data;
  if (typeof market !== 'string' || market === '') fail('depth data without `market`', sample);
  if (typeof isFull !== 'boolean') fail('depth data without boolean `is_full`', sample);
  if (!isJsonObject(depth)) fail('depth data without `depth` object', sample);
  const updatedAt = depth.updated_at;
  if (typeof updatedAt !== 'number' || !Number.isSafeInteger(updatedAt)) {
    fail('depth without integer `depth.updated_at`', sample);
  }
  const checksum = toUnsigned32(depth.checksum);
  if (checksum === null) fail(`depth with bad \`depth.checksum\` ${JSON.stringify(depth.checksum)}`, sample);
  // Increments may leave out a side that did not change (the official demo tests for the key).
  const bids = parseLevels(depth.bids, 'bids', isFull, sample);
  const asks = parseLevels(depth.asks, 'asks', isFull, sample);
  return {
    kind: isFull ? 'snapshot' : 'delta',
    symbol: market,
    bids: bids.levels,
    asks: asks.levels,
    seq: updatedAt,
    ts: updatedAt,
    checksum,
    text: { bids: bids.text, asks: asks.text },
  };
}

/** `[["30740.00","0.31763545"], ...]`: numbers parsed once, the text kept for the checksum. */
function parseLevels(
  raw: unknown,
  field: string,
  required: boolean,
  sample: string,
): { levels: Level[]; text: TextLevel[] } {
  if (raw === undefined && !required) return { levels: [], text: [] };
  if (!Array.isArray(raw)) fail(`depth field \`${field}\` is not an array`, sample);
  const levels = new Array<Level>(raw.length);
  const text = new Array<TextLevel>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const level: unknown = raw[i];
    if (!Array.isArray(level) || level.length < 2) fail(`bad level in \`${field}\``, sample);
    const [p, q] = level as unknown[];
    // The checksum is over the venue's text, so numbers in place of strings are a format change.
    if (typeof p !== 'string' || typeof q !== 'string' || p === '' || q === '') {
      fail(`non-text level in \`${field}\`: ${JSON.stringify(level)}`, sample);
    }
    const price = Number(p);
    const size = Number(q);
    if (!(price > 0) || !(size >= 0)) fail(`bad level in \`${field}\`: ${JSON.stringify(level)}`, sample);
    levels[i] = [price, size];
    text[i] = [p, q];
  }
  return { levels, text };
}

/** Replies to our own requests: keepalive pongs, and (un)subscribe results with CoinEx's code. */
export type CoinexControl =
  | { type: 'pong'; id: number | null }
  | { type: 'ack'; id: number | null; success: boolean; code: number; message: string };

/**
 * `{"id":1,"code":0,"message":"OK"}` → a successful ack; a non-zero code (`20001 invalid
 * argument`) → a failed one; a `pong` result → pong. Null for pushes (they carry `method`).
 */
export function parseCoinexControl(frame: string): CoinexControl | null {
  const msg = parseJsonObjectFrame('coinex', frame);
  if (typeof msg.method === 'string' || typeof msg.code !== 'number') return null;
  const id = typeof msg.id === 'number' ? msg.id : null;
  // The v2 reply nests the result in `data`; the v1 shape had it at the top.
  const result = isJsonObject(msg.data) ? msg.data.result : msg.result;
  if (msg.code === 0 && result === 'pong') return { type: 'pong', id };
  const message = typeof msg.message === 'string' ? msg.message : '';
  return { type: 'ack', id, success: msg.code === 0, code: msg.code, message };
}

// ---- REST envelope ----

/** CoinEx answers HTTP 200 with `{code, data, message}`; a non-zero code is the venue saying no. */
export const unwrapCoinexEnvelope = codeEnvelopeUnwrapper({
  venue: 'coinex',
  codeField: 'code',
  messageField: 'message',
  dataField: 'data',
  code: z.number(),
  message: z.string().optional(),
  okCode: '0',
});

/** `GET /v2/futures/depth` → a full-book event with the same checksum as the stream's. */
export function parseCoinexDepthSnapshot(body: unknown): BookEvent {
  const data = unwrapCoinexEnvelope(body, 'depth');
  const sample = JSON.stringify(body) ?? '';
  if (!isJsonObject(data)) fail('depth body without data object', sample);
  return { ...depthEvent(data, sample), kind: 'snapshot' };
}

// ---- Instruments ----

const marketsSchema = z.array(
  z
    .object({
      market: z.string(),
      contract_type: z.string(),
      base_ccy: z.string(),
      quote_ccy: z.string(),
      base_ccy_precision: z.number().int().min(0),
      quote_ccy_precision: z.number().int().min(0),
      // Newer than the ccxt capture; the price step falls back to the quote precision without it.
      tick_size: optionalDecimal.optional(),
      taker_fee_rate: optionalDecimal.optional(),
      maker_fee_rate: optionalDecimal.optional(),
      status: z.string().optional(),
      is_market_available: z.boolean().optional(),
    })
    .passthrough(),
);

/**
 * `GET /v2/futures/market` → USDT/USDC-margined (linear) perpetuals; CoinEx lists no dated
 * futures, and inverse contracts (sized in USD) are left out as on the other venues. Amounts are
 * in the base currency, so the contract size is 1 and the lot is the base precision step.
 * `fundingIntervalHours` comes from the funding-rate body, which states it per market.
 */
export function parseCoinexInstruments(body: unknown, funding: readonly CoinexFundingRate[] = []): Instrument[] {
  const list = parseBody('coinex', marketsSchema, unwrapCoinexEnvelope(body, 'futures/market'), 'futures/market');
  const intervals = new Map(funding.map((f) => [f.symbol, f.intervalHours]));
  const out: Instrument[] = [];
  for (const m of list) {
    if (m.contract_type !== 'linear') continue;
    const names = normaliseSymbol('coinex', m.market, { baseAsset: m.base_ccy, quoteAsset: m.quote_ccy });
    if (!names) continue;
    const instrument = toInstrument('coinex', m.market, names, {
      contractSize: 1,
      tickSize: m.tick_size ?? stepOf(m.quote_ccy_precision),
      lotSize: stepOf(m.base_ccy_precision),
      fundingIntervalHours: intervals.get(m.market) ?? null,
      active: m.is_market_available !== false && (m.status === undefined || m.status === 'online'),
    });
    if (m.taker_fee_rate != null) instrument.takerFeeRate = m.taker_fee_rate;
    if (m.maker_fee_rate != null) instrument.makerFeeRate = m.maker_fee_rate;
    out.push(instrument);
  }
  return out;
}

/** 10^-decimals as the nearest double to the decimal text (`10 ** -4` is 0.00009999999999999999). */
function stepOf(decimals: number): number {
  return Number(`1e-${decimals}`);
}

// ---- Funding ----

const fundingRatesSchema = z.array(
  z
    .object({
      market: z.string(),
      latest_funding_rate: optionalDecimal,
      next_funding_rate: optionalDecimal,
      latest_funding_time: optionalDecimal,
      next_funding_time: optionalDecimal,
      mark_price: optionalDecimal.optional(),
    })
    .passthrough(),
);

/** One market of `GET /v2/futures/funding-rate`, as CoinEx states it. */
export interface CoinexFundingRate {
  symbol: string;
  latestRate: number | null;
  latestTime: number | null;
  nextRate: number | null;
  nextTime: number | null;
  markPrice: number | null;
  /** `next_funding_time - latest_funding_time` in hours; null when the times do not give one. */
  intervalHours: number | null;
}

export function parseCoinexFundingRates(body: unknown): CoinexFundingRate[] {
  const list = parseBody(
    'coinex',
    fundingRatesSchema,
    unwrapCoinexEnvelope(body, 'futures/funding-rate'),
    'futures/funding-rate',
  );
  return list.map((r) => {
    const latestTime = r.latest_funding_time || null;
    const nextTime = r.next_funding_time || null;
    return {
      symbol: r.market,
      latestRate: r.latest_funding_rate,
      latestTime,
      nextRate: r.next_funding_rate,
      nextTime,
      markPrice: r.mark_price ?? null,
      intervalHours: fundingIntervalHours(latestTime, nextTime),
    };
  });
}

/** The interval is not stated; like ccxt, it is the distance between the two settlement times. */
function fundingIntervalHours(latestTime: number | null, nextTime: number | null): number | null {
  if (latestTime === null || nextTime === null) return null;
  const hours = Math.abs(nextTime - latestTime) / HOUR_MS;
  // A settlement at most a day apart and at least every 15 min; anything else is not an interval.
  return hours >= 0.25 && hours <= 24 ? Math.round(hours * 1e6) / 1e6 : null;
}

/**
 * The settlement to come and the rate it will apply. The docs describe `latest_*` as the current
 * period and `next_*` as the following one, while real captures show `latest_funding_time` already
 * past (the last settlement, as ccxt reads it). Either way the earliest time still ahead of `nowMs`
 * is the next settlement, and the rate beside it is the one that will be charged.
 */
export function coinexUpcomingFunding(
  r: CoinexFundingRate,
  nowMs: number,
): { rate: number; time: number | null } | null {
  const candidates = [
    { rate: r.latestRate, time: r.latestTime },
    { rate: r.nextRate, time: r.nextTime },
  ].filter((c): c is { rate: number; time: number | null } => c.rate !== null);
  const ahead = candidates
    .filter((c): c is { rate: number; time: number } => c.time !== null && c.time > nowMs)
    .sort((a, b) => a.time - b.time);
  if (ahead[0]) return ahead[0];
  // Both times past (a stale body): the later one is the freshest statement of the rate.
  const past = candidates.filter((c) => c.time !== null).sort((a, b) => (b.time ?? 0) - (a.time ?? 0));
  return past[0] ?? candidates[0] ?? null;
}

/**
 * CoinEx's prediction for the settlement after the coming one: `next_funding_rate` ("predicted rate
 * for the following period") when the body still has the current period's settlement ahead as well,
 * i.e. when the coming settlement is `latest_*`. When `latest_funding_time` is already past (as real
 * captures show) the `next_*` rate is the coming settlement's own, and no later prediction is given.
 */
export function coinexFollowingRate(r: CoinexFundingRate, nowMs: number): number | null {
  const bothAhead = r.latestTime !== null && r.nextTime !== null && r.latestTime > nowMs && r.nextTime > r.latestTime;
  return bothAhead && r.latestRate !== null ? r.nextRate : null;
}

const tickersSchema = z.array(
  z
    .object({
      market: z.string(),
      mark_price: optionalDecimal.optional(),
      index_price: optionalDecimal.optional(),
      // 24 h traded base amount and quote value (ccxt reads `value` as the quote volume of linear markets).
      volume: optionalDecimal.optional(),
      value: optionalDecimal.optional(),
      // Not in the ccxt capture; third-party clients read the position size (base units) here.
      open_interest_volume: optionalDecimal.optional(),
    })
    .passthrough(),
);

export interface CoinexTicker {
  symbol: string;
  markPrice: number | null;
  indexPrice: number | null;
  volume24hBase: number | null;
  volume24hQuote: number | null;
  openInterestBase: number | null;
}

/** `GET /v2/futures/ticker` (all markets when `market` is omitted). */
export function parseCoinexTickers(body: unknown): CoinexTicker[] {
  const list = parseBody('coinex', tickersSchema, unwrapCoinexEnvelope(body, 'futures/ticker'), 'futures/ticker');
  return list.map((t) => ({
    symbol: t.market,
    markPrice: t.mark_price ?? null,
    indexPrice: t.index_price ?? null,
    volume24hBase: t.volume ?? null,
    volume24hQuote: t.value ?? null,
    openInterestBase: t.open_interest_volume ?? null,
  }));
}

/**
 * Funding of every linear perpetual from one funding-rate body and one ticker body. The rate is
 * the one of the coming settlement (see `coinexUpcomingFunding`); index price, 24 h volume and open
 * interest come from the ticker. Inverse (USD) and index markets are left out.
 */
export function toCoinexFundingSnapshots(
  rates: readonly CoinexFundingRate[],
  tickers: readonly CoinexTicker[],
  nowMs: number,
): FundingSnapshot[] {
  const bySymbol = new Map(tickers.map((t) => [t.symbol, t]));
  const out: FundingSnapshot[] = [];
  for (const r of rates) {
    const names = normaliseSymbol('coinex', r.symbol);
    if (!names || names.quoteAsset === 'USD') continue;
    const upcoming = coinexUpcomingFunding(r, nowMs);
    if (!upcoming) continue;
    const t = bySymbol.get(r.symbol);
    const markPrice = r.markPrice ?? t?.markPrice ?? null;
    const oiBase = t?.openInterestBase ?? null;
    out.push({
      venue: 'coinex',
      symbol: r.symbol,
      rate: upcoming.rate,
      predictedRate: coinexFollowingRate(r, nowMs),
      intervalHours: r.intervalHours ?? COINEX_DEFAULT_FUNDING_INTERVAL_HOURS,
      nextFundingTime: upcoming.time,
      markPrice,
      indexPrice: t?.indexPrice ?? null,
      volume24hQuote: t?.volume24hQuote ?? null,
      openInterestQuote: oiBase !== null && markPrice !== null ? oiBase * markPrice : null,
    });
  }
  return out;
}

const fundingHistorySchema = z.array(
  z
    .object({
      market: z.string(),
      funding_time: decimal,
      actual_funding_rate: optionalDecimal,
      theoretical_funding_rate: optionalDecimal.optional(),
    })
    .passthrough(),
);

/** `GET /v2/futures/funding-rate-history` → settled (actually charged) rates, oldest first. */
export function parseCoinexFundingHistory(body: unknown): FundingRateRow[] {
  const list = parseBody(
    'coinex',
    fundingHistorySchema,
    unwrapCoinexEnvelope(body, 'futures/funding-rate-history'),
    'futures/funding-rate-history',
  );
  const rows: FundingRateRow[] = [];
  for (const r of list) {
    const rate = r.actual_funding_rate ?? r.theoretical_funding_rate ?? null;
    if (rate === null) continue;
    rows.push({ venue: 'coinex', symbol: r.market, fundingTime: r.funding_time, rate });
  }
  return rows.sort((a, b) => a.fundingTime - b.fundingTime);
}

// ---- Klines ----

const klinesSchema = z.array(
  z
    .object({
      created_at: decimal,
      open: decimal,
      high: decimal,
      low: decimal,
      close: decimal,
      volume: decimal,
      value: decimal,
    })
    .passthrough(),
);

/** `GET /v2/futures/kline` → candles oldest first, volume in base units. */
export function parseCoinexKlines(body: unknown): Candle[] {
  const list = parseBody('coinex', klinesSchema, unwrapCoinexEnvelope(body, 'futures/kline'), 'futures/kline');
  return list
    .map((k) => ({
      t: k.created_at,
      o: k.open,
      h: k.high,
      l: k.low,
      c: k.close,
      v: baseVolume(k.volume, k.value, k.close),
    }))
    .sort((a, b) => a.t - b.t);
}

/**
 * Which of `volume` / `value` is the base amount: the docs say `volume` (and their example agrees),
 * the ccxt capture of a live BTCUSDT candle has them the other way round. The right reading is the
 * one whose implied price (quote / base) lies nearer the close, so decide per candle by that.
 */
function baseVolume(volume: number, value: number, close: number): number {
  if (!(volume > 0) || !(value > 0) || !(close > 0)) return volume;
  const volumeIsBase = Math.abs(Math.log(value / volume / close));
  const valueIsBase = Math.abs(Math.log(volume / value / close));
  return valueIsBase < volumeIsBase ? value : volume;
}
