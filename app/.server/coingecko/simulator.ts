// A local stand-in for CoinGecko's public markets API, for demo mode and tests: the assets the
// venue simulators list (plus look-alikes sharing their symbols and a long tail of other coins, so
// matching and paging are exercised), with the same fault injection as the venue simulators.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Faults } from '~/.server/venues/sim/server';
import { COINGECKO_MARKETS_PATH } from './client';

export interface SimCoin {
  id: string;
  symbol: string;
  name: string;
  priceUsd: number;
  marketCapUsd: number;
  volume24hUsd: number;
}

export interface CoingeckoSimulator {
  url: string;
  faults: Faults;
  coins: readonly SimCoin[];
  requestCount(path?: string): number;
  close(): Promise<void>;
}

// id, symbol, name, price, circulating supply, 24 h volume: near the venue simulators' prices.
const MAIN: [string, string, string, number, number, number][] = [
  ['bitcoin', 'btc', 'Bitcoin', 95_000, 19.8e6, 4.2e10],
  ['ethereum', 'eth', 'Ethereum', 3_300, 120.4e6, 2.1e10],
  ['ripple', 'xrp', 'XRP', 2.3, 57.5e9, 6.5e9],
  ['solana', 'sol', 'Solana', 180, 482e6, 4.8e9],
  ['dogecoin', 'doge', 'Dogecoin', 0.17, 147e9, 2.9e9],
  ['chainlink', 'link', 'Chainlink', 20, 638e6, 8.1e8],
  ['hyperliquid', 'hype', 'Hyperliquid', 25, 334e6, 3.3e8],
  ['pepe', 'pepe', 'Pepe', 0.0000105, 420.69e12, 1.4e9],
  ['dogwifcoin', 'wif', 'dogwifhat', 1.6, 998.9e6, 5.2e8],
  ['sats-ordinals', 'sats', 'SATS (Ordinals)', 2.5e-7, 2.1e15, 6.0e7],
  // Look-alikes: smaller coins with the same tickers, which a naive symbol match would pick up.
  ['pepe-2-0', 'pepe', 'Pepe 2.0', 1.1e-8, 4.2e14, 3.0e5],
  ['wrapped-bitcoin-sim', 'btc', 'Bitcoin Sim Wrapped', 94_900, 1_200, 1.0e5],
];

const TAIL_COINS = 600;

function buildCoins(): SimCoin[] {
  const coins: SimCoin[] = MAIN.map(([id, symbol, name, price, supply, volume]) => ({
    id,
    symbol,
    name,
    priceUsd: price,
    marketCapUsd: Math.round(price * supply),
    volume24hUsd: volume,
  }));
  // A long tail with market caps from 15 bn down to 10 m, so the list spans several pages.
  for (let i = 0; i < TAIL_COINS; i++) {
    const cap = 1.5e10 * Math.pow(1e7 / 1.5e10, i / (TAIL_COINS - 1));
    coins.push({
      id: `sim-coin-${i + 1}`,
      symbol: `sim${i + 1}`,
      name: `Sim Coin ${i + 1}`,
      priceUsd: 1 + (i % 17),
      marketCapUsd: Math.round(cap),
      volume24hUsd: Math.round(cap * 0.05),
    });
  }
  return coins.sort((a, b) => b.marketCapUsd - a.marketCapUsd);
}

/** A small self-contained logo (no request leaves the machine to draw it). */
function logo(symbol: string): string {
  let h = 0;
  for (const ch of symbol) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="32" fill="hsl(${h % 360},60%,45%)"/><text x="32" y="40" font-family="sans-serif" font-size="20" fill="#fff" text-anchor="middle">${symbol.slice(0, 4).toUpperCase()}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

function marketsBody(coins: readonly SimCoin[], page: number, perPage: number) {
  const start = (page - 1) * perPage;
  const now = new Date().toISOString();
  return coins.slice(start, start + perPage).map((c, i) => ({
    id: c.id,
    symbol: c.symbol,
    name: c.name,
    image: logo(c.symbol),
    current_price: c.priceUsd,
    market_cap: c.marketCapUsd,
    market_cap_rank: start + i + 1,
    fully_diluted_valuation: null,
    total_volume: c.volume24hUsd,
    high_24h: c.priceUsd * 1.02,
    low_24h: c.priceUsd * 0.98,
    price_change_percentage_24h: 0,
    circulating_supply: c.marketCapUsd / c.priceUsd,
    last_updated: now,
  }));
}

export async function startCoingeckoSimulator(opts: { port?: number } = {}): Promise<CoingeckoSimulator> {
  const coins = buildCoins();
  const faults = new Faults({ disconnectAll: () => {} });
  const requests = new Map<string, number>();
  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.set(url.pathname, (requests.get(url.pathname) ?? 0) + 1);
    const injected = faults.takeHttpError(url.pathname);
    if (injected) {
      const headers: Record<string, string> =
        injected.status === 429 ? { 'Retry-After': String(injected.retryAfterSec) } : {};
      // CoinGecko's own throttling body.
      return send(
        res,
        injected.status,
        { status: { error_code: injected.status, error_message: http.STATUS_CODES[injected.status] ?? 'error' } },
        headers,
      );
    }
    if (req.method !== 'GET') return send(res, 405, { error: 'method not allowed' });
    if (url.pathname === '/api/v3/ping') return send(res, 200, { gecko_says: '(V3) To the Moon!' });
    if (url.pathname !== COINGECKO_MARKETS_PATH) return send(res, 404, { error: 'Not Found' });
    if (url.searchParams.get('vs_currency') !== 'usd') return send(res, 400, { error: 'invalid vs_currency' });
    const perPage = Number(url.searchParams.get('per_page') ?? 100);
    const page = Number(url.searchParams.get('page') ?? 1);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 250 || !Number.isInteger(page) || page < 1) {
      return send(res, 400, { error: 'invalid per_page or page' });
    }
    send(res, 200, marketsBody(coins, page, perPage));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    faults,
    coins,
    requestCount: (path) =>
      [...requests].reduce((n, [p, c]) => (path === undefined || p.startsWith(path) ? n + c : n), 0),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
