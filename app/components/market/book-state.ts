// What a book panel should say over its levels, from the book's own status and the socket's.
import type { BookView, SocketState } from '~/lib/use-market-socket';

export interface BookNotice {
  tone: 'info' | 'warning' | 'error';
  title: string;
  detail?: string;
  /** Hide the levels entirely (nothing trustworthy to show) rather than dimming them. */
  blocking: boolean;
}

/** Null when the book is live and has levels; otherwise what to show over it. */
export function bookNotice(book: BookView | undefined, socket: SocketState, venueName: string): BookNotice | null {
  if (book?.status === 'error') {
    return { tone: 'error', title: 'Not available', detail: book.error ?? undefined, blocking: true };
  }
  const hasLevels = !!book && (book.bids.length > 0 || book.asks.length > 0);
  if (socket === 'reconnecting') {
    return {
      tone: 'warning',
      title: 'Reconnecting…',
      detail: 'Lost the connection to this server; the levels below are the last ones received.',
      blocking: !hasLevels,
    };
  }
  if (!book || book.status === 'waiting') {
    return socket === 'connecting'
      ? { tone: 'info', title: 'Connecting…', blocking: !hasLevels }
      : {
          tone: 'info',
          title: 'Loading book…',
          detail: `Subscribed; waiting for ${venueName}'s first snapshot.`,
          blocking: !hasLevels,
        };
  }
  if (book.status === 'resyncing') {
    return {
      tone: 'warning',
      title: 'Resyncing',
      detail: `${venueName}'s sequence broke; rebuilding the book from a fresh snapshot.`,
      blocking: !hasLevels,
    };
  }
  if (book.status === 'stale') {
    return {
      tone: 'warning',
      title: 'Stale',
      detail: `The connection to ${venueName} is down; reconnecting. Levels are the last ones received.`,
      blocking: !hasLevels,
    };
  }
  if (!hasLevels)
    return { tone: 'info', title: 'Empty book', detail: `${venueName} shows no resting orders.`, blocking: true };
  return null;
}

/** A book is usable for prices (spreads, sizes) only while it is live. */
export function isLive(book: BookView | undefined, socket: SocketState): boolean {
  return !!book && book.status === 'live' && socket === 'open';
}
