import { afterEach, describe, expect, it } from 'vitest';
import type { VenueId } from '~/lib/venues';
import type { VenueSimulator } from './server';
import { closeSimulators, simulatedVenues, startSimulators } from './start-all';

let sims = new Map<VenueId, VenueSimulator>();

afterEach(async () => {
  await closeSimulators(sims);
  sims = new Map();
});

describe('startSimulators', () => {
  it('starts one simulator per venue on its own port, agreeing on prices', async () => {
    sims = await startSimulators(['binance', 'bybit'], { seed: 3, updateIntervalMs: 20 });
    expect([...sims.keys()]).toEqual(['binance', 'bybit']);
    const binance = sims.get('binance')!;
    const bybit = sims.get('bybit')!;
    expect(binance.venue).toBe('binance');
    expect(binance.restUrl).not.toBe(bybit.restUrl);
    const premium = (await (await fetch(`${binance.restUrl}/fapi/v1/premiumIndex?symbol=BTCUSDT`)).json()) as {
      markPrice: string;
    };
    const tickers = (await (
      await fetch(`${bybit.restUrl}/v5/market/tickers?category=linear&symbol=BTCUSDT`)
    ).json()) as {
      result: { list: { markPrice: string }[] };
    };
    const ratio = Number(premium.markPrice) / Number(tickers.result.list[0]!.markPrice);
    expect(Math.abs(ratio - 1)).toBeLessThan(0.005);
  });

  it('has a simulator for every venue and refuses unknown ones, naming them', async () => {
    expect(simulatedVenues()).toEqual(['binance', 'bybit', 'kucoin', 'bitget', 'coinex', 'paradex', 'hyperliquid']);
    await expect(startSimulators(['binance', 'kraken' as VenueId])).rejects.toThrow(/No simulator for venue\(s\) kraken;/);
    expect(sims.size).toBe(0);
  });

  it('starts all seven together, each answering its own protocol', async () => {
    sims = await startSimulators(simulatedVenues(), { seed: 5, updateIntervalMs: 50 });
    expect(sims.size).toBe(7);
    expect(new Set([...sims.values()].map((s) => s.restUrl)).size).toBe(7);
  });
});
