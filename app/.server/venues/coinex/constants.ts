// CoinEx v2 futures: hosts, paths and limits in one place (PROTOCOLS.md §5, exchange-protocols/coinex.json).
import type { CandleInterval } from '~/.server/market/types';

/** REST origin; every public futures path sits under `/v2`. */
export const COINEX_REST_URL = 'https://api.coinex.com';
export const COINEX_REST_PREFIX = '/v2';
/** WS origin; the futures stream is at `/v2/futures` and every server frame is gzip-compressed binary. */
export const COINEX_WS_URL = 'wss://socket.coinex.com';
export const COINEX_FUTURES_STREAM_PATH = '/v2/futures';

/** Paths below the `/v2` prefix. */
export const COINEX_PATHS = {
  markets: '/futures/market',
  tickers: '/futures/ticker',
  fundingRate: '/futures/funding-rate',
  fundingHistory: '/futures/funding-rate-history',
  kline: '/futures/kline',
  depth: '/futures/depth',
} as const;

/**
 * Book subscription: `[market, 50, "0", false]` = top 50 levels, no price merging, a full push
 * first and increments after it (CoinEx also re-sends a full book about once a minute).
 */
export const COINEX_BOOK_DEPTH = 50;
export const COINEX_BOOK_DEPTHS = [5, 10, 20, 50] as const;
export const COINEX_BOOK_MERGE_INTERVAL = '0';

/**
 * Keepalive: `server.ping` answered with a `pong` result. The official demo pings every 3 s and
 * the idle timeout is not documented; 15 s keeps well inside any timeout of a minute or more.
 */
export const COINEX_KEEPALIVE_INTERVAL_MS = 15_000;
/** Request id reserved for keepalive pings; (un)subscribe requests count up from 2. */
export const COINEX_PING_ID = 1;
export const COINEX_PING_FRAME = JSON.stringify({ method: 'server.ping', params: {}, id: COINEX_PING_ID });

/**
 * No per-connection market cap is documented for CoinEx; 100 books of 50 levels pushed every
 * 200 ms is a modest load for one socket, and more symbols simply open more connections.
 */
export const COINEX_MAX_SYMBOLS_PER_CONNECTION = 100;
/** Markets per `depth.subscribe` request, so no single frame grows large. */
export const COINEX_MAX_MARKETS_PER_FRAME = 50;

/** Kline rows per request: default 100, at most 1000 (docs). */
export const COINEX_KLINE_LIMIT_MAX = 1000;
/**
 * Funding-history rows per page: the docs give only the default (10); ccxt pages through this
 * endpoint 1000 rows at a time, so that is the ceiling used here.
 */
export const COINEX_FUNDING_HISTORY_LIMIT_MAX = 1000;
/**
 * Funding interval when `next_funding_time - latest_funding_time` does not give one (missing or
 * zero times). The docs say 8 h by default, shortened to 4 h / 2 h when the premium runs high.
 */
export const COINEX_DEFAULT_FUNDING_INTERVAL_HOURS = 8;

/** Our candle intervals in CoinEx's spelling. */
export const COINEX_KLINE_PERIODS: Record<CandleInterval, string> = {
  '1m': '1min',
  '5m': '5min',
  '15m': '15min',
  '1h': '1hour',
  '4h': '4hour',
  '1d': '1day',
};
