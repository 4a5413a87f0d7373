// A user's favourite assets, optionally pinned to one venue (venue null: the asset everywhere).
// Every query is scoped by user id, so one user can never read or change another's rows.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '~/.server/db/client';
import { assets, favorites, venues } from '~/.server/db/schema';
import { parseVenueId } from '~/lib/venues';

export interface FavoriteTarget {
  assetSymbol: string;
  /** Venue id or display name, case-insensitive; empty or absent means every venue. */
  exchange?: string | null;
}

/** The original app's favourite shape. */
export interface FavoriteView {
  id: number;
  asset: number;
  exchange: string | null;
  asset_symbol: string;
  exchange_name: string | null;
}

export type FavoriteLookupError = { ok: false; error: string };
type Resolved = { ok: true; assetId: number; venueId: string | null };

async function resolveTarget(db: Db, target: FavoriteTarget): Promise<Resolved | FavoriteLookupError> {
  const symbol = target.assetSymbol.trim().toUpperCase();
  const [asset] = symbol
    ? await db
        .select({ id: assets.id })
        .from(assets)
        .where(sql`upper(${assets.symbol}) = ${symbol}`)
        .limit(1)
    : [];
  if (!asset) return { ok: false, error: `Asset ${JSON.stringify(target.assetSymbol.trim())} not found` };
  const exchange = target.exchange?.trim();
  if (!exchange) return { ok: true, assetId: asset.id, venueId: null };
  const venueId = parseVenueId(exchange);
  const [venue] = venueId ? await db.select({ id: venues.id }).from(venues).where(eq(venues.id, venueId)) : [];
  if (!venue) return { ok: false, error: `Exchange ${JSON.stringify(exchange)} not found` };
  return { ok: true, assetId: asset.id, venueId: venue.id };
}

function sameTarget(userId: number, t: Resolved) {
  return and(
    eq(favorites.userId, userId),
    eq(favorites.assetId, t.assetId),
    t.venueId === null ? isNull(favorites.venueId) : eq(favorites.venueId, t.venueId),
  );
}

/**
 * Add when absent, remove when present. Insert first: of two concurrent toggles one inserts
 * and the other then removes, so each reports what it actually did.
 */
export async function toggleFavorite(
  db: Db,
  userId: number,
  target: FavoriteTarget,
): Promise<{ ok: true; status: 'added' | 'removed' } | FavoriteLookupError> {
  const t = await resolveTarget(db, target);
  if (!t.ok) return t;
  if (await insertFavorite(db, userId, t)) return { ok: true, status: 'added' };
  await db.delete(favorites).where(sameTarget(userId, t));
  return { ok: true, status: 'removed' };
}

/** Insert unless present; true when this call added the row. */
async function insertFavorite(
  db: Db,
  userId: number,
  t: { assetId: number; venueId: string | null },
): Promise<boolean> {
  const inserted = await db
    .insert(favorites)
    .values({ userId, assetId: t.assetId, venueId: t.venueId })
    .onConflictDoNothing()
    .returning({ id: favorites.id });
  return inserted.length > 0;
}

/** Idempotent add, for the profile page's form. */
export async function addFavorite(
  db: Db,
  userId: number,
  target: FavoriteTarget,
): Promise<{ ok: true; status: 'added' | 'unchanged' } | FavoriteLookupError> {
  const t = await resolveTarget(db, target);
  if (!t.ok) return t;
  return { ok: true, status: (await insertFavorite(db, userId, t)) ? 'added' : 'unchanged' };
}

/** Remove one of this user's favourites by id; false when there is no such row for this user. */
export async function removeFavorite(db: Db, userId: number, favoriteId: number): Promise<boolean> {
  const deleted = await db
    .delete(favorites)
    .where(and(eq(favorites.id, favoriteId), eq(favorites.userId, userId)))
    .returning({ id: favorites.id });
  return deleted.length > 0;
}

export async function listFavorites(db: Db, userId: number): Promise<FavoriteView[]> {
  return db
    .select({
      id: favorites.id,
      asset: favorites.assetId,
      exchange: favorites.venueId,
      asset_symbol: assets.symbol,
      exchange_name: venues.name,
    })
    .from(favorites)
    .innerJoin(assets, eq(assets.id, favorites.assetId))
    .leftJoin(venues, eq(venues.id, favorites.venueId))
    .where(eq(favorites.userId, userId))
    .orderBy(asc(assets.symbol), sql`${favorites.venueId} nulls first`);
}

/** Known asset symbols, for the add-favourite form's suggestions. */
export async function listAssetSymbols(db: Db, limit = 500): Promise<string[]> {
  const rows = await db.select({ symbol: assets.symbol }).from(assets).orderBy(asc(assets.symbol)).limit(limit);
  return rows.map((r) => r.symbol);
}
