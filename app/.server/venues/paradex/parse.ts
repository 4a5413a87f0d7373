// Paradex parsers: JSON-RPC book frames, binary SBE book frames and REST bodies in; normalised
// values out. Pure.
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
  parseDecimalLevels,
  parseJsonObjectFrame,
  toDecimal,
  type ParseSample,
  toInstrument,
} from '~/.server/venues/parse-helpers';
import { PARADEX_DEFAULT_FUNDING_PERIOD_HOURS } from './constants';
import { decodeParadexSbe } from './sbe';

const BOOK_CHANNEL_PREFIX = 'order_book.';

function fail(message: string, sample: ParseSample): never {
  return failParse('paradex', message, sample);
}

// ---- WS: JSON encoding ----

/**
 * Book events in one JSON-RPC text frame of `order_book.<market>.<feed>@15@<rate>`:
 * `{"method":"subscription","params":{"channel","data":{seq_no, market, last_updated_at,
 * update_type "s"|"d", inserts, updates, deletes}}}`. Null for acks, errors and other channels;
 * ParseError for a book frame without its documented fields.
 */
export function parseParadexFrame(frame: string): BookEvent[] | null {
  const msg = parseJsonObjectFrame('paradex', frame);
  if (msg.method !== 'subscription' || !isJsonObject(msg.params)) return null;
  const { channel, data } = msg.params;
  if (typeof channel !== 'string' || !channel.startsWith(BOOK_CHANNEL_PREFIX)) return null;
  if (!isJsonObject(data)) fail('book frame without data', frame);
  const { seq_no: seq, market, last_updated_at: ts, update_type: type } = data;
  if (typeof market !== 'string' || market === '') fail('book frame without `market`', frame);
  if (!isSafeInt(seq)) fail('book frame without integer `seq_no`', frame);
  if (type !== 's' && type !== 'd') fail(`book frame with update_type ${JSON.stringify(type)}`, frame);
  const bids: Level[] = [];
  const asks: Level[] = [];
  // Deletes first: a level removed and re-added within one push ends up present.
  addLevels(data.deletes, 'deletes', true, bids, asks, frame);
  addLevels(data.inserts, 'inserts', false, bids, asks, frame);
  addLevels(data.updates, 'updates', false, bids, asks, frame);
  return [
    {
      kind: type === 's' ? 'snapshot' : 'delta',
      symbol: market,
      bids,
      asks,
      seq,
      ts: typeof ts === 'number' && Number.isFinite(ts) ? ts : 0,
    },
  ];
}

/** `[{side: "BUY"|"SELL", price, size}]` into the two sides; deletes become size 0 whatever size they carry. */
function addLevels(raw: unknown, field: string, remove: boolean, bids: Level[], asks: Level[], frame: string): void {
  if (!Array.isArray(raw)) fail(`book field \`${field}\` is not an array`, frame);
  for (const item of raw) {
    if (!isJsonObject(item)) fail(`bad entry in \`${field}\``, frame);
    const price = toDecimal(item.price);
    const size = remove ? 0 : toDecimal(item.size);
    if (!(price > 0) || !(size >= 0)) fail(`bad level in \`${field}\`: ${JSON.stringify(item)}`, frame);
    if (item.side === 'BUY') bids.push([price, size]);
    else if (item.side === 'SELL') asks.push([price, size]);
    else fail(`bad side in \`${field}\`: ${JSON.stringify(item.side)}`, frame);
  }
}

// ---- WS: SBE encoding ----

/**
 * Book events in one binary SBE frame (template 3, BookEvent). Heartbeats, funding data and
 * other templates are not book data: null. Throws ParseError for a frame that does not decode.
 * The venue's microsecond timestamp becomes milliseconds.
 */
export function parseParadexBinaryFrame(frame: Uint8Array): BookEvent[] | null {
  const msg = decodeParadexSbe(frame);
  if (msg.type !== 'book') return null;
  return [
    {
      kind: msg.pkgType,
      symbol: msg.market,
      bids: msg.bids,
      asks: msg.asks,
      seq: msg.seq,
      ts: Math.floor(msg.tsUs / 1000),
    },
  ];
}

// ---- WS: JSON-RPC replies ----

export type ParadexControl =
  | { type: 'ack'; id: number | string | null; channel: string }
  | { type: 'error'; id: number | string | null; code: number | null; message: string };

/**
 * Replies to our own requests: `{"jsonrpc":"2.0","result":{"channel":…},"id":1}` (subscribe or
 * unsubscribe done) and `{"jsonrpc":"2.0","error":{"code","message"},"id":1}`. Null otherwise.
 */
export function parseParadexControl(frame: string): ParadexControl | null {
  const msg = parseJsonObjectFrame('paradex', frame);
  if (msg.method !== undefined) return null;
  const id = typeof msg.id === 'number' || typeof msg.id === 'string' ? msg.id : null;
  if (isJsonObject(msg.error)) {
    const { code, message } = msg.error;
    return {
      type: 'error',
      id,
      code: typeof code === 'number' ? code : null,
      message: typeof message === 'string' ? message : JSON.stringify(msg.error),
    };
  }
  if (isJsonObject(msg.result) && typeof msg.result.channel === 'string') {
    return { type: 'ack', id, channel: msg.result.channel };
  }
  return null;
}

// ---- REST bodies ----

const errorBodySchema = z.object({ error: z.string(), message: z.string().optional() }).passthrough();

/**
 * The body as is, unless it is Paradex's `{error, message}`. Errors normally arrive with a 4xx
 * status (fetchJson turns those into VenueError); one that came with a 2xx is still a refusal.
 */
function checkRefusal(body: unknown, what: string): unknown {
  const err = errorBodySchema.safeParse(body);
  if (err.success && !(isJsonObject(body) && 'results' in body)) {
    throw new VenueError('paradex', 200, `${what}: ${err.data.message ?? err.data.error} (${err.data.error})`);
  }
  return body;
}

const marketsSchema = z.object({
  results: z.array(
    z
      .object({
        symbol: z.string(),
        asset_kind: z.string(),
        base_currency: z.string(),
        quote_currency: z.string(),
        price_tick_size: decimal,
        order_size_increment: decimal,
        // Added January 2025; older captures lack it.
        funding_period_hours: z.number().positive().optional(),
        open_at: z.number().optional(),
        expiry_at: z.number().optional(),
      })
      .passthrough(),
  ),
});

/**
 * `GET /v1/markets` → perpetuals (asset_kind PERP). Quote is the venue's `quote_currency` (USD);
 * Paradex settles in USDC. A market whose `open_at` is still ahead is listed but not active.
 */
export function parseParadexMarkets(body: unknown, nowMs: number = Date.now()): Instrument[] {
  const parsed = parseBody('paradex', marketsSchema, checkRefusal(body, 'markets'), 'markets');
  const instruments: Instrument[] = [];
  for (const m of parsed.results) {
    if (m.asset_kind !== 'PERP') continue;
    const names = normaliseSymbol('paradex', m.symbol, { baseAsset: m.base_currency, quoteAsset: m.quote_currency });
    if (!names) continue;
    const notOpen = m.open_at !== undefined && m.open_at > nowMs;
    const expired = m.expiry_at !== undefined && m.expiry_at > 0 && m.expiry_at <= nowMs;
    instruments.push(
      toInstrument('paradex', m.symbol, names, {
        contractSize: 1,
        tickSize: m.price_tick_size,
        lotSize: m.order_size_increment,
        fundingIntervalHours: m.funding_period_hours ?? PARADEX_DEFAULT_FUNDING_PERIOD_HOURS,
        active: !notOpen && !expired,
      }),
    );
  }
  return instruments;
}

const summarySchema = z.object({
  results: z.array(
    z
      .object({
        symbol: z.string(),
        // Empty on options and dated products, which have no perpetual funding.
        funding_rate: optionalDecimal,
        mark_price: optionalDecimal,
        underlying_price: optionalDecimal,
        volume_24h: optionalDecimal,
        open_interest: optionalDecimal,
      })
      .passthrough(),
  ),
});

/**
 * `GET /v1/markets/summary?market=ALL` → current funding of every perpetual in `periodHours`
 * (symbol → `funding_period_hours`, from `/v1/markets`). `funding_rate` is per that period and
 * accrues continuously, so there is no next funding time. `volume_24h` is in USD; `open_interest`
 * is in base units and is valued at the mark price.
 */
export function parseParadexSummaries(body: unknown, periodHours: ReadonlyMap<string, number>): FundingSnapshot[] {
  const parsed = parseBody('paradex', summarySchema, checkRefusal(body, 'markets/summary'), 'markets/summary');
  const snapshots: FundingSnapshot[] = [];
  for (const s of parsed.results) {
    const hours = periodHours.get(s.symbol);
    if (hours === undefined || s.funding_rate === null) continue;
    snapshots.push({
      venue: 'paradex',
      symbol: s.symbol,
      rate: s.funding_rate,
      intervalHours: hours,
      nextFundingTime: null,
      markPrice: s.mark_price,
      indexPrice: s.underlying_price,
      volume24hQuote: s.volume_24h,
      openInterestQuote: s.open_interest !== null && s.mark_price !== null ? s.open_interest * s.mark_price : null,
    });
  }
  return snapshots;
}

const fundingDataSchema = z.object({
  next: z.string().nullable().optional(),
  results: z.array(
    z
      .object({
        market: z.string(),
        created_at: z.number(),
        funding_rate: decimal,
        funding_period_hours: z.number().positive().optional(),
      })
      .passthrough(),
  ),
});

export interface ParadexFundingDataPage {
  /** In the venue's order (newest first). */
  rows: FundingRateRow[];
  /** Cursor of the next (older) page; null on the last one. */
  next: string | null;
}

/**
 * One page of `GET /v1/funding/data`: samples of the continuously accruing rate, each per the
 * market's funding period, stamped with `created_at`. They are not settlements: Paradex has none.
 */
export function parseParadexFundingDataPage(body: unknown): ParadexFundingDataPage {
  const parsed = parseBody('paradex', fundingDataSchema, checkRefusal(body, 'funding/data'), 'funding/data');
  return {
    rows: parsed.results.map((r) => ({
      venue: 'paradex' as const,
      symbol: r.market,
      fundingTime: r.created_at,
      rate: r.funding_rate,
    })),
    next: parsed.next ? parsed.next : null,
  };
}

// [time(ms), open, high, low, close, volume] as numbers.
const klinesSchema = z.object({
  results: z.array(z.tuple([z.number(), decimal, decimal, decimal, decimal, decimal]).rest(z.unknown())),
});

/**
 * `GET /v1/markets/klines` → candles oldest first. Paradex reports volume in USD, as every other
 * volume it publishes (the testnet capture shows 4,561 in one flat BTC minute: dollars, not
 * coins); it becomes base units at the candle's typical price (o+h+l+c)/4, an estimate.
 */
export function parseParadexKlines(body: unknown): Candle[] {
  const parsed = parseBody('paradex', klinesSchema, checkRefusal(body, 'klines'), 'klines');
  return parsed.results
    .map(([t, o, h, l, c, usd]) => ({ t, o, h, l, c, v: usdVolumeToBase(usd, (o + h + l + c) / 4) }))
    .sort((a, b) => a.t - b.t);
}

export function usdVolumeToBase(usd: number, price: number): number {
  return price > 0 ? usd / price : 0;
}

const orderbookSchema = z.object({
  market: z.string(),
  seq_no: z.number().int(),
  last_updated_at: z.number().optional(),
  bids: z.array(z.unknown()),
  asks: z.array(z.unknown()),
});

/** `GET /v1/orderbook/{market}` → a snapshot event carrying the book's `seq_no`. */
export function parseParadexOrderbook(body: unknown): BookEvent {
  const book = parseBody('paradex', orderbookSchema, checkRefusal(body, 'orderbook'), 'orderbook');
  const sample = () => JSON.stringify(body);
  return {
    kind: 'snapshot',
    symbol: book.market,
    bids: restLevels(book.bids, 'bids', sample),
    asks: restLevels(book.asks, 'asks', sample),
    seq: book.seq_no,
    ts: book.last_updated_at ?? 0,
  };
}

/** `[["66810","0.078"], ...]` → numbers. Price > 0, size > 0 (a resting level). */
function restLevels(raw: unknown[], field: string, sample: () => string): Level[] {
  return parseDecimalLevels('paradex', raw, field, sample, { container: 'book', positiveSize: true });
}
