// GET /api/stats/ — the original's totals (total_coins, total_exchanges, last_update) plus the
// pipeline's health per venue: REST job status, book stream state, backfill progress.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { fundingStats } from '~/.server/funding/stats';
import { apiHandler, jsonResponse } from '~/.server/http/api';
import type { VenueId } from '~/lib/venues';

export const loader = apiHandler(async ({ context }: LoaderFunctionArgs) => {
  const { services } = context;
  const { store } = services.funding;
  await store.whenLoaded(5_000);
  const market = services.market;
  const stats = await fundingStats(services.database.db, store.view(), {
    streams: market?.streamer.status() ?? [],
    storeLoadedAt: store.lastLoadedAt,
    venues: Object.keys(market?.rest ?? {}) as VenueId[],
  });
  return jsonResponse(stats, 200, { 'Cache-Control': 'no-store' });
});
