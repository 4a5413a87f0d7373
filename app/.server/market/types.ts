// Contracts between the venue protocol modules, the order-book engine, the socket layer
// and the streamer. Venue modules produce these; nothing here does I/O.
import type { VenueId } from '~/lib/venues';

export type { VenueId };

/** One price level as numbers: parsed once at the edge, never re-parsed on read. */
export type Level = [price: number, size: number];
/** One price level exactly as the venue wrote it (checksums are computed over this text). */
export type TextLevel = [price: string, size: string];

/**
 * A normalised order-book message from a venue stream or REST snapshot.
 * Sequence fields keep the venue's own meaning; the venue's SequenceRules interpret them.
 */
export interface BookEvent {
  kind: 'snapshot' | 'delta';
  /** Native symbol as the venue spells it (BTCUSDT, XBTUSDTM, BTC-USD-PERP, kPEPE). */
  symbol: string;
  /** Absolute sizes; size 0 removes the level. Order within the array is not significant. */
  bids: Level[];
  asks: Level[];
  /** Last update id carried by this event (Binance `u`, Bybit `u`, KuCoin `sequence`, ...). */
  seq: number;
  /** First update id in this event where the venue gives one (Binance `U`). */
  firstSeq?: number;
  /** Id of the previous event where the venue chains on it (Binance futures `pu`). */
  prevSeq?: number;
  /** Venue time of the event, ms since epoch (0 when the venue gives none). */
  ts: number;
  /** Venue checksum of the book after this event, reduced to unsigned 32 bits. */
  checksum?: number;
  /** The levels as text, only for venues whose checksum is computed over the exact text. */
  text?: { bids: TextLevel[]; asks: TextLevel[] };
}

/** What to do with an incoming delta given the book's state. */
export type SequenceVerdict = 'apply' | 'skip' | 'gap';

/** A venue's book-sequencing rules, pure functions of the sequence fields. */
export interface SequenceRules {
  /** Where a full book comes from: a REST call (Binance, KuCoin) or the stream itself. */
  snapshotFrom: 'rest' | 'stream';
  /** First delta after a snapshot whose last id is `snapshotSeq`: stale (skip), bridges it (apply), or leaves a hole (gap). */
  bridge(snapshotSeq: number, ev: BookEvent): SequenceVerdict;
  /** Every later delta, given the last applied event. */
  follows(prev: BookEvent, ev: BookEvent): SequenceVerdict;
  /**
   * Venues with a book checksum (Bitget, CoinEx): does the book, after `ev` was applied, match
   * `ev.checksum`? Called after every applied snapshot and delta; return true for events that
   * carry no checksum to verify.
   */
  verifyChecksum?(book: BookReader, ev: BookEvent): boolean;
  /**
   * Stream snapshots carry an ordered `seq` (Hyperliquid's `time`): while live, a snapshot older
   * than the last applied event is skipped. Off by default, because on most venues a snapshot is
   * a reset that may restart the sequence (Bybit `u == 1`).
   */
  orderedSnapshots?: boolean;
}

/** The read-only side of an order book: what checksum verifiers, the streamer and the hub may call. */
export interface BookReader {
  bestBid(): Level | undefined;
  bestAsk(): Level | undefined;
  mid(): number | null;
  spread(): number | null;
  /** spread / mid × 1e4. */
  spreadBps(): number | null;
  /** Up to n levels per side, best first; fresh arrays the caller may keep. */
  top(n: number): { bids: Level[]; asks: Level[] };
  /** Up to n levels per side as the venue wrote them, best first; only on books that keep text. */
  topText(n: number): { bids: TextLevel[]; asks: TextLevel[] };
  /** Base and quote size of the levels priced within bps of mid, per side. */
  depthWithinBps(bps: number): { bidBase: number; askBase: number; bidQuote: number; askQuote: number };
  /** Best bid >= best ask. */
  isCrossed(): boolean;
  /** Number of price levels per side. */
  readonly size: { bids: number; asks: number };
}

/** Thrown by parsers when a frame the venue module owns does not have the documented shape. */
export class ParseError extends Error {
  constructor(
    readonly venue: VenueId,
    message: string,
    readonly sample?: string,
  ) {
    super(`${venue}: ${message}`);
    this.name = 'ParseError';
  }
}

/** The venue said no (4xx with an error body): do not hammer it, mark the venue degraded. */
export class VenueError extends Error {
  constructor(
    readonly venue: VenueId,
    readonly status: number,
    message: string,
    /** Milliseconds the venue asked us to wait (429 Retry-After), when it said. */
    readonly retryAfterMs?: number,
  ) {
    super(`${venue}: HTTP ${status}: ${message}`);
    this.name = 'VenueError';
  }
}

/** The network failed (refused, reset, timeout, 5xx): retry with backoff. */
export class NetworkError extends Error {
  constructor(
    readonly venue: VenueId,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${venue}: ${message}`, options);
    this.name = 'NetworkError';
  }
}

/**
 * How the socket layer talks to one venue's public book stream. Pure description plus
 * pure parse; the socket layer owns connect, keepalive, backoff and decompression.
 */
export interface VenueStreamSpec {
  venue: VenueId;
  /** WS URL to connect to (KuCoin resolves a token first, hence async). */
  resolveUrl(): Promise<string>;
  /** Most book topics one connection may carry; more symbols open more connections. */
  maxSymbolsPerConnection: number;
  /** Frames that subscribe / unsubscribe these symbols' book topics on a live socket. */
  subscribeFrames(symbols: string[]): string[];
  unsubscribeFrames(symbols: string[]): string[];
  /** Application-level keepalive frame and period; frame null means WS protocol ping. */
  keepalive: { intervalMs: number; frame: string | null };
  /** Inbound frames arrive as text, or gzip/deflate-compressed binary to inflate first. */
  compression?: 'gzip' | 'deflate';
  /** Book events in a frame; null for frames that are not book data (acks, pongs, tickers). Throws ParseError. */
  parse(frame: string): BookEvent[] | null;
  /**
   * Book events in a binary frame the venue sends uncompressed (Paradex SBE); the socket layer
   * calls it instead of `parse` for binary frames when `compression` is not set. Throws ParseError.
   */
  parseBinary?(frame: Buffer): BookEvent[] | null;
  rules: SequenceRules;
  /** REST depth snapshot, for venues whose rules say snapshotFrom 'rest'. */
  fetchSnapshot?(symbol: string, signal?: AbortSignal): Promise<BookEvent>;
  /** Frames that make a stream-snapshot venue send a fresh snapshot for one symbol (resubscribe). */
  resyncFrames?(symbol: string): string[];
}

/** A perpetual instrument as the venue lists it, normalised. */
export interface Instrument {
  venue: VenueId;
  symbol: string;
  /** Base asset after normalisation (XBT → BTC, 1000PEPE → PEPE, kPEPE → PEPE). */
  baseAsset: string;
  quoteAsset: string;
  /** Base units per quoted unit of price/size: 1000PEPEUSDT → 1000; a KuCoin contract size for sizes is separate. */
  multiplier: number;
  /** Base units per contract where sizes are in contracts (KuCoin); 1 elsewhere. */
  contractSize: number;
  tickSize: number;
  lotSize: number;
  fundingIntervalHours: number | null;
  takerFeeRate?: number;
  makerFeeRate?: number;
  active: boolean;
}

/** Current funding of one perpetual. Rate is per its own interval, as the venue gives it. */
export interface FundingSnapshot {
  venue: VenueId;
  symbol: string;
  rate: number;
  intervalHours: number;
  nextFundingTime: number | null;
  markPrice: number | null;
  indexPrice: number | null;
  volume24hQuote?: number | null;
  openInterestQuote?: number | null;
  /**
   * The venue's own prediction for the settlement after the coming one, where it publishes one
   * (KuCoin, CoinEx); absent or null elsewhere.
   */
  predictedRate?: number | null;
}

/** A settled funding rate. */
export interface FundingRateRow {
  venue: VenueId;
  symbol: string;
  fundingTime: number;
  rate: number;
}

export type CandleInterval = '1m' | '5m' | '15m' | '1h' | '4h' | '1d';
/** One candle, open time in ms; volume in base units. */
export interface Candle {
  t: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}

/** Range and size of a funding-history request; venues clamp `limit` to their own maximum. */
export interface FundingHistoryQuery {
  startTime?: number;
  endTime?: number;
  limit?: number;
}

/** The REST calls every venue module offers, in normalised shapes. */
export interface VenueRestClient {
  fetchInstruments(): Promise<Instrument[]>;
  fetchFundingSnapshots(): Promise<FundingSnapshot[]>;
  fetchFundingHistory(symbol: string, query?: FundingHistoryQuery): Promise<FundingRateRow[]>;
  fetchCandles(symbol: string, interval: CandleInterval, limit: number): Promise<Candle[]>;
}

const VENUE_FAILURE_NAMES = new Set(['VenueError', 'NetworkError', 'ParseError']);

/**
 * A venue-side failure (refusal, network, changed format), by error name rather than
 * `instanceof`: routes run from the Remix build while services come from server.ts's own module
 * graph, so the same class exists twice in one process.
 */
export function isVenueFailure(err: unknown): err is VenueError | NetworkError | ParseError {
  return err instanceof Error && VENUE_FAILURE_NAMES.has(err.name);
}
