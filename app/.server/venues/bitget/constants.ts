// Bitget v2 USDT-futures ("mix"): hosts, paths and limits in one place (PROTOCOLS.md §4).
import type { CandleInterval } from '~/.server/market/types';

export const BITGET_REST_URL = 'https://api.bitget.com';
/** WS origin; the v2 public stream is at `/v2/ws/public` (v3 `/v3/ws/public` is the unified account, not ours). */
export const BITGET_WS_URL = 'wss://ws.bitget.com';
export const BITGET_PUBLIC_STREAM_PATH = '/v2/ws/public';

export const BITGET_PATHS = {
  contracts: '/api/v2/mix/market/contracts',
  tickers: '/api/v2/mix/market/tickers',
  currentFundRate: '/api/v2/mix/market/current-fund-rate',
  historyFundRate: '/api/v2/mix/market/history-fund-rate',
  candles: '/api/v2/mix/market/candles',
} as const;

/** `productType` on REST and `instType` on WS for USDT-margined futures. */
export const BITGET_PRODUCT_TYPE = 'USDT-FUTURES';
/** The full-depth book channel: one snapshot, then incremental updates with a CRC32 over the top 25 levels. */
export const BITGET_BOOK_CHANNEL = 'books';
/** Levels per side the venue's checksum covers. */
export const BITGET_CHECKSUM_LEVELS = 25;
/** REST success code in the `{code, msg, data}` envelope. */
export const BITGET_OK_CODE = '00000';

/** Send the literal text `ping` every 30 s; the venue drops sockets without one for 2 minutes. */
export const BITGET_KEEPALIVE_INTERVAL_MS = 30_000;
export const BITGET_PING_FRAME = 'ping';
export const BITGET_PONG_FRAME = 'pong';
/** Bitget accepts at most 10 messages per second per connection (pings included). */
export const BITGET_MAX_MESSAGES_PER_SECOND = 10;
/** Docs allow 1000 channels per connection but recommend fewer than 50 for stability. */
export const BITGET_MAX_SYMBOLS_PER_CONNECTION = 40;
/** "The total length of multiple channels cannot exceed 4096 bytes" in one subscribe request. */
export const BITGET_MAX_ARGS_BYTES_PER_FRAME = 4096;

export const BITGET_KLINE_LIMIT_MAX = 1000;
export const BITGET_FUNDING_HISTORY_PAGE_SIZE_MAX = 100;
/** history-fund-rate has no time filter, only pages newest first; stop paging back after this many. */
export const BITGET_FUNDING_HISTORY_MAX_PAGES = 30;
/** Rows returned when the caller gives neither a limit nor a start. */
export const BITGET_FUNDING_HISTORY_DEFAULT_LIMIT = 100;
/**
 * Bitget's default settlement period, used only for a perp that tickers lists but current-fund-rate
 * does not (the latter names every contract's interval; the two have always matched in practice).
 */
export const BITGET_DEFAULT_FUNDING_INTERVAL_HOURS = 8;

/**
 * Our candle intervals in Bitget's spelling. Daily uses `1Dutc`: plain `1D` candles open at
 * 00:00 UTC+8, while every other venue (and our charts) align days on UTC. Up to 4H both zones
 * open on the same instants, so the plain names are used there.
 */
export const BITGET_KLINE_GRANULARITIES: Record<CandleInterval, string> = {
  '1m': '1m',
  '5m': '5m',
  '15m': '15m',
  '1h': '1H',
  '4h': '4H',
  '1d': '1Dutc',
};
