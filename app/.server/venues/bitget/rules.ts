// Bitget v2 book sequencing. The stream sends its own snapshot; after that the CRC32 of the top 25
// levels, carried by every update, is the integrity check that matters: Bitget documents `seq` only
// as increasing (not +1), and 2024 recordings do not carry it at all. So:
// - with `pseq` (where a feed chains on it), it must name the previous `seq`;
// - with `seq` on both sides, it must go up; a repeat or a step back means reordering, or a reset
//   around symbol maintenance, and either way the book can no longer be trusted;
// - without sequence numbers (seq 0), every update is applied and the checksum decides.
// On any failure the book is resubscribed, which makes Bitget send a fresh snapshot.
import type { BookEvent, BookReader, SequenceRules, SequenceVerdict } from '~/.server/market/types';
import { bitgetChecksum } from './checksum';
import { BITGET_CHECKSUM_LEVELS } from './constants';

function judge(prevSeq: number, ev: BookEvent): SequenceVerdict {
  if (prevSeq <= 0 || ev.seq <= 0) return 'apply';
  if (ev.prevSeq !== undefined && ev.prevSeq > 0) return ev.prevSeq === prevSeq ? 'apply' : 'gap';
  return ev.seq > prevSeq ? 'apply' : 'gap';
}

export const bitgetRules: SequenceRules = {
  snapshotFrom: 'stream',

  /** Stream venues start from the snapshot message itself; a delta judged against a snapshot id follows the same rule. */
  bridge(snapshotSeq: number, ev: BookEvent): SequenceVerdict {
    return judge(snapshotSeq, ev);
  },

  follows(prev: BookEvent, ev: BookEvent): SequenceVerdict {
    return judge(prev.seq, ev);
  },

  /** The book after `ev` against `ev.checksum` (unsigned); events without one (snapshots) pass. */
  verifyChecksum(book: BookReader, ev: BookEvent): boolean {
    if (ev.checksum === undefined) return true;
    const top = book.topText(BITGET_CHECKSUM_LEVELS);
    return bitgetChecksum(top.bids, top.asks) === ev.checksum;
  },
};
