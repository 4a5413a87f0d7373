import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetworkError, ParseError, VenueError } from '~/.server/market/types';
import rest from './fixtures/rest-market.json';
import { createBybitRest } from './rest';

// A real HTTP server on 127.0.0.1 serving recorded bodies; the first path segment picks the
// behaviour, so each client is pointed at `${origin}/<mode>`.
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
    case 'ok':
      if (path === '/v5/market/instruments-info') {
        return json(200, url.searchParams.get('cursor') === 'page2' ? instrumentsPage2 : instrumentsPage1);
      }
      if (path === '/v5/market/tickers') return json(200, rest.fundingRestLinearCcxtComment.response);
      if (path === '/v5/market/funding/history') return json(200, rest.fundingHistoryRest.response);
      if (path === '/v5/market/kline') return json(200, rest.klineRest.response);
      return json(404, { retCode: 404, retMsg: 'not found' });
    case 'loop':
      return json(200, instrumentsPage1);
    case 'retcode':
      return json(200, { retCode: 10001, retMsg: 'params error: symbol invalid', result: {}, retExtInfo: {}, time: 1 });
    case '403':
      res.writeHead(403, { 'content-type': 'text/plain' });
      return void res.end('access too frequent');
    case '429':
      return json(429, { retCode: 10006, retMsg: 'Too many visits!' }, { 'retry-after': '3' });
    case '500':
      res.writeHead(502, { 'content-type': 'text/html' });
      return void res.end('<html>Bad Gateway</html>');
    case 'garbage':
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end('{"retCode":0,"retMsg":"OK","result":{"list":[');
    case 'hang':
      return; // never answers; closed in afterAll
    default:
      return json(404, { retMsg: 'unknown mode' });
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
  createBybitRest({ restUrl: `${origin}/${mode}`, timeoutMs, now: () => 1672100000000 });
const requestsTo = (path: string) => requests.filter((r) => r.pathname === path);

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

  it('403 "access too frequent" and 429 with Retry-After → VenueError', async () => {
    const forbidden = await client('403')
      .fetchFundingSnapshots()
      .catch((e: unknown) => e);
    expect(forbidden).toBeInstanceOf(VenueError);
    expect(forbidden).toMatchObject({ status: 403 });
    expect((forbidden as Error).message).toContain('access too frequent');
    const limited = await client('429')
      .fetchInstruments()
      .catch((e: unknown) => e);
    expect(limited).toMatchObject({ status: 429, retryAfterMs: 3000 });
    expect((limited as Error).message).toContain('Too many visits! (code 10006)');
  });

  it('5xx → NetworkError', async () => {
    await expect(client('500').fetchFundingSnapshots()).rejects.toBeInstanceOf(NetworkError);
  });

  it('garbage JSON → ParseError', async () => {
    await expect(client('garbage').fetchFundingSnapshots()).rejects.toBeInstanceOf(ParseError);
  });

  it('a refused connection → NetworkError', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(createBybitRest({ restUrl: `http://127.0.0.1:${port}` }).fetchFundingSnapshots()).rejects.toThrow(
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
