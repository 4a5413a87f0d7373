// The sequencing Bybit, KuCoin and Paradex share: every message on a topic carries a number one more
// than the one before, so a delta continues the book only if it is exactly the next number.
import type { SequenceVerdict } from '~/.server/market/types';

/** `seq` after `lastSeq`: the next number applies, a repeated or older one is a duplicate, a jump lost messages. */
export function nextInSequence(lastSeq: number, seq: number): SequenceVerdict {
  if (seq === lastSeq + 1) return 'apply';
  return seq <= lastSeq ? 'skip' : 'gap';
}
