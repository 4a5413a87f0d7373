import { describe, expect, it } from 'vitest';
import { BookSync } from '~/.server/market/book-sync';
import { OrderBook } from '~/.server/market/order-book';
import type { BookEvent, TextLevel } from '~/.server/market/types';
import ws from './fixtures/ws-frames.json';
import { bitgetChecksum } from './checksum';
import { parseBitgetFrame } from './parse';
import { bitgetRules } from './rules';

// Real ids: the recorded BELUSDT snapshot and AXSUSDT update (2024 recordings carry no seq), the
// documented seq 123. Their level arrays were trimmed by the recorder, so books and checksums here
// are built from the documented formula around those frames.
function parse(message: unknown): BookEvent {
  const [ev] = parseBitgetFrame(JSON.stringify(message)) ?? [];
  if (!ev) throw new Error('fixture did not parse');
  return ev;
}

const snapshot = parse(ws.bookSnapshot.message);
const delta = parse(ws.bookDelta.message);
const withSeq = (ev: BookEvent, seq: number, prevSeq?: number): BookEvent => ({ ...ev, seq, prevSeq });

/** A `books` update frame of `symbol` carrying the checksum the book will have after it. */
function update(symbol: string, bids: TextLevel[], asks: TextLevel[], checksum: number, seq?: number): BookEvent {
  return parse({
    action: 'update',
    arg: { instType: 'USDT-FUTURES', channel: 'books', instId: symbol },
    data: [{ asks, bids, checksum, ...(seq !== undefined ? { seq } : {}), ts: '1730332859988' }],
    ts: 1730332859991,
  });
}

describe('bitgetRules sequencing', () => {
  it('takes its snapshots from the stream', () => {
    expect(bitgetRules.snapshotFrom).toBe('stream');
  });

  it('applies updates without seq (2024 recordings) and leaves integrity to the checksum', () => {
    expect(snapshot.seq).toBe(0);
    expect(bitgetRules.follows(snapshot, delta)).toBe('apply');
    expect(bitgetRules.bridge(0, delta)).toBe('apply');
  });

  it('applies an increasing seq, also with jumps (Bitget does not promise +1)', () => {
    const docSnap = withSeq(snapshot, 123);
    expect(bitgetRules.follows(docSnap, withSeq(delta, 124))).toBe('apply');
    expect(bitgetRules.follows(docSnap, withSeq(delta, 190))).toBe('apply');
    expect(bitgetRules.bridge(123, withSeq(delta, 124))).toBe('apply');
  });

  it('breaks the book on a repeated or backward seq (reordering, or a reset around maintenance)', () => {
    const prev = withSeq(delta, 200);
    expect(bitgetRules.follows(prev, withSeq(delta, 200))).toBe('gap');
    expect(bitgetRules.follows(prev, withSeq(delta, 150))).toBe('gap');
  });

  it('chains on pseq where a feed sends it', () => {
    const prev = withSeq(delta, 200);
    expect(bitgetRules.follows(prev, withSeq(delta, 260, 200))).toBe('apply');
    expect(bitgetRules.follows(prev, withSeq(delta, 260, 230))).toBe('gap');
  });
});

describe('bitgetRules.verifyChecksum', () => {
  const bids: TextLevel[] = [
    ['5.081', '536.2'],
    ['5.080', '12.0'],
  ];
  const asks: TextLevel[] = [
    ['5.085', '144.6'],
    ['5.086', '80.0'],
  ];

  it('passes events without a checksum (snapshots)', () => {
    const book = new OrderBook({ keepText: true });
    expect(bitgetRules.verifyChecksum!(book, snapshot)).toBe(true);
  });

  it('accepts an update whose signed checksum matches the book after it and rejects one off by anything', () => {
    const book = new OrderBook({ keepText: true });
    book.applySnapshot([], [], { bids: [], asks: [] });
    const afterBids: TextLevel[] = [bids[0]!, bids[1]!];
    const expected = bitgetChecksum(afterBids, asks);
    const good = update('AXSUSDT', bids, asks, expected | 0);
    book.applyDelta(good.bids, good.asks, good.text);
    expect(bitgetRules.verifyChecksum!(book, good)).toBe(true);
    expect(bitgetRules.verifyChecksum!(book, { ...good, checksum: (expected + 1) >>> 0 })).toBe(false);
  });

  it('keeps a book live through updates and resyncs on the first wrong checksum (with BookSync)', () => {
    const sync = new BookSync('AXSUSDT', bitgetRules);
    const snap = parse({
      action: 'snapshot',
      arg: { instType: 'USDT-FUTURES', channel: 'books', instId: 'AXSUSDT' },
      data: [{ asks, bids, checksum: 0, seq: 10, ts: '1730332800303' }],
      ts: 1730332800315,
    });
    expect(sync.onStreamEvent(snap)).toEqual({ changed: true });
    // Trailing zeros matter: "12.0" → "7.50" changes the text the checksum is computed over.
    const after: TextLevel[] = [
      ['5.081', '536.2'],
      ['5.080', '7.50'],
    ];
    const ok = update('AXSUSDT', [['5.080', '7.50']], [], bitgetChecksum(after, asks) | 0, 11);
    expect(sync.onStreamEvent(ok)).toEqual({ changed: true });
    expect(sync.book.topText(25).bids).toEqual(after);
    const bad = update('AXSUSDT', [['5.079', '1.0']], [], bitgetChecksum(after, asks) | 0, 12);
    expect(sync.onStreamEvent(bad)).toEqual({ changed: true, resync: 'checksum' });
    expect(sync.state).toBe('resyncing');
    // Updates mean nothing until the resubscription brings a snapshot.
    expect(sync.onStreamEvent(withSeq(ok, 13))).toEqual({ changed: false });
    expect(sync.onStreamEvent(snap).changed).toBe(true);
    expect(sync.state).toBe('live');
  });
});
