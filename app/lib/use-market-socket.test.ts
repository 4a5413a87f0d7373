import { describe, expect, it } from 'vitest';
import { applyBookMessage, bookKey, isBookMessage, reconnectDelayMs, type BookMessage } from './use-market-socket';

const msg = (b: BookMessage['b'], a: BookMessage['a'], extra: Partial<BookMessage> = {}): BookMessage => ({
  exchange: 'binance',
  symbol: 'BTCUSDT',
  b,
  a,
  ts: 5,
  recv: 6,
  seq: 7,
  ...extra,
});

describe('applyBookMessage', () => {
  it('takes a live book as the baseline, without flashes', () => {
    const v = applyBookMessage(undefined, msg([[100, 1]], [[101, 2]]), 1000);
    expect(v).toMatchObject({
      status: 'live',
      bids: [[100, 1]],
      asks: [[101, 2]],
      venueTs: 5,
      serverRecvMs: 6,
      seq: 7,
      receivedAtMs: 1000,
    });
    expect(v.marks.bids.size + v.marks.asks.size).toBe(0);
  });

  it('marks size changes between two live books', () => {
    const first = applyBookMessage(undefined, msg([[100, 1]], [[101, 2]]), 1000);
    const next = applyBookMessage(first, msg([[100, 3]], [[101, 1]]), 1100);
    expect(next.marks.bids.get(100)).toEqual({ dir: 'up', at: 1100 });
    expect(next.marks.asks.get(101)).toEqual({ dir: 'down', at: 1100 });
  });

  it('keeps the last levels while resyncing or stale, and does not flash on recovery', () => {
    const live = applyBookMessage(undefined, msg([[100, 1]], [[101, 2]]), 1000);
    const resync = applyBookMessage(live, msg([], [], { status: 'resyncing', ts: undefined, seq: undefined }), 1100);
    expect(resync).toMatchObject({ status: 'resyncing', bids: [[100, 1]], asks: [[101, 2]], seq: 7 });
    const back = applyBookMessage(resync, msg([[99, 5]], [[102, 5]]), 1200);
    expect(back.status).toBe('live');
    expect(back.marks.bids.size + back.marks.asks.size).toBe(0);
  });
});

describe('messages', () => {
  it('recognises book messages', () => {
    expect(isBookMessage(msg([], []))).toBe(true);
    expect(isBookMessage({ type: 'subscribed', exchange: 'binance', symbol: 'BTCUSDT' })).toBe(false);
    expect(isBookMessage({ channel: 'x', data: 1 })).toBe(false);
    expect(isBookMessage(null)).toBe(false);
    expect(bookKey('bybit', 'ETHUSDT')).toBe('bybit:ETHUSDT');
  });

  it('backs off exponentially up to half a minute, jittered within ±25 %', () => {
    expect(reconnectDelayMs(0)).toBeGreaterThanOrEqual(750);
    expect(reconnectDelayMs(0)).toBeLessThanOrEqual(1250);
    expect(reconnectDelayMs(3) / reconnectDelayMs(0)).toBeCloseTo(8, 1);
    expect(reconnectDelayMs(20)).toBeLessThanOrEqual(37_500);
    expect(reconnectDelayMs(20)).toBe(reconnectDelayMs(30));
  });
});
