// The in-memory picture of funding the API answers from: per instrument the latest snapshot and
// precomputed history aggregates, per asset its metadata. Plain data; the store keeps it current.
import type { VenueId } from '~/lib/venues';
import type { Period } from './periods';

export interface SnapshotState {
  /** Current/predicted rate per the instrument's own interval, as the venue gives it. */
  rate: number;
  /** The venue's prediction for the settlement after the coming one; null where it gives none. */
  predictedRate: number | null;
  intervalHours: number;
  nextFundingTime: number | null;
  /** Venue prices: per `multiplier` base units. */
  markPrice: number | null;
  indexPrice: number | null;
  volume24hQuote: number | null;
  openInterestQuote: number | null;
  updatedAt: number;
}

export interface HistoryState {
  /** Time-weighted average APR % per period (see averageAprPct), as of `computedAt`. */
  avgAprPct: Record<Period, number | null>;
  /** Settled rows inside each period's window. */
  rows: Record<Period, number>;
  /** Sparkline: average APR % per SPARK_BUCKET_HOURS bucket, oldest first; null where nothing settled. */
  spark: (number | null)[];
  lastSettledAt: number | null;
  computedAt: number;
}

/**
 * Never edited in place except by swapping `snapshot` or `history` for a new object (and the
 * informational `intervalHours`): derived caches (incremental-rows.ts) compare references.
 */
export interface InstrumentState {
  id: number;
  venue: VenueId;
  /** Native symbol: 1000PEPEUSDT, kPEPE, XBTUSDTM. */
  symbol: string;
  assetId: number;
  multiplier: number;
  contractSize: number;
  /** From the instrument list; the snapshot's interval, when there is one, is newer. */
  intervalHours: number | null;
  takerFeeRate: number;
  makerFeeRate: number;
  active: boolean;
  snapshot: SnapshotState | null;
  history: HistoryState | null;
}

export interface AssetState {
  id: number;
  symbol: string;
  name: string | null;
  imageUrl: string | null;
  marketCapUsd: number | null;
  volume24hUsd: number | null;
  coingeckoId: string | null;
}

/** A consistent read of the store; `version` changes whenever anything in it does. */
export interface FundingView {
  version: number;
  assets: ReadonlyMap<number, AssetState>;
  instruments: ReadonlyMap<number, InstrumentState>;
  /** Active instruments per asset id, canonical venue order then symbol. */
  byAsset: ReadonlyMap<number, readonly InstrumentState[]>;
}

/** Sparkline buckets: 21 buckets of 8 h = the last 7 days; one 8 h settlement per bucket. */
export const SPARK_BUCKET_HOURS = 8;
export const SPARK_BUCKETS = 21;

/** A snapshot older than this is shown but flagged, and left out of spreads and pairs. */
export const SNAPSHOT_STALE_MS = 10 * 60_000;
