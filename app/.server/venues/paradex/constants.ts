// Paradex (perpetuals DEX on Starknet): hosts, paths, channels and limits in one place (PROTOCOLS.md §6).
import type { CandleInterval } from '~/.server/market/types';

/** REST origin; every public path starts with `/v1`. */
export const PARADEX_REST_URL = 'https://api.prod.paradex.trade';
/** WS origin; the JSON-RPC endpoint is `/v1` (paradex-py uses `wss://ws-public.api.prod.paradex.trade` for public data). */
export const PARADEX_WS_URL = 'wss://ws.api.prod.paradex.trade';
export const PARADEX_WS_PATH = '/v1';

export const PARADEX_PATHS = {
  markets: '/v1/markets',
  marketsSummary: '/v1/markets/summary',
  fundingData: '/v1/funding/data',
  klines: '/v1/markets/klines',
  /** `/v1/orderbook/{market}` */
  orderbook: '/v1/orderbook',
} as const;

/** `market=ALL` lists every market (perps, options) in one summary call. */
export const PARADEX_SUMMARY_ALL = 'ALL';

// ---- book channel: order_book.{market}.{feed}@15@{refresh}[@{price_tick}] ----

/** The only depth Paradex publishes on the book channel. */
export const PARADEX_BOOK_DEPTH = 15;
/**
 * `deltas`: one full message (`update_type "s"` / SBE SNAPSHOT) then changes, the fastest full
 * depth per Paradex's best-practice page. `snapshot`: every push is a full top-15 replacement.
 */
export type ParadexBookFeed = 'deltas' | 'snapshot';
export const PARADEX_DEFAULT_BOOK_FEED: ParadexBookFeed = 'deltas';
export type ParadexRefreshRate = '50ms' | '100ms';
export const PARADEX_DEFAULT_REFRESH_RATE: ParadexRefreshRate = '50ms';

// ---- encodings ----

/** Channel payloads as JSON-RPC text, or as binary SBE frames (control messages stay JSON either way). */
export type ParadexEncoding = 'json' | 'sbe';
/**
 * SBE: Paradex requires binary channel payloads for public data from 21 September 2026 (docs
 * introduction and binary-encoding pages); JSON stays available as the fallback for older setups.
 */
export const PARADEX_DEFAULT_ENCODING: ParadexEncoding = 'sbe';
export const PARADEX_SBE_SCHEMA_ID = 1;
/**
 * The docs recommend version 1 (paradex-py still sends 0; both have the same book layout). A
 * version the server does not serve is refused with HTTP 400 at connect, not downgraded.
 */
export const PARADEX_SBE_SCHEMA_VERSION = 1;

// ---- keepalive and limits ----

/**
 * The server pings every 55 s and wants a pong within 5 s (`ws` answers by itself); each pong
 * renews the connection for 60 s. Our own protocol ping, well inside that window, keeps idle NAT
 * paths open and costs nothing on the venue side.
 */
export const PARADEX_KEEPALIVE_INTERVAL_MS = 30_000;
/**
 * Paradex documents no channel cap per connection (only 20 new connections/s, 600/min per IP).
 * 50 books at one push per 50 ms is about 1,000 frames/s on one socket, which stays comfortable.
 */
export const PARADEX_MAX_SYMBOLS_PER_CONNECTION = 50;

// ---- REST ----

/** `funding_period_hours` is absent from captures older than January 2025; 8 h is Paradex's default. */
export const PARADEX_DEFAULT_FUNDING_PERIOD_HOURS = 8;
/** `/v1/funding/data` page_size: 1..5000, default 100. */
export const PARADEX_FUNDING_PAGE_SIZE_MAX = 5000;
export const PARADEX_FUNDING_DEFAULT_LIMIT = 100;
/** Stop following `next` cursors after this many pages. */
export const PARADEX_FUNDING_MAX_PAGES = 20;

/**
 * Our candle intervals as (venue resolution, candles of it per bucket). Klines come in minute
 * resolutions only (1, 3, 5, 15, 30, 60), so 4 h and 1 d are assembled from hourly candles.
 */
export const PARADEX_CANDLE_PLAN: Record<CandleInterval, { resolutionMin: number; perBucket: number }> = {
  '1m': { resolutionMin: 1, perBucket: 1 },
  '5m': { resolutionMin: 5, perBucket: 1 },
  '15m': { resolutionMin: 15, perBucket: 1 },
  '1h': { resolutionMin: 60, perBucket: 1 },
  '4h': { resolutionMin: 60, perBucket: 4 },
  '1d': { resolutionMin: 60, perBucket: 24 },
};
/** Most candles one `fetchCandles` call returns. */
export const PARADEX_CANDLE_LIMIT_MAX = 1000;
/**
 * Venue candles asked for per klines request. The docs give no row cap; windows of this size keep
 * each answer small and are paged through, so a silent server-side cap cannot truncate a result.
 */
export const PARADEX_KLINES_ROWS_PER_REQUEST = 500;
