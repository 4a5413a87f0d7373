// The funding table's view as URL search params and back, so a view can be shared and survives a
// reload. Lenient: a bad or unknown value falls back to its default instead of failing the page.
// Shared by the loader (server) and the filter controls (browser).
import { parseVenueId, VENUES, type VenueId } from '~/lib/venues';

/** The API's averaging periods (app/.server/funding/periods.ts, not importable from the browser). */
export const PERIODS = ['1h', '4h', '1d', '3d', '7d', '30d'] as const;
export type Period = (typeof PERIODS)[number];
export const DEFAULT_PERIOD: Period = '1d';

export const PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;

/** Which APR the cells show and the APR sorts use: the period average or the current rate. */
export type AprMode = 'avg' | 'live';

/** Columns the table sorts by: the API's sorts plus one per venue (that venue's APR). */
export type TableSortKey = 'spread' | 'apr' | 'market_cap' | 'volume' | 'symbol' | VenueId;
const BASE_SORTS = ['spread', 'apr', 'market_cap', 'volume', 'symbol'] as const;
export type SortOrder = 'asc' | 'desc';

export interface TableFilters {
  q: string;
  /** Venues shown (columns) and counted (spread, best pair); empty = all. */
  venues: VenueId[];
  period: Period;
  mode: AprMode;
  sort: TableSortKey;
  order: SortOrder;
  page: number;
  pageSize: number;
}

export const DEFAULT_FILTERS: TableFilters = {
  q: '',
  venues: [],
  period: DEFAULT_PERIOD,
  mode: 'avg',
  sort: 'spread',
  order: 'desc',
  page: 1,
  pageSize: DEFAULT_PAGE_SIZE,
};

/** Names sort A→Z first; numbers biggest first. */
export function defaultOrder(sort: TableSortKey): SortOrder {
  return sort === 'symbol' ? 'asc' : 'desc';
}

export function parseSortKey(value: string | null): TableSortKey | null {
  if (!value) return null;
  if ((BASE_SORTS as readonly string[]).includes(value)) return value as TableSortKey;
  return parseVenueId(value);
}

function positiveInt(value: string | null): number | null {
  if (value === null || !/^\d{1,7}$/.test(value.trim())) return null;
  const n = Number(value);
  return n >= 1 ? n : null;
}

/** `exchanges=binance,bybit` or repeated `exchanges=`; unknown names dropped; canonical venue order. */
export function parseVenues(params: URLSearchParams, name = 'exchanges'): VenueId[] {
  const wanted = new Set<VenueId>();
  for (const raw of params.getAll(name)) {
    for (const part of raw.split(',')) {
      const id = parseVenueId(part);
      if (id) wanted.add(id);
    }
  }
  // Every venue selected means no filter: keep one spelling of "all" so URLs compare equal.
  if (wanted.size === VENUES.length) return [];
  return VENUES.filter((v) => wanted.has(v));
}

export function parsePeriod(value: string | null): Period {
  return (PERIODS as readonly string[]).includes(value ?? '') ? (value as Period) : DEFAULT_PERIOD;
}

export function parsePageSize(value: string | null): number {
  const n = positiveInt(value);
  return n !== null && (PAGE_SIZES as readonly number[]).includes(n) ? n : DEFAULT_PAGE_SIZE;
}

/** Search text as the API takes it: trimmed, at most 40 characters. */
export function parseQuery(value: string | null): string {
  return (value ?? '').trim().slice(0, 40);
}

export function parseTableFilters(params: URLSearchParams): TableFilters {
  const sort = parseSortKey(params.get('sort')) ?? DEFAULT_FILTERS.sort;
  const order = params.get('order');
  return {
    q: parseQuery(params.get('q')),
    venues: parseVenues(params),
    period: parsePeriod(params.get('period')),
    mode: params.get('mode') === 'live' ? 'live' : 'avg',
    sort,
    order: order === 'asc' || order === 'desc' ? order : defaultOrder(sort),
    page: positiveInt(params.get('page')) ?? 1,
    pageSize: parsePageSize(params.get('page_size')),
  };
}

/** The URL form of a view; defaults are left out so shared links stay short. */
export function tableFiltersToParams(f: TableFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q) p.set('q', f.q);
  if (f.venues.length > 0 && f.venues.length < VENUES.length) p.set('exchanges', f.venues.join(','));
  if (f.period !== DEFAULT_PERIOD) p.set('period', f.period);
  if (f.mode !== 'avg') p.set('mode', f.mode);
  if (f.sort !== DEFAULT_FILTERS.sort || f.order !== defaultOrder(f.sort)) {
    p.set('sort', f.sort);
    if (f.order !== defaultOrder(f.sort)) p.set('order', f.order);
  }
  if (f.pageSize !== DEFAULT_PAGE_SIZE) p.set('page_size', String(f.pageSize));
  if (f.page > 1) p.set('page', String(f.page));
  return p;
}

/** `?…` for a link to this view with some fields changed; any filter change goes back to page 1. */
export function tableHref(current: TableFilters, change: Partial<TableFilters>): string {
  const next = { ...current, ...change };
  if (!('page' in change)) next.page = 1;
  const s = tableFiltersToParams(next).toString();
  return s ? `?${s}` : '?';
}

/**
 * The view after clicking a column header: the same column flips its order, a new column starts
 * in its natural order.
 */
export function sortChange(current: TableFilters, sort: TableSortKey): Pick<TableFilters, 'sort' | 'order'> {
  if (current.sort === sort) return { sort, order: current.order === 'asc' ? 'desc' : 'asc' };
  return { sort, order: defaultOrder(sort) };
}

/**
 * Stable ordering by a numeric key: missing values last in either direction, ties by symbol
 * (the API's rule, applied to the sorts the API lacks).
 */
export function sortByKey<T>(
  rows: readonly T[],
  key: (row: T) => number | null,
  symbol: (row: T) => string,
  order: SortOrder,
): T[] {
  const dir = order === 'asc' ? 1 : -1;
  const keyed = rows.map((r) => ({ r, k: key(r), s: symbol(r) }));
  keyed.sort((a, b) => {
    const bySymbol = a.s < b.s ? -1 : a.s > b.s ? 1 : 0;
    if (a.k === null || b.k === null) return a.k === b.k ? bySymbol : a.k === null ? 1 : -1;
    return a.k === b.k ? bySymbol : dir * (a.k - b.k);
  });
  return keyed.map((x) => x.r);
}

/** The last page when `page` is past it (a shared link after the list shrank), else `page`. */
export function clampPage(page: number, count: number, pageSize: number): number {
  const totalPages = Math.max(1, Math.ceil(count / pageSize));
  return Math.min(Math.max(1, page), totalPages);
}
