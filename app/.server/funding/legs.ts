// One instrument as a "leg" for the table and the pairs: its live and period-average APR, its
// price per base unit, and what it costs to trade. Pure.
import type { VenueId } from '~/lib/venues';
import { aprPct, perUnitPrice, settlementsPerDay } from './normalise';
import type { Period } from './periods';
import { SNAPSHOT_STALE_MS, type InstrumentState } from './state';
import { isContinuousVenue } from './venue-policy';

export interface Leg {
  instrumentId: number;
  assetId: number;
  exchange: VenueId;
  /** Native symbol. */
  symbol: string;
  multiplier: number;
  intervalHours: number;
  /** Settlements per day; continuous venues accrue all the time but quote per this period. */
  frequency: number;
  continuous: boolean;
  /** Current/predicted rate as the venue gives it (per interval). */
  rate: number;
  /** The venue's prediction for the settlement after the coming one (per interval); null where none. */
  predictedRate: number | null;
  liveAprPct: number;
  /** Average over the period; null until history for the window is stored. */
  histAprPct: number | null;
  /** The APR ranking uses: the period average, or the live APR while there is no history yet. */
  aprPct: number;
  aprSource: 'hist' | 'live';
  nextFundingTime: number | null;
  /** Per 1 base unit (venue price / multiplier). */
  price: number | null;
  indexPrice: number | null;
  volume24hQuote: number | null;
  openInterestQuote: number | null;
  takerFeeRate: number;
  makerFeeRate: number;
  spark: (number | null)[];
  updatedAt: number;
  stale: boolean;
}

/** A snapshot older than SNAPSHOT_STALE_MS is shown but flagged, and kept out of spreads and pairs. */
export function isStale(updatedAt: number, nowMs: number): boolean {
  return nowMs - updatedAt > SNAPSHOT_STALE_MS;
}

/** The leg of an active instrument with a snapshot; null otherwise. */
export function buildLeg(inst: InstrumentState, period: Period, nowMs: number): Leg | null {
  const snap = inst.snapshot;
  if (!inst.active || !snap || !(snap.intervalHours > 0)) return null;
  const live = aprPct(snap.rate, snap.intervalHours);
  const hist = inst.history?.avgAprPct[period] ?? null;
  return {
    instrumentId: inst.id,
    assetId: inst.assetId,
    exchange: inst.venue,
    symbol: inst.symbol,
    multiplier: inst.multiplier,
    intervalHours: snap.intervalHours,
    frequency: settlementsPerDay(snap.intervalHours),
    continuous: isContinuousVenue(inst.venue),
    rate: snap.rate,
    predictedRate: snap.predictedRate,
    liveAprPct: live,
    histAprPct: hist,
    aprPct: hist ?? live,
    aprSource: hist === null ? 'live' : 'hist',
    nextFundingTime: snap.nextFundingTime,
    price: perUnitPrice(snap.markPrice, inst.multiplier),
    indexPrice: perUnitPrice(snap.indexPrice, inst.multiplier),
    volume24hQuote: snap.volume24hQuote,
    openInterestQuote: snap.openInterestQuote,
    takerFeeRate: inst.takerFeeRate,
    makerFeeRate: inst.makerFeeRate,
    spark: inst.history?.spark ?? [],
    updatedAt: snap.updatedAt,
    stale: isStale(snap.updatedAt, nowMs),
  };
}

/** Fixed decimals for JSON: APR % to 1e-4, bps to 1e-2. */
export function round(x: number, decimals: number): number;
export function round(x: number | null, decimals: number): number | null;
export function round(x: number | null, decimals: number): number | null {
  if (x === null || !Number.isFinite(x)) return null;
  const f = 10 ** decimals;
  const r = Math.round(x * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
