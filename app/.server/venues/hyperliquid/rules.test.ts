import { describe, expect, it } from 'vitest';
import { BookSync } from '~/.server/market/book-sync';
import type { BookEvent } from '~/.server/market/types';
import ws from './fixtures/ws-frames.json';
import { parseHyperliquidFrame } from './parse';
import { HyperliquidSnapshotOrder, hyperliquidRules } from './rules';

// Built from the recorded BTC push (time 1710131872708): later and earlier copies with other levels.
function parse(message: unknown): BookEvent {
  const [ev] = parseHyperliquidFrame(JSON.stringify(message)) ?? [];
  if (!ev) throw new Error('fixture did not parse');
  return ev;
}

const recorded = parse(ws.bookSnapshotCcxtComment.message);
const at = (ev: BookEvent, dtMs: number, bid: number): BookEvent => ({
  ...ev,
  seq: ev.seq + dtMs,
  ts: ev.ts + dtMs,
  bids: [[bid, 1]],
});

describe('hyperliquidRules', () => {
  it('takes its snapshots from the stream', () => {
    expect(hyperliquidRules.snapshotFrom).toBe('stream');
  });

  it('skips a message older than the one applied and applies the same time or newer', () => {
    expect(hyperliquidRules.follows(recorded, at(recorded, -1, 68000))).toBe('skip');
    expect(hyperliquidRules.follows(recorded, at(recorded, 0, 68000))).toBe('apply');
    expect(hyperliquidRules.follows(recorded, at(recorded, 500, 68000))).toBe('apply');
  });

  it('has no gaps: any later time applies, however far', () => {
    expect(hyperliquidRules.follows(recorded, at(recorded, 3_600_000, 68000))).toBe('apply');
    expect(hyperliquidRules.bridge(recorded.seq, at(recorded, 3_600_000, 68000))).toBe('apply');
    expect(hyperliquidRules.bridge(recorded.seq, at(recorded, -1, 68000))).toBe('skip');
  });
});

describe('HyperliquidSnapshotOrder', () => {
  it('drops snapshots older than the last admitted one, per coin', () => {
    const order = new HyperliquidSnapshotOrder();
    const eth = { ...recorded, symbol: 'ETH' };
    expect(order.admit(recorded)).toBe(true);
    expect(order.admit(at(recorded, 100, 68001))).toBe(true);
    expect(order.admit(at(recorded, 50, 68002))).toBe(false);
    expect(order.admit(at(recorded, 100, 68003))).toBe(true);
    // Another coin has its own clock.
    expect(order.admit(eth)).toBe(true);
    expect(order.skipped).toBe(1);
  });

  it('starts over for a coin whose subscription was acknowledged again', () => {
    const order = new HyperliquidSnapshotOrder();
    expect(order.admit(at(recorded, 1000, 68001))).toBe(true);
    order.forget('BTC');
    expect(order.admit(recorded)).toBe(true);
  });

  it('is what keeps BookSync from taking an older snapshot', () => {
    const newer = at(recorded, 100, 68001);
    const older = at(recorded, 50, 68002);
    // BookSync alone takes every snapshot as it comes, the older one included.
    const bare = new BookSync('BTC', hyperliquidRules);
    bare.onStreamEvent(newer);
    bare.onStreamEvent(older);
    expect(bare.book.bestBid()).toEqual([68002, 1]);
    // Behind the order check it keeps the newer book.
    const order = new HyperliquidSnapshotOrder();
    const sync = new BookSync('BTC', hyperliquidRules);
    for (const ev of [newer, older]) if (order.admit(ev)) sync.onStreamEvent(ev);
    expect(sync.book.bestBid()).toEqual([68001, 1]);
    expect(sync.lastEvent?.seq).toBe(newer.seq);
  });
});
