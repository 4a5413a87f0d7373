// Binance USDⓈ-M book sequencing (futures rules, not spot's U == prev.u + 1): the book starts
// from a REST snapshot with lastUpdateId L, and diff events chain on `pu`.
import type { BookEvent, SequenceRules, SequenceVerdict } from '~/.server/market/types';

export const binanceRules: SequenceRules = {
  snapshotFrom: 'rest',

  /** First event after the snapshot: `u < L` is already in it, `U <= L <= u` bridges it, `U > L` left a hole. */
  bridge(snapshotSeq: number, ev: BookEvent): SequenceVerdict {
    if (ev.seq < snapshotSeq) return 'skip';
    const first = ev.firstSeq ?? ev.seq;
    return first <= snapshotSeq ? 'apply' : 'gap';
  },

  /** Later events: `pu` must be the previous `u`; an old or repeated `u` is a duplicate. */
  follows(prev: BookEvent, ev: BookEvent): SequenceVerdict {
    if (ev.prevSeq === prev.seq) return 'apply';
    if (ev.seq <= prev.seq) return 'skip';
    return 'gap';
  },
};
