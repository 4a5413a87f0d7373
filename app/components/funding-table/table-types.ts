// What the funding table page receives from its loader: the API's row (see
// app/.server/funding/funding-table.ts tableRowJson) without the fields the page does not show, so
// a 200-row page stays small.
import type { VenueId } from '~/lib/venues';

export interface TableLeg {
  exchange: VenueId;
  symbol: string;
  multiplier: number;
  live_apr: number | null;
  hist_apr: number | null;
  rate: number;
  /** The venue's own prediction of the next rate (per interval), where it publishes one. */
  predicted_rate: number | null;
  interval_h: number;
  continuous: boolean;
  next_funding_time: string | null;
  price: number | null;
  updated_at: string;
  stale: boolean;
}

export interface TableRow {
  symbol: string;
  name: string;
  image: string | null;
  market_cap: number | null;
  /** Σ 24 h quote volume of the legs shown. */
  volume_24h: number | null;
  /** Spread over period averages (API `spread`) and over live APRs (`live_spread`). */
  spread: number | null;
  live_spread: number | null;
  best_long: VenueId | null;
  best_short: VenueId | null;
  legs: TableLeg[];
  /** Spread (max − min APR across the legs) per 8 h bucket over 7 days, oldest first. */
  spark: (number | null)[];
}

export interface TablePage {
  count: number;
  total_pages: number;
  current_page: number;
  results: TableRow[];
}
