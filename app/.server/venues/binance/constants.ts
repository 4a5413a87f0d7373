// Binance USDⓈ-M futures: hosts, paths and limits in one place (PROTOCOLS.md §1).
import type { CandleInterval } from '~/.server/market/types';

export const BINANCE_REST_URL = 'https://fapi.binance.com';
/** WS origin; Binance's 2026 split puts depth on `/public` and mark price/funding on `/market`. */
export const BINANCE_WS_URL = 'wss://fstream.binance.com';
/** Combined-stream endpoints (events arrive as `{stream, data}`), subscribed to by SUBSCRIBE frames. */
export const BINANCE_PUBLIC_STREAM_PATH = '/public/stream';
export const BINANCE_MARKET_STREAM_PATH = '/market/stream';

export const BINANCE_PATHS = {
  depth: '/fapi/v1/depth',
  exchangeInfo: '/fapi/v1/exchangeInfo',
  premiumIndex: '/fapi/v1/premiumIndex',
  fundingInfo: '/fapi/v1/fundingInfo',
  fundingRate: '/fapi/v1/fundingRate',
  ticker24h: '/fapi/v1/ticker/24hr',
  klines: '/fapi/v1/klines',
} as const;

/** Diff-depth stream suffix: `btcusdt@depth@100ms`. */
export const BINANCE_DEPTH_STREAM_SUFFIX = '@depth@100ms';

/** Server pings every 3 min and drops after 10 min without a pong; a protocol ping each minute keeps us visibly alive. */
export const BINANCE_KEEPALIVE_INTERVAL_MS = 60_000;
/** Docs allow 1024 streams per connection; ccxt and nautilus_trader stay at 200. */
export const BINANCE_MAX_STREAMS_PER_CONNECTION = 200;
/** Incoming messages (SUBSCRIBE included) a connection accepts per second. */
export const BINANCE_MAX_MESSAGES_PER_SECOND = 10;
/** REST depth snapshot size (weight 20). */
export const BINANCE_SNAPSHOT_LIMIT = 1000;

/** Funding interval of every symbol not listed by `/fapi/v1/fundingInfo`. */
export const BINANCE_DEFAULT_FUNDING_INTERVAL_HOURS = 8;
export const BINANCE_KLINE_LIMIT_MAX = 1500;
export const BINANCE_FUNDING_HISTORY_LIMIT_MAX = 1000;

/** Our candle intervals in Binance's spelling (they coincide). */
export const BINANCE_KLINE_INTERVALS: Record<CandleInterval, string> = {
  '1m': '1m',
  '5m': '5m',
  '15m': '15m',
  '1h': '1h',
  '4h': '4h',
  '1d': '1d',
};
