import { describe, expect, it } from 'vitest';
import { VenueError } from '~/.server/market/types';
import { serveFixtures } from '~/.server/venues/test-support/fixture-server';
import { describeRestFailures } from '~/.server/venues/test-support/rest-failure-cases';
import rest from './fixtures/rest-market.json';
import { createBybitRest } from './rest';

// Recorded bodies on the fixture server; the first path segment picks the behaviour.
const instrumentsPage1 = {
  ...rest.instrumentsInfoRest.response,
  result: { ...rest.instrumentsInfoRest.response.result, nextPageCursor: 'page2' },
};
// Derived from the documented item: a second page holding ETHUSDT, and the end of the list.
const btcItem = rest.instrumentsInfoRest.response.result.list[0]!;
const instrumentsPage2 = {
  ...rest.instrumentsInfoRest.response,
  result: {
    category: 'linear',
    list: [{ ...btcItem, symbol: 'ETHUSDT', baseCoin: 'ETH', fundingInterval: 240 }],
    nextPageCursor: '',
  },
};

const server = serveFixtures(({ mode, path, url }, reply) => {
  switch (mode) {
    case 'ok':
      if (path === '/v5/market/instruments-info') {
        return reply.json(200, url.searchParams.get('cursor') === 'page2' ? instrumentsPage2 : instrumentsPage1);
      }
      if (path === '/v5/market/tickers') return reply.json(200, rest.fundingRestLinearCcxtComment.response);
      if (path === '/v5/market/funding/history') return reply.json(200, rest.fundingHistoryRest.response);
      if (path === '/v5/market/kline') return reply.json(200, rest.klineRest.response);
      return reply.json(404, { retCode: 404, retMsg: 'not found' });
    case 'loop':
      return reply.json(200, instrumentsPage1);
    case 'retcode':
      return reply.json(200, {
        retCode: 10001,
        retMsg: 'params error: symbol invalid',
        result: {},
        retExtInfo: {},
        time: 1,
      });
    case '403':
      return reply.text(403, 'access too frequent', { 'content-type': 'text/plain' });
    case '429':
      return reply.json(429, { retCode: 10006, retMsg: 'Too many visits!' }, { 'retry-after': '3' });
    case '500':
      return reply.text(502, '<html>Bad Gateway</html>', { 'content-type': 'text/html' });
    case 'garbage':
      return reply.text(200, '{"retCode":0,"retMsg":"OK","result":{"list":[');
    default:
      return reply.json(404, { retMsg: 'unknown mode' });
  }
});

const client = (mode: string, timeoutMs = 2000) =>
  createBybitRest({ restUrl: server.urlFor(mode), timeoutMs, now: () => 1672100000000 });
const requestsTo = (path: string) => server.requests.filter((r) => r.path === path).map((r) => r.url);

describe('createBybitRest against a local server with recorded bodies', () => {
  it('follows nextPageCursor through every page of linear instruments', async () => {
    const before = requestsTo('/v5/market/instruments-info').length;
    const instruments = await client('ok').fetchInstruments();
    expect(instruments.map((i) => [i.symbol, i.fundingIntervalHours])).toEqual([
      ['BTCUSDT', 8],
      ['ETHUSDT', 4],
    ]);
    const calls = requestsTo('/v5/market/instruments-info').slice(before);
    expect(calls.map((r) => r.search)).toEqual([
      '?category=linear&limit=1000',
      '?category=linear&limit=1000&cursor=page2',
    ]);
  });

  it('stops when the venue hands back a cursor it already gave', async () => {
    await expect(client('loop').fetchInstruments()).rejects.toThrow(/pagination did not end/);
  });

  it('reads funding snapshots from one tickers call', async () => {
    const before = requestsTo('/v5/market/tickers').length;
    const snapshots = await client('ok').fetchFundingSnapshots();
    expect(snapshots).toEqual([
      {
        venue: 'bybit',
        symbol: 'BTCUSDT',
        rate: 0.0001,
        intervalHours: 8,
        nextFundingTime: 1663689600000,
        markPrice: 19255,
        indexPrice: 19260.68,
        volume24hQuote: 4686694853.047006,
        openInterestQuote: null,
      },
    ]);
    expect(
      requestsTo('/v5/market/tickers')
        .slice(before)
        .map((r) => r.search),
    ).toEqual(['?category=linear']);
  });

  it('sends an endTime with a startTime, since Bybit refuses a start alone', async () => {
    const rows = await client('ok').fetchFundingHistory('ETHPERP', { startTime: 1672000000000, limit: 500 });
    expect(rows).toEqual([{ venue: 'bybit', symbol: 'ETHPERP', fundingTime: 1672041600000, rate: 0.0001 }]);
    expect(requestsTo('/v5/market/funding/history').at(-1)?.search).toBe(
      '?category=linear&symbol=ETHPERP&startTime=1672000000000&endTime=1672100000000&limit=200',
    );
  });

  it('fetches candles oldest first with the Bybit interval and a clamped limit', async () => {
    const candles = await client('ok').fetchCandles('BTCUSDT', '4h', 0);
    expect(candles.map((c) => c.t)).toEqual([1670601600000, 1670605200000, 1670608800000]);
    expect(requestsTo('/v5/market/kline').at(-1)?.search).toBe('?category=linear&symbol=BTCUSDT&interval=240&limit=1');
  });
});

describe('createBybitRest error classification', () => {
  it('retCode != 0 on HTTP 200 → VenueError with retMsg', async () => {
    const err = await client('retcode')
      .fetchCandles('NOPE', '1d', 10)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueError);
    expect((err as Error).message).toContain('params error: symbol invalid (retCode 10001)');
  });

  it('403 "access too frequent" → VenueError', async () => {
    const forbidden = await client('403')
      .fetchFundingSnapshots()
      .catch((e: unknown) => e);
    expect(forbidden).toBeInstanceOf(VenueError);
    expect(forbidden).toMatchObject({ status: 403 });
    expect((forbidden as Error).message).toContain('access too frequent');
  });
});

describeRestFailures('createBybitRest', {
  server,
  client,
  clientAt: (restUrl, signal) => createBybitRest({ restUrl, signal }),
  rateLimited: { call: (c) => c.fetchInstruments(), retryAfterMs: 3000, message: 'Too many visits! (code 10006)' },
  serverError: (c) => c.fetchFundingSnapshots(),
  garbage: { call: (c) => c.fetchFundingSnapshots() },
  refused: (c) => c.fetchFundingSnapshots(),
  timeout: { call: (c) => c.fetchFundingSnapshots(), ms: 150 },
  aborted: (c) => c.fetchFundingSnapshots(),
});
