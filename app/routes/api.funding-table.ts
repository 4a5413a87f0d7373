// GET /api/funding-table/?period=&q=&sort=&order=&exchanges=&page=&page_size= — one row per asset
// with a leg per venue (live and period-average APR, price per base unit, interval, next funding),
// the spread and the best venues to be long and short. Answered from the in-memory funding store
// through the answer cache: serialised (and gzipped) once per store version and query, off the
// request path.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { fundingTableQuery, pageOr400 } from '~/.server/funding/api-params';
import { answerResponse } from '~/.server/funding/cached-response';
import { tableRowJson } from '~/.server/funding/funding-table';
import { tableRowsWork } from '~/.server/funding/queries';
import { apiHandler, parseQuery } from '~/.server/http/api';

/** The first request after start waits this long for the store's first load. */
const LOAD_WAIT_MS = 10_000;

export const loader = apiHandler(async ({ request, context }: LoaderFunctionArgs) => {
  const q = parseQuery(request, fundingTableQuery);
  const { store, answers } = context.services.funding;
  await store.whenLoaded(LOAD_WAIT_MS);
  const order = q.order ?? (q.sort === 'symbol' ? 'asc' : 'desc');
  const key = [
    'table',
    q.period,
    [...(q.exchanges ?? [])].sort().join(','),
    q.sort,
    order,
    q.q,
    q.page,
    q.page_size,
  ].join('|');
  const answer = await answers.get(key, function* (now) {
    const rows = yield* tableRowsWork(
      store,
      { period: q.period, venues: q.exchanges ?? null, sort: q.sort, order, q: q.q },
      now,
    );
    const page = pageOr400(rows, q.page, q.page_size);
    yield;
    const json = JSON.stringify({
      ...page,
      results: page.results.map(tableRowJson),
      period: q.period,
      // Which APR `spread` is taken over (the original's): the period average; `live_spread` uses live APRs.
      spread_basis: 'hist_apr',
    });
    return { json, extra: null };
  });
  return answerResponse(request, answer);
});
