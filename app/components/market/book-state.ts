// What a book panel should say over its levels, from the book's own status and the socket's.
import type { BookView, SocketState } from '~/lib/use-market-socket';

export interface BookNotice {
  tone: 'info' | 'warning' | 'error';
  title: string;
  /** One word for the best bid/ask headline above the book: resyncing, stale… */
  label: string;
  detail?: string;
  /** Hide the levels entirely (nothing trustworthy to show) rather than dimming them. */
  blocking: boolean;
}

/** Null when the book is live and has levels; otherwise what to show over it. */
export function bookNotice(book: BookView | undefined, socket: SocketState, venueName: string): BookNotice | null {
  if (book?.status === 'error') {
    return {
      tone: 'error',
      title: 'Not available',
      label: 'unavailable',
      detail: book.error ?? undefined,
      blocking: true,
    };
  }
  const hasLevels = !!book && (book.bids.length > 0 || book.asks.length > 0);
  if (socket === 'reconnecting') {
    return {
      tone: 'warning',
      title: 'Reconnecting…',
      label: 'reconnecting',
      detail: 'Lost the connection to this server; the levels below are the last ones received.',
      blocking: !hasLevels,
    };
  }
  if (!book || book.status === 'waiting') {
    return socket === 'connecting'
      ? { tone: 'info', title: 'Connecting…', label: 'connecting', blocking: !hasLevels }
      : {
          tone: 'info',
          title: 'Loading book…',
          label: 'loading',
          detail: `Subscribed; waiting for ${venueName}'s first snapshot.`,
          blocking: !hasLevels,
        };
  }
  if (book.status === 'resyncing') {
    return {
      tone: 'warning',
      title: 'Resyncing',
      label: 'resyncing',
      detail: `${venueName}'s sequence broke; rebuilding the book from a fresh snapshot.`,
      blocking: !hasLevels,
    };
  }
  if (book.status === 'stale') {
    return {
      tone: 'warning',
      title: 'Stale',
      label: 'stale',
      detail: `The connection to ${venueName} is down; reconnecting. Levels are the last ones received.`,
      blocking: !hasLevels,
    };
  }
  if (!hasLevels)
    return {
      tone: 'info',
      title: 'Empty book',
      label: 'empty',
      detail: `${venueName} shows no resting orders.`,
      blocking: true,
    };
  return null;
}

/**
 * The best bid/ask line above the levels: live, or (like the levels under a notice) drawn faded
 * with why in a word, since its prices are then the last ones received, not current ones.
 */
export interface BookHeadline {
  live: boolean;
  label: string | null;
  tone: BookNotice['tone'] | null;
}

export function bookHeadline(notice: BookNotice | null): BookHeadline {
  return notice ? { live: false, label: notice.label, tone: notice.tone } : { live: true, label: null, tone: null };
}

/** A book is usable for prices (spreads, sizes) only while it is live. */
export function isLive(book: BookView | undefined, socket: SocketState): boolean {
  return !!book && book.status === 'live' && socket === 'open';
}
