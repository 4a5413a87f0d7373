// The one place that reads process.env (STYLE.md §2): parsed and validated once at start-up.
// A bad or missing setting fails fast with every offending variable named.
import { z } from 'zod';
import { VENUES, type VenueId } from '~/lib/venues';

/** Production hosts; every one can be overridden so simulators, testnets or recorded traffic stand in. */
export const VENUE_DEFAULT_URLS: Record<VenueId, { ws: string; rest: string }> = {
  binance: { ws: 'wss://fstream.binance.com', rest: 'https://fapi.binance.com' },
  bybit: { ws: 'wss://stream.bybit.com', rest: 'https://api.bybit.com' },
  kucoin: { ws: 'wss://ws-api-futures.kucoin.com', rest: 'https://api-futures.kucoin.com' },
  bitget: { ws: 'wss://ws.bitget.com', rest: 'https://api.bitget.com' },
  coinex: { ws: 'wss://socket.coinex.com', rest: 'https://api.coinex.com' },
  paradex: { ws: 'wss://ws.api.prod.paradex.trade', rest: 'https://api.prod.paradex.trade' },
  hyperliquid: { ws: 'wss://api.hyperliquid.xyz', rest: 'https://api.hyperliquid.xyz' },
};

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const wsUrl = z
  .string()
  .url()
  .refine((u) => /^wss?:\/\//.test(u), 'must be a ws:// or wss:// URL')
  .transform((u) => u.replace(/\/+$/, ''));
const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'must be an http:// or https:// URL')
  .transform((u) => u.replace(/\/+$/, ''));

const venueUrlShape = Object.fromEntries(
  VENUES.flatMap((v) => [
    [`${v.toUpperCase()}_WS_URL`, wsUrl.default(VENUE_DEFAULT_URLS[v].ws)],
    [`${v.toUpperCase()}_REST_URL`, httpUrl.default(VENUE_DEFAULT_URLS[v].rest)],
  ]),
) as Record<string, z.ZodDefault<typeof wsUrl>>;

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: int(0, 65535).default(3000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  DATABASE_URL: z
    .string()
    .refine((u) => /^postgres(ql)?:\/\/.+/.test(u), 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_ACCESS_TTL_SEC: int(30, 86_400).default(300),
  JWT_REFRESH_TTL_SEC: int(60, 90 * 86_400).default(86_400),
  /** 32 bytes, base64 or hex: encrypts stored exchange keys and agent private keys. */
  CREDENTIALS_KEY: z
    .string()
    .refine((k) => decodeKey(k) !== null, 'must be 32 bytes as 64 hex characters or base64')
    .optional(),
  COINGECKO_URL: httpUrl.default('https://api.coingecko.com'),
  FUNDING_RETENTION_DAYS: int(1, 3650).default(90),
  WORKER_CONCURRENCY: int(1, 32).default(2),
  DEMO: bool.default('0'),
  MARKET_SYMBOLS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .refine(
      (list) => list.every((x) => /^[a-z]+:\S+$/i.test(x) && VENUES.includes(x.split(':')[0]!.toLowerCase() as VenueId)),
      'must be a comma-separated list of venue:SYMBOL (e.g. binance:BTCUSDT,bybit:ETHUSDT)',
    ),
  STREAM_STALE_MS: int(1000, 600_000).default(30_000),
  STREAM_GRACE_MS: int(0, 600_000).default(5_000),
  WS_MAX_SUBSCRIPTIONS: int(1, 1000).default(50),
  WS_MAX_UPDATES_PER_SEC: int(0, 1000).default(0),
  PARADEX_WS_ENCODING: z.enum(['sbe', 'json']).default('sbe'),
  SHUTDOWN_TIMEOUT_MS: int(1000, 60_000).default(10_000),
  TRUST_PROXY: bool.default('0'),
  ...venueUrlShape,
});

export type Env = z.infer<typeof envSchema>;

/** A 32-byte key from 64 hex characters or base64; null when it is neither. */
export function decodeKey(text: string): Buffer | null {
  const buf = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  return buf.length === 32 ? buf : null;
}

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Set: use this server. Unset: start embedded Postgres under `${dataDir}/postgres`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Unset secrets are generated once and kept in `${dataDir}/secrets.json` (0600). */
  sessionSecret: string | undefined;
  jwtSecret: string | undefined;
  jwtAccessTtlSec: number;
  jwtRefreshTtlSec: number;
  credentialsKey: Buffer | undefined;
  coingeckoUrl: string;
  fundingRetentionDays: number;
  workerConcurrency: number;
  demo: boolean;
  /** Books streamed eagerly at start (and kept), e.g. `{ venue: 'binance', symbol: 'BTCUSDT' }`. */
  marketSymbols: { venue: VenueId; symbol: string }[];
  /** A venue connection silent this long is replaced. */
  streamStaleMs: number;
  /** A book nobody holds keeps streaming this long, so a quick re-subscribe finds it warm. */
  streamGraceMs: number;
  wsMaxSubscriptions: number;
  /** Per book stream per browser client; 0 means as fast as the client reads. */
  wsMaxUpdatesPerSec: number;
  /** Paradex public channels: binary SBE (from 21 Sept 2026) or the JSON form. */
  paradexWsEncoding: 'sbe' | 'json';
  shutdownTimeoutMs: number;
  /**
   * One reverse proxy sits in front: take the client address from the last `X-Forwarded-For`
   * entry and https-ness from `X-Forwarded-Proto`. Off: both headers are ignored (spoofable).
   */
  trustProxy: boolean;
  venues: Record<VenueId, { wsUrl: string; restUrl: string }>;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Parse an environment (defaults to process.env). Throws ConfigError naming every bad variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): AppConfig {
  // Empty strings mean "unset", as in most shells' `VAR= cmd`.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  const e = parsed.data as Env & Record<string, string>;
  const venues = Object.fromEntries(
    VENUES.map((v) => [v, { wsUrl: e[`${v.toUpperCase()}_WS_URL`]!, restUrl: e[`${v.toUpperCase()}_REST_URL`]! }]),
  ) as AppConfig['venues'];
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    sessionSecret: e.SESSION_SECRET,
    jwtSecret: e.JWT_SECRET,
    jwtAccessTtlSec: e.JWT_ACCESS_TTL_SEC,
    jwtRefreshTtlSec: e.JWT_REFRESH_TTL_SEC,
    credentialsKey: e.CREDENTIALS_KEY ? decodeKey(e.CREDENTIALS_KEY)! : undefined,
    coingeckoUrl: e.COINGECKO_URL,
    fundingRetentionDays: e.FUNDING_RETENTION_DAYS,
    workerConcurrency: e.WORKER_CONCURRENCY,
    demo: e.DEMO,
    marketSymbols: e.MARKET_SYMBOLS.map((x) => {
      const [venue, ...rest] = x.split(':');
      return { venue: venue!.toLowerCase() as VenueId, symbol: rest.join(':') };
    }),
    streamStaleMs: e.STREAM_STALE_MS,
    streamGraceMs: e.STREAM_GRACE_MS,
    wsMaxSubscriptions: e.WS_MAX_SUBSCRIPTIONS,
    wsMaxUpdatesPerSec: e.WS_MAX_UPDATES_PER_SEC,
    paradexWsEncoding: e.PARADEX_WS_ENCODING,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    trustProxy: e.TRUST_PROXY,
    venues,
  };
}

/** Every variable the app reads, for README and `--help`-style listings. */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape);
