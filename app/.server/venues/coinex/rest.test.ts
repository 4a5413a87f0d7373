import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetworkError, ParseError, VenueError } from '~/.server/market/types';
import rest from './fixtures/rest-market.json';
import { coinexApiRoot, createCoinexRest } from './rest';

// A real HTTP server on 127.0.0.1 serving the captured bodies; the first path segment picks the
// behaviour, so each client is pointed at `${origin}/<mode>`.
const inverse = rest.marketsRest.response.data[0]!;
// Derived from the captured (inverse) item: the linear market the funding sample describes.
const linear = { ...inverse, market: 'BTCUSDT', contract_type: 'linear', quote_ccy: 'USDT', base_ccy_precision: 4 };
const marketsBody = { ...rest.marketsRest.response, data: [inverse, linear] };
const NOW = 1715740000000; // between the captured latest (00:00) and next (08:00) funding times

let server: Server;
let origin: string;
const requests: URL[] = [];

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const [, mode, ...rest_] = url.pathname.split('/');
  const path = `/${rest_.join('/')}`;
  requests.push(new URL(`${path}${url.search}`, 'http://127.0.0.1'));
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  switch (mode) {
    case 'ok': {
      const bodies: Record<string, unknown> = {
        '/v2/futures/market': marketsBody,
        '/v2/futures/funding-rate': rest.fundingRest.response,
        '/v2/futures/ticker': rest.tickerRest.response,
        '/v2/futures/funding-rate-history': rest.fundingHistoryRest.response,
        '/v2/futures/kline': rest.klineRest.response,
        '/v2/futures/depth': rest.bookRest.response,
      };
      const body = bodies[path];
      return body ? json(200, body) : json(404, { code: 404, message: 'not found' });
    }
    case 'code':
      return json(200, { code: 4004, data: {}, message: 'Parameter error' });
    case '429':
      return json(429, { code: 4213, data: {}, message: 'The request is too frequent' }, { 'retry-after': '2' });
    case '500':
      res.writeHead(502, { 'content-type': 'text/html' });
      return void res.end('<html>Bad Gateway</html>');
    case 'garbage':
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end('{"code":0,"data":[{"market":');
    case 'hang':
      return; // never answers; closed in afterAll
    default:
      return json(404, { message: 'unknown mode' });
  }
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const client = (mode: string, timeoutMs = 2000) =>
  createCoinexRest({ restUrl: `${origin}/${mode}`, timeoutMs, now: () => NOW });
const lastRequestTo = (path: string) => requests.filter((r) => r.pathname === path).at(-1);

describe('createCoinexRest against a local server with captured bodies', () => {
  it('accepts the REST origin with or without /v2', () => {
    expect(coinexApiRoot('https://api.coinex.com')).toBe('https://api.coinex.com/v2');
    expect(coinexApiRoot('https://api.coinex.com/v2/')).toBe('https://api.coinex.com/v2');
  });

  it('lists linear perpetuals with the funding interval of each market', async () => {
    const instruments = await client('ok').fetchInstruments();
    expect(instruments).toEqual([
      {
        venue: 'coinex',
        symbol: 'BTCUSDT',
        baseAsset: 'BTC',
        quoteAsset: 'USDT',
        multiplier: 1,
        contractSize: 1,
        tickSize: 0.01,
        lotSize: 0.0001,
        fundingIntervalHours: 8,
        takerFeeRate: 0,
        makerFeeRate: 0,
        active: true,
      },
    ]);
    // All markets in one call each: no `market` filter.
    expect(lastRequestTo('/v2/futures/market')?.search).toBe('');
    expect(lastRequestTo('/v2/futures/funding-rate')?.search).toBe('');
  });

  it('reads funding of every market from one funding-rate and one ticker call', async () => {
    const before = requests.length;
    const snapshots = await client('ok').fetchFundingSnapshots();
    expect(snapshots).toEqual([
      {
        venue: 'coinex',
        symbol: 'BTCUSDT',
        rate: 0.00021074,
        intervalHours: 8,
        nextFundingTime: 1715760000000,
        markPrice: 61602.22,
        indexPrice: 62443.05,
        volume24hQuote: 180226025.69791713,
        openInterestQuote: null,
      },
    ]);
    expect(
      requests
        .slice(before)
        .map((r) => r.pathname + r.search)
        .sort(),
    ).toEqual(['/v2/futures/funding-rate', '/v2/futures/ticker']);
  });

  it('asks for funding history with CoinEx parameter names and a clamped limit', async () => {
    const rows = await client('ok').fetchFundingHistory('BTCUSDT', {
      startTime: 1715000000000,
      endTime: 1716000000000,
      limit: 5000,
    });
    expect(rows).toEqual([{ venue: 'coinex', symbol: 'BTCUSDT', fundingTime: 1715731221761, rate: 0 }]);
    expect(lastRequestTo('/v2/futures/funding-rate-history')?.search).toBe(
      '?market=BTCUSDT&start_time=1715000000000&end_time=1716000000000&limit=1000',
    );
  });

  it('fetches candles in CoinEx periods with a clamped limit', async () => {
    const candles = await client('ok').fetchCandles('BTCUSDT', '4h', 0);
    expect(candles).toEqual([{ t: 1713934620000, o: 66988.53, h: 66999.95, l: 66988.53, c: 66999.95, v: 0.1572393 }]);
    expect(lastRequestTo('/v2/futures/kline')?.search).toBe('?market=BTCUSDT&period=4hour&limit=1');
    await client('ok').fetchCandles('BTCUSDT', '1m', 5000);
    expect(lastRequestTo('/v2/futures/kline')?.search).toBe('?market=BTCUSDT&period=1min&limit=1000');
  });

  it('fetches a depth snapshot of 50 unmerged levels', async () => {
    const ev = await client('ok').fetchDepthSnapshot('BTCUSDT');
    expect(ev).toMatchObject({ kind: 'snapshot', symbol: 'BTCUSDT', checksum: 2956436260 });
    expect(lastRequestTo('/v2/futures/depth')?.search).toBe('?market=BTCUSDT&limit=50&interval=0');
  });
});

describe('createCoinexRest error classification', () => {
  it('code != 0 on HTTP 200 → VenueError with the message', async () => {
    const err = await client('code')
      .fetchCandles('NOPE', '1d', 10)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueError);
    expect((err as Error).message).toContain('Parameter error (code 4004)');
  });

  it('429 with Retry-After → VenueError carrying the wait', async () => {
    const err = await client('429')
      .fetchFundingSnapshots()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueError);
    expect(err).toMatchObject({ status: 429, retryAfterMs: 2000 });
    expect((err as Error).message).toContain('The request is too frequent (code 4213)');
  });

  it('5xx → NetworkError', async () => {
    await expect(client('500').fetchInstruments()).rejects.toBeInstanceOf(NetworkError);
  });

  it('garbage JSON → ParseError', async () => {
    await expect(client('garbage').fetchFundingHistory('BTCUSDT')).rejects.toBeInstanceOf(ParseError);
  });

  it('a refused connection → NetworkError', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(createCoinexRest({ restUrl: `http://127.0.0.1:${port}` }).fetchInstruments()).rejects.toThrow(
      NetworkError,
    );
  });

  it('a server that never answers → NetworkError after the timeout', async () => {
    const err = await client('hang', 150)
      .fetchFundingSnapshots()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toMatch(/timeout after 150 ms/);
  });
});
