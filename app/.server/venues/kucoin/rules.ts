// KuCoin Futures book sequencing: the book starts from a REST snapshot with `sequence` L, and every
// level2 message carries exactly one change whose `sequence` is one more than the previous one. So
// the first delta kept must be L + 1 and each later one previous + 1; anything else left a hole.
import type { SequenceRules } from '~/.server/market/types';
import { nextInSequence } from '~/.server/venues/consecutive-sequence';

export const kucoinRules: SequenceRules = {
  snapshotFrom: 'rest',

  /** Deltas at or below the snapshot's sequence are already in it; L + 1 continues it; beyond is a hole. */
  bridge: (snapshotSeq, ev) => nextInSequence(snapshotSeq, ev.seq),

  /** One change per message: previous + 1 applies, a repeat or older one is a duplicate. */
  follows: (prev, ev) => nextInSequence(prev.seq, ev.seq),
};
