import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VENUE_MODULES } from '~/.server/venues/registry';
import type { VenueSimulator } from '~/.server/venues/sim/server';
import type { VenueId } from '~/lib/venues';
import type { MarketService } from './market-service';
import { listedAssetCount, parseLegParam, resolveLeg, sharedAssets, venueInstruments } from './terminal-data';
import type { VenueRestClient } from './types';

// The legs resolve against real simulators' instrument lists; only the streamer and the catalog
// (which the resolver asks one yes/no question each) are stand-ins.
describe('terminal data', () => {
  const sims: VenueSimulator[] = [];
  let market: MarketService;

  beforeAll(async () => {
    const rest: Partial<Record<VenueId, VenueRestClient>> = {};
    for (const venue of ['binance', 'hyperliquid', 'kucoin'] as const) {
      const sim = await VENUE_MODULES[venue]!.startSimulator();
      sims.push(sim);
      rest[venue] = VENUE_MODULES[venue]!.createClients({ wsUrl: sim.wsUrl, restUrl: sim.restUrl }).rest;
    }
    market = {
      rest,
      streamer: { hasVenue: (v: VenueId) => v in rest },
      catalog: { isKnown: () => true },
    } as unknown as MarketService;
  });
  afterAll(async () => {
    await Promise.all(sims.map((s) => s.close()));
  });

  it('parses leg parameters', () => {
    expect(parseLegParam(null, 'bybit')).toEqual({ venue: 'bybit', symbol: null, error: null });
    expect(parseLegParam('Binance', 'bybit')).toEqual({ venue: 'binance', symbol: null, error: null });
    expect(parseLegParam('binance:1000PEPEUSDT', 'bybit')).toEqual({
      venue: 'binance',
      symbol: '1000PEPEUSDT',
      error: null,
    });
    expect(parseLegParam('hyperliquid:xyz:XYZ100', 'bybit').symbol).toBe('xyz:XYZ100');
    const bad = parseLegParam('mtgox', 'bybit');
    expect(bad.venue).toBe('bybit');
    expect(bad.error).toContain('Unknown venue "mtgox"');
  });

  it("resolves an asset to each venue's native perpetual with its multiplier, tick and fee", async () => {
    expect(await resolveLeg(market, 'binance', 'PEPE', null)).toMatchObject({
      symbol: '1000PEPEUSDT',
      baseAsset: 'PEPE',
      multiplier: 1000,
      tickSize: 1e-7,
      takerRate: 0.0005,
      error: null,
    });
    expect(await resolveLeg(market, 'hyperliquid', 'PEPE', null)).toMatchObject({
      symbol: 'kPEPE',
      multiplier: 1000,
      quoteAsset: 'USDC',
    });
    const kucoin = await resolveLeg(market, 'kucoin', 'BTC', null);
    expect(kucoin).toMatchObject({ symbol: 'XBTUSDTM', baseAsset: 'BTC', multiplier: 1, takerRate: 0.0006 });
    expect(kucoin.feeSource).toBe('KuCoin instrument list');
  });

  it('accepts an explicit symbol and reports unknown ones', async () => {
    expect(await resolveLeg(market, 'binance', 'BTC', '1000PEPEUSDT')).toMatchObject({
      symbol: '1000PEPEUSDT',
      baseAsset: 'PEPE',
    });
    expect((await resolveLeg(market, 'binance', 'BTC', 'NOPEUSDT')).error).toBe(
      'Binance lists no perpetual "NOPEUSDT".',
    );
    expect((await resolveLeg(market, 'binance', 'NOPE', null)).error).toBe('Binance lists no perpetual for NOPE.');
    expect((await resolveLeg(market, 'paradex', 'BTC', null)).error).toBe('Paradex is not connected on this server.');
  });

  it('falls back to the conventional spelling when the instrument list cannot load', async () => {
    const down: VenueRestClient = {
      fetchInstruments: () => Promise.reject(new Error('HTTP 503')),
      fetchFundingSnapshots: () => Promise.reject(new Error('unused')),
      fetchFundingHistory: () => Promise.reject(new Error('unused')),
      fetchCandles: () => Promise.reject(new Error('unused')),
    };
    const m = {
      rest: { bybit: down },
      streamer: { hasVenue: () => true },
      catalog: { isKnown: (_v: VenueId, s: string) => s === '1000PEPEUSDT' },
    } as unknown as MarketService;
    expect(await venueInstruments(m, 'bybit')).toBeNull();
    expect(await resolveLeg(m, 'bybit', 'PEPE', null)).toMatchObject({
      symbol: '1000PEPEUSDT',
      multiplier: 1000,
      tickSize: null,
      error: null,
    });
  });

  it('lists assets both venues share and counts listed assets', async () => {
    const shared = await sharedAssets(market, ['binance', 'hyperliquid']);
    expect(shared).toContain('BTC');
    expect(shared).toContain('PEPE');
    expect(shared).toEqual([...shared].sort());
    const count = await listedAssetCount(market);
    expect(count.venues).toBe(3);
    expect(count.assets).toBeGreaterThanOrEqual(shared.length);
  });
});
