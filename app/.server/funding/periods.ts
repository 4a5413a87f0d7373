// The averaging periods of the API (the original's `period` values) and how an average is taken.
import { HOURS_PER_YEAR } from './normalise';

export const PERIODS = ['1h', '4h', '1d', '3d', '7d', '30d'] as const;
export type Period = (typeof PERIODS)[number];

export const PERIOD_HOURS: Record<Period, number> = {
  '1h': 1,
  '4h': 4,
  '1d': 24,
  '3d': 72,
  '7d': 168,
  '30d': 720,
};

/** The longest period: how much history the in-memory aggregates need. */
export const MAX_PERIOD_HOURS = 720;

/**
 * Settled rates of one instrument summed over a window: `sumRate` of the rows and `sumIntervalHours`
 * of the intervals they covered.
 */
export interface RateSums {
  sumRate: number;
  sumIntervalHours: number;
  rows: number;
}

/**
 * Time-weighted average APR of settled rows: Σ(apr_i × interval_i) / Σ interval_i, which is
 * Σ rate_i × 8760 × 100 / Σ interval_i — what the rows actually paid, annualised over the time they
 * covered. With one interval throughout it is the plain mean of the rows' APRs (the original's
 * figure); when the interval changed inside the window, short-interval rows do not outweigh long ones.
 */
export function averageAprPct(sums: RateSums | null | undefined): number | null {
  if (!sums || sums.rows === 0 || !(sums.sumIntervalHours > 0)) return null;
  return (sums.sumRate * HOURS_PER_YEAR * 100) / sums.sumIntervalHours;
}

/**
 * The window an average of `period` looks back over for one instrument: at least the period and at
 * least one settlement interval, so the 1 h average of an 8 h contract is its latest settlement rather
 * than nothing. Continuous-accrual venues are sampled hourly, so their floor is the sample spacing.
 */
export function averagingWindowHours(period: Period, intervalHours: number, continuous: boolean): number {
  return Math.max(PERIOD_HOURS[period], continuous ? 1 : intervalHours);
}
