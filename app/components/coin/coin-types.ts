// What the coin page receives: the API's coin detail (app/.server/funding/coin-detail.ts), typed
// for the browser.
import type { VenueId } from '~/lib/venues';

export interface VenueSummary {
  exchange: VenueId;
  symbol: string;
  multiplier: number;
  interval_h: number | null;
  continuous: boolean;
  rate: number | null;
  current_apr: number | null;
  avg_apr_1d: number | null;
  avg_apr_7d: number | null;
  avg_apr_30d: number | null;
  price: number | null;
  next_funding_time: string | null;
  volume_24h: number | null;
  open_interest: number | null;
  taker_fee: number;
  updated_at: string | null;
  stale: boolean;
}

export interface HistoryPoint {
  /** ISO settlement time. */
  t: string;
  /** APR %. */
  v: number;
  outlier?: true;
}

export interface VenueHistory {
  exchange: VenueId;
  symbol: string;
  points: HistoryPoint[];
}
