import { describe, expect, it } from 'vitest';
import { createVenueLimiters, mapSettled, retryPauseMs, TokenBucket, VenueLimiters } from './rate-limiter';
import { LOCAL_RATE_BUDGET, VENUE_RATE_BUDGETS } from './venue-policy';

describe('token bucket', () => {
  it('lets a burst through at once, then paces at the sustained rate', async () => {
    const bucket = new TokenBucket({ perSecond: 20, burst: 2 });
    const started = Date.now();
    const times: number[] = [];
    await Promise.all(Array.from({ length: 5 }, () => bucket.acquire().then(() => times.push(Date.now() - started))));
    times.sort((a, b) => a - b);
    expect(times[1]!).toBeLessThan(30);
    // Three more at 20/s: about 50, 100, 150 ms.
    expect(times[4]!).toBeGreaterThanOrEqual(130);
    expect(times[4]!).toBeLessThan(600);
  });

  it('holds everything while blocked (Retry-After)', async () => {
    const bucket = new TokenBucket({ perSecond: 100, burst: 5 });
    bucket.block(120);
    const started = Date.now();
    await bucket.acquire();
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });
});

describe('venue limiters', () => {
  it('pauses a venue after a 429 that names a Retry-After', async () => {
    const limiters = new VenueLimiters({ bybit: { perSecond: 100, burst: 5 } });
    const refusal = Object.assign(new Error('bybit: HTTP 429: too many'), {
      name: 'VenueError',
      status: 429,
      retryAfterMs: 150,
    });
    await expect(limiters.schedule('bybit', () => Promise.reject(refusal))).rejects.toBe(refusal);
    const started = Date.now();
    await limiters.schedule('bybit', async () => 1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('reads pauses only from refusals that ask for one', () => {
    expect(retryPauseMs(Object.assign(new Error('x'), { name: 'VenueError', status: 429, retryAfterMs: 2000 }))).toBe(
      2000,
    );
    expect(retryPauseMs(Object.assign(new Error('x'), { name: 'VenueError', status: 429 }))).toBe(10_000);
    expect(retryPauseMs(Object.assign(new Error('x'), { name: 'VenueError', status: 400 }))).toBeNull();
    expect(retryPauseMs(new Error('network'))).toBeNull();
  });

  it('uses the venue budget for real hosts and the local one for simulators', () => {
    const limiters = createVenueLimiters(
      { binance: { restUrl: 'https://fapi.binance.com' }, bybit: { restUrl: 'http://127.0.0.1:4000' } },
      'https://api.coingecko.com',
    );
    expect(limiters.bucket('binance').budget).toEqual(VENUE_RATE_BUDGETS.binance);
    expect(limiters.bucket('bybit').budget).toEqual(LOCAL_RATE_BUDGET);
  });
});

describe('mapSettled', () => {
  it('keeps at most `limit` in flight and returns outcomes in order', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapSettled([1, 2, 3, 4, 5], 2, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      if (n === 3) throw new Error('three');
      return n * 10;
    });
    expect(peak).toBe(2);
    expect(out.map((o) => (o.status === 'fulfilled' ? o.value : 'x'))).toEqual([10, 20, 'x', 40, 50]);
  });
});

describe('budget shares between app processes', () => {
  it('a bucket with half the budget paces at half the rate', async () => {
    const bucket = new TokenBucket({ perSecond: 40, burst: 1 });
    bucket.setShare(0.5);
    expect(bucket.perSecond).toBe(20);
    const started = Date.now();
    for (let i = 0; i < 4; i++) await bucket.acquire();
    // One token at once, then three at 20/s (50 ms each); at the full 40/s it would be 75 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('splits every venue budget, including buckets made later, and takes it back', () => {
    const limiters = new VenueLimiters({ bybit: { perSecond: 10, burst: 4 } });
    limiters.shareWith(2);
    expect(limiters.processes).toBe(2);
    expect(limiters.bucket('bybit').perSecond).toBe(5);
    expect(limiters.bucket('binance').perSecond).toBe(VENUE_RATE_BUDGETS.binance.perSecond / 2);
    limiters.shareWith(1);
    expect(limiters.bucket('bybit').perSecond).toBe(10);
    expect(() => new TokenBucket({ perSecond: 1, burst: 1 }).setShare(0)).toThrow(RangeError);
  });
});
