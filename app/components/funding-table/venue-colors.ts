import type { VenueId } from '~/lib/venues';

/** One Mantine colour per venue, the same on every chart and legend. */
export const VENUE_COLORS: Record<VenueId, string> = {
  binance: 'yellow.5',
  bybit: 'orange.6',
  kucoin: 'teal.5',
  bitget: 'cyan.5',
  coinex: 'grape.5',
  paradex: 'indigo.4',
  hyperliquid: 'lime.5',
};
