// Candle data for the terminal charts: the kline endpoint's rows per base unit, and the last
// candle kept moving from the live book mid between fetches.

export const CHART_INTERVALS = ['1m', '5m', '15m', '1h', '4h', '1d'] as const;
export type ChartInterval = (typeof CHART_INTERVALS)[number];

export const INTERVAL_MS: Record<ChartInterval, number> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
  '4h': 14_400_000,
  '1d': 86_400_000,
};

/** A row of GET /api/proxy/kline/: open time ms, prices per quoted unit, volume. */
export interface KlineRow {
  t: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}

/** A bar as lightweight-charts takes it: time in UTC seconds, prices per base unit. */
export interface Bar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
}

export function isKlineRows(body: unknown): body is KlineRow[] {
  return (
    Array.isArray(body) &&
    body.every(
      (r) =>
        typeof r === 'object' &&
        r !== null &&
        ['t', 'o', 'h', 'l', 'c'].every((k) => typeof (r as Record<string, unknown>)[k] === 'number'),
    )
  );
}

/** Rows (oldest first) as bars per base unit; duplicate or out-of-order times are dropped. */
export function toBars(rows: readonly KlineRow[], multiplier: number): Bar[] {
  const bars: Bar[] = [];
  let last = -Infinity;
  for (const r of rows) {
    const time = Math.floor(r.t / 1000);
    if (time <= last) continue;
    last = time;
    bars.push({ time, open: r.o / multiplier, high: r.h / multiplier, low: r.l / multiplier, close: r.c / multiplier });
  }
  return bars;
}

/**
 * The last bar after a new mid: the same bar with its close (and high/low) moved while the
 * interval lasts, or a new bar opening at the mid once the clock passed into the next interval.
 * The mid stands in for the last trade price, which this app does not stream.
 */
export function applyMid(last: Bar | null, mid: number, nowMs: number, intervalMs: number): Bar | null {
  if (!last || !(mid > 0)) return null;
  const bucket = Math.floor(nowMs / intervalMs) * (intervalMs / 1000);
  if (bucket > last.time) return { time: bucket, open: mid, high: mid, low: mid, close: mid };
  if (bucket < last.time) return null; // client clock behind the venue's: leave the venue's bar alone
  return { ...last, high: Math.max(last.high, mid), low: Math.min(last.low, mid), close: mid };
}
