// What the funding API routes ask the store for: sorted table rows and ranked pairs, each computed
// once per store version (and parameter set) and then only filtered and paged per request.
import type { Streamer } from '~/.server/market/streamer';
import type { VenueId } from '~/lib/venues';
import { pairBookMetrics } from './book-metrics';
import { buildAssetRows, matchesQuery, sortRows, type AssetRow, type SortOrder, type TableSort } from './funding-table';
import { rankPairs, rankSingles, type Pair, type PairBookJson, type Side, type SingleLeg } from './opportunities';
import type { Period } from './periods';
import type { FundingStore } from './store';

function venuesKey(venues: ReadonlySet<VenueId> | null): string {
  return venues ? [...venues].sort().join(',') : '*';
}

/** Rows of every asset for a period and venue set, computed once per store version and stale epoch. */
function rowsFor(store: FundingStore, period: Period, venues: ReadonlySet<VenueId> | null, nowMs: number): AssetRow[] {
  return store.memoize(`rows|${period}|${venuesKey(venues)}`, store.staleEpoch(nowMs), () =>
    buildAssetRows(store.view(), { period, venues, nowMs }),
  );
}

export interface TableQuery {
  period: Period;
  venues: ReadonlySet<VenueId> | null;
  sort: TableSort;
  order: SortOrder;
  q: string;
}

export function tableRows(store: FundingStore, query: TableQuery, nowMs: number): AssetRow[] {
  const sorted = store.memoize(
    `table|${query.period}|${venuesKey(query.venues)}|${query.sort}|${query.order}`,
    store.staleEpoch(nowMs),
    () => sortRows(rowsFor(store, query.period, query.venues, nowMs), query.sort, query.order),
  );
  return query.q ? sorted.filter((r) => matchesQuery(r.asset, r.legs, query.q)) : sorted;
}

export interface PairQuery {
  period: Period;
  venues: ReadonlySet<VenueId> | null;
  horizonDays: number;
  minSpreadAprPct: number | null;
  q: string;
}

export function rankedPairs(store: FundingStore, query: PairQuery, nowMs: number): Pair[] {
  const ranked = store.memoize(
    `pairs|${query.period}|${venuesKey(query.venues)}|${query.horizonDays}`,
    store.staleEpoch(nowMs),
    () => rankPairs(rowsFor(store, query.period, query.venues, nowMs), { horizonDays: query.horizonDays }),
  );
  return ranked.filter(
    (p) =>
      (query.minSpreadAprPct === null || p.spreadAprPct >= query.minSpreadAprPct) &&
      (!query.q || matchesQuery(p.asset, [p.long, p.short], query.q)),
  );
}

export function rankedSingles(
  store: FundingStore,
  query: { period: Period; venues: ReadonlySet<VenueId> | null; side: Side; q: string },
  nowMs: number,
): SingleLeg[] {
  const ranked = store.memoize(
    `singles|${query.period}|${venuesKey(query.venues)}|${query.side}`,
    store.staleEpoch(nowMs),
    () => rankSingles(rowsFor(store, query.period, query.venues, nowMs), query.side),
  );
  return query.q ? ranked.filter((s) => matchesQuery(s.asset, [s.leg], query.q)) : ranked;
}

/** Levels read per side to walk a book for the notional (deeper books are rarely needed for one ticket). */
const BOOK_LEVELS = 200;

/**
 * Entry/exit cross spread and slippage for a pair, only when somebody already streams both books in
 * this process (a request never starts a stream); null otherwise.
 */
export function pairBook(
  streamer: Pick<Streamer, 'getBook'> | null,
  pair: Pair,
  notionalQuote: number,
): PairBookJson | null {
  if (!streamer) return null;
  const long = streamer.getBook(pair.long.exchange, pair.long.symbol);
  const short = streamer.getBook(pair.short.exchange, pair.short.symbol);
  if (!long || !short || long.state !== 'live' || short.state !== 'live') return null;
  const l = long.book.top(BOOK_LEVELS);
  const s = short.book.top(BOOK_LEVELS);
  return pairBookMetrics(
    { bids: l.bids, asks: l.asks, multiplier: pair.long.multiplier },
    { bids: s.bids, asks: s.asks, multiplier: pair.short.multiplier },
    notionalQuote,
  );
}
