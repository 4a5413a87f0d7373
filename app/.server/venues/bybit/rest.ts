// Bybit v5 linear REST client: a thin shell of HTTP calls around the pure parsers in parse.ts.
import type {
  Candle,
  CandleInterval,
  FundingRateRow,
  FundingSnapshot,
  Instrument,
  FundingHistoryQuery,
} from '~/.server/market/types';
import { ParseError } from '~/.server/market/types';
import { clampLimit } from '~/.server/venues/http';
import { createRestCalls, type VenueRestOptions } from '~/.server/venues/rest-calls';
import {
  BYBIT_CATEGORY,
  BYBIT_FUNDING_HISTORY_LIMIT_MAX,
  BYBIT_INSTRUMENTS_MAX_PAGES,
  BYBIT_INSTRUMENTS_PAGE_LIMIT,
  BYBIT_KLINE_INTERVALS,
  BYBIT_KLINE_LIMIT_MAX,
  BYBIT_PATHS,
} from './constants';
import { parseBybitFundingHistory, parseBybitInstrumentsPage, parseBybitKlines, parseBybitTickers } from './parse';

export interface BybitRestOptions extends VenueRestOptions {
  /** `https://api.bybit.com`, or the simulator's HTTP origin. */
  restUrl: string;
  /** Clock for the implicit `endTime` of a history query with only a start; injectable for tests. */
  now?: () => number;
}

export type { FundingHistoryQuery };

export interface BybitRest {
  fetchInstruments(): Promise<Instrument[]>;
  fetchFundingSnapshots(): Promise<FundingSnapshot[]>;
  fetchFundingHistory(symbol: string, query?: FundingHistoryQuery): Promise<FundingRateRow[]>;
  fetchCandles(symbol: string, interval: CandleInterval, limit: number): Promise<Candle[]>;
}

export function createBybitRest(options: BybitRestOptions): BybitRest {
  const now = options.now ?? Date.now;
  const { get } = createRestCalls('bybit', options, { query: { category: BYBIT_CATEGORY } });

  return {
    async fetchInstruments() {
      const instruments: Instrument[] = [];
      const seen = new Set<string>();
      let cursor: string | null = null;
      for (let page = 0; page < BYBIT_INSTRUMENTS_MAX_PAGES; page++) {
        const body = await get(BYBIT_PATHS.instruments, { limit: BYBIT_INSTRUMENTS_PAGE_LIMIT, cursor });
        const parsed = parseBybitInstrumentsPage(body);
        instruments.push(...parsed.instruments);
        if (parsed.nextCursor === null) return instruments;
        // A cursor that comes back again would loop forever.
        if (seen.has(parsed.nextCursor)) break;
        seen.add(parsed.nextCursor);
        cursor = parsed.nextCursor;
      }
      throw new ParseError(
        'bybit',
        `instruments-info pagination did not end within ${BYBIT_INSTRUMENTS_MAX_PAGES} pages`,
      );
    },

    async fetchFundingSnapshots() {
      // One call lists every linear symbol; perps are kept, dated futures dropped.
      return parseBybitTickers(await get(BYBIT_PATHS.tickers, {}));
    },

    async fetchFundingHistory(symbol, { startTime, endTime, limit } = {}) {
      // Bybit rejects a start without an end; "from start until now" is what a start alone means.
      const end = endTime ?? (startTime !== undefined ? now() : undefined);
      const body = await get(BYBIT_PATHS.fundingHistory, {
        symbol,
        startTime,
        endTime: end,
        limit: limit === undefined ? undefined : clampLimit(limit, BYBIT_FUNDING_HISTORY_LIMIT_MAX),
      });
      return parseBybitFundingHistory(body);
    },

    async fetchCandles(symbol, interval, limit) {
      const body = await get(BYBIT_PATHS.kline, {
        symbol,
        interval: BYBIT_KLINE_INTERVALS[interval],
        limit: clampLimit(limit, BYBIT_KLINE_LIMIT_MAX),
      });
      return parseBybitKlines(body);
    },
  };
}
