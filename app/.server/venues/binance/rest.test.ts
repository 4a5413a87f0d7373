import { describe, expect, it } from 'vitest';
import { NetworkError, ParseError, VenueError } from '~/.server/market/types';
import { serveFixtures } from '~/.server/venues/test-support/fixture-server';
import { describeRestFailures } from '~/.server/venues/test-support/rest-failure-cases';
import depth from './fixtures/rest-depth.json';
import exchangeInfo from './fixtures/rest-exchange-info.json';
import funding from './fixtures/rest-funding.json';
import klines from './fixtures/rest-klines.json';
import ticker from './fixtures/rest-ticker-24hr.json';
import { createBinanceRest } from './rest';

// Recorded bodies on the fixture server; the first path segment picks the behaviour (`/ok`, `/429`, ...).
const bodies: Record<string, unknown> = {
  '/fapi/v1/depth': depth.bookSnapshot.message,
  '/fapi/v1/exchangeInfo': exchangeInfo.exchangeInfo.response,
  '/fapi/v1/fundingInfo': funding.fundingInfoRest.response,
  // Second entry derived from the ccxt sample, renamed to a symbol fundingInfo lists (4 h).
  '/fapi/v1/premiumIndex': [
    funding.fundingRest.response[0],
    { ...funding.fundingRestCcxtComment.response, symbol: 'LPTUSDT' },
  ],
  '/fapi/v1/ticker/24hr': ticker.ticker24hAll.response,
  '/fapi/v1/fundingRate': funding.fundingHistoryRest.response,
  '/fapi/v1/klines': klines.klineRest.response,
};

const server = serveFixtures(({ mode, path }, reply) => {
  switch (mode) {
    case 'ok':
      return path in bodies ? reply.json(200, bodies[path]) : reply.json(404, { code: -5000, msg: 'Path not found' });
    case '429':
      return reply.json(
        429,
        { code: -1003, msg: 'Too many requests; current limit of IP is 2400 requests per minute.' },
        { 'retry-after': '7' },
      );
    case '418':
      return reply.json(
        418,
        { code: -1003, msg: 'Way too many requests; IP banned until 1700000000000.' },
        { 'retry-after': '120' },
      );
    case '400':
      return reply.json(400, { code: -1121, msg: 'Invalid symbol.' });
    case '500':
      return reply.text(500, '<html><body>Internal Server Error</body></html>', { 'content-type': 'text/html' });
    case '503':
      return reply.json(503, { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' });
    case 'garbage':
      return reply.text(200, '{"lastUpdateId":1570255790655,"bids":[["30430.80"');
    case 'shape':
      return reply.json(200, { unexpected: true });
    default:
      return reply.json(404, { msg: 'unknown mode' });
  }
});
const requests = server.requests;

const client = (mode: string, timeoutMs = 2000) => createBinanceRest({ restUrl: server.urlFor(mode), timeoutMs });
const lastRequest = (path: string) => requests.filter((r) => r.path === path).at(-1)?.url;

describe('createBinanceRest against a local server with recorded bodies', () => {
  it('fetches a depth snapshot with limit 1000', async () => {
    const ev = await client('ok').fetchDepthSnapshot('BTCUSDT');
    expect(ev).toMatchObject({ kind: 'snapshot', symbol: 'BTCUSDT', seq: 1570255790655 });
    expect(ev.bids[0]).toEqual([30430.8, 0.482]);
    expect(lastRequest('/fapi/v1/depth')?.search).toBe('?symbol=BTCUSDT&limit=1000');
  });

  it('fetches perpetual instruments joined with funding intervals', async () => {
    const instruments = await client('ok').fetchInstruments();
    expect(instruments.map((i) => [i.symbol, i.fundingIntervalHours, i.tickSize])).toEqual([['BTCUSDT', 8, 0.1]]);
    expect(lastRequest('/fapi/v1/fundingInfo')).toBeDefined();
  });

  it('fetches funding snapshots from premiumIndex + fundingInfo + ticker/24hr', async () => {
    const snapshots = await client('ok').fetchFundingSnapshots();
    expect(snapshots.map((s) => [s.symbol, s.rate, s.intervalHours, s.volume24hQuote])).toEqual([
      ['BTCUSDT', 0.00038246, 8, 15.3],
      ['LPTUSDT', 0.00063521, 4, null],
    ]);
  });

  it('skips the 24h ticker call when volume is not wanted', async () => {
    const before = requests.filter((r) => r.path === '/fapi/v1/ticker/24hr').length;
    const snapshots = await client('ok').fetchFundingSnapshots({ withVolume: false });
    expect(snapshots).toHaveLength(2);
    expect(snapshots[0]).not.toHaveProperty('volume24hQuote');
    expect(requests.filter((r) => r.path === '/fapi/v1/ticker/24hr').length).toBe(before);
  });

  it('fetches funding history with the query it was given', async () => {
    const rows = await client('ok').fetchFundingHistory('BTCUSDT', { startTime: 1621000000000, limit: 5000 });
    expect(rows).toEqual([{ venue: 'binance', symbol: 'BTCUSDT', fundingTime: 1621267200000, rate: 0.00063521 }]);
    expect(lastRequest('/fapi/v1/fundingRate')?.search).toBe('?symbol=BTCUSDT&startTime=1621000000000&limit=1000');
  });

  it('fetches candles with the Binance interval and a clamped limit', async () => {
    const candles = await client('ok').fetchCandles('BTCUSDT', '1h', 5000);
    expect(candles).toEqual([{ t: 1591478520000, o: 0.025013, h: 0.025018, l: 0.025, c: 0.025, v: 22.19 }]);
    expect(lastRequest('/fapi/v1/klines')?.search).toBe('?symbol=BTCUSDT&interval=1h&limit=1500');
  });
});

describe('createBinanceRest error classification', () => {
  it('418 (IP ban) → VenueError with Retry-After', async () => {
    const err = await client('418')
      .fetchFundingSnapshots()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueError);
    expect(err).toMatchObject({ status: 418, retryAfterMs: 120_000 });
  });

  it('400 → VenueError with the venue message and code', async () => {
    const err = await client('400')
      .fetchCandles('NOPE', '1m', 10)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueError);
    expect((err as VenueError).message).toContain('Invalid symbol. (code -1121)');
    expect((err as VenueError).retryAfterMs).toBeUndefined();
  });

  it('503 → NetworkError with the status', async () => {
    const err = await client('503')
      .fetchInstruments()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toMatch(/HTTP 503/);
  });

  it('a 200 with the wrong shape → ParseError', async () => {
    await expect(client('shape').fetchDepthSnapshot('BTCUSDT')).rejects.toBeInstanceOf(ParseError);
    await expect(client('shape').fetchFundingHistory('BTCUSDT')).rejects.toBeInstanceOf(ParseError);
  });
});

describeRestFailures('createBinanceRest', {
  server,
  client,
  clientAt: (restUrl, signal) => createBinanceRest({ restUrl, signal }),
  rateLimited: { call: (c) => c.fetchDepthSnapshot('BTCUSDT'), retryAfterMs: 7000, message: /Too many requests/ },
  serverError: (c) => c.fetchDepthSnapshot('BTCUSDT'),
  garbage: { call: (c) => c.fetchDepthSnapshot('BTCUSDT'), sample: 'lastUpdateId' },
  refused: (c) => c.fetchDepthSnapshot('BTCUSDT'),
  timeout: { call: (c) => c.fetchDepthSnapshot('BTCUSDT'), ms: 200 },
  aborted: (c) => c.fetchInstruments(),
});
