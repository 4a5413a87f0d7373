// Sequence state machine around one OrderBook: decides, from a venue's SequenceRules, whether
// each stream event is applied, skipped, buffered or means the book is broken and must resync.
import { OrderBook } from './order-book';
import type { BookEvent, BookReader, SequenceRules } from './types';

export type SyncState = 'awaiting-snapshot' | 'live' | 'resyncing';

export const RESYNC_REASONS = [
  'gap',
  'checksum',
  'crossed',
  'bridge',
  'buffer-overflow',
  'stale',
  'reconnect',
] as const;
export type ResyncReason = (typeof RESYNC_REASONS)[number];

/**
 * changed: what the book serves changed (levels applied, or a live book withdrawn).
 * resync: the book was just declared broken; fetch a REST snapshot or resubscribe, per the rules.
 */
export interface SyncResult {
  changed: boolean;
  resync?: ResyncReason;
}

export interface BookSyncOptions {
  /** Keep level text for checksums; defaults to true when the rules verify checksums. */
  keepText?: boolean;
  /** Most deltas held while waiting for a REST snapshot. */
  maxBuffer?: number;
}

const UNCHANGED: SyncResult = Object.freeze({ changed: false });
const APPLIED: SyncResult = Object.freeze({ changed: true });

/** What one step did: nothing visible, applied levels, or broke the book for a reason. */
type Outcome = 'unchanged' | 'applied' | ResyncReason;

export class BookSync {
  private readonly orderBook: OrderBook;
  private readonly maxBuffer: number;
  private current: SyncState = 'awaiting-snapshot';
  /** Deltas held until a snapshot they can bridge (rest-snapshot venues only). */
  private buffer: BookEvent[] = [];
  /** Last applied event: what `follows` chains on, or the snapshot the next delta must bridge. */
  private prev: BookEvent | null = null;
  /** The last apply was a REST snapshot, so the next delta is judged by `bridge`, not `follows`. */
  private bridging = false;
  readonly resyncs: Record<ResyncReason, number> = Object.fromEntries(RESYNC_REASONS.map((r) => [r, 0])) as Record<
    ResyncReason,
    number
  >;
  resyncTotal = 0;

  constructor(
    readonly symbol: string,
    private readonly rules: SequenceRules,
    opts: BookSyncOptions = {},
  ) {
    this.orderBook = new OrderBook({ keepText: opts.keepText ?? rules.verifyChecksum !== undefined });
    this.maxBuffer = Math.max(1, opts.maxBuffer ?? 1000);
  }

  get state(): SyncState {
    return this.current;
  }

  /** The book; empty whenever the state is not live, so a broken book is never served. */
  get book(): BookReader {
    return this.orderBook;
  }

  /** Sequence and venue time of the last applied snapshot or delta. */
  get lastEvent(): Readonly<Pick<BookEvent, 'seq' | 'ts'>> | null {
    return this.prev;
  }

  /** Deltas waiting for a snapshot (for diagnostics). */
  get buffered(): number {
    return this.buffer.length;
  }

  /** A parsed event from the venue stream. Events for another symbol are ignored. */
  onStreamEvent(ev: BookEvent): SyncResult {
    if (ev.symbol !== this.symbol) return UNCHANGED;
    const wasLive = this.current === 'live';
    if (ev.kind === 'snapshot') {
      if (wasLive && this.rules.orderedSnapshots && this.prev && ev.seq < this.prev.seq) return UNCHANGED;
      return settle(wasLive, this.takeSnapshot(ev));
    }
    if (this.current === 'live') return settle(wasLive, this.applyLive(ev));
    // Not live: a REST-snapshot venue keeps deltas for the snapshot to bridge; on a stream
    // venue they mean nothing until the stream sends a snapshot.
    if (this.rules.snapshotFrom === 'rest') return settle(wasLive, this.hold(ev));
    return UNCHANGED;
  }

  /** A full book fetched over REST (its `seq` is the venue's last update id, Binance `lastUpdateId`). */
  onRestSnapshot(ev: BookEvent): SyncResult {
    return settle(this.current === 'live', this.takeSnapshot(ev));
  }

  /** The streamer declares the book broken (reconnect, silence). Held deltas belong to the old stream and go too. */
  markResync(reason: ResyncReason): SyncResult {
    const wasLive = this.current === 'live';
    return settle(wasLive, this.fail(reason, []));
  }

  private takeSnapshot(ev: BookEvent): Outcome {
    this.orderBook.applySnapshot(ev.bids, ev.asks, ev.text);
    this.current = 'live';
    this.prev = ev;
    this.bridging = this.rules.snapshotFrom === 'rest';
    const broken = this.check(ev);
    if (broken) return this.fail(broken, this.buffer);
    // Replay what was held: stale ones are skipped by `bridge`, the first kept one must bridge.
    const held = this.buffer;
    this.buffer = [];
    for (let i = 0; i < held.length; i++) {
      const outcome = this.applyLive(held[i]!);
      if (outcome !== 'applied' && outcome !== 'unchanged') {
        // Newer held deltas stay held for the next snapshot to bridge.
        for (let j = i + 1; j < held.length; j++) this.buffer.push(held[j]!);
        return outcome;
      }
    }
    return 'applied';
  }

  private applyLive(ev: BookEvent): Outcome {
    const prev = this.prev!;
    const verdict = this.bridging ? this.rules.bridge(prev.seq, ev) : this.rules.follows(prev, ev);
    if (verdict === 'skip') return 'unchanged';
    if (verdict === 'gap') {
      // The delta after the hole is newer than anything applied: keep it for the next snapshot.
      return this.fail(this.bridging ? 'bridge' : 'gap', this.rules.snapshotFrom === 'rest' ? [ev] : []);
    }
    this.orderBook.applyDelta(ev.bids, ev.asks, ev.text);
    this.prev = ev;
    this.bridging = false;
    const broken = this.check(ev);
    return broken ? this.fail(broken, []) : 'applied';
  }

  private hold(ev: BookEvent): Outcome {
    if (this.buffer.length >= this.maxBuffer) {
      // The snapshot in flight is now older than anything we could still bridge; start over.
      return this.fail('buffer-overflow', [ev]);
    }
    this.buffer.push(ev);
    return 'unchanged';
  }

  /** After an apply. The checksum goes first: when the book is both crossed and wrong, the checksum names the cause. */
  private check(ev: BookEvent): ResyncReason | null {
    if (this.rules.verifyChecksum && !this.rules.verifyChecksum(this.orderBook, ev)) return 'checksum';
    if (this.orderBook.isCrossed()) return 'crossed';
    return null;
  }

  private fail(reason: ResyncReason, keep: BookEvent[]): ResyncReason {
    this.orderBook.clear();
    this.current = 'resyncing';
    this.bridging = false;
    this.buffer = this.rules.snapshotFrom === 'rest' ? keep.slice(-this.maxBuffer) : [];
    this.resyncs[reason] += 1;
    this.resyncTotal += 1;
    return reason;
  }
}

function settle(wasLive: boolean, outcome: Outcome): SyncResult {
  if (outcome === 'unchanged') return UNCHANGED;
  if (outcome === 'applied') return APPLIED;
  return { changed: wasLive, resync: outcome };
}
