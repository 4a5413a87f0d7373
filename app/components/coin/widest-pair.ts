import type { VenueId } from '~/lib/venues';

/**
 * The venues to be long (lowest current APR) and short (highest) for an asset right now, from fresh
 * venues only; null with fewer than two on different venues.
 */
export function widestPair(
  venues: readonly { exchange: VenueId; current_apr: number | null; stale: boolean }[],
): { long: VenueId; short: VenueId } | null {
  const fresh = venues.filter((v): v is typeof v & { current_apr: number } => !v.stale && v.current_apr !== null);
  let long: (typeof fresh)[number] | null = null;
  let short: (typeof fresh)[number] | null = null;
  for (const v of fresh) {
    if (!long || v.current_apr < long.current_apr) long = v;
    if (!short || v.current_apr > short.current_apr) short = v;
  }
  return long && short && long.exchange !== short.exchange ? { long: long.exchange, short: short.exchange } : null;
}
