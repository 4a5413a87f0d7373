// Hyperliquid REST client: every read is `POST /info` with a JSON body; a thin shell of HTTP calls
// around the pure parsers in parse.ts.
import type {
  Candle,
  CandleInterval,
  FundingHistoryQuery,
  FundingRateRow,
  FundingSnapshot,
  Instrument,
} from '~/.server/market/types';
import { ParseError, VenueError } from '~/.server/market/types';
import { clampLimit } from '~/.server/venues/http';
import { createRestCalls, type VenueRestOptions } from '~/.server/venues/rest-calls';
import {
  HOUR_MS,
  HYPERLIQUID_CANDLE_INTERVALS,
  HYPERLIQUID_CANDLE_LIMIT_MAX,
  HYPERLIQUID_FUNDING_HISTORY_MAX_PAGES,
  HYPERLIQUID_FUNDING_HISTORY_PAGE_ROWS,
  HYPERLIQUID_INFO_PATH,
  HYPERLIQUID_INFO_TYPES,
} from './constants';
import {
  parseHyperliquidCandles,
  parseHyperliquidFundingHistory,
  parseHyperliquidFundingSnapshots,
  parseHyperliquidInstruments,
} from './parse';

export interface HyperliquidRestOptions extends VenueRestOptions {
  /** `https://api.hyperliquid.xyz`, or the simulator's HTTP origin. */
  restUrl: string;
  /** Clock for next funding times and history/candle windows ending now; injectable for tests. */
  now?: () => number;
}

export type { FundingHistoryQuery };

export interface HyperliquidRest {
  fetchInstruments(): Promise<Instrument[]>;
  fetchFundingSnapshots(): Promise<FundingSnapshot[]>;
  fetchFundingHistory(symbol: string, query?: FundingHistoryQuery): Promise<FundingRateRow[]>;
  fetchCandles(symbol: string, interval: CandleInterval, limit: number): Promise<Candle[]>;
}

/**
 * A 2xx body that is not JSON is either a broken transfer (truncated JSON, a proxy's HTML page:
 * ParseError, as fetchJson says) or Hyperliquid answering in prose ("Failed to deserialize ...",
 * "Internal server error"): the venue's own words, so a VenueError carrying them.
 */
function venueProse(err: unknown): unknown {
  if (!(err instanceof ParseError) || err.sample === undefined) return err;
  const text = err.sample.trim();
  return /^[A-Za-z]/.test(text) ? new VenueError('hyperliquid', 200, text) : err;
}

export function createHyperliquidRest(options: HyperliquidRestOptions): HyperliquidRest {
  const now = options.now ?? Date.now;
  const { post } = createRestCalls('hyperliquid', options);
  const info = async (body: Record<string, unknown>): Promise<unknown> => {
    try {
      return await post(HYPERLIQUID_INFO_PATH, body);
    } catch (err) {
      throw venueProse(err);
    }
  };

  /** Pages forward from `startMs`: each call answers at most 500 rows, the next starts after the last. */
  const historyPages = async (coin: string, startMs: number, endMs: number, enough: number) => {
    const rows: FundingRateRow[] = [];
    let from = startMs;
    for (let page = 0; page < HYPERLIQUID_FUNDING_HISTORY_MAX_PAGES; page++) {
      const batch = parseHyperliquidFundingHistory(
        await info({ type: HYPERLIQUID_INFO_TYPES.fundingHistory, coin, startTime: from, endTime: endMs }),
      );
      // Rows before `from` would be repeats of the previous page.
      for (const r of batch) if (r.fundingTime >= from && r.fundingTime <= endMs) rows.push(r);
      const last = batch.at(-1)?.fundingTime;
      if (batch.length < HYPERLIQUID_FUNDING_HISTORY_PAGE_ROWS || last === undefined || rows.length >= enough) break;
      // A page that does not move forward would be asked for again and again.
      if (last < from || last >= endMs) break;
      from = last + 1;
    }
    // After the last page the caller resumes from the newest row, so a cut-off is not an error.
    return rows;
  };

  return {
    async fetchInstruments() {
      return parseHyperliquidInstruments(await info({ type: HYPERLIQUID_INFO_TYPES.metaAndAssetCtxs }));
    },

    async fetchFundingSnapshots() {
      // One call carries every perp's meta and current funding, mark, oracle and open interest.
      const body = await info({ type: HYPERLIQUID_INFO_TYPES.metaAndAssetCtxs });
      return parseHyperliquidFundingSnapshots(body, now());
    },

    /**
     * With a startTime: rows from it forward (the first `limit`, or all up to endTime within 20
     * pages). Without: the newest `limit` (default 500) rows up to endTime (default now), looked
     * for in the `limit` hours before it, since funding settles hourly.
     */
    async fetchFundingHistory(symbol, { startTime, endTime, limit } = {}) {
      const end = endTime ?? now();
      const cap = limit === undefined ? undefined : Math.max(1, Math.floor(limit));
      if (startTime !== undefined) {
        const rows = await historyPages(symbol, startTime, end, cap ?? Infinity);
        return cap === undefined ? rows : rows.slice(0, cap);
      }
      const n = cap ?? HYPERLIQUID_FUNDING_HISTORY_PAGE_ROWS;
      const rows = await historyPages(symbol, end - n * HOUR_MS, end, Infinity);
      return rows.slice(-n);
    },

    /** The newest `limit` candles, the current (open) one included; Hyperliquid keeps only ~5000. */
    async fetchCandles(symbol, interval, limit) {
      const { name, ms } = HYPERLIQUID_CANDLE_INTERVALS[interval];
      const n = clampLimit(limit, HYPERLIQUID_CANDLE_LIMIT_MAX);
      const end = now();
      const start = (Math.floor(end / ms) - (n - 1)) * ms;
      const body = await info({
        type: HYPERLIQUID_INFO_TYPES.candleSnapshot,
        req: { coin: symbol, interval: name, startTime: start, endTime: end },
      });
      // A venue that also returns the bucket overlapping `start` gives one too many.
      return parseHyperliquidCandles(body).slice(-n);
    },
  };
}
