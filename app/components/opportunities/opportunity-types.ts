// What the opportunities page receives: the API's pair (app/.server/funding/opportunities.ts
// pairJson), typed for the browser.
import type { VenueId } from '~/lib/venues';

export interface PairLeg {
  exchange: VenueId;
  symbol: string;
  multiplier: number;
  /** The ranking APR: the period average, or live while there is no history (`apr_source`). */
  apr: number | null;
  apr_source: 'hist' | 'live';
  live_apr: number | null;
  hist_apr: number | null;
  rate: number;
  interval_h: number;
  price: number | null;
  next_funding_time: string | null;
  taker_fee: number;
}

export interface PairBook {
  entry_spread_bps: number;
  exit_spread_bps: number;
  basis_bps: number;
  notional: number;
  slippage_bps: { long: number | null; short: number | null; total: number | null };
  depth_ok: boolean;
}

export interface Opportunity {
  symbol: string;
  name: string;
  image: string | null;
  long: PairLeg;
  short: PairLeg;
  spread_apr: number | null;
  live_spread_apr: number | null;
  fees_apr: number | null;
  net_apr: number | null;
  basis_bps: number | null;
  basis_source: 'book' | 'mark' | null;
  /** Cross-book figures when this server already streams both books; null otherwise. */
  book: PairBook | null;
}

export interface OpportunityPage {
  count: number;
  total_pages: number;
  current_page: number;
  results: Opportunity[];
}
