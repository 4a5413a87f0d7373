import { describe, expect, it } from 'vitest';
import { VenueError } from '~/.server/market/types';
import { serveFixtures } from '~/.server/venues/test-support/fixture-server';
import { describeRestFailures } from '~/.server/venues/test-support/rest-failure-cases';
import rest from './fixtures/rest-market.json';
import { createBitgetRest } from './rest';

// Recorded bodies on the fixture server; the first path segment picks the behaviour.
const btcContract = rest.contractsRest.response.data[0]!;
const contracts = {
  ...rest.contractsRest.response,
  data: [
    btcContract,
    // Derived from the documented item: a 1000x memecoin on 4 h and a delivery contract.
    { ...btcContract, symbol: '1000SATSUSDT', baseCoin: '1000SATS', pricePlace: '7', fundInterval: '4' },
    { ...btcContract, symbol: 'BTCUSDT_250328', symbolType: 'delivery', deliveryTime: '1743148800000' },
  ],
};
const rateRow = rest.fundingRest.response.data[0]!;
const currentFundRates = {
  ...rest.fundingRest.response,
  data: [rateRow, { ...rateRow, symbol: '1000SATSUSDT', fundingRate: '-0.00021', fundingRateInterval: '4' }],
};
const tickerRow = rest.tickersRest.response.data[0]!;
const tickers = {
  ...rest.tickersRest.response,
  data: [
    { ...tickerRow, symbol: 'BTCUSDT', fundingRate: '0.000068', usdtVolume: '2500000000', markPrice: '87000' },
    { ...tickerRow, symbol: '1000SATSUSDT', usdtVolume: '1000', markPrice: '0.00025', holdingAmount: '4000000' },
  ],
};

// Funding history derived from the documented rows: 250 settlements 8 h apart, newest first, paged.
const HISTORY_NEWEST = Number(rest.fundingHistoryRest.response.data[0]!.fundingTime);
const EIGHT_H = 8 * 3_600_000;
const historyRow = (k: number) => ({
  symbol: 'BTCUSDT',
  fundingRate: k % 2 === 0 ? '0.0005' : '0.000013',
  fundingTime: String(HISTORY_NEWEST - k * EIGHT_H),
});
const HISTORY_ROWS = 250;

const server = serveFixtures(({ mode, path, url }, reply) => {
  const q = url.searchParams;
  switch (mode) {
    case 'ok':
    case 'samepage': {
      if (path === '/api/v2/mix/market/contracts') return reply.json(200, contracts);
      if (path === '/api/v2/mix/market/current-fund-rate') return reply.json(200, currentFundRates);
      if (path === '/api/v2/mix/market/tickers') return reply.json(200, tickers);
      if (path === '/api/v2/mix/market/candles') return reply.json(200, rest.klineRest.response);
      if (path === '/api/v2/mix/market/history-fund-rate') {
        const size = Number(q.get('pageSize') ?? 20);
        // `samepage` ignores pageNo, as a broken proxy or an API change might.
        const page = mode === 'samepage' ? 1 : Number(q.get('pageNo') ?? 1);
        const rows = [];
        for (let k = (page - 1) * size; k < Math.min(HISTORY_ROWS, page * size); k++) rows.push(historyRow(k));
        return reply.json(200, { ...rest.fundingHistoryRest.response, data: rows });
      }
      return reply.json(404, { code: '40404', msg: 'Request URL NOT FOUND' });
    }
    case 'code':
      return reply.json(200, { code: '40034', msg: 'Parameter NOPEUSDT does not exist', requestTime: 1, data: null });
    case '400':
      return reply.json(400, { code: '40034', msg: 'Parameter NOPEUSDT does not exist', requestTime: 1, data: null });
    case '429':
      return reply.json(
        429,
        { code: '429', msg: 'Too Many Requests', requestTime: 1, data: null },
        { 'retry-after': '2' },
      );
    case '500':
      return reply.text(502, '<html>Bad Gateway</html>', { 'content-type': 'text/html' });
    case 'garbage':
      return reply.text(200, '{"code":"00000","msg":"success","data":[');
    default:
      return reply.json(404, { msg: 'unknown mode' });
  }
});

const client = (mode: string, timeoutMs = 2000) => createBitgetRest({ restUrl: server.urlFor(mode), timeoutMs });
const requestsTo = (path: string) => server.requests.filter((r) => r.path === path).map((r) => r.url);

describe('createBitgetRest against a local server with recorded bodies', () => {
  it('lists USDT perpetuals in one contracts call', async () => {
    const before = requestsTo('/api/v2/mix/market/contracts').length;
    const instruments = await client('ok').fetchInstruments();
    expect(instruments.map((i) => [i.symbol, i.baseAsset, i.multiplier, i.tickSize, i.fundingIntervalHours])).toEqual([
      ['BTCUSDT', 'BTC', 1, 0.1, 8],
      ['1000SATSUSDT', 'SATS', 1000, 0.0000001, 4],
    ]);
    expect(
      requestsTo('/api/v2/mix/market/contracts')
        .slice(before)
        .map((r) => r.search),
    ).toEqual(['?productType=USDT-FUTURES']);
  });

  it('reads funding of every perp from one current-fund-rate and one tickers call', async () => {
    const beforeRates = requestsTo('/api/v2/mix/market/current-fund-rate').length;
    const beforeTickers = requestsTo('/api/v2/mix/market/tickers').length;
    const snapshots = await client('ok').fetchFundingSnapshots();
    expect(snapshots).toEqual([
      {
        venue: 'bitget',
        symbol: 'BTCUSDT',
        rate: 0.000068,
        intervalHours: 8,
        nextFundingTime: 1743062400000,
        markPrice: 87000,
        indexPrice: 29132.353333,
        volume24hQuote: 2500000000,
        openInterestQuote: 125.6844 * 87000,
      },
      {
        venue: 'bitget',
        symbol: '1000SATSUSDT',
        rate: -0.00021,
        intervalHours: 4,
        nextFundingTime: 1743062400000,
        markPrice: 0.00025,
        indexPrice: 29132.353333,
        volume24hQuote: 1000,
        openInterestQuote: 1000,
      },
    ]);
    expect(
      requestsTo('/api/v2/mix/market/current-fund-rate')
        .slice(beforeRates)
        .map((r) => r.search),
    ).toEqual(['?productType=USDT-FUTURES']);
    expect(requestsTo('/api/v2/mix/market/tickers').slice(beforeTickers)).toHaveLength(1);
  });

  it('reads the newest page of funding history, sized to the limit, oldest first', async () => {
    const rows = await client('ok').fetchFundingHistory('BTCUSDT', { limit: 3 });
    expect(rows).toEqual([
      { venue: 'bitget', symbol: 'BTCUSDT', fundingTime: HISTORY_NEWEST - 2 * EIGHT_H, rate: 0.0005 },
      { venue: 'bitget', symbol: 'BTCUSDT', fundingTime: HISTORY_NEWEST - EIGHT_H, rate: 0.000013 },
      { venue: 'bitget', symbol: 'BTCUSDT', fundingTime: HISTORY_NEWEST, rate: 0.0005 },
    ]);
    expect(requestsTo('/api/v2/mix/market/history-fund-rate').at(-1)?.search).toBe(
      '?productType=USDT-FUTURES&symbol=BTCUSDT&pageSize=3&pageNo=1',
    );
  });

  it('pages back until the start of a window and keeps only the rows inside it', async () => {
    const before = requestsTo('/api/v2/mix/market/history-fund-rate').length;
    const startTime = HISTORY_NEWEST - 150 * EIGHT_H;
    const endTime = HISTORY_NEWEST - 10 * EIGHT_H - 1;
    const rows = await client('ok').fetchFundingHistory('BTCUSDT', { startTime, endTime });
    expect(rows).toHaveLength(140); // k = 11 … 150
    expect(rows[0]?.fundingTime).toBe(startTime);
    expect(rows.at(-1)?.fundingTime).toBe(HISTORY_NEWEST - 11 * EIGHT_H);
    expect(rows.every((r, i) => i === 0 || r.fundingTime - rows[i - 1]!.fundingTime === EIGHT_H)).toBe(true);
    const calls = requestsTo('/api/v2/mix/market/history-fund-rate').slice(before);
    expect(calls.map((r) => r.searchParams.get('pageNo'))).toEqual(['1', '2']);
    expect(calls.every((r) => r.searchParams.get('pageSize') === '100')).toBe(true);
  });

  it('keeps the oldest `limit` rows of a window with a start, and stops at the end of the history', async () => {
    const rows = await client('ok').fetchFundingHistory('BTCUSDT', { startTime: 0, limit: 5 });
    expect(rows.map((r) => r.fundingTime)).toEqual([249, 248, 247, 246, 245].map((k) => HISTORY_NEWEST - k * EIGHT_H));
    const all = await client('ok').fetchFundingHistory('BTCUSDT', { startTime: 0 });
    expect(all).toHaveLength(HISTORY_ROWS);
  });

  it('stops paging when the venue keeps sending the same page', async () => {
    const before = requestsTo('/api/v2/mix/market/history-fund-rate').length;
    const rows = await client('samepage').fetchFundingHistory('BTCUSDT', { startTime: 0 });
    expect(rows).toHaveLength(100);
    expect(requestsTo('/api/v2/mix/market/history-fund-rate').length - before).toBe(2);
  });

  it('fetches candles oldest first with the Bitget granularity and a clamped limit', async () => {
    const candles = await client('ok').fetchCandles('BTCUSDT', '1h', 5000);
    expect(candles.map((c) => c.t)).toEqual([1695835800000, 1695836100000]);
    expect(requestsTo('/api/v2/mix/market/candles').at(-1)?.search).toBe(
      '?productType=USDT-FUTURES&symbol=BTCUSDT&granularity=1H&limit=1000',
    );
    await client('ok').fetchCandles('BTCUSDT', '1d', 0);
    expect(requestsTo('/api/v2/mix/market/candles').at(-1)?.searchParams.get('granularity')).toBe('1Dutc');
    expect(requestsTo('/api/v2/mix/market/candles').at(-1)?.searchParams.get('limit')).toBe('1');
  });
});

describe('createBitgetRest error classification', () => {
  it('a code other than "00000" on HTTP 200 → VenueError with msg and code', async () => {
    const err = await client('code')
      .fetchCandles('NOPEUSDT', '1m', 10)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueError);
    expect((err as Error).message).toContain('Parameter NOPEUSDT does not exist (code 40034)');
  });

  it('HTTP 400 with a Bitget body → VenueError', async () => {
    const refused = await client('400')
      .fetchFundingHistory('NOPEUSDT')
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(VenueError);
    expect(refused).toMatchObject({ status: 400 });
    expect((refused as Error).message).toContain('Parameter NOPEUSDT does not exist (code 40034)');
  });
});

describeRestFailures('createBitgetRest', {
  server,
  client,
  clientAt: (restUrl, signal) => createBitgetRest({ restUrl, signal }),
  rateLimited: { call: (c) => c.fetchInstruments(), retryAfterMs: 2000, message: 'Too Many Requests (code 429)' },
  serverError: (c) => c.fetchFundingSnapshots(),
  garbage: { call: (c) => c.fetchInstruments() },
  refused: (c) => c.fetchInstruments(),
  timeout: { call: (c) => c.fetchFundingSnapshots(), ms: 150 },
  aborted: (c) => c.fetchInstruments(),
});
