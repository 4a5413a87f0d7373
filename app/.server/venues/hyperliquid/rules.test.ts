import { describe, expect, it } from 'vitest';
import { BookSync } from '~/.server/market/book-sync';
import type { BookEvent } from '~/.server/market/types';
import ws from './fixtures/ws-frames.json';
import { parseHyperliquidFrame } from './parse';
import { hyperliquidRules } from './rules';

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

describe('BookSync with hyperliquidRules', () => {
  it('skips a snapshot older than the last applied one while live', () => {
    const newer = at(recorded, 100, 68001);
    const older = at(recorded, 50, 68002);
    const sync = new BookSync('BTC', hyperliquidRules);
    sync.onStreamEvent(newer);
    expect(sync.onStreamEvent(older).changed).toBe(false);
    expect(sync.book.bestBid()).toEqual([68001, 1]);
    expect(sync.lastEvent?.seq).toBe(newer.seq);
    sync.onStreamEvent(at(recorded, 100, 68003));
    expect(sync.book.bestBid()).toEqual([68003, 1]);
  });

  it('takes any snapshot once the book is no longer live (a fresh subscription after a resync)', () => {
    const sync = new BookSync('BTC', hyperliquidRules);
    sync.onStreamEvent(at(recorded, 1000, 68001));
    sync.markResync('reconnect');
    sync.onStreamEvent(recorded);
    expect(sync.state).toBe('live');
    expect(sync.lastEvent?.seq).toBe(recorded.seq);
  });
});
