import { describe, expect, it } from 'vitest';
import type { CoingeckoMarket } from './client';
import { AssetMatcher } from './match';

const coin = (id: string, symbol: string, cap: number): CoingeckoMarket => ({
  id,
  symbol,
  name: id,
  image: null,
  marketCapUsd: cap,
  volume24hUsd: cap / 10,
});

describe('matching assets to CoinGecko coins', () => {
  it('takes the largest coin with the symbol (the first in market-cap order), not a look-alike', () => {
    const m = new AssetMatcher([{ id: 1, symbol: 'PEPE', coingeckoId: null }]);
    m.add([coin('pepe', 'pepe', 4e9)]);
    m.add([coin('pepe-2-0', 'pepe', 4e6)]);
    expect(m.matches.get(1)?.id).toBe('pepe');
    expect(m.allMatched).toBe(true);
  });

  it('sticks to an id pinned by an earlier run even when a bigger coin shares the symbol', () => {
    const m = new AssetMatcher([{ id: 7, symbol: 'SATS', coingeckoId: 'sats-ordinals' }]);
    m.add([coin('sats-other', 'sats', 9e9)]);
    expect(m.matches.has(7)).toBe(false);
    m.add([coin('sats-ordinals', 'sats', 5e8)]);
    expect(m.matches.get(7)?.id).toBe('sats-ordinals');
  });

  it('leaves unknown assets unmatched', () => {
    const m = new AssetMatcher([
      { id: 1, symbol: 'BTC', coingeckoId: null },
      { id: 2, symbol: 'XYZ100', coingeckoId: null },
    ]);
    m.add([coin('bitcoin', 'btc', 1e12)]);
    expect([...m.matches.keys()]).toEqual([1]);
    expect(m.allMatched).toBe(false);
  });
});
