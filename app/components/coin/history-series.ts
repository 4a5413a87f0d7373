// Per-venue APR histories → the row-per-time table recharts draws lines from. Pure.
import type { VenueHistory } from './coin-types';

export interface ChartRow {
  /** Settlement time (ms). */
  t: number;
  [series: string]: number;
}

/** The series name of a history: its venue, plus the contract when a venue lists more than one. */
export function seriesName(h: VenueHistory, all: readonly VenueHistory[]): string {
  const sameVenue = all.filter((x) => x.exchange === h.exchange);
  return sameVenue.length > 1 ? `${h.exchange}:${h.symbol}` : h.exchange;
}

/**
 * One row per distinct time, oldest first, with each series' value where it settled then; a series
 * absent at a time is left out of that row (the chart connects across the gap). Outliers (flagged
 * by ingestion as implausible) are dropped so one bad print does not flatten the scale.
 */
export function mergeHistories(histories: readonly VenueHistory[]): ChartRow[] {
  const rows = new Map<number, ChartRow>();
  for (const h of histories) {
    const name = seriesName(h, histories);
    for (const p of h.points) {
      if (p.outlier) continue;
      const t = Date.parse(p.t);
      if (!Number.isFinite(t) || !Number.isFinite(p.v)) continue;
      let row = rows.get(t);
      if (!row) rows.set(t, (row = { t }));
      row[name] = p.v;
    }
  }
  return [...rows.values()].sort((a, b) => a.t - b.t);
}

/**
 * Each venue's points averaged per `bucketMs` window (aligned to UTC), stamped at the window's
 * start: hourly venues then read on the same scale as 8-hourly ones. A venue keeps one interval
 * within a window, so the plain mean of its APRs is the time-weighted one. Outliers are dropped.
 */
export function bucketHistories(histories: readonly VenueHistory[], bucketMs: number): VenueHistory[] {
  return histories.map((h) => {
    const sums = new Map<number, { sum: number; n: number }>();
    for (const p of h.points) {
      const t = Date.parse(p.t);
      if (p.outlier || !Number.isFinite(t) || !Number.isFinite(p.v)) continue;
      const start = Math.floor(t / bucketMs) * bucketMs;
      const s = sums.get(start) ?? { sum: 0, n: 0 };
      s.sum += p.v;
      s.n += 1;
      sums.set(start, s);
    }
    const points = [...sums.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([start, s]) => ({ t: new Date(start).toISOString(), v: Math.round((s.sum / s.n) * 10_000) / 10_000 }));
    return { ...h, points };
  });
}
