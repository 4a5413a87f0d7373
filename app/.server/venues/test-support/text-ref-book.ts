// An independent reference book for the simulator tests: levels kept as the venue's text, as a
// naive client would keep them, so what the wire carried can be compared with the market's own book.
import type { TextLevel } from '~/.server/market/types';

/** By default a size that reads as zero deletes its level. */
const readsAsZero = (size: string) => Number(size) === 0;

export class TextRefBook {
  readonly bids = new Map<string, string>();
  readonly asks = new Map<string, string>();

  /** `isDelete`: which size text removes a level (a venue that promises exactly `"0"` is held to it). */
  constructor(private readonly isDelete: (size: string) => boolean = readsAsZero) {}

  reset(bids: TextLevel[], asks: TextLevel[]): void {
    this.bids.clear();
    this.asks.clear();
    this.apply(bids, asks);
  }

  apply(bids: TextLevel[], asks: TextLevel[]): void {
    for (const [p, q] of bids) {
      if (this.isDelete(q)) this.bids.delete(p);
      else this.bids.set(p, q);
    }
    for (const [p, q] of asks) {
      if (this.isDelete(q)) this.asks.delete(p);
      else this.asks.set(p, q);
    }
  }

  /** Bids best (highest) first, asks best (lowest) first. */
  text(): { bids: TextLevel[]; asks: TextLevel[] } {
    const sort = (m: Map<string, string>, desc: boolean) =>
      [...m].sort((a, b) => (desc ? Number(b[0]) - Number(a[0]) : Number(a[0]) - Number(b[0])));
    return { bids: sort(this.bids, true), asks: sort(this.asks, false) };
  }
}
