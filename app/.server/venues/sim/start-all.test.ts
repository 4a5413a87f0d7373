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

  it('refuses venues without a simulator, naming them', async () => {
    expect(simulatedVenues()).toEqual(['binance', 'bybit']);
    await expect(startSimulators(['binance', 'kucoin', 'paradex'])).rejects.toThrow(
      'No simulator for venue(s) kucoin, paradex; simulated venues: binance, bybit',
    );
  });
});
