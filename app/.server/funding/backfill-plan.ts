// The decisions of the history backfill, as pure functions: which instruments need a fetch now,
// and how to walk a venue's history endpoint in windows without knowing whether it answers a
// too-long window with its first or its newest rows.
import type { BackfillItem } from './backfill-queries';

const HOUR_MS = 3_600_000;
/** Venues publish a settlement a little after its time. */
export const SETTLEMENT_GRACE_MS = 60_000;
/** A failing instrument is tried again after this long, not on every run. */
export const FAILED_RETRY_MS = 30 * 60_000;
/** Continuous venues: below this window per call, sampling each hour directly costs fewer calls. */
const PROBE_BELOW_MS = 2 * HOUR_MS;

/** Time between two rows we keep: the settlement interval, or an hour on continuous venues. */
export function rowSpacingMs(intervalHours: number | null, continuous: boolean): number {
  return continuous ? HOUR_MS : (intervalHours && intervalHours > 0 ? intervalHours : 8) * HOUR_MS;
}

/** Initial backfills (or resumptions) are due until done; done ones once a new settlement should exist. */
export function isDue(item: BackfillItem, nowMs: number, continuous: boolean): boolean {
  if (item.status === 'failed' && nowMs - item.updatedAt < FAILED_RETRY_MS) return false;
  if (item.status !== 'done') return true;
  const from = item.newestTime ?? item.targetFrom;
  return nowMs >= from + rowSpacingMs(item.intervalHours, continuous) + SETTLEMENT_GRACE_MS;
}

/** Incremental updates first (cheap, and what the table shows), then initial backfills oldest-listed first. */
export function orderWork(items: readonly BackfillItem[]): BackfillItem[] {
  const rank = (i: BackfillItem) =>
    i.status === 'done' ? 0 : i.status === 'running' ? 1 : i.status === 'pending' ? 2 : 3;
  return [...items].sort((a, b) => rank(a) - rank(b) || a.instrumentId - b.instrumentId);
}

export interface WalkState {
  /** Next time to fetch from (inclusive), ms. */
  cursor: number;
  /** Length of the next window. */
  windowMs: number;
  /** Expected time between raw rows (settlements, or samples on continuous venues). */
  spacingMs: number;
  /** Continuous venue with samples too dense for windows: fetch one sample per hour. */
  probe: boolean;
}

/** A window sized for a few rows under the per-call limit. */
export function startWalk(cursor: number, spacingMs: number, limit: number): WalkState {
  return { cursor, windowMs: spacingMs * Math.max(1, limit - 10), spacingMs, probe: false };
}

/**
 * Where to go after a window [cursor, end] answered with rows at `times` (ascending, inside the window).
 * - Fewer rows than the limit: the window is complete, unless its rows stop well before its end
 *   (a venue capping below our limit and returning the first rows): then resume after the last row.
 * - A full answer may be cut. Learn the real spacing from it and shrink the window; if the rows begin
 *   at the cursor the venue returned the first rows, so resume after them, else (it returned the
 *   newest) fetch the smaller window from the same cursor. Samples too dense for that switch to probes.
 */
export function nextWalk(
  state: WalkState,
  end: number,
  times: readonly number[],
  limit: number,
  continuous: boolean,
): WalkState {
  const first = times[0];
  const last = times[times.length - 1];
  if (times.length < limit || first === undefined || last === undefined) {
    const cutShort = last !== undefined && last < end - 1.5 * state.spacingMs;
    return { ...state, cursor: cutShort ? last + 1 : end + 1 };
  }
  const spacing = Math.max(1_000, times.length > 1 ? (last - first) / (times.length - 1) : state.spacingMs);
  if (continuous && spacing * limit < PROBE_BELOW_MS) return { ...state, spacingMs: spacing, probe: true };
  const windowMs = Math.max(spacing, Math.floor(spacing * limit * 0.8));
  const fromStart = first - state.cursor <= 1.5 * spacing;
  return { cursor: fromStart ? last + 1 : state.cursor, windowMs, spacingMs: spacing, probe: false };
}

/** The hour a probe at `cursor` samples: the first whole hour at or after it. */
export function probeWindow(cursor: number): { start: number; end: number } {
  const start = Math.ceil(cursor / HOUR_MS) * HOUR_MS;
  return { start, end: start + HOUR_MS - 1 };
}
