// The table rows of one period and venue set, kept from one store version to the next: a version
// that changed some instruments rebuilds only their legs and the rows of their assets, and reuses
// every other leg and row object as it was. The result equals buildAssetRows on the same view.
import type { VenueId } from '~/lib/venues';
import { assetRow, type AssetRow } from './funding-table';
import { buildLeg, isStale, type Leg } from './legs';
import type { Period } from './periods';
import type { Work } from './sliced';
import type { AssetState, FundingView, HistoryState, InstrumentState, SnapshotState } from './state';

/** Assets per step between yields: about 0.1 ms of work when every leg is rebuilt. */
const ASSETS_PER_STEP = 32;

/**
 * What a leg was built from. The store swaps an instrument's snapshot and history for new objects
 * rather than editing them, and loads a new instrument object when its listing changes, so equal
 * references mean equal inputs to buildLeg (see InstrumentState).
 */
interface LegEntry {
  inst: InstrumentState;
  snapshot: SnapshotState | null;
  history: HistoryState | null;
  stale: boolean;
  leg: Leg | null;
  seen: number;
}

interface RowEntry {
  asset: AssetState;
  legs: Leg[];
  row: AssetRow;
  seen: number;
}

export class IncrementalRows {
  private readonly legs = new Map<number, LegEntry>();
  private readonly rows = new Map<number, RowEntry>();
  private builds = 0;
  /** Legs and rows (re)built by the last finished build, for tests and logs. */
  lastRebuilt = { legs: 0, rows: 0 };

  constructor(
    readonly period: Period,
    readonly venues: ReadonlySet<VenueId> | null,
  ) {}

  /**
   * Every asset with at least one leg on the venues, in the view's order. Builds that interleave
   * (one in slices, another run at once) stay correct: an entry is reused only when its inputs match.
   */
  *build(view: FundingView, nowMs: number): Work<AssetRow[]> {
    const buildNo = ++this.builds;
    const rebuilt = { legs: 0, rows: 0 };
    const out: AssetRow[] = [];
    let n = 0;
    for (const [assetId, instruments] of view.byAsset) {
      if (++n % ASSETS_PER_STEP === 0) yield;
      const asset = view.assets.get(assetId);
      if (!asset) continue;
      const legs: Leg[] = [];
      for (const inst of instruments) {
        if (this.venues && !this.venues.has(inst.venue)) continue;
        const leg = this.leg(inst, nowMs, buildNo, rebuilt);
        if (leg) legs.push(leg);
      }
      if (legs.length === 0) continue;
      let entry = this.rows.get(assetId);
      if (entry && entry.asset === asset && sameItems(entry.legs, legs)) {
        entry.seen = buildNo;
      } else {
        entry = { asset, legs, row: assetRow(asset, legs), seen: buildNo };
        this.rows.set(assetId, entry);
        rebuilt.rows++;
      }
      out.push(entry.row);
    }
    // Forget delisted instruments and assets that left the venue set.
    for (const [id, e] of this.legs) if (e.seen !== buildNo) this.legs.delete(id);
    for (const [id, e] of this.rows) if (e.seen !== buildNo) this.rows.delete(id);
    this.lastRebuilt = rebuilt;
    return out;
  }

  private leg(inst: InstrumentState, nowMs: number, buildNo: number, rebuilt: { legs: number }): Leg | null {
    const snapshot = inst.snapshot;
    const stale = snapshot !== null && isStale(snapshot.updatedAt, nowMs);
    const e = this.legs.get(inst.id);
    if (e && e.inst === inst && e.snapshot === snapshot && e.history === inst.history && e.stale === stale) {
      e.seen = buildNo;
      return e.leg;
    }
    const leg = buildLeg(inst, this.period, nowMs);
    this.legs.set(inst.id, { inst, snapshot, history: inst.history, stale, leg, seen: buildNo });
    rebuilt.legs++;
    return leg;
  }
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
