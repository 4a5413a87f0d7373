import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BookSync } from '~/.server/market/book-sync';
import { OrderBook } from '~/.server/market/order-book';
import type { BookEvent, TextLevel } from '~/.server/market/types';
import ws from './fixtures/ws-frames.json';
import { parseCoinexFrame } from './parse';
import { coinexRules, createCoinexRules } from './rules';

// Books and checksums generated from the documented formula, with an independent CRC32 (the one
// zlib writes into every gzip trailer) and a naive reference book, not the module under test.
function refCrc32(text: string): number {
  const gz = gzipSync(Buffer.from(text, 'utf8'));
  return gz.readUInt32LE(gz.length - 8);
}

class RefBook {
  bids = new Map<string, string>();
  asks = new Map<string, string>();

  apply(bids: TextLevel[], asks: TextLevel[], full: boolean): void {
    if (full) {
      this.bids.clear();
      this.asks.clear();
    }
    RefBook.set(this.bids, bids);
    RefBook.set(this.asks, asks);
  }

  private static set(side: Map<string, string>, levels: TextLevel[]): void {
    for (const [p, q] of levels) {
      if (Number(q) === 0) side.delete(p);
      else side.set(p, q);
    }
  }

  checksum(): number {
    const bids = [...this.bids].sort((a, b) => Number(b[0]) - Number(a[0]));
    const asks = [...this.asks].sort((a, b) => Number(a[0]) - Number(b[0]));
    return refCrc32([...bids, ...asks].map(([p, q]) => `${p}:${q}`).join(':'));
  }
}

/** A depth.update frame whose checksum is the reference book's after applying it. */
function push(ref: RefBook, bids: TextLevel[], asks: TextLevel[], full: boolean, t: number): BookEvent {
  ref.apply(bids, asks, full);
  const msg = {
    method: 'depth.update',
    data: {
      market: 'BTCUSDT',
      is_full: full,
      depth: { bids, asks, last: '1', updated_at: t, checksum: ref.checksum() },
    },
    id: null,
  };
  const [ev] = parseCoinexFrame(JSON.stringify(msg)) ?? [];
  if (!ev) throw new Error('frame did not parse');
  return ev;
}

const snapshotBids: TextLevel[] = [
  ['30736.00', '0.04857373'],
  ['30733.00', '0.84696320'],
  ['30725.00', '0.12563353'],
];
const snapshotAsks: TextLevel[] = [
  ['30740.00', '0.31763545'],
  ['30769.00', '1.45155000'],
];

describe('coinexRules', () => {
  it('takes books from the stream and applies every message in order (no sequence to check)', () => {
    const [snap] = parseCoinexFrame(JSON.stringify(ws.bookSnapshot.message)) ?? [];
    expect(coinexRules.snapshotFrom).toBe('stream');
    expect(coinexRules.follows(snap!, snap!)).toBe('apply');
    expect(coinexRules.bridge(snap!.seq, snap!)).toBe('apply');
  });

  it('keeps a book live through generated increments whose checksums match', () => {
    const ref = new RefBook();
    const sync = new BookSync('BTCUSDT', coinexRules);
    expect(sync.onStreamEvent(push(ref, snapshotBids, snapshotAsks, true, 1))).toEqual({ changed: true });
    const steps: [TextLevel[], TextLevel[]][] = [
      [[['30736.00', '0.5']], []],
      [[['30733.00', '0']], [['30738.50', '0.25000000']]],
      [
        [],
        [
          ['30740.00', '0'],
          ['30741.00', '2'],
        ],
      ],
      [[['30737.00', '1.00000000']], []],
    ];
    steps.forEach(([b, a], i) => expect(sync.onStreamEvent(push(ref, b, a, false, 2 + i))).toEqual({ changed: true }));
    expect(sync.state).toBe('live');
    expect(sync.book.topText(10)).toEqual({
      bids: [
        ['30737.00', '1.00000000'],
        ['30736.00', '0.5'],
        ['30725.00', '0.12563353'],
      ],
      asks: [
        ['30738.50', '0.25000000'],
        ['30741.00', '2'],
        ['30769.00', '1.45155000'],
      ],
    });
  });

  it('detects a lost increment at the next message and asks for a resync', () => {
    const ref = new RefBook();
    const sync = new BookSync('BTCUSDT', coinexRules);
    sync.onStreamEvent(push(ref, snapshotBids, snapshotAsks, true, 1));
    push(ref, [['30736.00', '0.7']], [], false, 2); // never reaches the client
    const result = sync.onStreamEvent(push(ref, [], [['30769.00', '3']], false, 3));
    expect(result).toEqual({ changed: true, resync: 'checksum' });
    expect(sync.state).toBe('resyncing');
    expect(sync.book.size).toEqual({ bids: 0, asks: 0 });
    // The fresh full book after resubscribing makes it live again.
    expect(sync.onStreamEvent(push(ref, snapshotBids, snapshotAsks, true, 4)).resync).toBeUndefined();
    expect(sync.state).toBe('live');
  });

  it('rejects a message whose checksum does not match the book, snapshot included', () => {
    const ref = new RefBook();
    const snap = push(ref, snapshotBids, snapshotAsks, true, 1);
    expect(
      new BookSync('BTCUSDT', coinexRules).onStreamEvent({ ...snap, checksum: (snap.checksum! + 1) >>> 0 }),
    ).toEqual({
      changed: false,
      resync: 'checksum',
    });
  });

  it('accepts events without a checksum and checks only the subscribed depth', () => {
    const book = new OrderBook({ keepText: true });
    const bids: TextLevel[] = Array.from({ length: 7 }, (_, i) => [`${100 - i}`, '1']);
    const asks: TextLevel[] = Array.from({ length: 7 }, (_, i) => [`${101 + i}`, '1']);
    const num = (t: TextLevel[]) => t.map(([p, q]): [number, number] => [Number(p), Number(q)]);
    book.applySnapshot(num(bids), num(asks), { bids, asks });
    const ev: BookEvent = { kind: 'delta', symbol: 'X', bids: [], asks: [], seq: 1, ts: 1 };
    expect(coinexRules.verifyChecksum!(book, ev)).toBe(true);
    const top5 = refCrc32([...bids.slice(0, 5), ...asks.slice(0, 5)].map(([p, q]) => `${p}:${q}`).join(':'));
    expect(createCoinexRules({ depth: 5 }).verifyChecksum!(book, { ...ev, checksum: top5 })).toBe(true);
    expect(coinexRules.verifyChecksum!(book, { ...ev, checksum: top5 })).toBe(false);
  });
});
