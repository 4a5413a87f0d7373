import { describe, expect, it } from 'vitest';
import {
  FAILED_RETRY_MS,
  isDue,
  nextWalk,
  orderWork,
  probeWindow,
  rowSpacingMs,
  SETTLEMENT_GRACE_MS,
  startWalk,
} from './backfill-plan';
import type { BackfillItem } from './backfill-queries';

const H = 3_600_000;
const NOW = 1_000 * H;

function item(over: Partial<BackfillItem>): BackfillItem {
  return {
    instrumentId: 1,
    symbol: 'BTCUSDT',
    intervalHours: 8,
    status: 'done',
    oldestTime: null,
    newestTime: null,
    targetFrom: NOW - 720 * H,
    rowsStored: 0,
    updatedAt: NOW,
    ...over,
  };
}

describe('which instruments need a fetch', () => {
  it('keeps first backfills going until done', () => {
    expect(isDue(item({ status: 'pending' }), NOW, false)).toBe(true);
    expect(isDue(item({ status: 'running', newestTime: NOW - H }), NOW, false)).toBe(true);
  });

  it('fetches a done instrument once its next settlement (plus a grace) has passed', () => {
    expect(isDue(item({ newestTime: NOW - 8 * H }), NOW, false)).toBe(false);
    expect(isDue(item({ newestTime: NOW - 8 * H - SETTLEMENT_GRACE_MS }), NOW, false)).toBe(true);
    expect(isDue(item({ intervalHours: 1, newestTime: NOW - H - SETTLEMENT_GRACE_MS }), NOW, false)).toBe(true);
    expect(isDue(item({ intervalHours: 4, newestTime: NOW - 3 * H }), NOW, false)).toBe(false);
    // Continuous venues are sampled hourly whatever their funding period.
    expect(isDue(item({ intervalHours: 8, newestTime: NOW - H - SETTLEMENT_GRACE_MS }), NOW, true)).toBe(true);
  });

  it('backs off a failing instrument', () => {
    expect(isDue(item({ status: 'failed', updatedAt: NOW - 60_000 }), NOW, false)).toBe(false);
    expect(isDue(item({ status: 'failed', updatedAt: NOW - FAILED_RETRY_MS }), NOW, false)).toBe(true);
  });

  it('does incremental updates before first backfills', () => {
    const order = orderWork([
      item({ instrumentId: 3, status: 'pending' }),
      item({ instrumentId: 2, status: 'done' }),
      item({ instrumentId: 4, status: 'failed' }),
      item({ instrumentId: 1, status: 'running' }),
    ]);
    expect(order.map((i) => i.instrumentId)).toEqual([2, 1, 3, 4]);
  });
});

describe('walking a history endpoint in windows', () => {
  const LIMIT = 200;
  const hourly = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i * H);

  it('sizes the first window a little under the limit', () => {
    expect(startWalk(0, rowSpacingMs(1, false), LIMIT).windowMs).toBe(190 * H);
    expect(rowSpacingMs(null, false)).toBe(8 * H);
  });

  it('moves past a complete window', () => {
    const s = startWalk(0, H, LIMIT);
    const next = nextWalk(s, 190 * H - 1, hourly(0, 190), LIMIT, false);
    expect(next.cursor).toBe(190 * H);
  });

  it('resumes after the last row when a venue capped the answer below our limit', () => {
    const s = startWalk(0, H, LIMIT);
    const next = nextWalk(s, 190 * H - 1, hourly(0, 100), LIMIT, false);
    expect(next.cursor).toBe(99 * H + 1);
  });

  it('a full answer that starts at the cursor (first rows) continues after it', () => {
    const s = { cursor: 0, windowMs: 1000 * H, spacingMs: 8 * H, probe: false };
    const next = nextWalk(s, 1000 * H, hourly(0, 200), LIMIT, false);
    expect(next.cursor).toBe(199 * H + 1);
    expect(next.spacingMs).toBe(H);
    expect(next.windowMs).toBe(160 * H);
  });

  it('a full answer of the newest rows refetches a smaller window from the same cursor', () => {
    const s = { cursor: 0, windowMs: 1000 * H, spacingMs: 8 * H, probe: false };
    const next = nextWalk(s, 1000 * H, hourly(800 * H, 200), LIMIT, false);
    expect(next.cursor).toBe(0);
    expect(next.windowMs).toBe(160 * H);
  });

  it('continuous samples too dense for windows switch to one probe per hour', () => {
    const s = startWalk(0, H, LIMIT);
    const fiveSeconds = Array.from({ length: 200 }, (_, i) => 100 * H + i * 5_000);
    expect(nextWalk(s, 190 * H, fiveSeconds, LIMIT, true).probe).toBe(true);
    // Five-minute samples still fit 16 h windows.
    const fiveMinutes = Array.from({ length: 200 }, (_, i) => 100 * H + i * 300_000);
    const w = nextWalk(s, 190 * H, fiveMinutes, LIMIT, true);
    expect(w.probe).toBe(false);
    expect(w.windowMs).toBe(Math.floor(300_000 * 200 * 0.8));
  });

  it('probes the next whole hour', () => {
    expect(probeWindow(5 * H)).toEqual({ start: 5 * H, end: 6 * H - 1 });
    expect(probeWindow(5 * H + 1)).toEqual({ start: 6 * H, end: 7 * H - 1 });
  });
});
