// Venue ids shared by server and browser: a lowercase string union (STYLE.md §7).
export const VENUES = ['binance', 'bybit', 'kucoin', 'bitget', 'coinex', 'paradex', 'hyperliquid'] as const;
export type VenueId = (typeof VENUES)[number];

export const VENUE_NAMES: Record<VenueId, string> = {
  binance: 'Binance',
  bybit: 'Bybit',
  kucoin: 'KuCoin',
  bitget: 'Bitget',
  coinex: 'CoinEx',
  paradex: 'Paradex',
  hyperliquid: 'Hyperliquid',
};

/** Case-insensitive lookup of a venue id ("Binance", "BYBIT" → id); null when unknown. */
export function parseVenueId(name: unknown): VenueId | null {
  if (typeof name !== 'string') return null;
  const id = name.trim().toLowerCase();
  return (VENUES as readonly string[]).includes(id) ? (id as VenueId) : null;
}
