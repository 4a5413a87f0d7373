// The per-venue work of the ingestion jobs: instrument lists, funding snapshots and settled
// history, each a thin I/O shell around the normalisation and planning functions. The graphile
// tasks in workers/tasks call these, one venue per job.
import type { Db } from '~/.server/db/client';
import type { AppLogger } from '~/.server/logger';
import type { FundingRateRow, VenueRestClient } from '~/.server/market/types';
import type { VenueId } from '~/lib/venues';
import { isDue, nextWalk, orderWork, probeWindow, rowSpacingMs, startWalk, type WalkState } from './backfill-plan';
import {
  ensureProgressRows,
  loadBackfillItems,
  recordBackfillFailure,
  recordBackfillStep,
  type BackfillItem,
} from './backfill-queries';
import { notifyFundingUpdate } from './feed';
import {
  deactivateMissing,
  ensureAssets,
  insertFundingRates,
  loadVenueInstruments,
  updateIntervals,
  upsertInstruments,
  upsertSnapshots,
  type InstrumentUpsert,
  type RateInsert,
  type SnapshotUpsert,
} from './ingest-queries';
import { describeError } from './job-status';
import {
  aprPct,
  assetIdentity,
  canonicalAsset,
  hourlySamples,
  inferSettlementIntervals,
  isOutlierApr,
} from './normalise';
import { mapSettled, type VenueLimiters } from './rate-limiter';
import type { FundingStore } from './store';
import { feeRates, HISTORY_ROWS_PER_CALL, isContinuousVenue } from './venue-policy';

const DAY_MS = 86_400_000;
/** How far back a first backfill reaches (bounded by the retention setting). */
export const BACKFILL_DAYS = 30;

export interface IngestContext {
  db: Db;
  log: AppLogger;
  rest: Partial<Record<VenueId, VenueRestClient>>;
  limiters: VenueLimiters;
  /** This process's store, updated in place after each write; null in tools that have none. */
  store: FundingStore | null;
  now: () => Date;
}

function client(ctx: IngestContext, venue: VenueId): VenueRestClient {
  const c = ctx.rest[venue];
  if (!c) throw new Error(`no REST client for venue ${venue}`);
  return c;
}

async function notify(
  ctx: IngestContext,
  venue: VenueId | null,
  kind: 'snapshots' | 'history' | 'instruments',
  count: number,
) {
  await notifyFundingUpdate(ctx.db, {
    venue,
    kind,
    at: ctx.now().toISOString(),
    origin: ctx.store?.id ?? 'tool',
    count,
  });
}

// ---------------------------------------------------------------------------------------------
// Instruments

export interface InstrumentSyncResult {
  listed: number;
  added: string[];
  deactivated: string[];
  /** Listed symbols the symbol table could not place (not perps). */
  skipped: string[];
}

/** Every perpetual the venue lists, with its asset, multiplier, steps, fees and funding interval. */
export async function syncVenueInstruments(ctx: IngestContext, venue: VenueId): Promise<InstrumentSyncResult> {
  const list = await ctx.limiters.schedule(venue, () => client(ctx, venue).fetchInstruments());
  // An empty list is a venue glitch, not every contract delisted at once.
  if (list.length === 0) throw new Error(`${venue}: the instrument list came back empty`);
  const skipped: string[] = [];
  const placed = list.flatMap((inst) => {
    // The venue module already split base and multiplier; the symbol table confirms it is a perp we can place.
    const id = assetIdentity(venue, inst.symbol, { baseAsset: inst.baseAsset, quoteAsset: inst.quoteAsset });
    if (!id || !(inst.multiplier > 0)) {
      skipped.push(inst.symbol);
      return [];
    }
    return [{ inst, asset: canonicalAsset(inst.baseAsset) }];
  });
  const assetIds = await ensureAssets(
    ctx.db,
    placed.map((p) => p.asset),
  );
  const rows: InstrumentUpsert[] = placed.map(({ inst, asset }) => {
    const fees = feeRates(venue, inst);
    return {
      symbol: inst.symbol,
      assetId: assetIds.get(asset)!,
      quoteAsset: inst.quoteAsset,
      multiplier: inst.multiplier,
      contractSize: inst.contractSize > 0 ? inst.contractSize : 1,
      tickSize: Number.isFinite(inst.tickSize) && inst.tickSize > 0 ? inst.tickSize : null,
      lotSize: Number.isFinite(inst.lotSize) && inst.lotSize > 0 ? inst.lotSize : null,
      fundingIntervalHours:
        inst.fundingIntervalHours && inst.fundingIntervalHours > 0 ? inst.fundingIntervalHours : null,
      takerFeeRate: fees.takerFeeRate,
      makerFeeRate: fees.makerFeeRate,
      active: inst.active,
    };
  });
  const upserted = await upsertInstruments(ctx.db, venue, rows);
  const deactivated = await deactivateMissing(
    ctx.db,
    venue,
    rows.map((r) => r.symbol),
  );
  const added = upserted.filter((u) => u.inserted).map((u) => u.symbol);
  // New or delisted instruments change the table's shape (and may bring assets); otherwise only
  // their details (fees, steps) moved, which a reload of the venue's instruments covers.
  const kind = added.length || deactivated.length ? 'instruments' : 'snapshots';
  await ctx.store?.applyUpdate(kind, venue);
  await notify(ctx, venue, kind, rows.length);
  if (added.length || deactivated.length)
    ctx.log.info('instruments changed', { venue, added: added.length, deactivated });
  return { listed: rows.length, added, deactivated, skipped };
}

// ---------------------------------------------------------------------------------------------
// Snapshots

export interface SnapshotResult {
  stored: number;
  /** Symbols in the funding list but not (yet) in our instrument list. */
  unknown: string[];
  invalid: number;
}

/** Current funding of every perpetual of the venue (one or a few calls), stored and applied to the store. */
export async function snapshotVenue(ctx: IngestContext, venue: VenueId): Promise<SnapshotResult> {
  const snaps = await ctx.limiters.schedule(venue, () => client(ctx, venue).fetchFundingSnapshots());
  let known = await loadVenueInstruments(ctx.db, venue);
  if (known.size === 0) {
    // First run on an empty database: the instrument list comes first.
    await syncVenueInstruments(ctx, venue);
    known = await loadVenueInstruments(ctx.db, venue);
  }
  const at = ctx.now();
  const rows: SnapshotUpsert[] = [];
  const intervalChanges: { id: number; intervalHours: number }[] = [];
  const unknown: string[] = [];
  let invalid = 0;
  for (const s of snaps) {
    const inst = known.get(s.symbol);
    if (!inst) {
      unknown.push(s.symbol);
      continue;
    }
    if (!Number.isFinite(s.rate) || !(s.intervalHours > 0)) {
      invalid++;
      continue;
    }
    rows.push({
      instrumentId: inst.id,
      rate: s.rate,
      predictedRate: finite(s.predictedRate),
      intervalHours: s.intervalHours,
      nextFundingTime: s.nextFundingTime,
      markPrice: finite(s.markPrice),
      indexPrice: finite(s.indexPrice),
      volume24hQuote: finite(s.volume24hQuote),
      openInterestQuote: finite(s.openInterestQuote),
      updatedAt: at,
    });
    if (inst.intervalHours !== s.intervalHours) intervalChanges.push({ id: inst.id, intervalHours: s.intervalHours });
  }
  await upsertSnapshots(ctx.db, rows);
  await updateIntervals(ctx.db, intervalChanges);
  ctx.store?.applySnapshots(
    rows.map((r) => ({
      instrumentId: r.instrumentId,
      snapshot: {
        rate: r.rate,
        predictedRate: r.predictedRate,
        intervalHours: r.intervalHours,
        nextFundingTime: r.nextFundingTime,
        markPrice: r.markPrice,
        indexPrice: r.indexPrice,
        volume24hQuote: r.volume24hQuote,
        openInterestQuote: r.openInterestQuote,
        updatedAt: at.getTime(),
      },
    })),
  );
  await notify(ctx, venue, 'snapshots', rows.length);
  if (invalid) ctx.log.warn('snapshot rows without a usable rate or interval skipped', { venue, invalid });
  return { stored: rows.length, unknown, invalid };
}

/** A call cancelled on purpose (shutdown), as opposed to a venue or network failure. */
export function isAbort(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

function finite(x: number | null | undefined): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

// ---------------------------------------------------------------------------------------------
// History

export interface BackfillOptions {
  /** Stop starting new windows after this long; the job re-queues itself for the rest. */
  budgetMs: number;
  /** Instruments fetched at once (the venue's token bucket paces the calls). */
  concurrency: number;
  /** First backfill depth, days. */
  days: number;
}

export interface BackfillOutcome {
  due: number;
  completed: number;
  failed: number;
  /** Due instruments left for the next run (budget spent). */
  remaining: number;
  rowsInserted: number;
  errors: string[];
  /** Every attempted instrument failed: the venue is down, worth a job retry. */
  venueDown: boolean;
}

/**
 * Settled funding of the venue's instruments into funding_rates: a first backfill of `days` for
 * instruments seen for the first time, then incremental after each settlement. Resumable through
 * backfill_progress; outliers stored and flagged.
 */
export async function backfillVenue(
  ctx: IngestContext,
  venue: VenueId,
  opts: BackfillOptions,
): Promise<BackfillOutcome> {
  const started = Date.now();
  const deadline = started + opts.budgetMs;
  const nowMs = ctx.now().getTime();
  await ensureProgressRows(ctx.db, venue, new Date(nowMs - opts.days * DAY_MS));
  const continuous = isContinuousVenue(venue);
  const due = orderWork((await loadBackfillItems(ctx.db, venue)).filter((i) => isDue(i, nowMs, continuous)));
  const touched: number[] = [];
  let rowsInserted = 0;
  let completed = 0;
  let attempted = 0;
  const errors: string[] = [];
  const results = await mapSettled(due, opts.concurrency, async (item) => {
    if (Date.now() >= deadline) return 'skipped' as const;
    attempted++;
    try {
      const r = await backfillInstrument(ctx, venue, item, nowMs, deadline);
      rowsInserted += r.inserted;
      if (r.inserted > 0) touched.push(item.instrumentId);
      if (r.finished) completed++;
      return r.finished ? ('done' as const) : ('partial' as const);
    } catch (err) {
      // Shutting down (the REST clients were aborted): not the instrument's fault, resume next time.
      if (isAbort(err)) throw err;
      const message = describeError(err);
      errors.push(`${item.symbol}: ${message}`);
      await recordBackfillFailure(ctx.db, item.instrumentId, message).catch(() => {});
      throw err;
    }
  });
  const aborted = results.find((r): r is PromiseRejectedResult => r.status === 'rejected' && isAbort(r.reason));
  if (aborted) throw aborted.reason;
  const failed = results.filter((r) => r.status === 'rejected').length;
  const remaining = results.filter((r) => r.status === 'fulfilled' && r.value !== 'done').length;
  if (touched.length > 0) {
    await ctx.store?.refreshHistory({ instrumentIds: touched });
    await notify(ctx, venue, 'history', rowsInserted);
  }
  ctx.log.info('backfill: venue step', {
    venue,
    due: due.length,
    completed,
    failed,
    remaining,
    rowsInserted,
    ms: Date.now() - started,
  });
  return {
    due: due.length,
    completed,
    failed,
    remaining,
    rowsInserted,
    errors,
    venueDown: attempted > 0 && failed === attempted,
  };
}

interface InstrumentStep {
  inserted: number;
  /** Reached the present (nothing left for this run). */
  finished: boolean;
}

async function backfillInstrument(
  ctx: IngestContext,
  venue: VenueId,
  item: BackfillItem,
  nowMs: number,
  deadline: number,
): Promise<InstrumentStep> {
  const continuous = isContinuousVenue(venue);
  const intervalHours = item.intervalHours && item.intervalHours > 0 ? item.intervalHours : 8;
  const initial = item.status !== 'done';
  const status = initial ? 'running' : 'done';
  const rest = client(ctx, venue);
  const limit = HISTORY_ROWS_PER_CALL;
  let walk: WalkState = startWalk(
    item.newestTime !== null ? item.newestTime + 1 : item.targetFrom,
    // Continuous venues: the raw sample spacing is learned from the first full answer.
    rowSpacingMs(intervalHours, continuous),
    limit,
  );
  let lastStored = item.newestTime;
  let inserted = 0;
  while (walk.cursor <= nowMs) {
    if (Date.now() >= deadline) {
      return { inserted, finished: false };
    }
    const window = walk.probe
      ? probeWindow(walk.cursor)
      : { start: walk.cursor, end: Math.min(nowMs, walk.cursor + walk.windowMs - 1) };
    if (window.start > nowMs) break;
    const raw = await ctx.limiters.schedule(venue, () =>
      rest.fetchFundingHistory(item.symbol, {
        startTime: window.start,
        endTime: window.end,
        limit: walk.probe ? 1 : limit,
      }),
    );
    const rows = cleanRows(raw, item.symbol, window.start, window.end);
    const keep = continuous ? hourlySamples(rows) : rows;
    const inserts = toRateInserts(item.instrumentId, keep, intervalHours, continuous, lastStored);
    const n = await insertFundingRates(ctx.db, inserts);
    inserted += n;
    const times = keep.map((r) => r.fundingTime);
    const newest = times.length ? Math.max(...times) : null;
    if (newest !== null && (lastStored === null || newest > lastStored)) lastStored = newest;
    if (walk.probe) {
      walk = { ...walk, cursor: window.end + 1 };
    } else {
      walk = nextWalk(
        walk,
        window.end,
        rows.map((r) => r.fundingTime),
        limit,
        continuous,
      );
    }
    await recordBackfillStep(ctx.db, item.instrumentId, {
      oldest: times.length ? Math.min(...times) : null,
      newest,
      inserted: n,
      status: walk.cursor > nowMs ? 'done' : status,
    });
  }
  await recordBackfillStep(ctx.db, item.instrumentId, { oldest: null, newest: null, inserted: 0, status: 'done' });
  return { inserted, finished: true };
}

/** Rows of this symbol inside the window, finite, ascending, one per time. */
function cleanRows(raw: readonly FundingRateRow[], symbol: string, start: number, end: number): FundingRateRow[] {
  const byTime = new Map<number, FundingRateRow>();
  for (const r of raw) {
    if (r.symbol !== symbol || !Number.isFinite(r.rate) || !Number.isFinite(r.fundingTime)) continue;
    if (r.fundingTime < start || r.fundingTime > end) continue;
    byTime.set(r.fundingTime, r);
  }
  return [...byTime.values()].sort((a, b) => a.fundingTime - b.fundingTime);
}

/** Rows with the interval each covered (inferred from the settlement gaps) and the outlier flag. */
export function toRateInserts(
  instrumentId: number,
  rows: readonly FundingRateRow[],
  currentIntervalHours: number,
  continuous: boolean,
  previousTime: number | null,
): RateInsert[] {
  // Continuous venues quote per funding period whatever the sample spacing.
  const intervals = continuous
    ? rows.map(() => currentIntervalHours)
    : inferSettlementIntervals(
        rows.map((r) => r.fundingTime),
        currentIntervalHours,
        previousTime,
      );
  return rows.map((r, i) => {
    const intervalHours = intervals[i]!;
    return {
      instrumentId,
      fundingTime: r.fundingTime,
      rate: r.rate,
      intervalHours,
      isOutlier: isOutlierApr(aprPct(r.rate, intervalHours)),
    };
  });
}
