// Bybit v5 book sequencing: the stream sends its own snapshots, and `data.u` goes up by one per
// message on a topic. Bybit documents no gap rule; anything but previous + 1 is treated as a hole
// and healed by resubscribing (which makes Bybit send a fresh snapshot).
import type { BookEvent, SequenceRules, SequenceVerdict } from '~/.server/market/types';

export const bybitRules: SequenceRules = {
  snapshotFrom: 'stream',

  /**
   * Stream venues start from the snapshot message itself, so this is only reached if a delta
   * is checked against a snapshot id: the same rule as `follows`.
   */
  bridge(snapshotSeq: number, ev: BookEvent): SequenceVerdict {
    if (ev.seq === snapshotSeq + 1) return 'apply';
    return ev.seq <= snapshotSeq ? 'skip' : 'gap';
  },

  follows(prev: BookEvent, ev: BookEvent): SequenceVerdict {
    if (ev.seq === prev.seq + 1) return 'apply';
    return ev.seq <= prev.seq ? 'skip' : 'gap';
  },
};
