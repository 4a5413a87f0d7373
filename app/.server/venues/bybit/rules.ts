// Bybit v5 book sequencing: the stream sends its own snapshots, and `data.u` goes up by one per
// message on a topic. Bybit documents no gap rule; anything but previous + 1 is treated as a hole
// and healed by resubscribing (which makes Bybit send a fresh snapshot).
import type { SequenceRules } from '~/.server/market/types';
import { nextInSequence } from '~/.server/venues/consecutive-sequence';

export const bybitRules: SequenceRules = {
  snapshotFrom: 'stream',

  /**
   * Stream venues start from the snapshot message itself, so this is only reached if a delta
   * is checked against a snapshot id: the same rule as `follows`.
   */
  bridge: (snapshotSeq, ev) => nextInSequence(snapshotSeq, ev.seq),

  follows: (prev, ev) => nextInSequence(prev.seq, ev.seq),
};
