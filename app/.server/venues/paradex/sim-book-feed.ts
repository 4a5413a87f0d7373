// Pure pieces of the Paradex simulator's book channel: channel names, the change set between two
// published top-15 views, and the push frames in both encodings (JSON-RPC text and SBE binary).
// Independent of the client modules except for the SBE encoder, which is the schema's other half.
import type { TextLevel } from '~/.server/market/types';
import { encodeSbeBook } from './sbe-encode';

export type SimBookFeed = 'snapshot' | 'deltas';

export interface SimBookChannel {
  market: string;
  feed: SimBookFeed | 'interactive';
  refreshRate: '50ms' | '100ms';
  /** Price grouping (`0_1` → "0.1"), when the channel names one. */
  priceTick: string | null;
}

const BOOK_CHANNEL =
  /^order_book\.([A-Za-z0-9]+-[A-Za-z0-9]+-[A-Za-z0-9]+)\.(snapshot|deltas|interactive)@15@(50ms|100ms)(?:@(\d+(?:_\d+)?))?$/;

/** `order_book.{market}.{feed}@15@{rate}[@{tick}]`; null for anything else. */
export function parseSimBookChannel(channel: string): SimBookChannel | null {
  const m = BOOK_CHANNEL.exec(channel);
  if (!m) return null;
  return {
    market: m[1]!,
    feed: m[2] as SimBookChannel['feed'],
    refreshRate: m[3] as SimBookChannel['refreshRate'],
    priceTick: m[4] ? m[4].replace('_', '.') : null,
  };
}

/** What changed between two views of one side, by price text. */
export interface LevelChanges {
  /** Prices new to the view. */
  inserts: TextLevel[];
  /** Prices in both views whose size changed. */
  updates: TextLevel[];
  /** Prices that left the view (size reported as "0"). */
  deletes: TextLevel[];
}

export function diffLevels(prev: readonly TextLevel[], next: readonly TextLevel[]): LevelChanges {
  const before = new Map(prev);
  const after = new Set(next.map(([p]) => p));
  const out: LevelChanges = { inserts: [], updates: [], deletes: [] };
  for (const [p, q] of next) {
    const old = before.get(p);
    if (old === undefined) out.inserts.push([p, q]);
    else if (old !== q) out.updates.push([p, q]);
  }
  for (const [p] of prev) if (!after.has(p)) out.deletes.push([p, '0']);
  return out;
}

export function isEmptyChange(c: LevelChanges): boolean {
  return c.inserts.length === 0 && c.updates.length === 0 && c.deletes.length === 0;
}

/** One push of a book channel, before encoding. */
export interface BookPush {
  channel: string;
  market: string;
  seq: number;
  tsMs: number;
  /** `s`: the full view; `d`: changes only. */
  type: 's' | 'd';
  bids: LevelChanges;
  asks: LevelChanges;
}

/** A full view as a push: every level is an insert. */
export function fullPush(
  channel: string,
  market: string,
  seq: number,
  tsMs: number,
  bids: readonly TextLevel[],
  asks: readonly TextLevel[],
): BookPush {
  const all = (levels: readonly TextLevel[]): LevelChanges => ({ inserts: [...levels], updates: [], deletes: [] });
  return { channel, market, seq, tsMs, type: 's', bids: all(bids), asks: all(asks) };
}

/** `{"jsonrpc":"2.0","method":"subscription","params":{"channel","data":{…}}}` as Paradex's JSON feed sends it. */
export function bookPushJson(push: BookPush): string {
  const entries = (pick: (c: LevelChanges) => TextLevel[]) => [
    ...pick(push.bids).map(([price, size]) => ({ side: 'BUY', price, size })),
    ...pick(push.asks).map(([price, size]) => ({ side: 'SELL', price, size })),
  ];
  return JSON.stringify({
    jsonrpc: '2.0',
    method: 'subscription',
    params: {
      channel: push.channel,
      data: {
        seq_no: push.seq,
        market: push.market,
        last_updated_at: push.tsMs,
        update_type: push.type,
        inserts: entries((c) => c.inserts),
        updates: entries((c) => c.updates),
        deletes: entries((c) => c.deletes),
      },
    },
  });
}

/** The same push as an SBE BookEvent: one bid and one ask group, size "0" for removed levels, best first. */
export function bookPushSbe(push: BookPush, version: number): Buffer {
  const side = (c: LevelChanges, isBid: boolean): TextLevel[] =>
    [...c.inserts, ...c.updates, ...c.deletes].sort((a, b) =>
      isBid ? Number(b[0]) - Number(a[0]) : Number(a[0]) - Number(b[0]),
    );
  return encodeSbeBook({
    tsUs: push.tsMs * 1000,
    seq: push.seq,
    pkgType: push.type === 's' ? 'snapshot' : 'delta',
    bids: side(push.bids, true),
    asks: side(push.asks, false),
    market: push.market,
    version,
  });
}
