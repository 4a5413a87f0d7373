// Binance USDⓈ-M REST client: a thin shell of HTTP calls around the pure parsers in parse.ts.
import type {
  BookEvent,
  Candle,
  CandleInterval,
  FundingRateRow,
  FundingSnapshot,
  Instrument,
  FundingHistoryQuery,
} from '~/.server/market/types';
import { clampLimit } from '~/.server/venues/http';
import { createRestCalls, type VenueRestOptions } from '~/.server/venues/rest-calls';
import {
  BINANCE_FUNDING_HISTORY_LIMIT_MAX,
  BINANCE_KLINE_INTERVALS,
  BINANCE_KLINE_LIMIT_MAX,
  BINANCE_PATHS,
  BINANCE_SNAPSHOT_LIMIT,
} from './constants';
import {
  parseBinanceDepthSnapshot,
  parseBinanceExchangeInfo,
  parseBinanceFundingHistory,
  parseBinanceFundingInfo,
  parseBinanceKlines,
  parseBinancePremiumIndex,
  parseBinanceTicker24h,
} from './parse';

export interface BinanceRestOptions extends VenueRestOptions {
  /** `https://fapi.binance.com`, or the simulator's HTTP origin. */
  restUrl: string;
}

export type { FundingHistoryQuery };

export interface BinanceFundingSnapshotOptions {
  /** Add 24 h quote volume from `/fapi/v1/ticker/24hr` (weight 40 for all symbols). Default true. */
  withVolume?: boolean;
}

export interface BinanceRest {
  fetchDepthSnapshot(symbol: string, signal?: AbortSignal): Promise<BookEvent>;
  fetchInstruments(): Promise<Instrument[]>;
  fetchFundingSnapshots(options?: BinanceFundingSnapshotOptions): Promise<FundingSnapshot[]>;
  fetchFundingHistory(symbol: string, query?: FundingHistoryQuery): Promise<FundingRateRow[]>;
  fetchCandles(symbol: string, interval: CandleInterval, limit: number): Promise<Candle[]>;
}

export function createBinanceRest(options: BinanceRestOptions): BinanceRest {
  const { get } = createRestCalls('binance', options);

  // Only symbols whose interval was changed are listed; everything else is 8 h.
  const fundingIntervals = async () => parseBinanceFundingInfo(await get(BINANCE_PATHS.fundingInfo));

  return {
    async fetchDepthSnapshot(symbol, signal) {
      const body = await get(BINANCE_PATHS.depth, { symbol, limit: BINANCE_SNAPSHOT_LIMIT }, signal);
      return parseBinanceDepthSnapshot(symbol, body);
    },

    async fetchInstruments() {
      const [info, intervals] = await Promise.all([get(BINANCE_PATHS.exchangeInfo), fundingIntervals()]);
      return parseBinanceExchangeInfo(info, intervals);
    },

    async fetchFundingSnapshots({ withVolume = true } = {}) {
      const [premium, intervals, tickers] = await Promise.all([
        get(BINANCE_PATHS.premiumIndex),
        fundingIntervals(),
        withVolume ? get(BINANCE_PATHS.ticker24h) : Promise.resolve(undefined),
      ]);
      return parseBinancePremiumIndex(
        premium,
        intervals,
        tickers === undefined ? undefined : parseBinanceTicker24h(tickers),
      );
    },

    async fetchFundingHistory(symbol, { startTime, endTime, limit } = {}) {
      const body = await get(BINANCE_PATHS.fundingRate, {
        symbol,
        startTime,
        endTime,
        limit: limit === undefined ? undefined : clampLimit(limit, BINANCE_FUNDING_HISTORY_LIMIT_MAX),
      });
      return parseBinanceFundingHistory(body);
    },

    async fetchCandles(symbol, interval, limit) {
      const body = await get(BINANCE_PATHS.klines, {
        symbol,
        interval: BINANCE_KLINE_INTERVALS[interval],
        limit: clampLimit(limit, BINANCE_KLINE_LIMIT_MAX),
      });
      return parseBinanceKlines(body);
    },
  };
}
