// What the funding API routes and pages ask the store for: sorted table rows and ranked pairs, each
// computed once per store version (and parameter set) and then only filtered and paged per request.
// Each comes as Work (see sliced.ts), to run in slices off the request path, and as a plain function.
import type { Streamer } from '~/.server/market/streamer';
import type { VenueId } from '~/lib/venues';
import { pairBookMetrics } from './book-metrics';
import { matchesQuery, sortRows, type AssetRow, type SortOrder, type TableSort } from './funding-table';
import { IncrementalRows } from './incremental-rows';
import { rankPairs, rankSingles, type Pair, type PairBookJson, type Side, type SingleLeg } from './opportunities';
import type { Period } from './periods';
import { runNow, type Work } from './sliced';
import type { FundingStore } from './store';

function venuesKey(venues: ReadonlySet<VenueId> | null): string {
  return venues ? [...venues].sort().join(',') : '*';
}

/** Row builders kept across versions, per store and (period, venue set); a few dozen at most. */
const builders = new WeakMap<FundingStore, Map<string, IncrementalRows>>();
const MAX_BUILDERS = 32;

function builderFor(store: FundingStore, period: Period, venues: ReadonlySet<VenueId> | null): IncrementalRows {
  let byKey = builders.get(store);
  if (!byKey) builders.set(store, (byKey = new Map()));
  const key = `${period}|${venuesKey(venues)}`;
  let b = byKey.get(key);
  if (b) byKey.delete(key);
  else b = new IncrementalRows(period, venues);
  // Most recently used last; the least recently used goes first.
  byKey.set(key, b);
  if (byKey.size > MAX_BUILDERS) byKey.delete(byKey.keys().next().value!);
  return b;
}

/** Rows of every asset for a period and venue set, once per store version and stale epoch. */
function rowsFor(
  store: FundingStore,
  period: Period,
  venues: ReadonlySet<VenueId> | null,
  nowMs: number,
): Work<AssetRow[]> {
  return store.memoized(`rows|${period}|${venuesKey(venues)}`, store.staleEpoch(nowMs), () =>
    builderFor(store, period, venues).build(store.view(), nowMs),
  );
}

export interface TableQuery {
  period: Period;
  venues: ReadonlySet<VenueId> | null;
  sort: TableSort;
  order: SortOrder;
  q: string;
}

export function* tableRowsWork(store: FundingStore, query: TableQuery, nowMs: number): Work<AssetRow[]> {
  const sorted = yield* store.memoized(
    `table|${query.period}|${venuesKey(query.venues)}|${query.sort}|${query.order}`,
    store.staleEpoch(nowMs),
    function* () {
      const rows = yield* rowsFor(store, query.period, query.venues, nowMs);
      yield;
      return sortRows(rows, query.sort, query.order);
    },
  );
  if (!query.q) return sorted;
  yield;
  return sorted.filter((r) => matchesQuery(r.asset, r.legs, query.q));
}

export function tableRows(store: FundingStore, query: TableQuery, nowMs: number): AssetRow[] {
  return runNow(tableRowsWork(store, query, nowMs));
}

export interface PairQuery {
  period: Period;
  venues: ReadonlySet<VenueId> | null;
  horizonDays: number;
  minSpreadAprPct: number | null;
  q: string;
}

export function* rankedPairsWork(store: FundingStore, query: PairQuery, nowMs: number): Work<Pair[]> {
  const ranked = yield* store.memoized(
    `pairs|${query.period}|${venuesKey(query.venues)}|${query.horizonDays}`,
    store.staleEpoch(nowMs),
    function* () {
      const rows = yield* rowsFor(store, query.period, query.venues, nowMs);
      yield;
      return rankPairs(rows, { horizonDays: query.horizonDays });
    },
  );
  if (query.minSpreadAprPct === null && !query.q) return ranked;
  yield;
  return ranked.filter(
    (p) =>
      (query.minSpreadAprPct === null || p.spreadAprPct >= query.minSpreadAprPct) &&
      (!query.q || matchesQuery(p.asset, [p.long, p.short], query.q)),
  );
}

export function rankedPairs(store: FundingStore, query: PairQuery, nowMs: number): Pair[] {
  return runNow(rankedPairsWork(store, query, nowMs));
}

export interface SingleQuery {
  period: Period;
  venues: ReadonlySet<VenueId> | null;
  side: Side;
  q: string;
}

export function* rankedSinglesWork(store: FundingStore, query: SingleQuery, nowMs: number): Work<SingleLeg[]> {
  const ranked = yield* store.memoized(
    `singles|${query.period}|${venuesKey(query.venues)}|${query.side}`,
    store.staleEpoch(nowMs),
    function* () {
      const rows = yield* rowsFor(store, query.period, query.venues, nowMs);
      yield;
      return rankSingles(rows, query.side);
    },
  );
  if (!query.q) return ranked;
  yield;
  return ranked.filter((s) => matchesQuery(s.asset, [s.leg], query.q));
}

export function rankedSingles(store: FundingStore, query: SingleQuery, nowMs: number): SingleLeg[] {
  return runNow(rankedSinglesWork(store, query, nowMs));
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
