import { beforeEach, describe, expect, it } from 'vitest';
import { ParseError, VenueError } from '~/.server/market/types';
import { serveFixtures } from '~/.server/venues/test-support/fixture-server';
import { describeRestFailures } from '~/.server/venues/test-support/rest-failure-cases';
import rest from './fixtures/rest-market.json';
import { createKucoinRest } from './rest';

// Recorded bodies on the fixture server; the first path segment picks the behaviour.
// The documented contract list plus a 1 h ETH contract, to check per-contract history windows.
const btcContract = rest.fundingRest.response.data[0]!;
const contractsBody = {
  code: '200000',
  data: [
    btcContract,
    { ...btcContract, symbol: 'ETHUSDTM', baseCurrency: 'ETH', multiplier: 0.01, fundingRateGranularity: 3_600_000 },
  ],
};

const server = serveFixtures(({ mode, path, method }, reply) => {
  switch (mode) {
    case 'ok':
      if (path === '/api/v1/bullet-public' && method === 'POST') return reply.json(200, rest.bulletPublic.response);
      if (path === '/api/v1/contracts/active') return reply.json(200, contractsBody);
      if (path === '/api/v1/level2/snapshot') return reply.json(200, rest.bookSnapshotReal.response);
      if (path === '/api/v1/contract/funding-rates') return reply.json(200, rest.fundingHistoryRest.response);
      if (path === '/api/v1/kline/query') return reply.json(200, rest.klineRestReal.response);
      return reply.json(404, { code: '404000', msg: 'Url Not Found' });
    case 'code':
      return reply.json(200, { code: '400100', msg: 'Parameter Error' });
    case '429':
      return reply.json(429, { code: '429000', msg: 'Too Many Requests' }, { 'retry-after': '3' });
    case '500':
      return reply.text(502, '<html>Bad Gateway</html>', { 'content-type': 'text/html' });
    case 'garbage':
      return reply.text(200, '{"code":"200000","data":[');
    default:
      return reply.json(404, { msg: 'unknown mode' });
  }
});
const requests = server.requests;

beforeEach(() => {
  requests.length = 0;
});

const NOW = Date.UTC(2025, 2, 1, 12);
const client = (mode: string, timeoutMs = 2000) =>
  createKucoinRest({ restUrl: server.urlFor(mode), timeoutMs, now: () => NOW });
const paths = () => requests.map((r) => `${r.method} ${r.url.pathname}`);

describe('createKucoinRest', () => {
  it('POSTs bullet-public and hands the body through untouched, or parsed', async () => {
    const c = client('ok');
    await expect(c.fetchBulletPublic()).resolves.toEqual(rest.bulletPublic.response);
    await expect(c.fetchBullet()).resolves.toMatchObject({
      servers: [{ endpoint: 'wss://ws-api-futures.kucoin.com/', pingIntervalMs: 18000, pingTimeoutMs: 10000 }],
    });
    expect(paths()).toEqual(['POST /api/v1/bullet-public', 'POST /api/v1/bullet-public']);
  });

  it('lists instruments and funding from one contracts/active call each, and learns the multipliers', async () => {
    const c = client('ok');
    const instruments = await c.fetchInstruments();
    expect(instruments.map((i) => [i.symbol, i.baseAsset, i.contractSize, i.fundingIntervalHours])).toEqual([
      ['XBTUSDTM', 'BTC', 0.001, 8],
      ['ETHUSDTM', 'ETH', 0.01, 1],
    ]);
    expect(c.contractSizes.get('ETHUSDTM')).toBe(0.01);
    const funding = await c.fetchFundingSnapshots();
    // 12:00:00 + 17,752,926 ms = 16:55:52.9 → 16:56.
    expect(funding[0]).toMatchObject({
      symbol: 'XBTUSDTM',
      rate: 5.2e-5,
      nextFundingTime: Date.UTC(2025, 2, 1, 16, 56),
    });
    expect(paths()).toEqual(['GET /api/v1/contracts/active', 'GET /api/v1/contracts/active']);
  });

  it('fetches a depth snapshot in base units, loading the contract table only once', async () => {
    const c = client('ok');
    const ev = await c.fetchDepthSnapshot('XBTUSDTM');
    expect(ev).toMatchObject({ kind: 'snapshot', symbol: 'XBTUSDTM', seq: 1645045405918 });
    expect(ev.bids[0]).toEqual([29640, 13.007]);
    await c.fetchDepthSnapshot('XBTUSDTM');
    expect(paths().sort()).toEqual([
      'GET /api/v1/contracts/active',
      'GET /api/v1/level2/snapshot',
      'GET /api/v1/level2/snapshot',
    ]);
    expect(requests.find((r) => r.url.pathname.endsWith('snapshot'))?.url.searchParams.get('symbol')).toBe('XBTUSDTM');
    await expect(c.fetchDepthSnapshot('NOPEUSDTM')).rejects.toThrow(ParseError);
  });

  it('asks for a funding window sized by the contract interval, newest rows kept', async () => {
    const c = client('ok');
    const rows = await c.fetchFundingHistory('XBTUSDTM', { limit: 2 });
    expect(rows.map((r) => r.fundingTime)).toEqual([1702267200000, 1702296000000]);
    const hist = requests
      .filter((r) => r.url.pathname === '/api/v1/contract/funding-rates')
      .map((r) => r.url.searchParams);
    expect(hist[0]?.get('symbol')).toBe('XBTUSDTM');
    expect(hist[0]?.get('to')).toBe(String(NOW));
    expect(hist[0]?.get('from')).toBe(String(NOW - 2 * 8 * 3_600_000));

    await c.fetchFundingHistory('ETHUSDTM');
    const eth = requests.filter((r) => r.url.pathname === '/api/v1/contract/funding-rates').at(-1)?.url.searchParams;
    // 100 settlements of a 1 h contract.
    expect(eth?.get('from')).toBe(String(NOW - 100 * 3_600_000));
  });

  it('passes a start through and keeps the first rows after it', async () => {
    const c = client('ok');
    const rows = await c.fetchFundingHistory('XBTUSDTM', {
      startTime: 1702200000000,
      endTime: 1702300000000,
      limit: 1,
    });
    expect(rows).toEqual([{ venue: 'kucoin', symbol: 'XBTUSDTM', fundingTime: 1702238400000, rate: 0.000452 }]);
    expect(requests[0]?.url.searchParams.get('from')).toBe('1702200000000');
    expect(requests[0]?.url.searchParams.get('to')).toBe('1702300000000');
    // No contract lookup is needed when the window is given.
    expect(paths()).toEqual(['GET /api/v1/contract/funding-rates']);
  });

  it('fetches candles for a window of `limit` intervals ending now, volume in base units', async () => {
    const c = client('ok');
    const candles = await c.fetchCandles('XBTUSDTM', '1h', 3);
    expect(candles).toHaveLength(3);
    expect(candles[0]).toEqual({ t: 1706630400000, o: 43375.2, h: 43514.2, l: 43219, c: 43492, v: 354.348 });
    const q = requests.find((r) => r.url.pathname === '/api/v1/kline/query')!.url.searchParams;
    expect([q.get('symbol'), q.get('granularity'), q.get('from'), q.get('to')]).toEqual([
      'XBTUSDTM',
      '60',
      String(NOW - 3 * 3_600_000),
      String(NOW),
    ]);
    await c.fetchCandles('XBTUSDTM', '1d', 10_000);
    const big = requests.filter((r) => r.url.pathname === '/api/v1/kline/query').at(-1)!.url.searchParams;
    expect(big.get('granularity')).toBe('1440');
    expect(big.get('from')).toBe(String(NOW - 500 * 86_400_000));
  });

  it('an error code on HTTP 200 is the venue refusing, yet a refused bullet body still passes through raw', async () => {
    const refused = await client('code')
      .fetchInstruments()
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(VenueError);
    expect((refused as Error).message).toMatch(/Parameter Error \(code 400100\)/);
    // The caller sees what KuCoin said.
    await expect(client('code').fetchBulletPublic()).resolves.toEqual({ code: '400100', msg: 'Parameter Error' });
  });
});

describeRestFailures('createKucoinRest', {
  server,
  client,
  clientAt: (restUrl, signal) => createKucoinRest({ restUrl, signal }),
  rateLimited: { call: (c) => c.fetchBullet(), retryAfterMs: 3000, message: /Too Many Requests \(code 429000\)/ },
  serverError: (c) => c.fetchFundingSnapshots(),
  garbage: { call: (c) => c.fetchInstruments() },
  refused: (c) => c.fetchInstruments(),
  timeout: { call: (c) => c.fetchBullet(), ms: 150 },
  aborted: (c) => c.fetchBullet(),
});
