// GET /api/best-opportunities/?period=&q=&side=&min_spread=&exchanges=&notional=&horizon_days=&mode=&page=&page_size=
// Ranked long/short pairs per asset net of round-trip taker fees, with the basis and, when both
// books are streaming here, entry/exit cross spread and slippage for `notional`. `mode=single` is
// the original's single-venue list (side SHORT when the APR is positive).
import type { LoaderFunctionArgs } from '@remix-run/node';
import { opportunitiesQuery, pageOr400 } from '~/.server/funding/api-params';
import { cachedJson } from '~/.server/funding/cached-response';
import { pairJson, singleJson } from '~/.server/funding/opportunities';
import { pairBook, rankedPairs, rankedSingles } from '~/.server/funding/queries';
import { apiHandler, parseQuery } from '~/.server/http/api';

const LOAD_WAIT_MS = 10_000;

const json = (body: string) =>
  new Response(body, { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8' } });

export const loader = apiHandler(async ({ request, context }: LoaderFunctionArgs) => {
  const q = parseQuery(request, opportunitiesQuery);
  const { store } = context.services.funding;
  await store.whenLoaded(LOAD_WAIT_MS);
  const now = Date.now();
  const epoch = store.staleEpoch(now);
  const venues = q.exchanges ?? null;
  const venuesKey = [...(venues ?? [])].sort().join(',');
  if (q.mode === 'single') {
    const key = ['single', q.period, venuesKey, q.side, q.q, q.page, q.page_size].join('|');
    return cachedJson(request, store, key, epoch, () => {
      const page = pageOr400(
        rankedSingles(store, { period: q.period, venues, side: q.side, q: q.q }, now),
        q.page,
        q.page_size,
      );
      return JSON.stringify({ ...page, results: page.results.map(singleJson), mode: 'single', period: q.period });
    });
  }
  const pairs = rankedPairs(
    store,
    { period: q.period, venues, horizonDays: q.horizon_days, minSpreadAprPct: q.min_spread ?? null, q: q.q },
    now,
  );
  const page = pageOr400(pairs, q.page, q.page_size);
  // Book figures only for the pairs on this page, and only from books already streaming here.
  const streamer = context.services.market?.streamer ?? null;
  const books = page.results.map((p) => pairBook(streamer, p, q.notional));
  const serialise = () =>
    JSON.stringify({
      ...page,
      results: page.results.map((p, i) => pairJson(p, books[i] ?? null)),
      mode: 'pairs',
      period: q.period,
      horizon_days: q.horizon_days,
      notional: q.notional,
    });
  // Live books change every moment: only answers without them are cached.
  if (books.some((b) => b !== null)) return json(serialise());
  const key = [
    'pairs',
    q.period,
    venuesKey,
    q.horizon_days,
    q.min_spread ?? '',
    q.q,
    q.page,
    q.page_size,
    q.notional,
  ].join('|');
  return cachedJson(request, store, key, epoch, serialise);
});
