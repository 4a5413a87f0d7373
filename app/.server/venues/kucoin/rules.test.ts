import { describe, expect, it } from 'vitest';
import { BookSync } from '~/.server/market/book-sync';
import type { BookEvent } from '~/.server/market/types';
import rest from './fixtures/rest-market.json';
import ws from './fixtures/ws-frames.json';
import { parseKucoinDepthSnapshot, parseKucoinFrame } from './parse';
import { kucoinRules } from './rules';

// Recorded by tardis: a MYROUSDTM snapshot at sequence …391 and the three changes after it.
const MULTIPLIER = 10;
const { code, data } = rest.bookSnapshotMatchingDeltas.message;
const snapshot = parseKucoinDepthSnapshot('MYROUSDTM', { code, data }, MULTIPLIER);
const deltas = ws.bookDeltaReal.map((s) => parseKucoinFrame(JSON.stringify(s.message), () => MULTIPLIER)![0]!);
const at = (seq: number): BookEvent => ({ ...deltas[0]!, seq });

describe('kucoinRules', () => {
  it('starts from a REST snapshot', () => {
    expect(kucoinRules.snapshotFrom).toBe('rest');
  });

  it('bridges the recorded snapshot with the change right after it, skips older, refuses a hole', () => {
    expect(snapshot.seq).toBe(1705411242391);
    expect(kucoinRules.bridge(snapshot.seq, deltas[0]!)).toBe('apply');
    expect(kucoinRules.bridge(snapshot.seq, at(1705411242391))).toBe('skip');
    expect(kucoinRules.bridge(snapshot.seq, at(1705411242000))).toBe('skip');
    expect(kucoinRules.bridge(snapshot.seq, deltas[1]!)).toBe('gap');
  });

  it('follows one change at a time: previous + 1 applies, repeats skip, jumps are gaps', () => {
    expect(kucoinRules.follows(deltas[0]!, deltas[1]!)).toBe('apply');
    expect(kucoinRules.follows(deltas[1]!, deltas[2]!)).toBe('apply');
    expect(kucoinRules.follows(deltas[1]!, deltas[1]!)).toBe('skip');
    expect(kucoinRules.follows(deltas[2]!, deltas[0]!)).toBe('skip');
    expect(kucoinRules.follows(deltas[0]!, deltas[2]!)).toBe('gap');
  });

  it('drives a BookSync through the recorded sequence: buffered deltas replay onto the snapshot', () => {
    const sync = new BookSync('MYROUSDTM', kucoinRules);
    // The stream runs ahead of the snapshot: all three changes are held until it arrives.
    for (const ev of deltas) expect(sync.onStreamEvent(ev).changed).toBe(false);
    expect(sync.buffered).toBe(3);
    expect(sync.onRestSnapshot(snapshot)).toEqual({ changed: true });
    expect(sync.state).toBe('live');
    expect(sync.lastEvent?.seq).toBe(1705411242394);
    // 0.2166 ask removed; bids 0.20645 ×1 and 0.3 ×3 contracts added (×10 base units each).
    expect(sync.book.top(5)).toEqual({
      bids: [
        [0.3, 30],
        [0.21557, 300],
        [0.20645, 10],
      ],
      asks: [],
    });
  });

  it('sends the book to resync when a change is lost between snapshot and stream', () => {
    const sync = new BookSync('MYROUSDTM', kucoinRules);
    sync.onRestSnapshot(snapshot);
    expect(sync.onStreamEvent(deltas[1]!).resync).toBe('bridge');
    // A newer snapshot (the 0.2166 ask already gone) picks up the held change …393.
    sync.onRestSnapshot({ ...snapshot, seq: 1705411242392, asks: [] });
    expect(sync.state).toBe('live');
    expect(sync.lastEvent?.seq).toBe(1705411242393);
    expect(sync.onStreamEvent(deltas[2]!)).toEqual({ changed: true });
    expect(sync.onStreamEvent(at(1705411242396)).resync).toBe('gap');
  });
});
