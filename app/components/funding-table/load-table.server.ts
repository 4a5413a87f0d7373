// The funding table page's data: the same rows the API answers GET /api/funding-table/ with
// (queries.tableRows → tableRowJson), plus the sorts the API lacks (per-venue APR, live spread)
// and a page number clamped into range instead of a 400.
import type { AppLoadContext } from '@remix-run/node';
import { pageOr400 } from '~/.server/funding/api-params';
import { tableRowJson, type AssetRow, type TableSort, type TableRowJson } from '~/.server/funding/funding-table';
import { tableRows } from '~/.server/funding/queries';
import type { VenueFeedStatus } from '~/lib/venue-feed-health';
import type { VenueId } from '~/lib/venues';
import { favoriteKeys, LOAD_WAIT_MS, newestSnapshotMs, SNAPSHOT_REFRESH_MS } from './page-data.server';
import { spreadHistory } from './spread-history';
import { venueFeeds } from './venue-feeds.server';
import {
  clampPage,
  parseTableFilters,
  sortByKey,
  type AprMode,
  type TableFilters,
  type TableSortKey,
} from './table-params';
import type { TablePage, TableRow } from './table-types';

/** The API's own sort when it orders exactly as the page asks; null when the page sorts itself. */
function apiSort(sort: TableSortKey, mode: AprMode): TableSort | null {
  if (sort === 'symbol' || sort === 'market_cap' || sort === 'volume') return sort;
  if (mode === 'avg' && (sort === 'spread' || sort === 'apr')) return sort;
  return null;
}

/** Sort key for the sorts the API lacks; missing values sort last. */
function pageSortKey(sort: TableSortKey, mode: AprMode): (row: AssetRow) => number | null {
  if (sort === 'spread') return (r) => r.liveSpreadAprPct;
  if (sort === 'apr') {
    return (r) => {
      const fresh = r.legs.filter((l) => !l.stale);
      return fresh.length ? Math.max(...fresh.map((l) => l.liveAprPct)) : null;
    };
  }
  const venue = sort as VenueId;
  return (r) => {
    const leg = r.legs.find((l) => l.exchange === venue);
    if (!leg) return null;
    return mode === 'live' ? leg.liveAprPct : leg.aprPct;
  };
}

function toTableRow(json: TableRowJson): TableRow {
  return {
    symbol: json.symbol,
    name: json.asset_info.name,
    image: json.asset_info.image,
    market_cap: json.asset_info.market_cap,
    volume_24h: json.volume_24h,
    spread: json.spread,
    live_spread: json.live_spread,
    best_long: json.best_long,
    best_short: json.best_short,
    legs: json.exchanges_data.map((l) => ({
      exchange: l.exchange,
      symbol: l.symbol,
      multiplier: l.multiplier,
      live_apr: l.live_apr,
      hist_apr: l.hist_apr,
      rate: l.rate,
      predicted_rate: l.predicted_rate,
      interval_h: l.interval_h,
      continuous: l.continuous,
      next_funding_time: l.next_funding_time,
      price: l.price,
      updated_at: l.updated_at,
      stale: l.stale,
    })),
    spark: spreadHistory(json.exchanges_data.map((l) => l.history)),
  };
}

export interface TableData {
  filters: TableFilters;
  /** False when the store had not finished its first load within the wait. */
  loaded: boolean;
  page: TablePage;
  lastUpdateMs: number | null;
  refreshMs: number;
  favorites: string[];
  /** Each venue's funding jobs and newest rate, for its column's marker; null when unreadable. */
  venueFeeds: VenueFeedStatus[] | null;
}

export async function loadFundingTable(request: Request, context: AppLoadContext): Promise<TableData> {
  const filters = parseTableFilters(new URL(request.url).searchParams);
  const { store } = context.services.funding;
  const [loaded, favorites] = await Promise.all([store.whenLoaded(LOAD_WAIT_MS), favoriteKeys(request, context)]);
  // After the store's load, so the newest rates are those of the rows below.
  const feeds = await venueFeeds(context);
  const now = Date.now();
  const venues = filters.venues.length ? new Set(filters.venues) : null;
  const sort = apiSort(filters.sort, filters.mode);
  let rows = tableRows(
    store,
    { period: filters.period, venues, sort: sort ?? 'symbol', order: sort ? filters.order : 'asc', q: filters.q },
    now,
  );
  if (!sort) rows = sortByKey(rows, pageSortKey(filters.sort, filters.mode), (r) => r.asset.symbol, filters.order);
  const pageNo = clampPage(filters.page, rows.length, filters.pageSize);
  const page = pageOr400(rows, pageNo, filters.pageSize);
  return {
    filters: { ...filters, page: pageNo },
    loaded,
    page: { ...page, results: page.results.map((r) => toTableRow(tableRowJson(r))) },
    lastUpdateMs: newestSnapshotMs(store.view()),
    refreshMs: SNAPSHOT_REFRESH_MS,
    favorites,
    venueFeeds: feeds,
  };
}
