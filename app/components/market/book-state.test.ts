import { describe, expect, it } from 'vitest';
import { applyBookMessage, type BookView } from '~/lib/use-market-socket';
import { bookHeadline, bookNotice, isLive } from './book-state';

const live: BookView = applyBookMessage(
  undefined,
  { exchange: 'binance', symbol: 'BTCUSDT', b: [[100, 1]], a: [[101, 1]] },
  1,
);

describe('bookNotice', () => {
  it('says nothing over a live book', () => {
    expect(bookNotice(live, 'open', 'Binance')).toBeNull();
    expect(isLive(live, 'open')).toBe(true);
  });

  it('explains every state that is not live', () => {
    expect(bookNotice(undefined, 'connecting', 'Binance')).toMatchObject({ title: 'Connecting…', blocking: true });
    expect(bookNotice({ ...live, status: 'waiting', bids: [], asks: [] }, 'open', 'Binance')).toMatchObject({
      title: 'Loading book…',
    });
    const resync = applyBookMessage(
      live,
      { exchange: 'binance', symbol: 'BTCUSDT', b: [], a: [], status: 'resyncing' },
      2,
    );
    // The last levels stay, dimmed under the notice.
    expect(resync.bids).toEqual([[100, 1]]);
    expect(bookNotice(resync, 'open', 'Binance')).toMatchObject({
      title: 'Resyncing',
      tone: 'warning',
      blocking: false,
    });
    const stale = applyBookMessage(live, { exchange: 'binance', symbol: 'BTCUSDT', b: [], a: [], status: 'stale' }, 2);
    expect(bookNotice(stale, 'open', 'Binance')).toMatchObject({ title: 'Stale' });
    expect(isLive(stale, 'open')).toBe(false);
    expect(bookNotice(live, 'reconnecting', 'Binance')).toMatchObject({ title: 'Reconnecting…', blocking: false });
    expect(isLive(live, 'reconnecting')).toBe(false);
    expect(bookNotice({ ...live, status: 'error', error: 'no such symbol' }, 'open', 'Binance')).toMatchObject({
      tone: 'error',
      detail: 'no such symbol',
    });
    expect(bookNotice({ ...live, bids: [], asks: [] }, 'open', 'Binance')).toMatchObject({ title: 'Empty book' });
  });
});

describe('bookHeadline', () => {
  it('is live only while the book has no notice', () => {
    expect(bookHeadline(bookNotice(live, 'open', 'Binance'))).toEqual({ live: true, label: null, tone: null });
  });

  it('labels the best bid/ask the way the levels are marked when they are not current', () => {
    const resync = { ...live, status: 'resyncing' as const };
    expect(bookHeadline(bookNotice(resync, 'open', 'Binance'))).toEqual({
      live: false,
      label: 'resyncing',
      tone: 'warning',
    });
    expect(bookHeadline(bookNotice({ ...live, status: 'stale' }, 'open', 'Binance')).label).toBe('stale');
    expect(bookHeadline(bookNotice(live, 'reconnecting', 'Binance')).label).toBe('reconnecting');
    expect(bookHeadline(bookNotice(undefined, 'connecting', 'Binance')).label).toBe('connecting');
    expect(bookHeadline(bookNotice({ ...live, status: 'error', error: 'x' }, 'open', 'Binance'))).toMatchObject({
      live: false,
      label: 'unavailable',
      tone: 'error',
    });
  });
});
