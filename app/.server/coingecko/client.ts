// CoinGecko's public markets list (`GET /api/v3/coins/markets`): market cap, 24 h volume and logo
// per coin, 250 coins a page by market cap. The base URL comes from config (the simulator in demo).
import { z } from 'zod';

export const COINGECKO_MARKETS_PATH = '/api/v3/coins/markets';
export const COINGECKO_PAGE_SIZE = 250;

/** CoinGecko refused (4xx, 429 with Retry-After) or failed (5xx, network, bad body). */
export class CoingeckoError extends Error {
  name = 'CoingeckoError';
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export interface CoingeckoMarket {
  id: string;
  /** Lower case as CoinGecko spells it (btc). */
  symbol: string;
  name: string;
  image: string | null;
  marketCapUsd: number | null;
  volume24hUsd: number | null;
}

const nullableNumber = z
  .union([z.number(), z.null(), z.undefined()])
  .transform((v) => (typeof v === 'number' && Number.isFinite(v) ? v : null));

const marketsSchema = z.array(
  z
    .object({
      id: z.string().min(1),
      symbol: z.string().min(1),
      name: z.string(),
      image: z.string().nullish(),
      market_cap: nullableNumber,
      total_volume: nullableNumber,
    })
    .passthrough(),
);

/** One page (1-based) of coins by market cap, in USD. */
export async function fetchMarketsPage(
  baseUrl: string,
  page: number,
  opts: { perPage?: number; timeoutMs?: number; signal?: AbortSignal; fetch?: typeof fetch } = {},
): Promise<CoingeckoMarket[]> {
  const url = new URL(COINGECKO_MARKETS_PATH, baseUrl.replace(/\/+$/, '') + '/');
  url.search = new URLSearchParams({
    vs_currency: 'usd',
    order: 'market_cap_desc',
    per_page: String(opts.perPage ?? COINGECKO_PAGE_SIZE),
    page: String(page),
    sparkline: 'false',
  }).toString();
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? 15_000);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  let res: Response;
  let text: string;
  try {
    res = await (opts.fetch ?? fetch)(url, { signal, headers: { accept: 'application/json' } });
    text = await res.text();
  } catch (err) {
    const cause = err instanceof Error ? err.message : String(err);
    throw new CoingeckoError(`GET ${url.pathname} failed: ${timeout.aborted ? 'timed out' : cause}`, null);
  }
  if (!res.ok) {
    const retry = res.headers.get('retry-after');
    const retryAfterMs = retry && /^\d+$/.test(retry) ? Number(retry) * 1000 : undefined;
    throw new CoingeckoError(
      `GET ${url.pathname} answered HTTP ${res.status}: ${text.slice(0, 200)}`,
      res.status,
      retryAfterMs,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new CoingeckoError(`GET ${url.pathname} returned a body that is not JSON`, res.status);
  }
  const parsed = marketsSchema.safeParse(body);
  if (!parsed.success) {
    throw new CoingeckoError(
      `GET ${url.pathname} returned an unexpected shape: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      res.status,
    );
  }
  return parsed.data.map((c) => ({
    id: c.id,
    symbol: c.symbol,
    name: c.name,
    image: c.image ?? null,
    marketCapUsd: c.market_cap,
    volume24hUsd: c.total_volume,
  }));
}
