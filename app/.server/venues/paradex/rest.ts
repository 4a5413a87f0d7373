// Paradex REST client: a thin shell of HTTP calls around the pure parsers in parse.ts.
import type {
  BookEvent,
  Candle,
  CandleInterval,
  FundingHistoryQuery,
  FundingRateRow,
  FundingSnapshot,
  Instrument,
} from '~/.server/market/types';
import { clampLimit } from '~/.server/venues/http';
import { createRestCalls, type VenueRestOptions } from '~/.server/venues/rest-calls';
import {
  PARADEX_BOOK_DEPTH,
  PARADEX_CANDLE_LIMIT_MAX,
  PARADEX_CANDLE_PLAN,
  PARADEX_DEFAULT_FUNDING_PERIOD_HOURS,
  PARADEX_FUNDING_DEFAULT_LIMIT,
  PARADEX_FUNDING_MAX_PAGES,
  PARADEX_FUNDING_PAGE_SIZE_MAX,
  PARADEX_KLINES_ROWS_PER_REQUEST,
  PARADEX_PATHS,
  PARADEX_SUMMARY_ALL,
} from './constants';
import {
  parseParadexFundingDataPage,
  parseParadexKlines,
  parseParadexMarkets,
  parseParadexOrderbook,
  parseParadexSummaries,
} from './parse';

export interface ParadexRestOptions extends VenueRestOptions {
  /** `https://api.prod.paradex.trade`, or the simulator's HTTP origin (paths carry `/v1`). */
  restUrl: string;
  /** Clock for candle windows and market opening times; injectable for tests. */
  now?: () => number;
}

export type { FundingHistoryQuery };

export interface ParadexRest {
  fetchInstruments(): Promise<Instrument[]>;
  fetchFundingSnapshots(): Promise<FundingSnapshot[]>;
  /**
   * Samples of the continuously accruing rate (per funding period), oldest first; at most `limit`
   * of them (the newest ones in the window), default 100, at most 5000.
   */
  fetchFundingHistory(symbol: string, query?: FundingHistoryQuery): Promise<FundingRateRow[]>;
  /** Oldest first; 4 h and 1 d are assembled from hourly candles (UTC-aligned buckets). */
  fetchCandles(symbol: string, interval: CandleInterval, limit: number): Promise<Candle[]>;
  /** Top 15 levels per side over REST, as a snapshot event. */
  fetchOrderbook(symbol: string, signal?: AbortSignal): Promise<BookEvent>;
}

const MINUTE_MS = 60_000;

export function createParadexRest(options: ParadexRestOptions): ParadexRest {
  const now = options.now ?? Date.now;
  const { get } = createRestCalls('paradex', options);

  const fetchInstruments = async () => parseParadexMarkets(await get(PARADEX_PATHS.markets, {}), now());

  return {
    fetchInstruments,

    async fetchFundingSnapshots() {
      // The summary has the rates of every market in one call but not their periods: those come from /v1/markets.
      const [instruments, summary] = await Promise.all([
        fetchInstruments(),
        get(PARADEX_PATHS.marketsSummary, { market: PARADEX_SUMMARY_ALL }),
      ]);
      const periods = new Map(
        instruments.map((i) => [i.symbol, i.fundingIntervalHours ?? PARADEX_DEFAULT_FUNDING_PERIOD_HOURS]),
      );
      return parseParadexSummaries(summary, periods);
    },

    async fetchFundingHistory(symbol, { startTime, endTime, limit } = {}) {
      const want = clampLimit(limit ?? PARADEX_FUNDING_DEFAULT_LIMIT, PARADEX_FUNDING_PAGE_SIZE_MAX);
      const rows: FundingRateRow[] = [];
      const seen = new Set<string>();
      let cursor: string | null = null;
      // Pages run newest first; a page may hold fewer rows than asked, so follow `next` until enough.
      for (let page = 0; page < PARADEX_FUNDING_MAX_PAGES && rows.length < want; page++) {
        const body = await get(PARADEX_PATHS.fundingData, {
          market: symbol,
          start_at: startTime,
          end_at: endTime,
          page_size: want - rows.length,
          cursor,
        });
        const parsed = parseParadexFundingDataPage(body);
        rows.push(...parsed.rows.slice(0, want - rows.length));
        // A cursor that comes back again would loop forever.
        if (parsed.next === null || parsed.rows.length === 0 || seen.has(parsed.next)) break;
        seen.add(parsed.next);
        cursor = parsed.next;
      }
      return rows.sort((a, b) => a.fundingTime - b.fundingTime);
    },

    async fetchCandles(symbol, interval, limit) {
      const { resolutionMin, perBucket } = PARADEX_CANDLE_PLAN[interval];
      const count = clampLimit(limit, PARADEX_CANDLE_LIMIT_MAX);
      const resolutionMs = resolutionMin * MINUTE_MS;
      const bucketMs = resolutionMs * perBucket;
      const endMs = now();
      const startMs = Math.floor(endMs / bucketMs) * bucketMs - (count - 1) * bucketMs;
      const chunkMs = PARADEX_KLINES_ROWS_PER_REQUEST * resolutionMs;
      const byTime = new Map<number, Candle>();
      // Windows of bounded size, one after another: polite to the venue, and no silent row cap can cut a window.
      for (let from = startMs; from <= endMs; from += chunkMs) {
        const body = await get(PARADEX_PATHS.klines, {
          symbol,
          resolution: resolutionMin,
          start_at: from,
          end_at: Math.min(from + chunkMs - 1, endMs),
        });
        for (const c of parseParadexKlines(body)) if (c.t >= startMs && c.t <= endMs) byTime.set(c.t, c);
      }
      const venueCandles = [...byTime.values()].sort((a, b) => a.t - b.t);
      const candles = perBucket === 1 ? venueCandles : aggregateCandles(venueCandles, bucketMs);
      return candles.slice(-count);
    },

    async fetchOrderbook(symbol, signal) {
      const path = `${PARADEX_PATHS.orderbook}/${encodeURIComponent(symbol)}`;
      return parseParadexOrderbook(await get(path, { depth: PARADEX_BOOK_DEPTH }, signal));
    },
  };
}

/** Candles (oldest first) merged into buckets of `bucketMs` aligned to the epoch (UTC). */
export function aggregateCandles(candles: readonly Candle[], bucketMs: number): Candle[] {
  const out: Candle[] = [];
  let cur: Candle | null = null;
  for (const c of candles) {
    const t = Math.floor(c.t / bucketMs) * bucketMs;
    if (cur && cur.t === t) {
      cur.h = Math.max(cur.h, c.h);
      cur.l = Math.min(cur.l, c.l);
      cur.c = c.c;
      cur.v += c.v;
    } else {
      cur = { t, o: c.o, h: c.h, l: c.l, c: c.c, v: c.v };
      out.push(cur);
    }
  }
  return out;
}
