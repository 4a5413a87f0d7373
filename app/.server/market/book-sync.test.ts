import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BookSync, type ResyncReason } from './book-sync';
import type { BookEvent, BookReader, Level, SequenceRules, TextLevel } from './types';
import { mulberry32 as prng } from '~/lib/prng';

// Rule objects below are test data modelled on the venues' documented rules; the real ones live
// in the venue folders.

/** Binance USDⓈ-M diff depth: U/u/pu. */
const binanceFutures: SequenceRules = {
  snapshotFrom: 'rest',
  bridge: (lastUpdateId, ev) => {
    if (ev.seq < lastUpdateId) return 'skip';
    return (ev.firstSeq ?? ev.seq) <= lastUpdateId && lastUpdateId <= ev.seq ? 'apply' : 'gap';
  },
  follows: (prev, ev) => (ev.prevSeq === prev.seq ? 'apply' : 'gap'),
};

/** Bybit v5: snapshots on the stream, u advances by one per message. */
const bybit: SequenceRules = {
  snapshotFrom: 'stream',
  bridge: () => 'apply',
  follows: (prev, ev) => (ev.seq === prev.seq + 1 ? 'apply' : ev.seq <= prev.seq ? 'skip' : 'gap'),
};

/** Bitget-style CRC32 over the first 25 text levels, bid and ask interleaved. */
function bitgetChecksum(book: BookReader): number {
  const { bids, asks } = book.topText(25);
  const parts: string[] = [];
  for (let i = 0; i < Math.max(bids.length, asks.length); i++) {
    const bid = bids[i];
    const ask = asks[i];
    if (bid) parts.push(`${bid[0]}:${bid[1]}`);
    if (ask) parts.push(`${ask[0]}:${ask[1]}`);
  }
  return crc32(parts.join(':')) >>> 0;
}

const bitgetLike: SequenceRules = {
  ...bybit,
  verifyChecksum: (book, ev) => ev.checksum === undefined || bitgetChecksum(book) === ev.checksum,
};

const SYMBOL = 'BTCUSDT';

function diff(U: number, u: number, pu: number, bids: Level[] = [], asks: Level[] = []): BookEvent {
  return { kind: 'delta', symbol: SYMBOL, bids, asks, seq: u, firstSeq: U, prevSeq: pu, ts: 1_700_000_000_000 + u };
}

function snapshot(seq: number, bids: Level[], asks: Level[], extra: Partial<BookEvent> = {}): BookEvent {
  return { kind: 'snapshot', symbol: SYMBOL, bids, asks, seq, ts: 1_700_000_000_000 + seq, ...extra };
}

function delta(seq: number, bids: Level[] = [], asks: Level[] = [], extra: Partial<BookEvent> = {}): BookEvent {
  return { kind: 'delta', symbol: SYMBOL, bids, asks, seq, ts: 1_700_000_000_000 + seq, ...extra };
}

const BOOK_BIDS: Level[] = [
  [100, 1],
  [99, 2],
];
const BOOK_ASKS: Level[] = [
  [101, 1],
  [102, 2],
];

function expectServesNothing(sync: BookSync): void {
  expect(sync.state).not.toBe('live');
  expect(sync.book.size).toEqual({ bids: 0, asks: 0 });
  expect(sync.book.top(50)).toEqual({ bids: [], asks: [] });
  expect(sync.book.bestBid()).toBeUndefined();
  expect(sync.book.bestAsk()).toBeUndefined();
  expect(sync.book.mid()).toBeNull();
}

function zeroCounts(): Record<ResyncReason, number> {
  return { gap: 0, checksum: 0, crossed: 0, bridge: 0, 'buffer-overflow': 0, stale: 0, reconnect: 0 };
}

describe('BookSync with REST snapshots (Binance futures rules)', () => {
  it('buffers deltas until the snapshot, drops stale ones, bridges and replays the rest', () => {
    const sync = new BookSync(SYMBOL, binanceFutures);
    expect(sync.state).toBe('awaiting-snapshot');
    const held = [
      diff(90, 95, 89, [[50, 9]]), // stale: would add a bid that must never appear
      diff(96, 99, 95, [[100, 0]]), // stale: would delete the best bid
      diff(100, 104, 99, [[100, 3]]), // bridges lastUpdateId 100
      diff(105, 108, 104, [], [[101, 0]]),
    ];
    for (const ev of held) expect(sync.onStreamEvent(ev)).toEqual({ changed: false });
    expect(sync.buffered).toBe(4);
    expectServesNothing(sync);

    expect(sync.onRestSnapshot(snapshot(100, BOOK_BIDS, BOOK_ASKS))).toEqual({ changed: true });
    expect(sync.state).toBe('live');
    expect(sync.buffered).toBe(0);
    expect(sync.book.top(10)).toEqual({
      bids: [
        [100, 3],
        [99, 2],
      ],
      asks: [[102, 2]],
    });
    expect(sync.lastEvent).toMatchObject({ seq: 108, ts: 1_700_000_000_108 });

    expect(sync.onStreamEvent(diff(109, 112, 108, [[99.5, 1]]))).toEqual({ changed: true });
    expect(sync.book.top(2).bids).toEqual([
      [100, 3],
      [99.5, 1],
    ]);
    expect(sync.resyncTotal).toBe(0);
  });

  it('judges the first live delta after an unbuffered snapshot by the bridge rule', () => {
    const sync = new BookSync(SYMBOL, binanceFutures);
    sync.onRestSnapshot(snapshot(100, BOOK_BIDS, BOOK_ASKS));
    expect(sync.state).toBe('live');
    expect(sync.onStreamEvent(diff(95, 99, 94, [[100, 0]]))).toEqual({ changed: false }); // stale
    expect(sync.onStreamEvent(diff(98, 103, 97, [[100, 5]]))).toEqual({ changed: true }); // pu 97 ≠ 100, but it bridges
    expect(sync.onStreamEvent(diff(104, 106, 103, [[99, 0]]))).toEqual({ changed: true });
    expect(sync.book.top(5).bids).toEqual([[100, 5]]);
  });

  it('resyncs with reason bridge when the first kept delta leaves a hole, and bridges the next snapshot', () => {
    const sync = new BookSync(SYMBOL, binanceFutures);
    sync.onStreamEvent(diff(105, 110, 104, [[100, 7]]));
    expect(sync.onRestSnapshot(snapshot(100, BOOK_BIDS, BOOK_ASKS))).toEqual({ changed: false, resync: 'bridge' });
    expectServesNothing(sync);
    expect(sync.state).toBe('resyncing');
    // The delta after the hole is kept, so a newer snapshot can still bridge with it.
    expect(sync.buffered).toBe(1);
    sync.onStreamEvent(diff(111, 112, 110, [[99, 4]]));

    expect(sync.onRestSnapshot(snapshot(107, BOOK_BIDS, BOOK_ASKS))).toEqual({ changed: true });
    expect(sync.state).toBe('live');
    expect(sync.book.top(5).bids).toEqual([
      [100, 7],
      [99, 4],
    ]);
    expect(sync.resyncs).toEqual({ ...zeroCounts(), bridge: 1 });
  });

  it('resyncs on a broken pu chain, serves nothing meanwhile, and recovers from a fresh snapshot', () => {
    const sync = new BookSync(SYMBOL, binanceFutures);
    sync.onRestSnapshot(snapshot(100, BOOK_BIDS, BOOK_ASKS));
    sync.onStreamEvent(diff(99, 101, 98, [[100, 2]]));
    expect(sync.onStreamEvent(diff(105, 107, 104, [[98, 1]]))).toEqual({ changed: true, resync: 'gap' });
    expect(sync.state).toBe('resyncing');
    expectServesNothing(sync);

    // Deltas keep being held for the next snapshot, and are not served.
    expect(sync.onStreamEvent(diff(108, 109, 107, [[97, 1]]))).toEqual({ changed: false });
    expectServesNothing(sync);
    expect(sync.buffered).toBe(2);

    expect(sync.onRestSnapshot(snapshot(106, [[100, 1]], [[101, 1]]))).toEqual({ changed: true });
    expect(sync.state).toBe('live');
    expect(sync.book.top(5).bids).toEqual([
      [100, 1],
      [98, 1],
      [97, 1],
    ]);
    expect(sync.resyncs.gap).toBe(1);
  });

  it('keeps the deltas after a gap found while replaying the buffer', () => {
    const sync = new BookSync(SYMBOL, binanceFutures);
    sync.onStreamEvent(diff(99, 101, 98));
    sync.onStreamEvent(diff(102, 103, 101));
    sync.onStreamEvent(diff(106, 107, 105)); // pu 105 ≠ 103
    sync.onStreamEvent(diff(108, 109, 107));
    expect(sync.onRestSnapshot(snapshot(100, BOOK_BIDS, BOOK_ASKS))).toEqual({ changed: false, resync: 'gap' });
    expectServesNothing(sync);
    expect(sync.buffered).toBe(2);
    expect(sync.onRestSnapshot(snapshot(106, BOOK_BIDS, BOOK_ASKS))).toEqual({ changed: true });
    expect(sync.lastEvent?.seq).toBe(109);
  });

  it('overflows a bounded buffer into a resync and keeps buffering from the newest delta', () => {
    const sync = new BookSync(SYMBOL, binanceFutures, { maxBuffer: 3 });
    expect(sync.onStreamEvent(diff(1, 1, 0))).toEqual({ changed: false });
    sync.onStreamEvent(diff(2, 2, 1));
    sync.onStreamEvent(diff(3, 3, 2));
    expect(sync.onStreamEvent(diff(4, 5, 3, [[100, 9]]))).toEqual({ changed: false, resync: 'buffer-overflow' });
    expect(sync.state).toBe('resyncing');
    expect(sync.buffered).toBe(1);
    expect(sync.onRestSnapshot(snapshot(4, BOOK_BIDS, BOOK_ASKS))).toEqual({ changed: true });
    expect(sync.book.bestBid()).toEqual([100, 9]);
    expect(sync.resyncs['buffer-overflow']).toBe(1);
  });

  it('resyncs on a crossed book after a delta and after a crossed snapshot', () => {
    const sync = new BookSync(SYMBOL, binanceFutures);
    sync.onRestSnapshot(snapshot(100, BOOK_BIDS, BOOK_ASKS));
    expect(sync.onStreamEvent(diff(100, 101, 99, [[101.5, 1]]))).toEqual({ changed: true, resync: 'crossed' });
    expectServesNothing(sync);

    sync.onStreamEvent(diff(102, 103, 101));
    expect(sync.onRestSnapshot(snapshot(102, [[101, 1]], [[101, 2]]))).toEqual({ changed: false, resync: 'crossed' });
    expectServesNothing(sync);
    expect(sync.buffered).toBe(1); // still there for the next snapshot
    expect(sync.onRestSnapshot(snapshot(102, BOOK_BIDS, BOOK_ASKS))).toEqual({ changed: true });
    expect(sync.lastEvent?.seq).toBe(103);
    expect(sync.resyncs.crossed).toBe(2);
  });

  it('drops held deltas on a reconnect or staleness, since they belong to the old stream', () => {
    const sync = new BookSync(SYMBOL, binanceFutures);
    sync.onRestSnapshot(snapshot(100, BOOK_BIDS, BOOK_ASKS));
    expect(sync.markResync('stale')).toEqual({ changed: true, resync: 'stale' });
    expectServesNothing(sync);
    sync.onStreamEvent(diff(101, 102, 100));
    expect(sync.markResync('reconnect')).toEqual({ changed: false, resync: 'reconnect' });
    expect(sync.buffered).toBe(0);
    expect(sync.resyncs).toEqual({ ...zeroCounts(), stale: 1, reconnect: 1 });
    expect(sync.resyncTotal).toBe(2);
  });
});

describe('BookSync with stream snapshots (Bybit rules)', () => {
  it('ignores deltas before the first snapshot, then follows u one by one', () => {
    const sync = new BookSync(SYMBOL, bybit);
    expect(sync.onStreamEvent(delta(10, [[100, 5]]))).toEqual({ changed: false });
    expectServesNothing(sync);
    expect(sync.buffered).toBe(0);

    expect(sync.onStreamEvent(snapshot(20, BOOK_BIDS, BOOK_ASKS))).toEqual({ changed: true });
    expect(sync.state).toBe('live');
    expect(sync.onStreamEvent(delta(21, [[100, 0]]))).toEqual({ changed: true });
    expect(sync.onStreamEvent(delta(21, [[100, 4]]))).toEqual({ changed: false }); // duplicate: skipped
    expect(sync.book.top(5).bids).toEqual([[99, 2]]);
    expect(sync.lastEvent?.seq).toBe(21);
  });

  it('always replaces the book on a stream snapshot, including one that restarts u', () => {
    const sync = new BookSync(SYMBOL, bybit);
    sync.onStreamEvent(snapshot(500, BOOK_BIDS, BOOK_ASKS));
    sync.onStreamEvent(delta(501, [[98, 1]]));
    expect(sync.onStreamEvent(snapshot(1, [[90, 1]], [[91, 1]]))).toEqual({ changed: true });
    expect(sync.book.top(5)).toEqual({ bids: [[90, 1]], asks: [[91, 1]] });
    expect(sync.onStreamEvent(delta(2, [[89, 1]]))).toEqual({ changed: true });
    expect(sync.book.size).toEqual({ bids: 2, asks: 1 });
  });

  it('resyncs on a gap, ignores deltas until a snapshot, then is live again', () => {
    const sync = new BookSync(SYMBOL, bybit);
    sync.onStreamEvent(snapshot(20, BOOK_BIDS, BOOK_ASKS));
    expect(sync.onStreamEvent(delta(22, [[98, 1]]))).toEqual({ changed: true, resync: 'gap' });
    expectServesNothing(sync);
    expect(sync.onStreamEvent(delta(23, [[97, 1]]))).toEqual({ changed: false });
    expectServesNothing(sync);
    expect(sync.onStreamEvent(snapshot(30, BOOK_BIDS, BOOK_ASKS))).toEqual({ changed: true });
    expect(sync.state).toBe('live');
    expect(sync.book.top(5).bids).toEqual(BOOK_BIDS);
  });

  it('resyncs on a crossed book', () => {
    const sync = new BookSync(SYMBOL, bybit);
    sync.onStreamEvent(snapshot(20, BOOK_BIDS, BOOK_ASKS));
    expect(sync.onStreamEvent(delta(21, [], [[100, 1]]))).toEqual({ changed: true, resync: 'crossed' });
    expectServesNothing(sync);
  });

  it('verifies checksums over the kept venue text and resyncs on a mismatch', () => {
    const sync = new BookSync(SYMBOL, bitgetLike); // keepText follows from verifyChecksum
    const text = (levels: Level[]): TextLevel[] => levels.map(([p, s]) => [p.toFixed(2), s.toFixed(4)]);
    const expectedAfter = (bids: Level[], asks: Level[]) => {
      const parts: string[] = [];
      for (let i = 0; i < Math.max(bids.length, asks.length); i++) {
        const bid = bids[i];
        const ask = asks[i];
        if (bid) parts.push(`${bid[0].toFixed(2)}:${bid[1].toFixed(4)}`);
        if (ask) parts.push(`${ask[0].toFixed(2)}:${ask[1].toFixed(4)}`);
      }
      return crc32(parts.join(':')) >>> 0;
    };
    const snap = snapshot(1, BOOK_BIDS, BOOK_ASKS, { text: { bids: text(BOOK_BIDS), asks: text(BOOK_ASKS) } });
    expect(sync.onStreamEvent(snap)).toEqual({ changed: true });

    const good = delta(2, [[99.5, 3]], [], {
      text: { bids: text([[99.5, 3]]), asks: [] },
      checksum: expectedAfter(
        [
          [100, 1],
          [99.5, 3],
          [99, 2],
        ],
        BOOK_ASKS,
      ),
    });
    expect(sync.onStreamEvent(good)).toEqual({ changed: true });
    expect(sync.book.topText(1).bids).toEqual([['100.00', '1.0000']]);

    const bad = delta(3, [[99, 0]], [], { text: { bids: [['99', '0']], asks: [] }, checksum: 12345 });
    expect(sync.onStreamEvent(bad)).toEqual({ changed: true, resync: 'checksum' });
    expectServesNothing(sync);
    expect(sync.resyncs).toEqual({ ...zeroCounts(), checksum: 1 });
  });

  it('counts every resync by reason', () => {
    const sync = new BookSync(SYMBOL, bybit);
    const live = (seq: number) => sync.onStreamEvent(snapshot(seq, BOOK_BIDS, BOOK_ASKS));
    live(1);
    sync.onStreamEvent(delta(3)); // gap
    live(10);
    sync.onStreamEvent(delta(11, [], [[99, 1]])); // crossed
    sync.markResync('reconnect');
    live(20);
    sync.onStreamEvent(delta(25)); // gap
    sync.markResync('stale');
    expect(sync.resyncs).toEqual({ ...zeroCounts(), gap: 2, crossed: 1, reconnect: 1, stale: 1 });
    expect(sync.resyncTotal).toBe(5);
  });
});

/** The venue's own book: a Map per side, its levels best first as JSON for comparing. */
class VenueBook {
  readonly bids = new Map<number, number>();
  readonly asks = new Map<number, number>();

  apply(bids: Level[], asks: Level[]): void {
    for (const [p, s] of bids) {
      if (s > 0) this.bids.set(p, s);
      else this.bids.delete(p);
    }
    for (const [p, s] of asks) {
      if (s > 0) this.asks.set(p, s);
      else this.asks.delete(p);
    }
  }

  levels(): { bids: Level[]; asks: Level[] } {
    return {
      bids: [...this.bids].sort((a, b) => b[0] - a[0]),
      asks: [...this.asks].sort((a, b) => a[0] - b[0]),
    };
  }
}

/** A plausible uncrossed delta: bids below 1000, asks above, mostly near the touch. */
function randomChange(rand: () => number, venue: VenueBook): { bids: Level[]; asks: Level[] } {
  const side = (dir: 1 | -1, have: Map<number, number>): Level[] => {
    const out: Level[] = [];
    for (let n = Math.floor(rand() * 4); n > 0; n--) {
      if (have.size > 0 && rand() < 0.3) {
        const keys = [...have.keys()];
        out.push([keys[Math.floor(rand() * keys.length)]!, 0]);
      } else {
        out.push([1000 + dir * (1 + Math.floor(-Math.log(1 - rand()) * 8)) * 0.5, Math.ceil(rand() * 100) / 10]);
      }
    }
    return out;
  };
  return { bids: side(-1, venue.bids), asks: side(1, venue.asks) };
}

describe('BookSync over a lossy stream', () => {
  it('Bybit-style: whenever the book is live it equals the venue book at its last applied u', () => {
    const rand = prng(7);
    const venue = new VenueBook();
    const truthAt = new Map<number, string>();
    const sync = new BookSync(SYMBOL, bybit);
    let u = 1;
    const sendSnapshot = () => {
      const { bids, asks } = venue.levels();
      truthAt.set(u, JSON.stringify({ bids, asks }));
      sync.onStreamEvent(snapshot(u, bids, asks));
    };
    sendSnapshot();
    let liveChecks = 0;
    let previous: BookEvent | null = null;
    for (let i = 0; i < 4000; i++) {
      const change = randomChange(rand, venue);
      venue.apply(change.bids, change.asks);
      u += 1;
      truthAt.set(u, JSON.stringify(venue.levels()));
      const ev = delta(u, change.bids, change.asks);
      const roll = rand();
      // 2% lost, 2% a repeat of the previous message, the rest delivered in order.
      const result = roll < 0.02 ? null : sync.onStreamEvent(ev);
      if (roll > 0.98 && previous) sync.onStreamEvent(previous);
      previous = ev;
      if (result?.resync) sendSnapshot(); // what the streamer does: resubscribe for a fresh snapshot
      if (sync.state === 'live') {
        liveChecks++;
        expect(JSON.stringify(sync.book.top(Infinity))).toBe(truthAt.get(sync.lastEvent!.seq));
      } else {
        expect(sync.book.size).toEqual({ bids: 0, asks: 0 });
      }
    }
    expect(liveChecks).toBeGreaterThan(3000);
    expect(sync.resyncs.gap).toBeGreaterThan(10);
  });

  it('Binance-style: slow REST snapshots, lost deltas and small buffers still give only correct live books', () => {
    const rand = prng(11);
    const venue = new VenueBook();
    const truthAt = new Map<number, string>();
    const sync = new BookSync(SYMBOL, binanceFutures, { maxBuffer: 25 });
    let u = 1000;
    truthAt.set(u, JSON.stringify(venue.levels()));
    // A snapshot request is answered with the book as of the request, a few messages later.
    let pending: { dueAt: number; ev: BookEvent } | null = null;
    const request = (now: number) => {
      const { bids, asks } = venue.levels();
      pending = { dueAt: now + Math.floor(rand() * 30), ev: snapshot(u, bids, asks) };
    };
    request(0);
    let liveChecks = 0;
    for (let i = 0; i < 5000; i++) {
      const change = randomChange(rand, venue);
      venue.apply(change.bids, change.asks);
      const pu = u;
      const U = u + 1;
      u += 1 + Math.floor(rand() * 4); // several updates per message
      truthAt.set(u, JSON.stringify(venue.levels()));
      const lost = rand() < 0.01;
      const result = lost ? null : sync.onStreamEvent(diff(U, u, pu, change.bids, change.asks));
      if (result?.resync && !pending) request(i);
      const due: { dueAt: number; ev: BookEvent } | null = pending;
      if (due && due.dueAt <= i) {
        pending = null;
        if (sync.onRestSnapshot(due.ev).resync) request(i);
      }
      if (sync.state === 'live') {
        liveChecks++;
        expect(JSON.stringify(sync.book.top(Infinity))).toBe(truthAt.get(sync.lastEvent!.seq));
      } else {
        expect(sync.book.size).toEqual({ bids: 0, asks: 0 });
      }
    }
    expect(liveChecks).toBeGreaterThan(2500);
    expect(sync.resyncs.gap).toBeGreaterThan(5);
    expect(sync.resyncs['buffer-overflow'] + sync.resyncs.bridge).toBeGreaterThan(0);
  });
});
