// FundingStore: the in-memory funding state every API request reads (latest snapshot and
// precomputed period averages and sparklines per instrument), kept current by the ingestion jobs
// in this process and by Postgres NOTIFY from the others. One per process, built in services.ts
// and shared by the worker and the routes. Requests never scan history.
import { randomUUID } from 'node:crypto';
import type { Db } from '~/.server/db/client';
import type { AppLogger } from '~/.server/logger';
import { VENUES, type VenueId } from '~/lib/venues';
import {
  SNAPSHOT_STALE_MS,
  type AssetState,
  type FundingView,
  type HistoryState,
  type InstrumentState,
  type SnapshotState,
} from './state';
import type { Work } from './sliced';
import { loadAssetStates, loadHistoryStates, loadInstrumentStates, type InstrumentFilter } from './store-queries';

/** `status`: a job of a venue failed or recovered; nothing to reload, but pages showing venue health refresh. */
export type FundingUpdateKind = 'snapshots' | 'history' | 'instruments' | 'assets' | 'status';

export interface FundingStoreOptions {
  db: Db;
  log: AppLogger;
  now?: () => number;
  /** Full reload period: period windows slide with time even when no row changes. */
  refreshMs?: number;
  /** Retry period of a failed first load. */
  retryMs?: number;
}

const VENUE_ORDER = new Map(VENUES.map((v, i) => [v, i]));
const MEMO_MAX_ENTRIES = 256;

export class FundingStore {
  /** Tells this process's own NOTIFYs apart from other processes'. */
  readonly id = randomUUID();
  private instruments = new Map<number, InstrumentState>();
  private assets = new Map<number, AssetState>();
  private byAsset: Map<number, InstrumentState[]> | null = null;
  private versionNo = 0;
  private loadedAt: number | null = null;
  private readonly loaded: Promise<void>;
  private markLoaded!: () => void;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly memo = new Map<string, unknown>();
  private readonly listeners = new Set<(endedVersion: number) => void>();
  private memoVersion = -1;
  private memoEpoch = -1;
  private updatedSorted = new Float64Array(0);
  private staleIndexVersion = -1;
  private readonly now: () => number;

  constructor(private readonly opts: FundingStoreOptions) {
    this.now = opts.now ?? Date.now;
    this.loaded = new Promise((resolve) => (this.markLoaded = resolve));
  }

  /** Load everything (retrying until it works) and keep reloading on a timer. Not awaited by start-up. */
  start(): void {
    const first = async () => {
      while (!this.stopped) {
        try {
          await this.reloadAll();
          return;
        } catch (err) {
          // Stopped meanwhile (a short-lived process such as the migration script): nothing to report.
          if (this.stopped) return;
          this.opts.log.warn('funding store: load failed; retrying', {
            error: err instanceof Error ? err.message : String(err),
          });
          await new Promise((r) => setTimeout(r, this.opts.retryMs ?? 5_000).unref());
        }
      }
    };
    void first().then(() => {
      if (this.stopped) return;
      this.timer = setInterval(
        () => {
          this.reloadAll().catch((err: unknown) =>
            this.opts.log.warn('funding store: periodic reload failed', {
              error: err instanceof Error ? err.message : String(err),
            }),
          );
        },
        this.opts.refreshMs ?? 10 * 60_000,
      );
      this.timer.unref();
    });
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Resolves true once the first load finished, false if it takes longer than `timeoutMs`. */
  async whenLoaded(timeoutMs: number): Promise<boolean> {
    if (this.loadedAt !== null) return true;
    let t: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (t = setTimeout(() => resolve(false), timeoutMs)));
    const done = await Promise.race([this.loaded.then(() => true), timeout]);
    clearTimeout(t);
    return done;
  }

  get version(): number {
    return this.versionNo;
  }

  get lastLoadedAt(): number | null {
    return this.loadedAt;
  }

  view(): FundingView {
    if (!this.byAsset) {
      const by = new Map<number, InstrumentState[]>();
      for (const inst of this.instruments.values()) {
        if (!inst.active) continue;
        let list = by.get(inst.assetId);
        if (!list) by.set(inst.assetId, (list = []));
        list.push(inst);
      }
      for (const list of by.values()) {
        list.sort((a, b) => VENUE_ORDER.get(a.venue)! - VENUE_ORDER.get(b.venue)! || (a.symbol < b.symbol ? -1 : 1));
      }
      this.byAsset = by;
    }
    return { version: this.versionNo, assets: this.assets, instruments: this.instruments, byAsset: this.byAsset };
  }

  /**
   * A value derived from the current state, computed once per state version and `epoch` (see
   * staleEpoch: staleness moves with the clock) and per `key`; the API's rows, sorted rows and ranked
   * pairs live here. A computation that ran in slices across a change is returned but not kept, since
   * it may mix versions. Bounded: many distinct parameter sets start it afresh rather than grow it.
   */
  *memoized<T>(key: string, epoch: number, work: () => Work<T>): Work<T> {
    this.syncMemo(epoch);
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const version = this.versionNo;
    const value = yield* work();
    if (this.versionNo === version && this.memoEpoch === epoch) {
      if (this.memo.size >= MEMO_MAX_ENTRIES) this.memo.clear();
      this.memo.set(key, value);
    }
    return value;
  }

  private syncMemo(epoch: number): void {
    if (this.memoVersion === this.versionNo && this.memoEpoch === epoch) return;
    this.memo.clear();
    this.memoVersion = this.versionNo;
    this.memoEpoch = epoch;
  }

  /** Called after every change with the version it ended; returns the unsubscribe function. */
  onChange(listener: (endedVersion: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Changes only when a snapshot crosses the staleness age (SNAPSHOT_STALE_MS): with the version,
   * what cached answers depend on (they carry stale flags). Costs a binary search per call.
   */
  staleEpoch(nowMs: number): number {
    if (this.staleIndexVersion !== this.versionNo) {
      const times: number[] = [];
      for (const inst of this.instruments.values())
        if (inst.active && inst.snapshot) times.push(inst.snapshot.updatedAt);
      this.updatedSorted = Float64Array.from(times).sort();
      this.staleIndexVersion = this.versionNo;
    }
    const cutoff = nowMs - SNAPSHOT_STALE_MS;
    let lo = 0;
    let hi = this.updatedSorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.updatedSorted[mid]! < cutoff) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // ---- updates

  /** Snapshots just written by this process's job: applied without a round trip. */
  applySnapshots(rows: readonly { instrumentId: number; snapshot: SnapshotState }[]): void {
    let changed = false;
    for (const r of rows) {
      const inst = this.instruments.get(r.instrumentId);
      if (!inst) continue;
      inst.snapshot = r.snapshot;
      if (r.snapshot.intervalHours > 0) inst.intervalHours = r.snapshot.intervalHours;
      changed = true;
    }
    if (changed) this.bump(false);
  }

  /** Re-read what a NOTIFY (or this process's job) says changed. */
  async applyUpdate(kind: FundingUpdateKind, venue: VenueId | null): Promise<void> {
    const f: InstrumentFilter = venue ? { venue } : {};
    switch (kind) {
      case 'snapshots':
        return this.refreshInstruments(f);
      case 'instruments':
        await this.refreshAssets();
        await this.refreshInstruments(f);
        return this.refreshHistory(f);
      case 'history':
        return this.refreshHistory(f);
      case 'assets':
        return this.refreshAssets();
      case 'status':
        return;
    }
  }

  /** Instruments and snapshots (of a venue, or all); history states of kept instruments survive. */
  async refreshInstruments(f: InstrumentFilter = {}): Promise<void> {
    const fresh = await loadInstrumentStates(this.opts.db, f);
    const next = new Map(this.instruments);
    for (const [id, inst] of next) {
      if ((!f.venue || inst.venue === f.venue) && (!f.instrumentIds || f.instrumentIds.includes(id))) next.delete(id);
    }
    for (const inst of fresh) {
      inst.history = this.instruments.get(inst.id)?.history ?? null;
      next.set(inst.id, inst);
    }
    this.instruments = next;
    this.bump(true);
  }

  async refreshHistory(f: InstrumentFilter = {}): Promise<void> {
    const states = await loadHistoryStates(this.opts.db, f, this.now());
    for (const inst of this.instruments.values()) {
      if (f.venue && inst.venue !== f.venue) continue;
      if (f.instrumentIds && !f.instrumentIds.includes(inst.id)) continue;
      inst.history = states.get(inst.id) ?? null;
    }
    this.bump(false);
  }

  async refreshAssets(): Promise<void> {
    const list = await loadAssetStates(this.opts.db);
    this.assets = new Map(list.map((a) => [a.id, a]));
    this.bump(false);
  }

  async reloadAll(): Promise<void> {
    const started = this.now();
    const [assets, instruments, history] = await Promise.all([
      loadAssetStates(this.opts.db),
      loadInstrumentStates(this.opts.db),
      loadHistoryStates(this.opts.db, {}, started),
    ]);
    for (const inst of instruments) inst.history = history.get(inst.id) ?? null;
    this.replaceAll(assets, instruments);
    this.opts.log.debug('funding store: reloaded', { instruments: instruments.length, ms: this.now() - started });
  }

  /** Everything at once: reloadAll's results (and tests' hand-built states). */
  replaceAll(assets: readonly AssetState[], instruments: readonly InstrumentState[]): void {
    this.assets = new Map(assets.map((a) => [a.id, a]));
    this.instruments = new Map(instruments.map((i) => [i.id, i]));
    this.loadedAt = this.now();
    this.bump(true);
    this.markLoaded();
  }

  /** History state of one instrument (tests, coin detail). */
  history(instrumentId: number): HistoryState | null {
    return this.instruments.get(instrumentId)?.history ?? null;
  }

  private bump(structure: boolean): void {
    this.versionNo++;
    if (structure) this.byAsset = null;
    for (const listener of this.listeners) listener(this.versionNo - 1);
  }
}
