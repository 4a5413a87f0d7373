import { describe, expect, it } from 'vitest';
import { createRestCalls } from './rest-calls';

/** A fetch that records what it was asked and answers `{}`. */
function recordingFetch() {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fetchImpl: typeof fetch = (input, init) => {
    calls.push({ url: String(input), init });
    return Promise.resolve(new Response('{}', { status: 200 }));
  };
  return { calls, fetchImpl };
}

describe('createRestCalls', () => {
  it('GETs paths under the REST URL, the fixed parameters first', async () => {
    const { calls, fetchImpl } = recordingFetch();
    const { get } = createRestCalls(
      'bybit',
      { restUrl: 'https://api.example/', fetch: fetchImpl },
      { query: { category: 'linear' } },
    );
    await get('/v5/market/kline', { symbol: 'BTCUSDT', limit: 5, cursor: undefined });
    await get('/v5/market/tickers');
    expect(calls.map((c) => [c.init?.method, c.url])).toEqual([
      ['GET', 'https://api.example/v5/market/kline?category=linear&symbol=BTCUSDT&limit=5'],
      ['GET', 'https://api.example/v5/market/tickers?category=linear'],
    ]);
    expect(calls[0]?.init?.body).toBeUndefined();
  });

  it('resolves paths under another base when given one, and POSTs JSON bodies', async () => {
    const { calls, fetchImpl } = recordingFetch();
    const { post } = createRestCalls(
      'coinex',
      { restUrl: 'https://api.example', fetch: fetchImpl },
      { baseUrl: 'https://api.example/v2' },
    );
    await post('/info', { type: 'meta' });
    await post('/bullet');
    expect(calls.map((c) => [c.init?.method, c.url, c.init?.body])).toEqual([
      ['POST', 'https://api.example/v2/info', '{"type":"meta"}'],
      ['POST', 'https://api.example/v2/bullet', undefined],
    ]);
  });

  it("cancels with either the client's signal or the call's own", async () => {
    const { calls, fetchImpl } = recordingFetch();
    const client = new AbortController();
    const { get } = createRestCalls('paradex', {
      restUrl: 'https://api.example',
      fetch: fetchImpl,
      signal: client.signal,
    });
    const call = new AbortController();
    await get('/v1/markets', {}, call.signal);
    await get('/v1/markets');
    const [withCall, clientOnly] = calls.map((c) => c.init?.signal);
    call.abort();
    expect(withCall?.aborted).toBe(true);
    expect(clientOnly?.aborted).toBe(false);
    client.abort();
    expect(clientOnly?.aborted).toBe(true);
  });
});
