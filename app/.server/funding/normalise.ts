// Funding normalisation: every rate is stored as the venue gives it (per its own interval) and
// everything shown is derived here, so one formula serves the table, the pairs and the history.
import { normaliseSymbol, type SymbolHint } from '~/.server/market/symbols';
import type { VenueId } from '~/lib/venues';

export const HOURS_PER_YEAR = 8760;
const HOUR_MS = 3_600_000;

/** |APR| above this is flagged `is_outlier` (kept, never dropped: the original dropped them). */
export const OUTLIER_APR_PCT = 2000;

/** Funding intervals venues actually use; a gap between settlements is only trusted when it is one of these. */
export const STANDARD_INTERVAL_HOURS: readonly number[] = [1, 2, 4, 8, 12, 24];

export interface NormalisedRate {
  ratePerHour: number;
  ratePer8h: number;
  /** rate × 8760 / interval_h × 100. */
  aprPct: number;
}

function checkInterval(intervalHours: number): void {
  if (!(intervalHours > 0) || !Number.isFinite(intervalHours)) {
    throw new RangeError(`funding interval must be a positive number of hours, got ${intervalHours}`);
  }
}

export function ratePerHour(rate: number, intervalHours: number): number {
  checkInterval(intervalHours);
  return rate / intervalHours;
}

export function ratePer8h(rate: number, intervalHours: number): number {
  return ratePerHour(rate, intervalHours) * 8;
}

/** Annualised simple rate in percent: rate × (8760 / interval_h) × 100. */
export function aprPct(rate: number, intervalHours: number): number {
  return ratePerHour(rate, intervalHours) * HOURS_PER_YEAR * 100;
}

export function normaliseRate(rate: number, intervalHours: number): NormalisedRate {
  return {
    ratePerHour: ratePerHour(rate, intervalHours),
    ratePer8h: ratePer8h(rate, intervalHours),
    aprPct: aprPct(rate, intervalHours),
  };
}

/** Settlements per day (the original's `frequency`): 24 / interval_h. */
export function settlementsPerDay(intervalHours: number): number {
  checkInterval(intervalHours);
  return 24 / intervalHours;
}

export function isOutlierApr(aprPctValue: number): boolean {
  return Math.abs(aprPctValue) > OUTLIER_APR_PCT;
}

export interface AssetIdentity {
  /** Canonical base asset, upper case: BTC, PEPE. */
  asset: string;
  /** Base units per quoted unit: 1000PEPEUSDT and kPEPE → 1000. */
  multiplier: number;
  quoteAsset: string;
}

/**
 * Which asset a venue's native symbol trades and in what unit, via the cross-venue symbol table;
 * null for symbols that are not perps (index series, spot pairs).
 */
export function assetIdentity(venue: VenueId, nativeSymbol: string, hint?: string | SymbolHint): AssetIdentity | null {
  const info = normaliseSymbol(venue, nativeSymbol, hint);
  if (!info) return null;
  return { asset: canonicalAsset(info.baseAsset), multiplier: info.multiplier, quoteAsset: info.quoteAsset };
}

/** One spelling per asset across venues (venues disagree on case only for odd tickers). */
export function canonicalAsset(baseAsset: string): string {
  return baseAsset.trim().toUpperCase();
}

/** A venue price (per `multiplier` base units) as the price of one base unit. */
export function perUnitPrice(price: number | null | undefined, multiplier: number): number | null {
  if (price === null || price === undefined || !Number.isFinite(price) || !(multiplier > 0)) return null;
  return price / multiplier;
}

/**
 * The interval each settled row covered. Venues give the rate per interval but history rows carry
 * no interval, and intervals change over time (Binance moves symbols between 8 h, 4 h and 1 h;
 * Hyperliquid's 2023 rows are 8 h apart). A row's gap to the previous settlement is its interval
 * when that gap is a standard interval AND a neighbouring gap agrees (a regime lasts more than one
 * settlement); a lone odd gap is a missing row, and the instrument's current interval is used.
 * `times` ascending, ms; `previousTime` is the newest settlement already stored, if any.
 */
export function inferSettlementIntervals(
  times: readonly number[],
  currentIntervalHours: number,
  previousTime?: number | null,
): number[] {
  checkInterval(currentIntervalHours);
  const gaps: (number | null)[] = times.map((t, i) => {
    const prev = i > 0 ? times[i - 1]! : previousTime;
    if (prev === null || prev === undefined) return null;
    return roundGapHours(t - prev);
  });
  return times.map((_, i) => {
    const gap = gaps[i] ?? null;
    // The first row of a fresh history has no previous settlement: its successor's gap speaks for it.
    const own = gap ?? gaps[i + 1] ?? null;
    if (own === null || own === currentIntervalHours || !STANDARD_INTERVAL_HOURS.includes(own))
      return currentIntervalHours;
    const before = gap === null ? null : (gaps[i - 1] ?? null);
    const after = gaps[i + 1] ?? null;
    const confirmed = gap === null ? after === own : before === own || after === own;
    return confirmed ? own : currentIntervalHours;
  });
}

/** Venues stamp settlements a few ms late (Binance, Hyperliquid): gaps are read to the nearest minute. */
function roundGapHours(ms: number): number | null {
  if (!(ms > 0)) return null;
  const minutes = Math.round(ms / 60_000);
  return minutes / 60;
}

/**
 * Continuous-accrual venues (Paradex) publish samples of the accruing rate, not settlements: keep
 * one sample per UTC hour, stamped at the hour, so re-fetches of the same hour collide on the key.
 * Input ascending; the earliest sample of each hour wins.
 */
export function hourlySamples<T extends { fundingTime: number }>(rows: readonly T[]): T[] {
  const out: T[] = [];
  let lastHour = -Infinity;
  for (const r of rows) {
    const hour = Math.floor(r.fundingTime / HOUR_MS) * HOUR_MS;
    if (hour === lastHour) continue;
    lastHour = hour;
    out.push({ ...r, fundingTime: hour });
  }
  return out;
}
