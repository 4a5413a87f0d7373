// What /api/profile/ and the profile page show: the account, its favourites and its positions.
import { desc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '~/.server/db/client';
import { instruments, positions } from '~/.server/db/schema';
import { listFavorites, type FavoriteView } from './favorites';
import { getUserById } from './users';

/** A position as the profile lists it (the trading API gives the full record). */
export interface PositionSummary {
  id: number;
  mode: 'paper' | 'live';
  status: 'PENDING' | 'ACTIVE' | 'CLOSING' | 'CLOSED' | 'FAILED';
  amount: string;
  long_exchange: string;
  long_symbol: string;
  short_exchange: string;
  short_symbol: string;
  created_at: string;
}

export interface Profile {
  username: string;
  email: string;
  favorites: FavoriteView[];
  positions: PositionSummary[];
}

export async function listPositionSummaries(db: Db, userId: number): Promise<PositionSummary[]> {
  const longLeg = alias(instruments, 'long_leg');
  const shortLeg = alias(instruments, 'short_leg');
  const rows = await db
    .select({
      id: positions.id,
      mode: positions.mode,
      status: positions.status,
      amount: positions.amount,
      longExchange: longLeg.venueId,
      longSymbol: longLeg.symbol,
      shortExchange: shortLeg.venueId,
      shortSymbol: shortLeg.symbol,
      createdAt: positions.createdAt,
    })
    .from(positions)
    .innerJoin(longLeg, eq(longLeg.id, positions.longInstrumentId))
    .innerJoin(shortLeg, eq(shortLeg.id, positions.shortInstrumentId))
    .where(eq(positions.userId, userId))
    .orderBy(desc(positions.createdAt), desc(positions.id));
  return rows.map((r) => ({
    id: r.id,
    mode: r.mode,
    status: r.status,
    amount: r.amount,
    long_exchange: r.longExchange,
    long_symbol: r.longSymbol,
    short_exchange: r.shortExchange,
    short_symbol: r.shortSymbol,
    created_at: r.createdAt.toISOString(),
  }));
}

/** Null when the account no longer exists. */
export async function getProfile(db: Db, userId: number): Promise<Profile | null> {
  const user = await getUserById(db, userId);
  if (!user) return null;
  const [favorites, positionList] = await Promise.all([listFavorites(db, userId), listPositionSummaries(db, userId)]);
  return { username: user.username, email: user.email, favorites, positions: positionList };
}
