// Hyperliquid book sequencing. Every `l2Book` push is the whole top of the book (20 levels a side),
// so the stream is its own snapshot source and each message replaces the book. There are no
// sequence numbers; `data.time` (ms, block time) orders the messages, so it serves as seq.
//
// There is no gap concept: a lost message takes nothing with it that the next one does not carry
// in full, and block times are not consecutive counters, so a missing message could not be told
// from a quiet block anyway. The only thing that can go wrong is order: a message older than the
// one already applied must not overwrite it.
import type { BookEvent, SequenceRules, SequenceVerdict } from '~/.server/market/types';

/** Older than what was applied → skip; same time (a resubscribe within one block) or newer → apply. */
function byTime(appliedSeq: number, ev: BookEvent): SequenceVerdict {
  return ev.seq < appliedSeq ? 'skip' : 'apply';
}

export const hyperliquidRules: SequenceRules = {
  snapshotFrom: 'stream',
  bridge: (snapshotSeq, ev) => byTime(snapshotSeq, ev),
  follows: (prev, ev) => byTime(prev.seq, ev),
};

/**
 * Applies `hyperliquidRules` to snapshots. BookSync takes every snapshot event as it comes and
 * consults the rules only for deltas, and all Hyperliquid events are snapshots; so the stream spec
 * passes each one through here first and drops those older than the last one admitted per coin.
 */
export class HyperliquidSnapshotOrder {
  private readonly last = new Map<string, BookEvent>();
  /** Snapshots dropped as out of order, for diagnostics. */
  skipped = 0;

  /** True when `ev` may replace the coin's book. */
  admit(ev: BookEvent): boolean {
    const prev = this.last.get(ev.symbol);
    if (prev && hyperliquidRules.follows(prev, ev) === 'skip') {
      this.skipped++;
      return false;
    }
    this.last.set(ev.symbol, ev);
    return true;
  }

  /**
   * A new (un)subscription of the coin was acknowledged: what follows is a new stream whose first
   * snapshot is taken whatever its time, so a venue clock that stepped back cannot freeze the book.
   */
  forget(coin: string): void {
    this.last.delete(coin);
  }
}
