import { describe, expect, it } from 'vitest';
import { VenueError } from '~/.server/market/types';
import { serveFixtures } from '~/.server/venues/test-support/fixture-server';
import { describeRestFailures } from '~/.server/venues/test-support/rest-failure-cases';
import rest from './fixtures/rest-market.json';
import { aggregateCandles, createParadexRest } from './rest';

// The fixture server: recorded bodies where the notes have them, generated klines and funding pages
// where the test needs many rows. The first path segment picks the behaviour.
const btcMarket = rest.marketsRest.response.results[0]!;
const marketsBody = {
  results: [
    btcMarket,
    { ...btcMarket, symbol: 'WIF-USD-PERP', base_currency: 'WIF', funding_period_hours: 24 },
    { ...btcMarket, symbol: 'BTC-USD-100000-C', asset_kind: 'PERP_OPTION' },
  ],
};
const summaryRow = rest.fundingRest.response.results[0]!;
const summaryBody = {
  results: [
    summaryRow,
    { ...summaryRow, symbol: 'WIF-USD-PERP', funding_rate: '0.0003' },
    { ...summaryRow, symbol: 'BTC-USD-100000-C', funding_rate: '' },
  ],
};
const fundingRow = rest.fundingDataRest.response.results[0]!;
const row = (t: number) => ({ ...fundingRow, market: 'TRUMP-USD-PERP', created_at: t });

function klines(url: URL): unknown {
  const res = Number(url.searchParams.get('resolution')) * 60_000;
  const start = Number(url.searchParams.get('start_at'));
  const end = Number(url.searchParams.get('end_at'));
  const results: number[][] = [];
  // Rows carry their hour in the prices, so aggregation can be checked; volume is USD.
  for (let t = Math.ceil(start / res) * res; t <= end; t += res) {
    const k = (t / 3_600_000) % 24;
    results.push([t, 100 + k, 110 + k, 90 + k, 105 + k, 2 * (101.25 + k)]);
  }
  return { results };
}

const server = serveFixtures(({ mode, path, url }, reply) => {
  switch (mode) {
    case 'ok':
      if (path === '/v1/markets') return reply.json(200, marketsBody);
      if (path === '/v1/markets/summary') return reply.json(200, summaryBody);
      if (path === '/v1/markets/klines') return reply.json(200, klines(url));
      if (path === '/v1/orderbook/BTC-USD-PERP') return reply.json(200, rest.bookRest.response);
      if (path === '/v1/funding/data') {
        // Newest first, two pages.
        if (url.searchParams.get('cursor') === 'page2')
          return reply.json(200, { next: null, prev: 'page1', results: [row(1000)] });
        return reply.json(200, { next: 'page2', prev: null, results: [row(3000), row(2000)] });
      }
      return reply.json(404, { error: 'NOT_FOUND', message: 'no route' });
    case 'loop':
      return reply.json(200, { next: 'same', prev: null, results: [row(Date.now())] });
    case '400':
      return reply.json(400, { error: 'INVALID_SYMBOL', message: 'market NOPE-USD-PERP not found' });
    case '429':
      return reply.json(429, { error: 'RATE_LIMIT_EXCEEDED', message: 'rate limit exceeded' }, { 'retry-after': '3' });
    case '500':
      return reply.text(502, '<html>Bad Gateway</html>', { 'content-type': 'text/html' });
    case 'garbage':
      return reply.text(200, '{"results":[{"symbol":"BTC-USD-PERP"');
    default:
      return reply.json(404, { error: 'NOT_FOUND', message: 'unknown mode' });
  }
});

// 2024-07-03 10:30:00 UTC
const NOW = Date.UTC(2024, 6, 3, 10, 30);
const client = (mode: string, timeoutMs = 2000) =>
  createParadexRest({ restUrl: server.urlFor(mode), timeoutMs, now: () => NOW });
const requestsTo = (path: string) => server.requests.filter((r) => r.path === path).map((r) => r.url);

describe('createParadexRest against a local server', () => {
  it('lists perps from /v1/markets with their funding periods', async () => {
    const instruments = await client('ok').fetchInstruments();
    expect(instruments.map((i) => [i.symbol, i.baseAsset, i.quoteAsset, i.fundingIntervalHours])).toEqual([
      ['BTC-USD-PERP', 'BTC', 'USD', 8],
      ['WIF-USD-PERP', 'WIF', 'USD', 24],
    ]);
  });

  it('reads funding of every perp from one summary call (market=ALL), periods from /v1/markets', async () => {
    const before = requestsTo('/v1/markets/summary').length;
    const snapshots = await client('ok').fetchFundingSnapshots();
    expect(snapshots.map((s) => [s.symbol, s.rate, s.intervalHours, s.nextFundingTime])).toEqual([
      ['BTC-USD-PERP', 0.00749938923192, 8, null],
      ['WIF-USD-PERP', 0.0003, 24, null],
    ]);
    expect(
      requestsTo('/v1/markets/summary')
        .slice(before)
        .map((r) => r.search),
    ).toEqual(['?market=ALL']);
  });

  it('follows `next` cursors until the limit and returns rows oldest first', async () => {
    const before = requestsTo('/v1/funding/data').length;
    const rows = await client('ok').fetchFundingHistory('TRUMP-USD-PERP', { startTime: 500, endTime: 5000, limit: 10 });
    expect(rows.map((r) => [r.fundingTime, r.rate])).toEqual([
      [1000, -0.00014969570582],
      [2000, -0.00014969570582],
      [3000, -0.00014969570582],
    ]);
    expect(
      requestsTo('/v1/funding/data')
        .slice(before)
        .map((r) => r.search),
    ).toEqual([
      '?market=TRUMP-USD-PERP&start_at=500&end_at=5000&page_size=10',
      '?market=TRUMP-USD-PERP&start_at=500&end_at=5000&page_size=8&cursor=page2',
    ]);
  });

  it('stops at the limit, and when the venue hands back a cursor it already gave', async () => {
    const before = requestsTo('/v1/funding/data').length;
    expect(await client('ok').fetchFundingHistory('TRUMP-USD-PERP', { limit: 2 })).toHaveLength(2);
    expect(requestsTo('/v1/funding/data').length - before).toBe(1);
    const looped = await client('loop').fetchFundingHistory('X-USD-PERP', { limit: 50 });
    expect(looped).toHaveLength(2);
  });

  it('fetches 1m candles in bounded windows, oldest first, exactly `limit` of them', async () => {
    const before = requestsTo('/v1/markets/klines').length;
    const candles = await client('ok').fetchCandles('BTC-USD-PERP', '1m', 1000);
    expect(candles).toHaveLength(1000);
    expect(candles.at(-1)?.t).toBe(NOW);
    expect(candles[0]?.t).toBe(NOW - 999 * 60_000);
    const calls = requestsTo('/v1/markets/klines').slice(before);
    expect(calls).toHaveLength(2);
    expect(calls.map((c) => c.searchParams.get('resolution'))).toEqual(['1', '1']);
    expect(Number(calls[1]?.searchParams.get('start_at'))).toBe(Number(calls[0]?.searchParams.get('end_at')) + 1);
  });

  it('assembles 4h candles from hourly ones in UTC-aligned buckets', async () => {
    const before = requestsTo('/v1/markets/klines').length;
    const candles = await client('ok').fetchCandles('BTC-USD-PERP', '4h', 3);
    const day = Date.UTC(2024, 6, 3);
    expect(candles.map((c) => c.t)).toEqual([day, day + 4 * 3_600_000, day + 8 * 3_600_000]);
    // Hours 0-3: open of hour 0, high of hour 3, low of hour 0, close of hour 3, four volumes of 2 units.
    expect(candles[0]).toEqual({ t: day, o: 100, h: 113, l: 90, c: 108, v: 8 });
    // The open bucket holds hours 8, 9 and 10 so far.
    expect(candles[2]).toMatchObject({ o: 108, c: 115, v: 6 });
    expect(
      requestsTo('/v1/markets/klines')
        .slice(before)
        .map((r) => r.search),
    ).toEqual([`?symbol=BTC-USD-PERP&resolution=60&start_at=${day}&end_at=${NOW}`]);
  });

  it('reads the REST order book with depth 15', async () => {
    const ev = await client('ok').fetchOrderbook('BTC-USD-PERP');
    expect(ev).toMatchObject({ kind: 'snapshot', symbol: 'BTC-USD-PERP', seq: 14139427 });
    expect(requestsTo('/v1/orderbook/BTC-USD-PERP').at(-1)?.search).toBe('?depth=15');
  });
});

describe('aggregateCandles', () => {
  it('merges consecutive candles of one bucket and starts a new one at each boundary', () => {
    const c = (t: number, o: number, h: number, l: number, cl: number, v: number) => ({ t, o, h, l, c: cl, v });
    expect(aggregateCandles([c(0, 1, 2, 0.5, 1.5, 1), c(10, 1.5, 3, 1, 2, 2), c(20, 2, 2, 2, 2, 4)], 20)).toEqual([
      c(0, 1, 3, 0.5, 2, 3),
      c(20, 2, 2, 2, 2, 4),
    ]);
  });
});

describe('createParadexRest error classification', () => {
  it('{error, message} with a 4xx → VenueError carrying the message', async () => {
    const err = await client('400')
      .fetchCandles('NOPE-USD-PERP', '1h', 10)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueError);
    expect(err).toMatchObject({ status: 400 });
    expect((err as Error).message).toContain('market NOPE-USD-PERP not found');
  });
});

describeRestFailures('createParadexRest', {
  server,
  client,
  clientAt: (restUrl, signal) => createParadexRest({ restUrl, signal }),
  rateLimited: { call: (c) => c.fetchInstruments(), retryAfterMs: 3000 },
  serverError: (c) => c.fetchFundingSnapshots(),
  garbage: { call: (c) => c.fetchInstruments() },
  refused: (c) => c.fetchInstruments(),
  timeout: { call: (c) => c.fetchFundingSnapshots(), ms: 150 },
  aborted: (c) => c.fetchInstruments(),
});
