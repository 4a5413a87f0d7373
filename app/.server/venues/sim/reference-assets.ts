// What a smaller simulated venue scales its listings from: the shared model's Binance listing of each
// asset. Taking price, volatility and launch from one place keeps an asset on one price path, near
// one price, on every simulated venue; each venue applies its own share of volume and depth.
import { splitBase } from '~/.server/market/symbols';
import type { VenueId } from '~/lib/venues';
import { defaultSymbols, type SimSymbolConfig } from './market';

export interface ReferenceAsset extends Pick<
  SimSymbolConfig,
  'asset' | 'dailyVolatility' | 'volume24hQuote' | 'openInterestQuote' | 'levelNotionalQuote' | 'launchTimeMs'
> {
  /** Price of one unit of the asset (the reference may list a multiplied unit: 1000PEPEUSDT). */
  unitPrice: number;
}

const REFERENCE_VENUE: VenueId = 'binance';

const REFERENCE = new Map(
  defaultSymbols(REFERENCE_VENUE).map((c): [string, ReferenceAsset] => [
    c.asset,
    {
      asset: c.asset,
      unitPrice: c.price / splitBase(REFERENCE_VENUE, c.baseAsset).multiplier,
      dailyVolatility: c.dailyVolatility,
      volume24hQuote: c.volume24hQuote,
      openInterestQuote: c.openInterestQuote,
      levelNotionalQuote: c.levelNotionalQuote,
      launchTimeMs: c.launchTimeMs,
    },
  ]),
);

/** The reference figures of `asset`; throws, naming the venue being simulated, for an asset not listed. */
export function referenceAsset(asset: string, venue: VenueId): ReferenceAsset {
  const ref = REFERENCE.get(asset);
  if (!ref) throw new Error(`${venue} sim: no reference listing for ${asset}`);
  return ref;
}
