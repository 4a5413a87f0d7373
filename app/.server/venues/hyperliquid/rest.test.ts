import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetworkError, ParseError, VenueError } from '~/.server/market/types';
import rest from './fixtures/rest-info.json';
import { createHyperliquidRest } from './rest';

// A real HTTP server on 127.0.0.1 answering POST /info with recorded bodies; the first path segment
// picks the behaviour, so each client is pointed at `${origin}/<mode>`.
const HOUR_MS = 3_600_000;
const NOW = Date.UTC(2026, 9, 6, 10, 30, 15);

// Derived from the recorded answers: the 2026 BTC capture plus the recorded SOL context and a kPEPE entry.
type MetaAndCtxs = [{ universe: unknown[] }, Array<Record<string, unknown>>];
const [btcMeta, btcCtxs] = rest.fundingRestReal2026.response as unknown as MetaAndCtxs;
const [solMeta, solCtxs] = rest.fundingRest.response as unknown as MetaAndCtxs;
const metaAndAssetCtxs = [
  {
    ...btcMeta,
    universe: [...btcMeta.universe, ...solMeta.universe, { szDecimals: 0, name: 'kPEPE', maxLeverage: 10 }],
  },
  [...btcCtxs, ...solCtxs, { ...solCtxs[0], funding: '0.00003', markPx: '0.010523', oraclePx: '0.01052' }],
];

/** A paging fundingHistory in the recorded row shape: hourly rows a few ms after the hour, at most 500 per call. */
function hourlyHistory(coin: string, startMs: number, endMs: number): unknown[] {
  const rows: unknown[] = [];
  for (let h = Math.ceil((startMs - 48) / HOUR_MS) * HOUR_MS; h + 48 <= endMs && rows.length < 500; h += HOUR_MS) {
    if (h + 48 >= startMs)
      rows.push({
        coin,
        fundingRate: String((h / HOUR_MS) % 7 === 0 ? -0.00002 : 0.0000125),
        premium: '0.0',
        time: h + 48,
      });
  }
  return rows;
}

let server: Server;
let origin: string;
const requests: Array<{ mode: string; path: string; method: string; body: Record<string, unknown> }> = [];

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const [, mode = '', ...rest_] = url.pathname.split('/');
  const body = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
  requests.push({ mode, path: `/${rest_.join('/')}`, method: req.method ?? '', body });
  const send = (status: number, text: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(text);
  };
  const json = (value: unknown) => send(200, JSON.stringify(value));
  switch (mode) {
    case 'ok':
      if (body.type === 'metaAndAssetCtxs') return json(metaAndAssetCtxs);
      if (body.type === 'fundingHistory') return json(rest.fundingHistoryRest.response);
      if (body.type === 'candleSnapshot') return json(rest.klineRest.response);
      return send(422, 'Failed to deserialize the JSON body into the target type: unknown variant');
    case 'pages':
      return json(hourlyHistory(String(body.coin), Number(body.startTime), Number(body.endTime)));
    case 'stuck':
      // Always the same full page, whatever the startTime.
      return json(hourlyHistory(String(body.coin), 0, 500 * HOUR_MS));
    case '429':
      return send(429, 'null', { 'retry-after': '2' });
    case '422':
      res.writeHead(422, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end(
        'Failed to deserialize the JSON body into the target type: missing field `coin` at line 1 column 27',
      );
    case 'prose':
      return send(200, 'Internal server error: try again later');
    case 'null':
      return send(200, 'null');
    case '500':
      return send(502, '<html>Bad Gateway</html>', { 'content-type': 'text/html' });
    case 'garbage':
      return send(200, '[{"universe":[{"szDecimals":5,"name":"BTC"');
    case 'html':
      return send(200, '<html><body>captive portal</body></html>', { 'content-type': 'text/html' });
    case 'hang':
      return; // never answers; closed in afterAll
    default:
      return send(404, 'unknown mode');
  }
}

beforeAll(async () => {
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const client = (mode: string, timeoutMs = 2000) =>
  createHyperliquidRest({ restUrl: `${origin}/${mode}`, timeoutMs, now: () => NOW });
const bodiesOf = (mode: string) => requests.filter((r) => r.mode === mode).map((r) => r.body);

describe('createHyperliquidRest against a local server with recorded bodies', () => {
  it('POSTs {"type":"metaAndAssetCtxs"} to /info once for instruments', async () => {
    const before = requests.length;
    const instruments = await client('ok').fetchInstruments();
    expect(instruments.map((i) => [i.symbol, i.baseAsset, i.multiplier, i.tickSize, i.lotSize])).toEqual([
      ['BTC', 'BTC', 1, 1, 0.00001],
      ['SOL', 'SOL', 1, 0.01, 0.01],
      ['kPEPE', 'PEPE', 1000, 0.000001, 1],
    ]);
    expect(requests.slice(before)).toEqual([
      { mode: 'ok', path: '/info', method: 'POST', body: { type: 'metaAndAssetCtxs' } },
    ]);
  });

  it('reads every perp funding from the same single call, due at the next full hour', async () => {
    const before = requests.length;
    const snapshots = await client('ok').fetchFundingSnapshots();
    expect(requests.length - before).toBe(1);
    expect(snapshots.map((s) => [s.symbol, s.rate, s.intervalHours, s.nextFundingTime])).toEqual([
      ['BTC', 0.0000125, 1, Date.UTC(2026, 9, 6, 11)],
      ['SOL', 0.0000198, 1, Date.UTC(2026, 9, 6, 11)],
      ['kPEPE', 0.00003, 1, Date.UTC(2026, 9, 6, 11)],
    ]);
  });

  it('asks fundingHistory from startTime to endTime and returns rows oldest first', async () => {
    const rows = await client('ok').fetchFundingHistory('BTC', { startTime: 1681923833000, endTime: 1684000000000 });
    expect(rows.map((r) => r.fundingTime)).toEqual([1683849600048, 1683878400388, 1683907200253]);
    expect(bodiesOf('ok').at(-1)).toEqual({
      type: 'fundingHistory',
      coin: 'BTC',
      startTime: 1681923833000,
      endTime: 1684000000000,
    });
  });

  it('pages past 500 rows, each page starting just after the last row', async () => {
    const start = NOW - 1200 * HOUR_MS;
    const before = bodiesOf('pages').length;
    const rows = await client('pages').fetchFundingHistory('ETH', { startTime: start });
    const calls = bodiesOf('pages').slice(before);
    expect(calls.map((b) => b.startTime)).toEqual([
      start,
      Math.ceil(start / HOUR_MS) * HOUR_MS + 499 * HOUR_MS + 48 + 1,
      Math.ceil(start / HOUR_MS) * HOUR_MS + 999 * HOUR_MS + 48 + 1,
    ]);
    expect(calls.every((b) => b.endTime === NOW && b.coin === 'ETH')).toBe(true);
    expect(rows).toHaveLength(1200);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.fundingTime - rows[i - 1]!.fundingTime).toBe(HOUR_MS);
    expect(rows[0]).toMatchObject({ venue: 'hyperliquid', symbol: 'ETH' });
  });

  it('stops paging once the limit is reached, and keeps the first rows', async () => {
    const start = NOW - 1200 * HOUR_MS;
    const before = bodiesOf('pages').length;
    const rows = await client('pages').fetchFundingHistory('ETH', { startTime: start, limit: 600 });
    expect(bodiesOf('pages').length - before).toBe(2);
    expect(rows).toHaveLength(600);
    expect(rows[0]!.fundingTime).toBeGreaterThanOrEqual(start);
  });

  it('without a start returns the newest `limit` rows, looked for in the hours before endTime', async () => {
    const rows = await client('pages').fetchFundingHistory('SOL', { limit: 24 });
    expect(bodiesOf('pages').at(-1)).toMatchObject({ startTime: NOW - 24 * HOUR_MS, endTime: NOW });
    expect(rows).toHaveLength(24);
    expect(rows.at(-1)!.fundingTime).toBe(Math.floor(NOW / HOUR_MS) * HOUR_MS + 48);
  });

  it('does not loop on a venue that keeps answering the same full page', async () => {
    const before = bodiesOf('stuck').length;
    const rows = await client('stuck').fetchFundingHistory('BTC', {
      startTime: 600 * HOUR_MS,
      endTime: 2000 * HOUR_MS,
    });
    expect(bodiesOf('stuck').length - before).toBe(1);
    expect(rows).toEqual([]);
  });

  it('asks candleSnapshot for the window holding the newest `limit` candles', async () => {
    const candles = await client('ok').fetchCandles('kPEPE', '1h', 3);
    expect(candles.map((c) => c.t)).toEqual([1684699200000, 1684702800000, 1684706400000]);
    const currentHour = Math.floor(NOW / HOUR_MS) * HOUR_MS;
    expect(bodiesOf('ok').at(-1)).toEqual({
      type: 'candleSnapshot',
      req: { coin: 'kPEPE', interval: '1h', startTime: currentHour - 2 * HOUR_MS, endTime: NOW },
    });
    // Too many rows for the limit: the newest are kept. A limit below 1 asks for one.
    expect((await client('ok').fetchCandles('kPEPE', '1h', 2)).map((c) => c.t)).toEqual([1684702800000, 1684706400000]);
    await client('ok').fetchCandles('BTC', '1d', 0);
    expect(bodiesOf('ok').at(-1)).toMatchObject({ req: { interval: '1d', startTime: Date.UTC(2026, 9, 6) } });
  });
});

describe('createHyperliquidRest error classification', () => {
  it('429 with Retry-After → VenueError', async () => {
    const err = await client('429')
      .fetchFundingSnapshots()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueError);
    expect(err).toMatchObject({ status: 429, retryAfterMs: 2000 });
  });

  it('422 with the venue words in plain text → VenueError carrying them', async () => {
    const err = await client('422')
      .fetchCandles('BTC', '1m', 10)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'VenueError', status: 422 });
    expect((err as Error).message).toContain('missing field `coin`');
  });

  it('a 200 whose body is prose, not JSON → VenueError with the text', async () => {
    const err = await client('prose')
      .fetchInstruments()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueError);
    expect(err).toMatchObject({ status: 200 });
    expect((err as Error).message).toContain('Internal server error: try again later');
  });

  it('a 200 null (unknown coin) → VenueError', async () => {
    await expect(client('null').fetchFundingHistory('NOPE', { startTime: 0 })).rejects.toBeInstanceOf(VenueError);
  });

  it('5xx → NetworkError', async () => {
    await expect(client('500').fetchFundingSnapshots()).rejects.toBeInstanceOf(NetworkError);
  });

  it('truncated JSON or an HTML page on a 200 → ParseError', async () => {
    await expect(client('garbage').fetchInstruments()).rejects.toBeInstanceOf(ParseError);
    await expect(client('html').fetchInstruments()).rejects.toBeInstanceOf(ParseError);
  });

  it('a refused connection → NetworkError', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(createHyperliquidRest({ restUrl: `http://127.0.0.1:${port}` }).fetchInstruments()).rejects.toThrow(
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

  it('the caller’s signal cancels a call with its own reason', async () => {
    const ctrl = new AbortController();
    const pending = createHyperliquidRest({ restUrl: `${origin}/hang`, signal: ctrl.signal }).fetchInstruments();
    ctrl.abort(new Error('shutting down'));
    await expect(pending).rejects.toThrow('shutting down');
  });
});
