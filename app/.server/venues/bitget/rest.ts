// Bitget v2 USDT-futures REST client: a thin shell of HTTP calls around the pure parsers in parse.ts.
import type { FundingHistoryQuery, FundingRateRow, VenueRestClient } from '~/.server/market/types';
import { clampLimit } from '~/.server/venues/http';
import { createRestCalls, type VenueRestOptions } from '~/.server/venues/rest-calls';
import {
  BITGET_FUNDING_HISTORY_DEFAULT_LIMIT,
  BITGET_FUNDING_HISTORY_MAX_PAGES,
  BITGET_FUNDING_HISTORY_PAGE_SIZE_MAX,
  BITGET_KLINE_GRANULARITIES,
  BITGET_KLINE_LIMIT_MAX,
  BITGET_PATHS,
  BITGET_PRODUCT_TYPE,
} from './constants';
import {
  mergeBitgetFunding,
  parseBitgetCandles,
  parseBitgetContracts,
  parseBitgetCurrentFundRates,
  parseBitgetFundingHistory,
  parseBitgetTickers,
} from './parse';

export interface BitgetRestOptions extends VenueRestOptions {
  /** `https://api.bitget.com`, or the simulator's HTTP origin. */
  restUrl: string;
}

export type { FundingHistoryQuery };

export type BitgetRest = VenueRestClient;

export function createBitgetRest(options: BitgetRestOptions): BitgetRest {
  const { get } = createRestCalls('bitget', options, { query: { productType: BITGET_PRODUCT_TYPE } });

  /**
   * history-fund-rate has no time filter: it pages back from the newest settlement. Pages are
   * read until the window's start (or `limit` rows) is covered, the history ends, or the page cap.
   * With a start, the oldest `limit` rows of the window are kept; without, the newest.
   */
  const fundingHistory = async (symbol: string, query: FundingHistoryQuery): Promise<FundingRateRow[]> => {
    const { startTime, endTime } = query;
    const windowed = startTime !== undefined || endTime !== undefined;
    const limit =
      query.limit !== undefined
        ? clampLimit(query.limit, BITGET_FUNDING_HISTORY_MAX_PAGES * BITGET_FUNDING_HISTORY_PAGE_SIZE_MAX)
        : startTime !== undefined
          ? Infinity
          : BITGET_FUNDING_HISTORY_DEFAULT_LIMIT;
    // Without a window one page of exactly `limit` rows may do.
    const pageSize = windowed
      ? BITGET_FUNDING_HISTORY_PAGE_SIZE_MAX
      : clampLimit(limit, BITGET_FUNDING_HISTORY_PAGE_SIZE_MAX);
    const byTime = new Map<number, FundingRateRow>();
    let previousOldest = Infinity;
    for (let pageNo = 1; pageNo <= BITGET_FUNDING_HISTORY_MAX_PAGES; pageNo++) {
      const page = parseBitgetFundingHistory(await get(BITGET_PATHS.historyFundRate, { symbol, pageSize, pageNo }));
      for (const row of page) {
        if (
          (startTime === undefined || row.fundingTime >= startTime) &&
          (endTime === undefined || row.fundingTime <= endTime)
        ) {
          byTime.set(row.fundingTime, row);
        }
      }
      const oldest = page[0]?.fundingTime;
      const newest = page[page.length - 1]?.fundingTime;
      // The end of the history, or a venue that ignores pageNo and keeps sending the same page.
      if (page.length < pageSize || oldest === undefined || newest === undefined || newest >= previousOldest) break;
      previousOldest = oldest;
      if (startTime !== undefined ? oldest <= startTime : byTime.size >= limit) break;
    }
    const rows = [...byTime.values()].sort((a, b) => a.fundingTime - b.fundingTime);
    if (rows.length <= limit) return rows;
    return startTime !== undefined ? rows.slice(0, limit) : rows.slice(rows.length - limit);
  };

  return {
    async fetchInstruments() {
      return parseBitgetContracts(await get(BITGET_PATHS.contracts, {}));
    },

    async fetchFundingSnapshots() {
      // Both calls cover every USDT perpetual in one request each (no symbol given).
      const [rates, tickers] = await Promise.all([
        get(BITGET_PATHS.currentFundRate, {}).then(parseBitgetCurrentFundRates),
        get(BITGET_PATHS.tickers, {}).then(parseBitgetTickers),
      ]);
      return mergeBitgetFunding(rates, tickers);
    },

    fetchFundingHistory(symbol, query = {}) {
      return fundingHistory(symbol, query);
    },

    async fetchCandles(symbol, interval, limit) {
      const body = await get(BITGET_PATHS.candles, {
        symbol,
        granularity: BITGET_KLINE_GRANULARITIES[interval],
        limit: clampLimit(limit, BITGET_KLINE_LIMIT_MAX),
      });
      return parseBitgetCandles(body);
    },
  };
}
