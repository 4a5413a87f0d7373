import type { VenueId } from '~/lib/venues';
import type { AprMode } from './table-params';
import type { TableLeg } from './table-types';

/**
 * The APR a cell shows: the live APR in live mode; in average mode the period average, or the live
 * APR while the venue has no history for the period yet (as the API ranks it), flagged as such.
 */
export function shownApr(leg: TableLeg, mode: AprMode): { aprPct: number | null; source: 'live' | 'hist' } {
  if (mode === 'live' || leg.hist_apr === null) return { aprPct: leg.live_apr, source: 'live' };
  return { aprPct: leg.hist_apr, source: 'hist' };
}

/** The leg a venue column shows for an asset (the first, in the API's order) and how many more there are. */
export function legForVenue(legs: readonly TableLeg[], venue: VenueId): { leg: TableLeg | null; others: number } {
  const all = legs.filter((l) => l.exchange === venue);
  return { leg: all[0] ?? null, others: Math.max(0, all.length - 1) };
}

/** The key a venue cell carries for the shared tooltip. */
export const legKey = (assetSymbol: string, venue: VenueId) => `${assetSymbol}|${venue}`;
