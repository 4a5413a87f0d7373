// The opportunities list's view as URL search params and back (lenient: bad values fall back to
// their defaults). Shared by the loader and the controls.
import { VENUES, type VenueId } from '~/lib/venues';
import {
  DEFAULT_PAGE_SIZE,
  DEFAULT_PERIOD,
  parsePageSize,
  parsePeriod,
  parseQuery,
  parseVenues,
  type Period,
} from '~/components/funding-table/table-params';

export const DEFAULT_NOTIONAL_USD = 10_000;
export const MAX_NOTIONAL_USD = 100_000_000;
/** The API's default holding horizon over which round-trip fees are amortised. */
export const DEFAULT_HORIZON_DAYS = 7;
export const HORIZONS_DAYS = [1, 3, 7, 14, 30] as const;

export interface BestFilters {
  q: string;
  venues: VenueId[];
  period: Period;
  /** Size per leg in USD for the book figures (slippage, cross spread). */
  notionalUsd: number;
  horizonDays: number;
  /** Only pairs whose gross spread is at least this APR %; null: all. */
  minSpreadPct: number | null;
  page: number;
  pageSize: number;
}

export const DEFAULT_BEST_FILTERS: BestFilters = {
  q: '',
  venues: [],
  period: DEFAULT_PERIOD,
  notionalUsd: DEFAULT_NOTIONAL_USD,
  horizonDays: DEFAULT_HORIZON_DAYS,
  minSpreadPct: null,
  page: 1,
  pageSize: DEFAULT_PAGE_SIZE,
};

function finite(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** A notional within the API's bounds (above 0, at most 100M); else the default. */
export function parseNotional(value: string | null): number {
  const n = finite(value);
  return n !== null && n > 0 && n <= MAX_NOTIONAL_USD ? n : DEFAULT_NOTIONAL_USD;
}

export function parseBestFilters(params: URLSearchParams): BestFilters {
  const horizon = finite(params.get('horizon_days'));
  const page = finite(params.get('page'));
  return {
    q: parseQuery(params.get('q')),
    venues: parseVenues(params),
    period: parsePeriod(params.get('period')),
    notionalUsd: parseNotional(params.get('notional')),
    horizonDays: horizon !== null && horizon > 0 && horizon <= 365 ? horizon : DEFAULT_HORIZON_DAYS,
    minSpreadPct: finite(params.get('min_spread')),
    page: page !== null && Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: parsePageSize(params.get('page_size')),
  };
}

export function bestFiltersToParams(f: BestFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q) p.set('q', f.q);
  if (f.venues.length > 0 && f.venues.length < VENUES.length) p.set('exchanges', f.venues.join(','));
  if (f.period !== DEFAULT_PERIOD) p.set('period', f.period);
  if (f.notionalUsd !== DEFAULT_NOTIONAL_USD) p.set('notional', String(f.notionalUsd));
  if (f.horizonDays !== DEFAULT_HORIZON_DAYS) p.set('horizon_days', String(f.horizonDays));
  if (f.minSpreadPct !== null) p.set('min_spread', String(f.minSpreadPct));
  if (f.pageSize !== DEFAULT_PAGE_SIZE) p.set('page_size', String(f.pageSize));
  if (f.page > 1) p.set('page', String(f.page));
  return p;
}

/** `?…` for this view with some fields changed; any change other than the page goes back to page 1. */
export function bestHref(current: BestFilters, change: Partial<BestFilters>): string {
  const next = { ...current, ...change };
  if (!('page' in change)) next.page = 1;
  const s = bestFiltersToParams(next).toString();
  return s ? `?${s}` : '?';
}

/** The terminal opened on a pair: `/terminal?asset=BTC&long=binance&short=bybit`. */
export function terminalHref(asset: string, longVenue: VenueId, shortVenue: VenueId): string {
  return `/terminal?${new URLSearchParams({ asset, long: longVenue, short: shortVenue })}`;
}
