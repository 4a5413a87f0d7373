// KuCoin Futures (classic bullet API): hosts, paths and limits in one place (PROTOCOLS.md §3).
import type { CandleInterval } from '~/.server/market/types';

export const KUCOIN_REST_URL = 'https://api-futures.kucoin.com';
/**
 * The production WS origin. The real endpoint comes from the bullet token on every connect; this
 * is only the fallback when a token names none, or an override (see `createKucoinStreamSpec`).
 */
export const KUCOIN_WS_URL = 'wss://ws-api-futures.kucoin.com';

export const KUCOIN_PATHS = {
  bulletPublic: '/api/v1/bullet-public',
  contractsActive: '/api/v1/contracts/active',
  level2Snapshot: '/api/v1/level2/snapshot',
  fundingHistory: '/api/v1/contract/funding-rates',
  kline: '/api/v1/kline/query',
} as const;

/** KuCoin's success code in the `{code, data}` envelope; anything else is the venue saying no. */
export const KUCOIN_OK_CODE = '200000';

/** Full-depth increments, one change per message: `/contractMarket/level2:XBTUSDTM,ETHUSDTM`. */
export const KUCOIN_LEVEL2_TOPIC_PREFIX = '/contractMarket/level2:';
/** `type` of perpetual contracts in `/api/v1/contracts/active` (FFICSX = dated futures). */
export const KUCOIN_PERPETUAL_TYPE = 'FFWCSX';

/** Ping period the bullet answered in the current doc example (ms); used until a bullet says otherwise. */
export const KUCOIN_DEFAULT_PING_INTERVAL_MS = 18_000;
/**
 * Longest gap between our pings, whatever the bullet says (older bullets said 50 s): pongs must keep
 * a quiet connection under the socket layer's 30 s staleness limit. Pinging early is harmless.
 */
export const KUCOIN_MAX_PING_INTERVAL_MS = 18_000;

/**
 * Topics one connection carries. KuCoin documents a per-connection topic cap of a few hundred and at
 * most 100 topics per subscribe request (limits not confirmed from a stored source, PROTOCOLS.md §3);
 * 100 symbols per connection stays inside both with room for reconnect bursts.
 */
export const KUCOIN_MAX_SYMBOLS_PER_CONNECTION = 100;
/** Symbols comma-joined into one subscribe topic; every symbol counts as a topic. */
export const KUCOIN_MAX_SYMBOLS_PER_FRAME = 100;

/** Multipliers never change for a listed contract; the list is refreshed for new listings. */
export const KUCOIN_CONTRACTS_TTL_MS = 60 * 60_000;
/** Rows `/api/v1/kline/query` returns at most per call. */
export const KUCOIN_KLINE_LIMIT_MAX = 500;
/** Funding rows asked for when the caller gives neither a start nor a limit. */
export const KUCOIN_FUNDING_HISTORY_DEFAULT_LIMIT = 100;
export const KUCOIN_FUNDING_HISTORY_LIMIT_MAX = 1000;
/** Used when a contract omits `fundingRateGranularity` (captures older than the field). */
export const KUCOIN_DEFAULT_FUNDING_INTERVAL_HOURS = 8;
/**
 * `nextFundingRateTime` is a countdown measured somewhere inside our request's round trip; settlements
 * fall on whole hours, so `receive time + countdown` is rounded to this grid.
 */
export const KUCOIN_FUNDING_TIME_GRID_MS = 60_000;

/** Our candle intervals as KuCoin's `granularity` (minutes). */
export const KUCOIN_KLINE_GRANULARITY_MIN: Record<CandleInterval, number> = {
  '1m': 1,
  '5m': 5,
  '15m': 15,
  '1h': 60,
  '4h': 240,
  '1d': 1440,
};
