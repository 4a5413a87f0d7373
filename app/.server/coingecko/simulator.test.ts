import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoingeckoError, fetchMarketsPage } from './client';
import { startCoingeckoSimulator, type CoingeckoSimulator } from './simulator';

describe('CoinGecko simulator and client', () => {
  let sim: CoingeckoSimulator;
  beforeAll(async () => {
    sim = await startCoingeckoSimulator();
  });
  afterAll(() => sim.close());

  it('pages coins by market cap, 250 a page, with logos that need no network', async () => {
    const page1 = await fetchMarketsPage(sim.url, 1);
    expect(page1).toHaveLength(250);
    expect(page1[0]).toMatchObject({ id: 'bitcoin', symbol: 'btc', name: 'Bitcoin' });
    expect(page1[0]!.image).toMatch(/^data:image\/svg\+xml;base64,/);
    const caps = page1.map((c) => c.marketCapUsd!);
    expect(caps).toEqual([...caps].sort((a, b) => b - a));
    const page3 = await fetchMarketsPage(sim.url, 3);
    expect(page3.length).toBeLessThan(250);
    // SATS sits past the first page, so matching has to page.
    const page2 = await fetchMarketsPage(sim.url, 2);
    expect(page1.some((c) => c.id === 'sats-ordinals')).toBe(false);
    expect(page2.some((c) => c.id === 'sats-ordinals')).toBe(true);
  });

  it('answers injected faults the way CoinGecko throttles', async () => {
    sim.faults.httpError(429, 1, undefined, 3);
    const err = await fetchMarketsPage(sim.url, 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoingeckoError);
    expect(err).toMatchObject({ status: 429, retryAfterMs: 3000 });
    await expect(fetchMarketsPage(sim.url, 1)).resolves.toHaveLength(250);
  });

  it('reports an unreachable host as a CoinGecko failure', async () => {
    const err = await fetchMarketsPage('http://127.0.0.1:9', 1, { timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoingeckoError);
    expect((err as CoingeckoError).status).toBeNull();
  });
});
