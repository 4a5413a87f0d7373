import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NetworkError, ParseError, VenueError } from '~/.server/market/types';
import {
  buildUrl,
  clampLimit,
  classifyHttpStatus,
  combineSignals,
  decimal,
  errorMessageFromBody,
  fetchJson,
  optionalDecimal,
  parseBody,
  parseRetryAfterMs,
} from './http';
import { serveFixtures } from './test-support/fixture-server';

describe('buildUrl', () => {
  it('joins base (with or without a path prefix) and path, leaving unset query values out', () => {
    expect(buildUrl('https://fapi.binance.com', '/fapi/v1/depth', { symbol: 'BTCUSDT', limit: 1000 })).toBe(
      'https://fapi.binance.com/fapi/v1/depth?symbol=BTCUSDT&limit=1000',
    );
    expect(buildUrl('https://api.coinex.com/v2/', 'futures/market', { market: undefined, x: null })).toBe(
      'https://api.coinex.com/v2/futures/market',
    );
    expect(buildUrl('http://127.0.0.1:1', '/a', { cursor: 'a=b&c' })).toBe('http://127.0.0.1:1/a?cursor=a%3Db%26c');
  });
});

describe('parseRetryAfterMs', () => {
  it('reads seconds and HTTP dates, and ignores junk', () => {
    expect(parseRetryAfterMs('7')).toBe(7000);
    expect(parseRetryAfterMs('0.5')).toBe(500);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfterMs('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfterMs('soon')).toBeUndefined();
    expect(parseRetryAfterMs(null)).toBeUndefined();
  });
});

describe('error classification', () => {
  it("uses the venue's own message and code", () => {
    expect(errorMessageFromBody('{"code":-1121,"msg":"Invalid symbol."}', 'Bad Request')).toBe(
      'Invalid symbol. (code -1121)',
    );
    expect(errorMessageFromBody('{"retCode":10006,"retMsg":"Too many visits!"}', '')).toBe(
      'Too many visits! (code 10006)',
    );
    expect(errorMessageFromBody('{"error":{"code":2,"msg":"Invalid request"}}', '')).toBe('Invalid request (code 2)');
    expect(errorMessageFromBody('  <html>Forbidden</html> ', 'Forbidden')).toBe('<html>Forbidden</html>');
    expect(errorMessageFromBody('', 'Too Many Requests')).toBe('Too Many Requests');
  });

  it('sorts 4xx into VenueError and 5xx into NetworkError', () => {
    const limited = classifyHttpStatus('binance', 429, 'Too Many Requests', '{"code":-1003,"msg":"slow down"}', '2');
    expect(limited).toBeInstanceOf(VenueError);
    expect(limited).toMatchObject({ venue: 'binance', status: 429, retryAfterMs: 2000 });
    expect(classifyHttpStatus('bybit', 404, 'Not Found', '', null)).toBeInstanceOf(VenueError);
    expect(classifyHttpStatus('bybit', 502, 'Bad Gateway', '', null)).toBeInstanceOf(NetworkError);
  });
});

describe('body validation helpers', () => {
  it('reads decimals from strings or numbers and refuses empty or junk text', () => {
    expect(decimal.parse('0.00038246')).toBe(0.00038246);
    expect(decimal.parse(5)).toBe(5);
    expect(decimal.safeParse('').success).toBe(false);
    expect(decimal.safeParse('1e').success).toBe(false);
    expect(optionalDecimal.parse('')).toBeNull();
    expect(optionalDecimal.parse(undefined)).toBeNull();
    expect(optionalDecimal.parse('2.5')).toBe(2.5);
    expect(optionalDecimal.safeParse('x').success).toBe(false);
  });

  it('throws a ParseError that names the failing path', () => {
    const schema = z.object({ list: z.array(z.object({ rate: decimal })) });
    expect(parseBody('bybit', schema, { list: [{ rate: '0.1' }] }, 'tickers')).toEqual({ list: [{ rate: 0.1 }] });
    expect(() => parseBody('bybit', schema, { list: [{ rate: 'n/a' }] }, 'tickers')).toThrow(
      /unexpected tickers body at list\.0\.rate/,
    );
  });

  it('clamps limits into 1..max', () => {
    expect([clampLimit(0, 100), clampLimit(50.7, 100), clampLimit(1e9, 100)]).toEqual([1, 50, 100]);
  });

  it('combines signals so either one aborts', () => {
    const a = new AbortController();
    const b = new AbortController();
    const both = combineSignals(a.signal, undefined, b.signal);
    expect(combineSignals(undefined, a.signal)).toBe(a.signal);
    expect(combineSignals()).toBeUndefined();
    b.abort(new Error('b'));
    expect(both?.aborted).toBe(true);
  });
});

describe('fetchJson against a local server', () => {
  const server = serveFixtures((req, reply) => {
    if (req.mode === 'slow-body') {
      // Headers at once, the body never: the timeout must cover reading it too.
      reply.raw.writeHead(200, { 'content-type': 'application/json' });
      reply.raw.write('{"partial":');
      return;
    }
    reply.json(200, { method: req.method, contentType: req.headers['content-type'] ?? null, body: req.body });
  });
  const url = (path: string) => `${server.origin}${path}`;

  it('POSTs a JSON body (Hyperliquid /info style)', async () => {
    const echoed = await fetchJson(url('/info'), { venue: 'hyperliquid', method: 'POST', body: { type: 'meta' } });
    expect(echoed).toEqual({ method: 'POST', contentType: 'application/json', body: '{"type":"meta"}' });
  });

  it('times out a body that never finishes as a NetworkError', async () => {
    const err = await fetchJson(url('/slow-body'), { venue: 'coinex', timeoutMs: 150 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).venue).toBe('coinex');
  });

  it('passes an already-aborted caller signal straight through', async () => {
    const reason = new Error('cancelled');
    await expect(fetchJson(url('/x'), { venue: 'kucoin', signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });

  it('turns a network-level failure from an injected fetch into a NetworkError with its cause', async () => {
    const failing: typeof fetch = () =>
      Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }));
    const err = await fetchJson(url('/x'), { venue: 'paradex', fetch: failing }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toContain('ECONNRESET');
    expect(err).not.toBeInstanceOf(ParseError);
  });
});
