// GET /api/coin-detail/<symbol>/?days= — one asset (by PEPE, or a native symbol such as
// 1000PEPEUSDT): metadata, per-venue summary (current APR, 1d/7d/30d averages, price, interval,
// next funding) and per-venue APR history, 30 days by default, up to the retention setting.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { coinDetailQuery } from '~/.server/funding/api-params';
import { coinDetail, findAsset } from '~/.server/funding/coin-detail';
import { apiError, apiHandler, jsonResponse, parseQuery } from '~/.server/http/api';

const DEFAULT_DAYS = 30;
const LOAD_WAIT_MS = 10_000;

export const loader = apiHandler(async ({ request, params, context }: LoaderFunctionArgs) => {
  const { services } = context;
  const q = parseQuery(request, coinDetailQuery);
  const symbol = (params.symbol ?? '').trim();
  if (!symbol || symbol.length > 40) throw apiError(404, { error: 'unknown symbol' });
  const retention = services.config.fundingRetentionDays;
  const days = q.days ?? Math.min(DEFAULT_DAYS, retention);
  if (days > retention) throw apiError(400, { days: [`days must be at most ${retention} (the retention setting)`] });
  const { store } = services.funding;
  await store.whenLoaded(LOAD_WAIT_MS);
  const view = store.view();
  const asset = findAsset(view, symbol);
  if (!asset) throw apiError(404, { error: `no perpetual on any venue for ${JSON.stringify(symbol)}` });
  return jsonResponse(await coinDetail(services.database.db, view, asset, days, Date.now()));
});
