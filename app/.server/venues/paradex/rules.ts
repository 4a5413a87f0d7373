// Paradex book sequencing: the stream sends its own full message first (`update_type "s"`, SBE
// SNAPSHOT) and `seq_no` on every push. Paradex documents no gap rule; the conservative reading,
// taken here, is that each delta's seq_no is the previous one + 1, and anything else is a hole
// healed by resubscribing (which makes Paradex start the channel again with a full message).
import type { SequenceRules } from '~/.server/market/types';
import { nextInSequence } from '~/.server/venues/consecutive-sequence';

export const paradexRules: SequenceRules = {
  snapshotFrom: 'stream',

  /** Only reached if a delta is judged against a snapshot id: the same +1 rule as `follows`. */
  bridge: (snapshotSeq, ev) => nextInSequence(snapshotSeq, ev.seq),

  /** A repeated or older seq_no is a duplicate; a jump of more than one lost a push. */
  follows: (prev, ev) => nextInSequence(prev.seq, ev.seq),
};
