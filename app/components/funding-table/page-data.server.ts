// Loader helpers the three market pages share: the reader's favourites and how fresh the store is.
import type { AppLoadContext } from '@remix-run/node';
import { listFavorites } from '~/.server/auth/favorites';
import { getOptionalUser } from '~/.server/auth/session';
import type { FundingView } from '~/.server/funding/state';

/** The snapshot job runs every minute (workers/index.ts crontab). */
export const SNAPSHOT_REFRESH_MS = 60_000;

/** The first request after start waits this long for the store's first load (as the API does). */
export const LOAD_WAIT_MS = 10_000;

/** Favourite keys: `BTC` for the asset on every venue, `BTC|binance` for one venue. */
export async function favoriteKeys(request: Request, context: AppLoadContext): Promise<string[]> {
  try {
    const user = await getOptionalUser(request, context);
    if (!user) return [];
    const favorites = await listFavorites(context.services.database.db, user.id);
    return favorites.map((f) => (f.exchange ? `${f.asset_symbol}|${f.exchange}` : f.asset_symbol));
  } catch (err) {
    // Stars are a convenience: a database hiccup must not take the market data down with it.
    context.services.log.warn('could not read favourites', { error: err instanceof Error ? err.message : String(err) });
    return [];
  }
}

/** Newest snapshot time over every active instrument (ms); null before the first ingestion. */
export function newestSnapshotMs(view: FundingView): number | null {
  let newest: number | null = null;
  for (const list of view.byAsset.values()) {
    for (const inst of list) {
      if (inst.snapshot && (newest === null || inst.snapshot.updatedAt > newest)) newest = inst.snapshot.updatedAt;
    }
  }
  return newest;
}
