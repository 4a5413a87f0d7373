// Hand-built FundingViews for the unit tests of the table and the pairs (no database).
import type { Db } from '~/.server/db/client';
import { createLogger } from '~/.server/logger';
import { VENUES, type VenueId } from '~/lib/venues';
import { PERIODS, type Period } from './periods';
import type { AssetState, FundingView, InstrumentState } from './state';
import { FundingStore } from './store';

export interface LegSpec {
  id: number;
  venue: VenueId;
  symbol: string;
  asset: string;
  rate: number;
  predictedRate?: number | null;
  intervalHours?: number;
  multiplier?: number;
  markPrice?: number | null;
  /** Period averages (APR %); periods left out have none. */
  hist?: Partial<Record<Period, number>>;
  takerFeeRate?: number;
  updatedAt?: number;
  volume24hQuote?: number | null;
  nextFundingTime?: number | null;
  active?: boolean;
}

export function makeView(legs: LegSpec[], assets: Partial<AssetState>[] = [], nowMs = 1_800_000_000_000): FundingView {
  const assetMap = new Map<number, AssetState>();
  const bySymbol = new Map<string, AssetState>();
  const assetFor = (symbol: string): AssetState => {
    let a = bySymbol.get(symbol);
    if (!a) {
      const extra = assets.find((x) => x.symbol === symbol) ?? {};
      a = {
        id: assetMap.size + 1,
        symbol,
        name: null,
        imageUrl: null,
        marketCapUsd: null,
        volume24hUsd: null,
        coingeckoId: null,
        ...extra,
      };
      a.id = assetMap.size + 1;
      assetMap.set(a.id, a);
      bySymbol.set(symbol, a);
    }
    return a;
  };
  const instruments = new Map<number, InstrumentState>();
  const byAsset = new Map<number, InstrumentState[]>();
  for (const l of legs) {
    const asset = assetFor(l.asset);
    const hours = l.intervalHours ?? 8;
    const avg = Object.fromEntries(PERIODS.map((p) => [p, l.hist?.[p] ?? null])) as Record<Period, number | null>;
    const inst: InstrumentState = {
      id: l.id,
      venue: l.venue,
      symbol: l.symbol,
      assetId: asset.id,
      multiplier: l.multiplier ?? 1,
      contractSize: 1,
      intervalHours: hours,
      takerFeeRate: l.takerFeeRate ?? 0.0005,
      makerFeeRate: 0.0002,
      active: l.active ?? true,
      snapshot: {
        rate: l.rate,
        predictedRate: l.predictedRate ?? null,
        intervalHours: hours,
        nextFundingTime: l.nextFundingTime ?? null,
        markPrice: l.markPrice === undefined ? 100 : l.markPrice,
        indexPrice: null,
        volume24hQuote: l.volume24hQuote === undefined ? 1e6 : l.volume24hQuote,
        openInterestQuote: null,
        updatedAt: l.updatedAt ?? nowMs,
      },
      history: l.hist
        ? {
            avgAprPct: avg,
            rows: Object.fromEntries(PERIODS.map((p) => [p, 1])) as Record<Period, number>,
            spark: [],
            lastSettledAt: null,
            computedAt: nowMs,
          }
        : null,
    };
    instruments.set(inst.id, inst);
    if (!inst.active) continue;
    const list = byAsset.get(asset.id) ?? [];
    list.push(inst);
    list.sort((a, b) => VENUES.indexOf(a.venue) - VENUES.indexOf(b.venue));
    byAsset.set(asset.id, list);
  }
  return { version: 1, assets: assetMap, instruments, byAsset };
}

/**
 * A real FundingStore holding the view's assets and instruments. It has no database, so only what
 * works without one may be called: view, staleEpoch, memoized, applySnapshots, replaceAll.
 */
export function storeWithView(view: FundingView): FundingStore {
  const store = new FundingStore({ db: null as unknown as Db, log: createLogger({ level: 'error' }) });
  store.replaceAll([...view.assets.values()], [...view.instruments.values()]);
  return store;
}
