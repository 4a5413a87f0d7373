import { describe, expect, it } from 'vitest';
import { CandleCache } from './candle-cache';
import type { Candle, VenueRestClient } from './types';

function client(calls: string[], fail = false): VenueRestClient {
  return {
    fetchInstruments: async () => [],
    fetchFundingSnapshots: async () => [],
    fetchFundingHistory: async () => [],
    fetchCandles: async (symbol, interval, limit) => {
      calls.push(`${symbol} ${interval} ${limit}`);
      if (fail) throw new Error('venue down');
      return [{ t: calls.length, o: 1, h: 2, l: 0.5, c: 1.5, v: 10 } satisfies Candle];
    },
  };
}

describe('CandleCache', () => {
  it('serves repeats from cache within the TTL and refetches after it', async () => {
    const calls: string[] = [];
    let now = 1_000;
    const cache = new CandleCache({ binance: client(calls) }, 5_000, 10, () => now);
    const [a, b] = await Promise.all([cache.get('binance', 'BTCUSDT', '1m', 100), cache.get('binance', 'BTCUSDT', '1m', 100)]);
    expect(a).toBe(b);
    expect(calls).toHaveLength(1);
    await cache.get('binance', 'BTCUSDT', '5m', 100);
    expect(calls).toHaveLength(2);
    now += 5_000;
    const c = await cache.get('binance', 'BTCUSDT', '1m', 100);
    expect(calls).toHaveLength(3);
    expect(c[0]!.t).toBe(3);
  });

  it('does not cache failures and rejects venues without a client', async () => {
    const calls: string[] = [];
    const cache = new CandleCache({ bybit: client(calls, true) });
    await expect(cache.get('bybit', 'BTCUSDT', '1h', 10)).rejects.toThrow('venue down');
    await expect(cache.get('bybit', 'BTCUSDT', '1h', 10)).rejects.toThrow('venue down');
    expect(calls).toHaveLength(2);
    await expect(cache.get('kucoin', 'XBTUSDTM', '1h', 10)).rejects.toThrow(/no REST client/);
  });

  it('stays bounded', async () => {
    const calls: string[] = [];
    const cache = new CandleCache({ binance: client(calls) }, 60_000, 3);
    for (let i = 1; i <= 6; i++) await cache.get('binance', 'BTCUSDT', '1m', i);
    expect((cache as unknown as { entries: Map<string, unknown> }).entries.size).toBeLessThanOrEqual(3);
  });
});
