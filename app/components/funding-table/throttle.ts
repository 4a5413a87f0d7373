/**
 * How long to wait before the next refresh so refreshes are at least `minIntervalMs` apart:
 * 0 when the last one is old enough. Pure, for the live-update throttle.
 */
export function throttleDelayMs(lastRunMs: number | null, nowMs: number, minIntervalMs: number): number {
  if (lastRunMs === null) return 0;
  return Math.max(0, lastRunMs + minIntervalMs - nowMs);
}
