import { describe, expect, it } from 'vitest';
import { VenueError } from '~/.server/market/types';
import { serveFixtures } from '~/.server/venues/test-support/fixture-server';
import { describeRestFailures } from '~/.server/venues/test-support/rest-failure-cases';
import rest from './fixtures/rest-market.json';
import { coinexApiRoot, createCoinexRest } from './rest';

// Captured bodies on the fixture server; the first path segment picks the behaviour.
const inverse = rest.marketsRest.response.data[0]!;
// Derived from the captured (inverse) item: the linear market the funding sample describes.
const linear = { ...inverse, market: 'BTCUSDT', contract_type: 'linear', quote_ccy: 'USDT', base_ccy_precision: 4 };
const marketsBody = { ...rest.marketsRest.response, data: [inverse, linear] };
const NOW = 1715740000000; // between the captured latest (00:00) and next (08:00) funding times

const okBodies: Record<string, unknown> = {
  '/v2/futures/market': marketsBody,
  '/v2/futures/funding-rate': rest.fundingRest.response,
  '/v2/futures/ticker': rest.tickerRest.response,
  '/v2/futures/funding-rate-history': rest.fundingHistoryRest.response,
  '/v2/futures/kline': rest.klineRest.response,
  '/v2/futures/depth': rest.bookRest.response,
};

const server = serveFixtures(({ mode, path }, reply) => {
  switch (mode) {
    case 'ok': {
      const body = okBodies[path];
      return body ? reply.json(200, body) : reply.json(404, { code: 404, message: 'not found' });
    }
    case 'code':
      return reply.json(200, { code: 4004, data: {}, message: 'Parameter error' });
    case '429':
      return reply.json(429, { code: 4213, data: {}, message: 'The request is too frequent' }, { 'retry-after': '2' });
    case '500':
      return reply.text(502, '<html>Bad Gateway</html>', { 'content-type': 'text/html' });
    case 'garbage':
      return reply.text(200, '{"code":0,"data":[{"market":');
    default:
      return reply.json(404, { message: 'unknown mode' });
  }
});
const requests = server.requests;

const client = (mode: string, timeoutMs = 2000) =>
  createCoinexRest({ restUrl: server.urlFor(mode), timeoutMs, now: () => NOW });
const lastRequestTo = (path: string) => requests.filter((r) => r.path === path).at(-1)?.url;

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
        // The captured settlement times put `next_*` ahead only: no prediction beyond it.
        predictedRate: null,
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
        .map((r) => r.url.pathname + r.url.search)
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
});

describeRestFailures('createCoinexRest', {
  server,
  client,
  clientAt: (restUrl, signal) => createCoinexRest({ restUrl, signal }),
  rateLimited: {
    call: (c) => c.fetchFundingSnapshots(),
    retryAfterMs: 2000,
    message: 'The request is too frequent (code 4213)',
  },
  serverError: (c) => c.fetchInstruments(),
  garbage: { call: (c) => c.fetchFundingHistory('BTCUSDT') },
  refused: (c) => c.fetchInstruments(),
  timeout: { call: (c) => c.fetchFundingSnapshots(), ms: 150 },
  aborted: (c) => c.fetchInstruments(),
});
