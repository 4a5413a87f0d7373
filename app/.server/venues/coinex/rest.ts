// CoinEx v2 futures REST client: a thin shell of HTTP calls around the pure parsers in parse.ts.
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
  COINEX_BOOK_DEPTH,
  COINEX_BOOK_MERGE_INTERVAL,
  COINEX_FUNDING_HISTORY_LIMIT_MAX,
  COINEX_KLINE_LIMIT_MAX,
  COINEX_KLINE_PERIODS,
  COINEX_PATHS,
  COINEX_REST_PREFIX,
} from './constants';
import {
  parseCoinexDepthSnapshot,
  parseCoinexFundingHistory,
  parseCoinexFundingRates,
  parseCoinexInstruments,
  parseCoinexKlines,
  parseCoinexTickers,
  toCoinexFundingSnapshots,
} from './parse';

export interface CoinexRestOptions extends VenueRestOptions {
  /** `https://api.coinex.com` (a trailing `/v2` is accepted too), or the simulator's HTTP origin. */
  restUrl: string;
  /** Clock that decides which of CoinEx's two funding times is still ahead; injectable for tests. */
  now?: () => number;
}

export type { FundingHistoryQuery };

export interface CoinexRest {
  fetchInstruments(): Promise<Instrument[]>;
  fetchFundingSnapshots(): Promise<FundingSnapshot[]>;
  fetchFundingHistory(symbol: string, query?: FundingHistoryQuery): Promise<FundingRateRow[]>;
  fetchCandles(symbol: string, interval: CandleInterval, limit: number): Promise<Candle[]>;
  /** Top-`limit` book (5, 10, 20 or 50) with the checksum the stream would carry. */
  fetchDepthSnapshot(symbol: string, options?: { limit?: number; signal?: AbortSignal }): Promise<BookEvent>;
}

/** The `/v2` API root of a configured REST URL, whether or not the URL already ends in `/v2`. */
export function coinexApiRoot(restUrl: string): string {
  const base = restUrl.replace(/\/+$/, '');
  return base.endsWith(COINEX_REST_PREFIX) ? base : `${base}${COINEX_REST_PREFIX}`;
}

export function createCoinexRest(options: CoinexRestOptions): CoinexRest {
  const now = options.now ?? Date.now;
  const { get } = createRestCalls('coinex', options, { baseUrl: coinexApiRoot(options.restUrl) });

  return {
    async fetchInstruments() {
      // The market list has no funding interval; the funding-rate list implies one per market.
      const [markets, funding] = await Promise.all([get(COINEX_PATHS.markets, {}), get(COINEX_PATHS.fundingRate, {})]);
      return parseCoinexInstruments(markets, parseCoinexFundingRates(funding));
    },

    async fetchFundingSnapshots() {
      // Both lists cover every market when `market` is left out: two calls for all perpetuals.
      const [funding, tickers] = await Promise.all([get(COINEX_PATHS.fundingRate, {}), get(COINEX_PATHS.tickers, {})]);
      return toCoinexFundingSnapshots(parseCoinexFundingRates(funding), parseCoinexTickers(tickers), now());
    },

    async fetchFundingHistory(symbol, { startTime, endTime, limit } = {}) {
      const body = await get(COINEX_PATHS.fundingHistory, {
        market: symbol,
        start_time: startTime,
        end_time: endTime,
        limit: limit === undefined ? undefined : clampLimit(limit, COINEX_FUNDING_HISTORY_LIMIT_MAX),
      });
      return parseCoinexFundingHistory(body);
    },

    async fetchCandles(symbol, interval, limit) {
      const body = await get(COINEX_PATHS.kline, {
        market: symbol,
        period: COINEX_KLINE_PERIODS[interval],
        limit: clampLimit(limit, COINEX_KLINE_LIMIT_MAX),
      });
      return parseCoinexKlines(body);
    },

    async fetchDepthSnapshot(symbol, { limit = COINEX_BOOK_DEPTH, signal } = {}) {
      const body = await get(
        COINEX_PATHS.depth,
        { market: symbol, limit, interval: COINEX_BOOK_MERGE_INTERVAL },
        signal,
      );
      return parseCoinexDepthSnapshot(body);
    },
  };
}
