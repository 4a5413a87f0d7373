import { describe, expect, it } from 'vitest';
import { VENUES, type VenueId } from '~/lib/venues';
import { buildAssetRows } from './funding-table';
import { IncrementalRows } from './incremental-rows';
import { runNow, runSliced } from './sliced';
import { SNAPSHOT_STALE_MS, type SnapshotState } from './state';
import type { FundingStore } from './store';
import { makeView, storeWithView, type LegSpec } from './view-fixture';

const NOW = 1_800_000_000_000;
const PER_VENUE = 40;
const ASSETS = 60;

/** 7 venues × 40 instruments over 60 assets (1 to 7 legs each), some without history. */
function market(): FundingStore {
  const legs: LegSpec[] = [];
  let id = 1;
  for (const [v, venue] of VENUES.entries()) {
    for (let k = 0; k < PER_VENUE; k++) {
      const a = (k + v * 7) % ASSETS;
      legs.push({
        id: id,
        venue,
        symbol: `A${a}USDT`,
        asset: `A${a}`,
        rate: ((id % 13) - 4) * 0.00003,
        intervalHours: venue === 'hyperliquid' ? 1 : 8,
        hist: id % 5 === 0 ? undefined : { '1d': (id % 17) - 5, '7d': (id % 11) - 3 },
        volume24hQuote: id % 9 === 0 ? null : 1e6 + id,
        // Paradex was last written 5 minutes before the others.
        updatedAt: venue === 'paradex' ? NOW - 5 * 60_000 : NOW,
      });
      id++;
    }
  }
  return storeWithView(makeView(legs, [], NOW));
}

function venueInstruments(store: FundingStore, venue: VenueId) {
  return [...store.view().instruments.values()].filter((i) => i.venue === venue);
}

/** New snapshots for a venue's instruments, as the snapshot job applies them. */
function rewrite(store: FundingStore, venue: VenueId, factor: number, at: number): void {
  store.applySnapshots(
    venueInstruments(store, venue).map((inst) => ({
      instrumentId: inst.id,
      snapshot: { ...(inst.snapshot as SnapshotState), rate: inst.snapshot!.rate * factor + 0.00001, updatedAt: at },
    })),
  );
}

function assetsWith(store: FundingStore, venue: VenueId): number {
  return new Set(venueInstruments(store, venue).map((i) => i.assetId)).size;
}

describe('incremental rows', () => {
  it('builds what buildAssetRows builds', () => {
    const store = market();
    const inc = new IncrementalRows('7d', null);
    const rows = runNow(inc.build(store.view(), NOW));
    expect(rows).toEqual(buildAssetRows(store.view(), { period: '7d', venues: null, nowMs: NOW }));
    expect(rows).toHaveLength(ASSETS);
    expect(inc.lastRebuilt).toEqual({ legs: VENUES.length * PER_VENUE, rows: ASSETS });
  });

  it('after one venue’s snapshots change, rebuilds only its legs and its assets’ rows, and equals a full build', () => {
    const store = market();
    const inc = new IncrementalRows('1d', null);
    const before = runNow(inc.build(store.view(), NOW));
    rewrite(store, 'bybit', 1.5, NOW + 1000);
    const after = runNow(inc.build(store.view(), NOW + 1000));
    expect(after).toEqual(buildAssetRows(store.view(), { period: '1d', venues: null, nowMs: NOW + 1000 }));
    expect(inc.lastRebuilt).toEqual({ legs: PER_VENUE, rows: assetsWith(store, 'bybit') });
    // Untouched assets keep their row objects; a touched asset keeps its other venues' legs.
    const bybitAssets = new Set(venueInstruments(store, 'bybit').map((i) => i.assetId));
    for (const [i, row] of after.entries()) {
      if (bybitAssets.has(row.asset.id)) {
        expect(row).not.toBe(before[i]);
        for (const leg of row.legs) if (leg.exchange !== 'bybit') expect(before[i]!.legs).toContain(leg);
      } else {
        expect(row).toBe(before[i]);
      }
    }
  });

  it('rebuilds the legs whose snapshot just crossed the staleness age', () => {
    const store = market();
    const inc = new IncrementalRows('7d', null);
    runNow(inc.build(store.view(), NOW));
    // Paradex's snapshots are 5 min older than the rest: 6 min on they are stale, the others not.
    const later = NOW + SNAPSHOT_STALE_MS - 4 * 60_000;
    const rows = runNow(inc.build(store.view(), later));
    expect(rows).toEqual(buildAssetRows(store.view(), { period: '7d', venues: null, nowMs: later }));
    expect(inc.lastRebuilt).toEqual({ legs: PER_VENUE, rows: assetsWith(store, 'paradex') });
    const paradexLegs = rows.flatMap((r) => r.legs).filter((l) => l.exchange === 'paradex');
    expect(paradexLegs.every((l) => l.stale)).toBe(true);
  });

  it('with a venue filter, changes on other venues rebuild nothing', () => {
    const store = market();
    const venues = new Set<VenueId>(['binance', 'hyperliquid']);
    const inc = new IncrementalRows('1d', venues);
    runNow(inc.build(store.view(), NOW));
    rewrite(store, 'kucoin', 2, NOW);
    const rows = runNow(inc.build(store.view(), NOW));
    expect(inc.lastRebuilt).toEqual({ legs: 0, rows: 0 });
    expect(rows).toEqual(buildAssetRows(store.view(), { period: '1d', venues, nowMs: NOW }));
  });

  it('drops a delisted instrument and an asset left without legs', () => {
    const store = market();
    const inc = new IncrementalRows('1d', null);
    runNow(inc.build(store.view(), NOW));
    const view = store.view();
    // Every instrument of assets A0 and A1 but one goes; A0 keeps one leg, A1 none.
    const gone = new Set(
      [...view.instruments.values()]
        .filter((i) => ['A0', 'A1'].includes(view.assets.get(i.assetId)!.symbol))
        .slice(1)
        .map((i) => i.id),
    );
    const keptOfA0A1 = [...view.instruments.values()].find(
      (i) => ['A0', 'A1'].includes(view.assets.get(i.assetId)!.symbol) && !gone.has(i.id),
    )!;
    store.replaceAll(
      [...view.assets.values()],
      [...view.instruments.values()].filter((i) => !gone.has(i.id)),
    );
    const rows = runNow(inc.build(store.view(), NOW));
    expect(rows).toEqual(buildAssetRows(store.view(), { period: '1d', venues: null, nowMs: NOW }));
    expect(rows).toHaveLength(ASSETS - 1);
    expect(inc.lastRebuilt).toEqual({ legs: 0, rows: 1 });
    expect(rows.find((r) => r.asset.id === keptOfA0A1.assetId)!.legs).toHaveLength(1);
  });

  it('rebuilds the row of an asset whose metadata was reloaded', () => {
    const store = market();
    const inc = new IncrementalRows('1d', null);
    runNow(inc.build(store.view(), NOW));
    const view = store.view();
    const assets = [...view.assets.values()].map((a) => (a.symbol === 'A7' ? { ...a, marketCapUsd: 5e9 } : a));
    store.replaceAll(assets, [...view.instruments.values()]);
    const rows = runNow(inc.build(store.view(), NOW));
    expect(inc.lastRebuilt).toEqual({ legs: 0, rows: 1 });
    expect(rows.find((r) => r.asset.symbol === 'A7')!.asset.marketCapUsd).toBe(5e9);
    expect(rows).toEqual(buildAssetRows(store.view(), { period: '1d', venues: null, nowMs: NOW }));
  });

  it('stays equal to a full build through a random run of changes, built in slices or at once', async () => {
    const store = market();
    const inc = new IncrementalRows('7d', null);
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let now = NOW;
    for (let round = 0; round < 25; round++) {
      now += Math.floor(rand() * 120_000);
      const venue = VENUES[Math.floor(rand() * VENUES.length)]!;
      const some = venueInstruments(store, venue).filter(() => rand() < 0.5);
      store.applySnapshots(
        some.map((inst) => ({
          instrumentId: inst.id,
          snapshot: { ...inst.snapshot!, rate: (rand() - 0.4) * 0.001, updatedAt: now - Math.floor(rand() * 700_000) },
        })),
      );
      // Half the rounds in slices (a macrotask between them), half at once.
      const rows = round % 2 ? await runSliced(inc.build(store.view(), now), 0) : runNow(inc.build(store.view(), now));
      expect(rows).toEqual(buildAssetRows(store.view(), { period: '7d', venues: null, nowMs: now }));
    }
  });
});
