// Hyperliquid perpetuals (main dex): hosts, request types and limits in one place (PROTOCOLS.md §7).
import type { CandleInterval } from '~/.server/market/types';

export const HYPERLIQUID_REST_URL = 'https://api.hyperliquid.xyz';
/** WS origin; the public stream is at `/ws`. */
export const HYPERLIQUID_WS_URL = 'wss://api.hyperliquid.xyz';
export const HYPERLIQUID_WS_PATH = '/ws';
/** Every public REST read is `POST /info` with a JSON body `{"type": ...}`. */
export const HYPERLIQUID_INFO_PATH = '/info';

export const HYPERLIQUID_INFO_TYPES = {
  metaAndAssetCtxs: 'metaAndAssetCtxs',
  fundingHistory: 'fundingHistory',
  candleSnapshot: 'candleSnapshot',
  l2Book: 'l2Book',
} as const;

/** Subscription type of the full-book channel; every push is the whole top of book. */
export const HYPERLIQUID_BOOK_SUBSCRIPTION = 'l2Book';
/** `l2Book` carries at most this many levels per side. */
export const HYPERLIQUID_BOOK_LEVELS_PER_SIDE = 20;
/** The first frame of every connection: plain text, not JSON. */
export const HYPERLIQUID_WELCOME_TEXT = 'Websocket connection established.';

/**
 * The server closes a connection after ~60 s without traffic; the official SDK pings every 50 s.
 * 30 s leaves room for a slow round trip and costs nothing against the message budget.
 */
export const HYPERLIQUID_KEEPALIVE_INTERVAL_MS = 30_000;
export const HYPERLIQUID_PING_FRAME = '{"method":"ping"}';
/**
 * Hyperliquid's caps are per IP: about 100 connections, 1000 subscriptions and 2000 client
 * messages a minute. One subscription per coin; ~200 main-dex perps fit on two or three sockets,
 * which also spreads the full-snapshot traffic (up to 40 levels per coin per block).
 */
export const HYPERLIQUID_MAX_SYMBOLS_PER_CONNECTION = 100;
export const HYPERLIQUID_MAX_SUBSCRIPTIONS_PER_IP = 1000;
export const HYPERLIQUID_MAX_CLIENT_MESSAGES_PER_MINUTE = 2000;

/** Funding settles every hour on the hour for every perp; `ctx.funding` is the hourly rate. */
export const HYPERLIQUID_FUNDING_INTERVAL_HOURS = 1;
export const HOUR_MS = 3_600_000;
/** Time-range info requests answer at most this many rows; the next page starts after the last one. */
export const HYPERLIQUID_FUNDING_HISTORY_PAGE_ROWS = 500;
/** Stop paging after this many calls (10,000 hourly rows, over a year); the caller resumes from the last row. */
export const HYPERLIQUID_FUNDING_HISTORY_MAX_PAGES = 20;
/** Only the most recent ~5000 candles of an interval are served. */
export const HYPERLIQUID_CANDLE_LIMIT_MAX = 5000;

/** Price rule for perps: 5 significant figures and at most 6 − szDecimals decimals (integers always allowed). */
export const HYPERLIQUID_PRICE_SIG_FIGS = 5;
export const HYPERLIQUID_PERP_MAX_PRICE_DECIMALS = 6;

/** Our candle intervals in Hyperliquid's spelling (they coincide), with their length. */
export const HYPERLIQUID_CANDLE_INTERVALS: Record<CandleInterval, { name: string; ms: number }> = {
  '1m': { name: '1m', ms: 60_000 },
  '5m': { name: '5m', ms: 5 * 60_000 },
  '15m': { name: '15m', ms: 15 * 60_000 },
  '1h': { name: '1h', ms: HOUR_MS },
  '4h': { name: '4h', ms: 4 * HOUR_MS },
  '1d': { name: '1d', ms: 24 * HOUR_MS },
};
