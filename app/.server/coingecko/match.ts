// Which CoinGecko coin is our asset. Symbols are not unique on CoinGecko (dozens of coins call
// themselves PEPE), so: an id we pinned before wins; otherwise the first coin with the symbol in
// market-cap order, i.e. the largest. The chosen id is stored so later runs stick to it.
import type { CoingeckoMarket } from './client';

export interface AssetRef {
  id: number;
  /** Our canonical symbol, upper case. */
  symbol: string;
  coingeckoId: string | null;
}

export class AssetMatcher {
  private readonly bySymbol = new Map<string, AssetRef[]>();
  private readonly byPinnedId = new Map<string, AssetRef>();
  private readonly found = new Map<number, CoingeckoMarket>();

  constructor(private readonly assets: readonly AssetRef[]) {
    for (const a of assets) {
      if (a.coingeckoId) {
        this.byPinnedId.set(a.coingeckoId, a);
        continue;
      }
      const key = a.symbol.toUpperCase();
      let list = this.bySymbol.get(key);
      if (!list) this.bySymbol.set(key, (list = []));
      list.push(a);
    }
  }

  /** Feed coins in market-cap order (page 1 first). */
  add(coins: readonly CoingeckoMarket[]): void {
    for (const coin of coins) {
      const pinned = this.byPinnedId.get(coin.id);
      if (pinned) {
        if (!this.found.has(pinned.id)) this.found.set(pinned.id, coin);
        continue;
      }
      for (const a of this.bySymbol.get(coin.symbol.toUpperCase()) ?? []) {
        if (!this.found.has(a.id)) this.found.set(a.id, coin);
      }
    }
  }

  get matches(): ReadonlyMap<number, CoingeckoMarket> {
    return this.found;
  }

  get allMatched(): boolean {
    return this.found.size >= this.assets.length;
  }
}
