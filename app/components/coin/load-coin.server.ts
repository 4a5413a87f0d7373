// The coin page's data: the same detail GET /api/coin-detail/<symbol>/ answers (findAsset →
// coinDetail). Unknown symbols are a 404 for the shared boundary; a native symbol (1000PEPEUSDT)
// redirects to the asset's page (PEPE), so each asset has one address.
import { redirect, type AppLoadContext } from '@remix-run/node';
import { coinDetail, findAsset } from '~/.server/funding/coin-detail';
import { favoriteKeys, LOAD_WAIT_MS, SNAPSHOT_REFRESH_MS } from '~/components/funding-table/page-data.server';
import type { VenueHistory, VenueSummary } from './coin-types';

export const HISTORY_DAYS = [7, 14, 30] as const;
const DEFAULT_DAYS = 30;

/** `days` from the URL if it is one the page offers (and the retention holds), else the default. */
export function parseDays(value: string | null, retentionDays: number): number {
  const n = Number(value);
  const offered = HISTORY_DAYS.filter((d) => d <= retentionDays);
  if ((offered as number[]).includes(n)) return n;
  return Math.min(DEFAULT_DAYS, retentionDays);
}

export async function loadCoin(request: Request, symbolParam: string, context: AppLoadContext) {
  const { services } = context;
  const symbol = symbolParam.trim();
  const notFound = () => new Response(`No perpetual on any venue for "${symbol.slice(0, 40)}".`, { status: 404 });
  if (!symbol || symbol.length > 40) throw notFound();
  const url = new URL(request.url);
  const retention = services.config.fundingRetentionDays;
  const days = parseDays(url.searchParams.get('days'), retention);
  const { store } = services.funding;
  const loaded = await store.whenLoaded(LOAD_WAIT_MS);
  const view = store.view();
  const asset = findAsset(view, symbol);
  if (!asset) {
    // Before the first load nothing is known: say so rather than claim the coin does not exist.
    if (!loaded) throw new Response('Funding data is still loading; try again in a moment.', { status: 503 });
    throw notFound();
  }
  if (asset.symbol !== symbol) throw redirect(`/coin/${encodeURIComponent(asset.symbol)}${url.search}`);
  const [detail, favorites] = await Promise.all([
    coinDetail(services.database.db, view, asset, days, Date.now()),
    favoriteKeys(request, context),
  ]);
  const venues: VenueSummary[] = detail.venues;
  const history: VenueHistory[] = detail.history;
  const lastUpdateMs = venues.reduce<number | null>((max, v) => {
    const t = v.updated_at ? Date.parse(v.updated_at) : null;
    return t !== null && (max === null || t > max) ? t : max;
  }, null);
  return {
    symbol: detail.symbol,
    asset: detail.asset,
    days,
    daysOffered: HISTORY_DAYS.filter((d) => d <= retention),
    venues,
    history,
    favorites,
    lastUpdateMs,
    refreshMs: SNAPSHOT_REFRESH_MS,
  };
}
