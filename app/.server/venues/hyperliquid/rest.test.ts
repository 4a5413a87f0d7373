import { describe, expect, it } from 'vitest';
import { ParseError, VenueError } from '~/.server/market/types';
import { serveFixtures, type FixtureRequest } from '~/.server/venues/test-support/fixture-server';
import { describeRestFailures } from '~/.server/venues/test-support/rest-failure-cases';
import rest from './fixtures/rest-info.json';
import { createHyperliquidRest } from './rest';

// The fixture server answering POST /info with recorded bodies; the first path segment picks the behaviour.
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

const infoBody = (req: FixtureRequest) => JSON.parse(req.body || '{}') as Record<string, unknown>;

const server = serveFixtures((req, reply) => {
  const body = infoBody(req);
  const json = (value: unknown) => reply.json(200, value);
  switch (req.mode) {
    case 'ok':
      if (body.type === 'metaAndAssetCtxs') return json(metaAndAssetCtxs);
      if (body.type === 'fundingHistory') return json(rest.fundingHistoryRest.response);
      if (body.type === 'candleSnapshot') return json(rest.klineRest.response);
      return reply.text(422, 'Failed to deserialize the JSON body into the target type: unknown variant');
    case 'pages':
      return json(hourlyHistory(String(body.coin), Number(body.startTime), Number(body.endTime)));
    case 'stuck':
      // Always the same full page, whatever the startTime.
      return json(hourlyHistory(String(body.coin), 0, 500 * HOUR_MS));
    case '429':
      return reply.text(429, 'null', { 'retry-after': '2' });
    case '422':
      return reply.text(
        422,
        'Failed to deserialize the JSON body into the target type: missing field `coin` at line 1 column 27',
        { 'content-type': 'text/plain; charset=utf-8' },
      );
    case 'prose':
      return reply.text(200, 'Internal server error: try again later');
    case 'null':
      return reply.text(200, 'null');
    case '500':
      return reply.text(502, '<html>Bad Gateway</html>', { 'content-type': 'text/html' });
    case 'garbage':
      return reply.text(200, '[{"universe":[{"szDecimals":5,"name":"BTC"');
    case 'html':
      return reply.text(200, '<html><body>captive portal</body></html>', { 'content-type': 'text/html' });
    default:
      return reply.text(404, 'unknown mode');
  }
});
/** What each request asked for: its mode, path, method and JSON body. */
const requests = () =>
  server.requests.map((r) => ({ mode: r.mode, path: r.path, method: r.method, body: infoBody(r) }));

const client = (mode: string, timeoutMs = 2000) =>
  createHyperliquidRest({ restUrl: server.urlFor(mode), timeoutMs, now: () => NOW });
const bodiesOf = (mode: string) =>
  requests()
    .filter((r) => r.mode === mode)
    .map((r) => r.body);

describe('createHyperliquidRest against a local server with recorded bodies', () => {
  it('POSTs {"type":"metaAndAssetCtxs"} to /info once for instruments', async () => {
    const before = requests().length;
    const instruments = await client('ok').fetchInstruments();
    expect(instruments.map((i) => [i.symbol, i.baseAsset, i.multiplier, i.tickSize, i.lotSize])).toEqual([
      ['BTC', 'BTC', 1, 1, 0.00001],
      ['SOL', 'SOL', 1, 0.01, 0.01],
      ['kPEPE', 'PEPE', 1000, 0.000001, 1],
    ]);
    expect(requests().slice(before)).toEqual([
      { mode: 'ok', path: '/info', method: 'POST', body: { type: 'metaAndAssetCtxs' } },
    ]);
  });

  it('reads every perp funding from the same single call, due at the next full hour', async () => {
    const before = requests().length;
    const snapshots = await client('ok').fetchFundingSnapshots();
    expect(requests().length - before).toBe(1);
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

  it('an HTML page on a 200 → ParseError, not prose from the venue', async () => {
    await expect(client('html').fetchInstruments()).rejects.toBeInstanceOf(ParseError);
  });
});

describeRestFailures('createHyperliquidRest', {
  server,
  client,
  clientAt: (restUrl, signal) => createHyperliquidRest({ restUrl, signal }),
  rateLimited: { call: (c) => c.fetchFundingSnapshots(), retryAfterMs: 2000 },
  serverError: (c) => c.fetchFundingSnapshots(),
  garbage: { call: (c) => c.fetchInstruments() },
  refused: (c) => c.fetchInstruments(),
  timeout: { call: (c) => c.fetchFundingSnapshots(), ms: 150 },
  aborted: (c) => c.fetchInstruments(),
});
