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
  // Every push is a whole book: BookSync skips one older than the last applied (a fresh
  // subscription after a resync starts over, since the book is not live then).
  orderedSnapshots: true,
  bridge: (snapshotSeq, ev) => byTime(snapshotSeq, ev),
  follows: (prev, ev) => byTime(prev.seq, ev),
};

