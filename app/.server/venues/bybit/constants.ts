// Bybit v5 linear (USDT and USDC perpetuals): hosts, paths and limits in one place (PROTOCOLS.md §2).
import type { CandleInterval } from '~/.server/market/types';

export const BYBIT_REST_URL = 'https://api.bybit.com';
/** WS origin; the linear public stream is at `/v5/public/linear`. */
export const BYBIT_WS_URL = 'wss://stream.bybit.com';
export const BYBIT_LINEAR_STREAM_PATH = '/v5/public/linear';

export const BYBIT_PATHS = {
  instruments: '/v5/market/instruments-info',
  tickers: '/v5/market/tickers',
  fundingHistory: '/v5/market/funding/history',
  kline: '/v5/market/kline',
} as const;
export const BYBIT_CATEGORY = 'linear';

/** `orderbook.50.<SYM>`: 50 levels every 20 ms, snapshot then deltas, no REST snapshot needed. */
export const BYBIT_BOOK_TOPIC_PREFIX = 'orderbook.50.';

/** Send `{"op":"ping"}` about every 20 s; idle connections are cut after ~10 min. */
export const BYBIT_KEEPALIVE_INTERVAL_MS = 20_000;
export const BYBIT_PING_FRAME = '{"op":"ping"}';
/** The args text of all subscriptions on one public connection must stay under this. */
export const BYBIT_MAX_ARGS_CHARS_PER_CONNECTION = 21_000;
/**
 * 200 topics of `orderbook.50.` + a symbol of up to 30 characters is under 9,000 characters of
 * args text: well inside the per-connection budget above.
 */
export const BYBIT_MAX_SYMBOLS_PER_CONNECTION = 200;
/** Topics per subscribe request; futures have no per-request cap, this keeps single frames small. */
export const BYBIT_MAX_TOPICS_PER_FRAME = 50;

export const BYBIT_INSTRUMENTS_PAGE_LIMIT = 1000;
/** Stop following `nextPageCursor` after this many pages (there are ~600 linear symbols). */
export const BYBIT_INSTRUMENTS_MAX_PAGES = 20;
export const BYBIT_KLINE_LIMIT_MAX = 1000;
export const BYBIT_FUNDING_HISTORY_LIMIT_MAX = 200;
/** Used when a ticker or instrument omits its interval (captures older than the field). */
export const BYBIT_DEFAULT_FUNDING_INTERVAL_HOURS = 8;

/** Our candle intervals in Bybit's spelling (minutes, or D). */
export const BYBIT_KLINE_INTERVALS: Record<CandleInterval, string> = {
  '1m': '1',
  '5m': '5',
  '15m': '15',
  '1h': '60',
  '4h': '240',
  '1d': 'D',
};
