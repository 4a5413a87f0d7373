// CoinEx book sequencing: no sequence numbers at all. The stream sends its own full books
// (`is_full: true`), every message is applied in arrival order, and integrity rests on the CRC32
// checksum each message carries for the whole book after it; a mismatch means resubscribe.
import type { BookEvent, BookReader, SequenceRules } from '~/.server/market/types';
import { coinexChecksum } from './checksum';
import { COINEX_BOOK_DEPTH } from './constants';

export interface CoinexRulesOptions {
  /** Levels per side the subscription carries; the venue's checksum covers that book. */
  depth?: number;
}

export function createCoinexRules(opts: CoinexRulesOptions = {}): SequenceRules {
  const depth = opts.depth ?? COINEX_BOOK_DEPTH;
  return {
    snapshotFrom: 'stream',
    // One TCP stream keeps order and there is no id to compare: only the checksum can tell.
    bridge: () => 'apply',
    follows: () => 'apply',
    verifyChecksum(book: BookReader, ev: BookEvent): boolean {
      if (ev.checksum === undefined) return true;
      // CoinEx deletes levels that leave the top-N window, so the local book is that window; the
      // cut at `depth` only matters if the venue ever left a stale level behind.
      const { bids, asks } = book.topText(depth);
      return coinexChecksum(bids, asks) === ev.checksum;
    },
  };
}

/** Rules for the default `[market, 50, "0", false]` subscription. */
export const coinexRules: SequenceRules = createCoinexRules();
