// GET /api/best-opportunities/?period=&q=&side=&min_spread=&exchanges=&notional=&horizon_days=&mode=&page=&page_size=
// Ranked long/short pairs per asset net of round-trip taker fees, with the basis and, when both
// books are streaming here, entry/exit cross spread and slippage for `notional`. `mode=single` is
// the original's single-venue list (side SHORT when the APR is positive).
import type { LoaderFunctionArgs } from '@remix-run/node';
import { opportunitiesQuery, pageOr400 } from '~/.server/funding/api-params';
import { answerResponse } from '~/.server/funding/cached-response';
import { pairJson, singleJson, type Pair, type PairBookJson } from '~/.server/funding/opportunities';
import type { Page } from '~/.server/funding/pagination';
import { pairBook, rankedPairsWork, rankedSinglesWork } from '~/.server/funding/queries';
import { apiHandler, parseQuery } from '~/.server/http/api';

const LOAD_WAIT_MS = 10_000;

export const loader = apiHandler(async ({ request, context }: LoaderFunctionArgs) => {
  const q = parseQuery(request, opportunitiesQuery);
  const { store, answers } = context.services.funding;
  await store.whenLoaded(LOAD_WAIT_MS);
  const venues = q.exchanges ?? null;
  const venuesKey = [...(venues ?? [])].sort().join(',');
  if (q.mode === 'single') {
    const key = ['single', q.period, venuesKey, q.side, q.q, q.page, q.page_size].join('|');
    const answer = await answers.get(key, function* (now) {
      const singles = yield* rankedSinglesWork(store, { period: q.period, venues, side: q.side, q: q.q }, now);
      const page = pageOr400(singles, q.page, q.page_size);
      yield;
      const json = JSON.stringify({ ...page, results: page.results.map(singleJson), mode: 'single', period: q.period });
      return { json, extra: null };
    });
    return answerResponse(request, answer);
  }
  const serialise = (page: Page<Pair>, books: (PairBookJson | null)[]) =>
    JSON.stringify({
      ...page,
      results: page.results.map((p, i) => pairJson(p, books[i] ?? null)),
      mode: 'pairs',
      period: q.period,
      horizon_days: q.horizon_days,
      notional: q.notional,
    });
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
  const answer = await answers.get(key, function* (now) {
    const pairs = yield* rankedPairsWork(
      store,
      { period: q.period, venues, horizonDays: q.horizon_days, minSpreadAprPct: q.min_spread ?? null, q: q.q },
      now,
    );
    const page = pageOr400(pairs, q.page, q.page_size);
    yield;
    return { json: serialise(page, []), extra: page };
  });
  // Book figures only for the pairs on this page, and only from books already streaming here; they
  // change every moment, so such an answer is serialised afresh for each request.
  const streamer = context.services.market?.streamer ?? null;
  const books = answer.extra.results.map((p) => pairBook(streamer, p, q.notional));
  if (books.some((b) => b !== null)) {
    return new Response(serialise(answer.extra, books), {
      status: 200,
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
    });
  }
  return answerResponse(request, answer);
});
