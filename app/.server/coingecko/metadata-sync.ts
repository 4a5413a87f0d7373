// Asset metadata (name, logo, market cap, 24 h volume) from CoinGecko for every asset we trade.
// When CoinGecko is unreachable nothing is written: the fields keep their last values (null at first).
import { sql } from 'drizzle-orm';
import type { Db } from '~/.server/db/client';
import type { AppLogger } from '~/.server/logger';
import { notifyFundingUpdate } from '~/.server/funding/feed';
import type { VenueLimiters } from '~/.server/funding/rate-limiter';
import type { FundingStore } from '~/.server/funding/store';
import { COINGECKO_PAGE_SIZE, fetchMarketsPage } from './client';
import { AssetMatcher, type AssetRef } from './match';

/** Top 1000 coins by market cap: where every asset a perp venue lists practically sits. */
export const COINGECKO_MAX_PAGES = 4;

export interface MetadataContext {
  db: Db;
  log: AppLogger;
  limiters: VenueLimiters;
  store: FundingStore | null;
  coingeckoUrl: string;
  now: () => Date;
}

export interface MetadataResult {
  assets: number;
  matched: number;
  pages: number;
}

async function assetsInUse(db: Db): Promise<AssetRef[]> {
  const rows = (await db.execute(sql`
    select a.id, a.symbol, a.coingecko_id from assets a
    where exists (select 1 from instruments i where i.asset_id = a.id and i.active)
  `)) as unknown as { id: number; symbol: string; coingecko_id: string | null }[];
  return rows.map((r) => ({ id: Number(r.id), symbol: r.symbol, coingeckoId: r.coingecko_id }));
}

export async function syncAssetMetadata(ctx: MetadataContext, maxPages = COINGECKO_MAX_PAGES): Promise<MetadataResult> {
  const assets = await assetsInUse(ctx.db);
  if (assets.length === 0) return { assets: 0, matched: 0, pages: 0 };
  const matcher = new AssetMatcher(assets);
  let pages = 0;
  for (let page = 1; page <= maxPages && !matcher.allMatched; page++) {
    const coins = await ctx.limiters.schedule('coingecko', () => fetchMarketsPage(ctx.coingeckoUrl, page));
    pages++;
    matcher.add(coins);
    if (coins.length < COINGECKO_PAGE_SIZE) break;
  }
  const matches = [...matcher.matches];
  if (matches.length > 0) {
    const at = ctx.now();
    const col = <T>(f: (c: (typeof matches)[number][1]) => T) => matches.map(([, c]) => f(c));
    // One statement for all assets; numbers go in as text and are cast, null stays null.
    await ctx.db.execute(sql`
      update assets a set
        coingecko_id = m.cg_id,
        name = m.name,
        image_url = m.image,
        market_cap_usd = m.cap::numeric,
        volume_24h_usd = m.vol::numeric,
        metadata_updated_at = ${at.toISOString()}::timestamptz
      from unnest(
        ${pgArray(matches.map(([id]) => String(id)))}::int[],
        ${pgArray(col((c) => c.id))}::text[],
        ${pgArray(col((c) => c.name))}::text[],
        ${pgArray(col((c) => c.image))}::text[],
        ${pgArray(col((c) => (c.marketCapUsd === null ? null : String(c.marketCapUsd))))}::text[],
        ${pgArray(col((c) => (c.volume24hUsd === null ? null : String(c.volume24hUsd))))}::text[]
      ) as m(asset_id, cg_id, name, image, cap, vol)
      where a.id = m.asset_id
    `);
    await ctx.store?.refreshAssets();
    await notifyFundingUpdate(ctx.db, {
      venue: null,
      kind: 'assets',
      at: at.toISOString(),
      origin: ctx.store?.id ?? 'tool',
      count: matches.length,
    });
  }
  const result = { assets: assets.length, matched: matches.length, pages };
  ctx.log.info('asset metadata synced', result);
  return result;
}

/** A Postgres array literal of text (quoted, escaped), NULL for null. */
export function pgArray(values: readonly (string | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;
}
