// KuCoin Futures parsers: WS level2 and control frames, REST bodies in; normalised values out. Pure.
// Book sizes, kline volume and open interest arrive in contracts and leave in base units, through
// `contractsToBase` (units.ts), so every caller passes the contract's multiplier in.
import { z } from 'zod';
import { normaliseSymbol } from '~/.server/market/symbols';
import type { BookEvent, Candle, FundingRateRow, FundingSnapshot, Instrument, Level } from '~/.server/market/types';
import { decimal, optionalDecimal, parseBody } from '~/.server/venues/http';
import {
  failParse,
  isJsonObject,
  isSafeInt,
  parseJsonObjectFrame,
  toDecimal,
  type ParseSample,
  toInstrument,
} from '~/.server/venues/parse-helpers';
import { codeEnvelopeUnwrapper } from '~/.server/venues/rest-envelope';
import {
  KUCOIN_DEFAULT_FUNDING_INTERVAL_HOURS,
  KUCOIN_FUNDING_TIME_GRID_MS,
  KUCOIN_LEVEL2_TOPIC_PREFIX,
  KUCOIN_OK_CODE,
  KUCOIN_PERPETUAL_TYPE,
} from './constants';
import type { KucoinContractSpec } from './contract-sizes';
import { contractsToBase } from './units';

const HOUR_MS = 3_600_000;
/** REST book times are nanoseconds (`ts: 1729168101216000000`). */
const NS_PER_MS = 1_000_000;

function fail(message: string, sample: ParseSample): never {
  return failParse('kucoin', message, sample);
}

/** Base units per contract of a native symbol; undefined when the contract list has not named it. */
export type MultiplierLookup = (symbol: string) => number | undefined;

// ---- WS

/**
 * Book events in one frame of `/contractMarket/level2:<SYM>`: one change `"price,side,size"` per
 * message, `data.sequence` its sequence, size in contracts → base units. A price of 0 carries no
 * level but still advances the sequence, so it becomes an event without levels. Null for welcome,
 * ack, pong, error and other topics; ParseError for a malformed frame or a symbol whose multiplier
 * is unknown (the size could not be converted).
 */
export function parseKucoinFrame(frame: string, multiplierOf: MultiplierLookup): BookEvent[] | null {
  const msg = parseJsonObjectFrame('kucoin', frame);
  if (msg.type !== 'message') return null;
  const topic = msg.topic;
  if (typeof topic !== 'string' || !topic.startsWith(KUCOIN_LEVEL2_TOPIC_PREFIX)) return null;
  const symbol = topic.slice(KUCOIN_LEVEL2_TOPIC_PREFIX.length);
  if (symbol === '' || symbol.includes(',')) fail(`level2 frame with topic ${JSON.stringify(topic)}`, frame);
  const data = msg.data;
  if (!isJsonObject(data)) fail('level2 frame without data', frame);
  const { sequence, change, timestamp } = data;
  if (!isSafeInt(sequence)) fail('level2 frame without integer `data.sequence`', frame);
  if (typeof change !== 'string') fail('level2 frame without `data.change`', frame);
  const parts = change.split(',');
  if (parts.length !== 3) fail(`level2 change ${JSON.stringify(change)} is not "price,side,size"`, frame);
  const [priceText, side, sizeText] = parts as [string, string, string];
  const price = toDecimal(priceText);
  const contracts = toDecimal(sizeText);
  if (!(price >= 0) || !(contracts >= 0) || !Number.isFinite(price) || !Number.isFinite(contracts)) {
    fail(`bad level2 change ${JSON.stringify(change)}`, frame);
  }
  if (side !== 'buy' && side !== 'sell') fail(`level2 change with side ${JSON.stringify(side)}`, frame);
  const multiplier = multiplierOf(symbol);
  if (multiplier === undefined) fail(`no contract multiplier known for ${symbol}`, frame);
  const ts = isSafeInt(timestamp) ? timestamp : isSafeInt(msg.ts) ? msg.ts : 0;
  const level: Level[] = price === 0 ? [] : [[price, contractsToBase(contracts, multiplier)]];
  return [
    {
      kind: 'delta',
      symbol,
      bids: side === 'buy' ? level : [],
      asks: side === 'sell' ? level : [],
      seq: sequence,
      ts,
    },
  ];
}

/** Replies to our own requests and session frames, for the socket layer. */
export type KucoinControl =
  | { type: 'welcome'; id: string }
  | { type: 'ack'; id: string }
  | { type: 'pong'; id: string }
  | { type: 'error'; id: string; code: number | null; message: string };

/**
 * `{"id":"<connectId>","type":"welcome"}` → welcome; `{"id","type":"ack"}` → ack; `{"id","type":"pong"}`
 * → pong; `{"id","type":"error","code":401,"data":"token is expired"}` → error. Null for data frames.
 */
export function parseKucoinControl(frame: string): KucoinControl | null {
  const msg = parseJsonObjectFrame('kucoin', frame);
  const id = typeof msg.id === 'string' ? msg.id : typeof msg.id === 'number' ? String(msg.id) : '';
  switch (msg.type) {
    case 'welcome':
    case 'ack':
    case 'pong':
      return { type: msg.type, id };
    case 'error': {
      const code = typeof msg.code === 'number' ? msg.code : typeof msg.code === 'string' ? Number(msg.code) : NaN;
      const message = typeof msg.data === 'string' ? msg.data : typeof msg.msg === 'string' ? msg.msg : '';
      return { type: 'error', id, code: Number.isFinite(code) ? code : null, message };
    }
    default:
      return null;
  }
}

// ---- REST

/** KuCoin answers `{code, data}` (HTTP 200 included); a code other than 200000 is the venue saying no. */
export const unwrapKucoinEnvelope = codeEnvelopeUnwrapper({
  venue: 'kucoin',
  codeField: 'code',
  messageField: 'msg',
  dataField: 'data',
  code: z.union([z.string(), z.number()]),
  message: z.string().optional(),
  okCode: KUCOIN_OK_CODE,
});

const bulletSchema = z.object({
  token: z.string().min(1),
  instanceServers: z
    .array(
      z
        .object({
          endpoint: z.string().min(1),
          protocol: z.string().optional(),
          encrypt: z.boolean().optional(),
          pingInterval: z.number().positive(),
          pingTimeout: z.number().nonnegative(),
        })
        .passthrough(),
    )
    .min(1),
});

export interface KucoinInstanceServer {
  /** `wss://ws-api-futures.kucoin.com/`; connect to `<endpoint>?token=…&connectId=…`. */
  endpoint: string;
  pingIntervalMs: number;
  pingTimeoutMs: number;
}

export interface KucoinBullet {
  token: string;
  servers: KucoinInstanceServer[];
}

/** `POST /api/v1/bullet-public` → token and the WS servers to use it on (websocket ones first). */
export function parseKucoinBullet(body: unknown): KucoinBullet {
  const data = parseBody('kucoin', bulletSchema, unwrapKucoinEnvelope(body, 'bullet-public'), 'bullet-public');
  // `protocol` is "websocket" today; should KuCoin list another transport, those servers go last.
  const websocket = data.instanceServers.filter((s) => (s.protocol ?? 'websocket') === 'websocket');
  const others = data.instanceServers.filter((s) => !websocket.includes(s));
  const servers = [...websocket, ...others].map((s) => ({
    endpoint: s.endpoint,
    pingIntervalMs: s.pingInterval,
    pingTimeoutMs: s.pingTimeout,
  }));
  return { token: data.token, servers };
}

/** A book level as `[66968, 2]` (numbers on the wire, text tolerated) in contracts. */
const levelSchema = z.tuple([decimal, decimal]).rest(z.unknown());

const depthSnapshotSchema = z
  .object({
    symbol: z.string().optional(),
    sequence: z.number().int().nonnegative(),
    bids: z.array(levelSchema),
    asks: z.array(levelSchema),
    ts: z.number().optional(),
  })
  .passthrough();

/**
 * `GET /api/v1/level2/snapshot?symbol=` → a snapshot event whose `seq` is `data.sequence`, the
 * sequence of the last change it contains; sizes converted from contracts to base units.
 */
export function parseKucoinDepthSnapshot(symbol: string, body: unknown, multiplier: number): BookEvent {
  const data = parseBody(
    'kucoin',
    depthSnapshotSchema,
    unwrapKucoinEnvelope(body, 'level2/snapshot'),
    'level2/snapshot',
  );
  if (data.symbol !== undefined && data.symbol !== symbol) {
    fail(`level2/snapshot for ${data.symbol} when ${symbol} was asked for`, () => JSON.stringify(body));
  }
  const levels = (raw: z.output<typeof levelSchema>[], field: string): Level[] =>
    raw.map(([price, contracts]) => {
      if (!(price > 0) || !(contracts >= 0))
        fail(`bad level in \`${field}\`: ${JSON.stringify([price, contracts])}`, () => JSON.stringify(body));
      return [price, contractsToBase(contracts, multiplier)];
    });
  return {
    kind: 'snapshot',
    symbol,
    bids: levels(data.bids, 'bids'),
    asks: levels(data.asks, 'asks'),
    seq: data.sequence,
    ts: data.ts === undefined ? 0 : Math.floor(data.ts / NS_PER_MS),
  };
}

const contractSchema = z
  .object({
    symbol: z.string().min(1),
    type: z.string(),
    baseCurrency: z.string(),
    quoteCurrency: z.string(),
    settleCurrency: z.string().nullish(),
    multiplier: decimal,
    lotSize: decimal,
    tickSize: decimal,
    status: z.string(),
    isInverse: z.boolean().nullish(),
    makerFeeRate: optionalDecimal,
    takerFeeRate: optionalDecimal,
    fundingFeeRate: optionalDecimal,
    predictedFundingFeeRate: optionalDecimal,
    fundingRateGranularity: optionalDecimal,
    nextFundingRateTime: optionalDecimal,
    markPrice: optionalDecimal,
    indexPrice: optionalDecimal,
    turnoverOf24h: optionalDecimal,
    openInterest: optionalDecimal,
  })
  .passthrough();

/** One entry of `/api/v1/contracts/active` with the fields this module uses, typed. */
export type KucoinContract = z.output<typeof contractSchema>;

/** `GET /api/v1/contracts/active` → every listed contract (perpetual and dated, linear and inverse). */
export function parseKucoinContracts(body: unknown): KucoinContract[] {
  return parseBody(
    'kucoin',
    z.array(contractSchema),
    unwrapKucoinEnvelope(body, 'contracts/active'),
    'contracts/active',
  );
}

/**
 * Perpetuals whose sizes convert to base units: type FFWCSX and linear. Inverse contracts (XBTUSDM,
 * multiplier −1: one USD per contract) are left out; their sizes are not base quantities.
 */
export function isLinearPerpetual(c: KucoinContract): boolean {
  return c.type === KUCOIN_PERPETUAL_TYPE && c.isInverse !== true && c.multiplier > 0;
}

/** Multiplier and funding interval of every linear contract (dated ones too: their books convert the same way). */
export function kucoinContractSpecs(contracts: readonly KucoinContract[]): Map<string, KucoinContractSpec> {
  const out = new Map<string, KucoinContractSpec>();
  for (const c of contracts) {
    if (c.isInverse === true || !(c.multiplier > 0)) continue;
    out.set(c.symbol, { multiplier: c.multiplier, fundingIntervalMs: c.fundingRateGranularity || null });
  }
  return out;
}

/**
 * Linear perpetuals as instruments. `contractSize` is KuCoin's multiplier (base units per contract);
 * `lotSize` stays in contracts, the unit orders are placed in; `multiplier` is the symbol table's
 * (1 for XBTUSDTM, whose base XBT means BTC).
 */
export function kucoinInstruments(contracts: readonly KucoinContract[]): Instrument[] {
  const out: Instrument[] = [];
  for (const c of contracts) {
    if (!isLinearPerpetual(c)) continue;
    const names = normaliseSymbol('kucoin', c.symbol, { baseAsset: c.baseCurrency, quoteAsset: c.quoteCurrency });
    if (!names) continue;
    const instrument = toInstrument('kucoin', c.symbol, names, {
      contractSize: c.multiplier,
      tickSize: c.tickSize,
      lotSize: c.lotSize,
      fundingIntervalHours: c.fundingRateGranularity ? c.fundingRateGranularity / HOUR_MS : null,
      active: c.status === 'Open',
    });
    if (c.takerFeeRate !== null) instrument.takerFeeRate = c.takerFeeRate;
    if (c.makerFeeRate !== null) instrument.makerFeeRate = c.makerFeeRate;
    out.push(instrument);
  }
  return out;
}

/** Current funding plus KuCoin's prediction for the period after it. */
export interface KucoinFundingSnapshot extends FundingSnapshot {
  predictedRate: number | null;
}

/**
 * Current funding of every linear perpetual from the same contracts list. `rate` is `fundingFeeRate`,
 * the rate of the running period, charged at its end (what KuCoin shows beside the countdown);
 * `nextFundingRateTime` is that countdown in ms, so the settlement time is `receivedAtMs + countdown`,
 * rounded to the minute grid settlements fall on. Contracts without a rate are left out.
 */
export function kucoinFundingSnapshots(
  contracts: readonly KucoinContract[],
  receivedAtMs: number,
): KucoinFundingSnapshot[] {
  const out: KucoinFundingSnapshot[] = [];
  for (const c of contracts) {
    if (!isLinearPerpetual(c) || c.fundingFeeRate === null) continue;
    const remainingMs = c.nextFundingRateTime;
    const openInterestQuote =
      c.openInterest !== null && c.markPrice !== null
        ? contractsToBase(c.openInterest, c.multiplier) * c.markPrice
        : null;
    out.push({
      venue: 'kucoin',
      symbol: c.symbol,
      rate: c.fundingFeeRate,
      predictedRate: c.predictedFundingFeeRate,
      intervalHours: c.fundingRateGranularity
        ? c.fundingRateGranularity / HOUR_MS
        : KUCOIN_DEFAULT_FUNDING_INTERVAL_HOURS,
      nextFundingTime:
        remainingMs === null || remainingMs < 0
          ? null
          : Math.round((receivedAtMs + remainingMs) / KUCOIN_FUNDING_TIME_GRID_MS) * KUCOIN_FUNDING_TIME_GRID_MS,
      markPrice: c.markPrice,
      indexPrice: c.indexPrice,
      volume24hQuote: c.turnoverOf24h,
      openInterestQuote,
    });
  }
  return out;
}

const fundingHistorySchema = z.array(
  z.object({ symbol: z.string(), fundingRate: decimal, timepoint: z.number().int() }).passthrough(),
);

/** `GET /api/v1/contract/funding-rates` (newest first on the wire) → settled rates, oldest first. */
export function parseKucoinFundingHistory(body: unknown): FundingRateRow[] {
  const rows = parseBody(
    'kucoin',
    fundingHistorySchema,
    unwrapKucoinEnvelope(body, 'contract/funding-rates'),
    'contract/funding-rates',
  );
  return rows
    .map((r) => ({ venue: 'kucoin' as const, symbol: r.symbol, fundingTime: r.timepoint, rate: r.fundingRate }))
    .sort((x, y) => x.fundingTime - y.fundingTime);
}

// [time(ms), open, high, low, close, volume(contracts)], newer responses add turnover.
const klineSchema = z.array(z.tuple([decimal, decimal, decimal, decimal, decimal, decimal]).rest(z.unknown()));

/** `GET /api/v1/kline/query` → candles oldest first, volume converted from contracts to base units. */
export function parseKucoinKlines(body: unknown, multiplier: number): Candle[] {
  const rows = parseBody('kucoin', klineSchema, unwrapKucoinEnvelope(body, 'kline/query'), 'kline/query');
  return rows
    .map(([t, o, h, l, c, contracts]) => ({ t, o, h, l, c, v: contractsToBase(contracts, multiplier) }))
    .sort((x, y) => x.t - y.t);
}
