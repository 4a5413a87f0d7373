import { Badge, Group, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { LevelMark } from '~/lib/book-math';
import { formatBps, formatPrice, formatSize } from '~/lib/format';
import type { BookView, SocketState } from '~/lib/use-market-socket';
import { Age } from './age';
import { BookOverlay } from './book-overlay';
import { bookHeadline, bookNotice, type BookNotice } from './book-state';
import classes from './order-book.module.css';
import { useStableDecimals } from './use-stable-decimals';

const HEADLINE_COLOR: Record<BookNotice['tone'], string> = { info: 'gray', warning: 'orange', error: 'red' };

/** How long a changed size stays highlighted. */
const FLASH_MS = 300;

export interface OrderBookProps {
  book: BookView | undefined;
  socket: SocketState;
  venueName: string;
  /** Base units per quoted unit: prices shown ÷ multiplier, sizes × multiplier. */
  multiplier: number;
  baseAsset: string;
  tickSize: number | null;
  levels?: number;
  /** Silence longer than this marks the book's age as stale. */
  quietAfterMs?: number;
  testId?: string;
}

/**
 * Bids and asks side by side, best prices meeting in the middle, `levels` rows each. Depth bars
 * show cumulative size against the deeper side; a size that changed flashes briefly.
 */
export function OrderBook({
  book,
  socket,
  venueName,
  multiplier,
  baseAsset,
  tickSize,
  levels = 20,
  quietAfterMs = 30_000,
  testId,
}: OrderBookProps) {
  const bids = book?.bids ?? [];
  const asks = book?.asks ?? [];
  const decimals = useStableDecimals(bids, asks, tickSize, multiplier);
  const notice = bookNotice(book, socket, venueName);
  const nowMs = useFlashClock(book);
  const bestBid = bids[0]?.[0];
  const bestAsk = asks[0]?.[0];
  const spread = bestBid !== undefined && bestAsk !== undefined ? bestAsk - bestBid : null;
  const spreadBps = spread !== null && bestBid && bestAsk ? (spread / ((bestBid + bestAsk) / 2)) * 10_000 : null;

  const cumBids = cumulative(bids, levels);
  const cumAsks = cumulative(asks, levels);
  const maxCum = Math.max(cumBids[cumBids.length - 1] ?? 0, cumAsks[cumAsks.length - 1] ?? 0) || 1;
  const price = (p: number | undefined) => (p === undefined ? '' : formatPrice(p / multiplier, decimals.price));
  const size = (s: number | undefined) => (s === undefined ? '' : formatSize(s * multiplier, decimals.size));
  const dim = notice && !notice.blocking ? classes.dimmed : undefined;
  const headline = bookHeadline(notice);
  const faded = headline.live ? undefined : classes.dimmed;

  return (
    <div
      data-testid={testId}
      data-status={book?.status ?? 'waiting'}
      aria-busy={notice !== null && notice.tone !== 'error'}
    >
      <Group
        justify="space-between"
        gap="xs"
        mb={4}
        wrap="nowrap"
        h={18}
        style={{ overflow: 'hidden' }}
        data-testid="book-headline"
        data-live={headline.live}
      >
        <Text size="xs" ff="monospace" className={faded} style={{ whiteSpace: 'nowrap' }}>
          <Text span c="teal.5" data-testid="best-bid">
            {bestBid === undefined || notice?.blocking ? '—' : price(bestBid)}
          </Text>
          {' / '}
          <Text span c="red.5" data-testid="best-ask">
            {bestAsk === undefined || notice?.blocking ? '—' : price(bestAsk)}
          </Text>
        </Text>
        <Group gap={6} wrap="nowrap">
          {headline.label && (
            <Badge
              size="xs"
              variant="light"
              color={headline.tone ? HEADLINE_COLOR[headline.tone] : 'gray'}
              data-testid="headline-state"
              title="Not live: the prices beside are the last ones received"
            >
              {headline.label}
            </Badge>
          )}
          <Text
            size="xs"
            c="dimmed"
            ff="monospace"
            className={faded}
            style={{ whiteSpace: 'nowrap' }}
            data-testid="book-spread"
            title={spread === null ? undefined : `spread ${price(spread)} per ${baseAsset}`}
          >
            spread {formatBps(spreadBps, 2)}
          </Text>
        </Group>
      </Group>
      <div
        className={classes.book}
        role="table"
        aria-label={`${venueName} order book, ${levels} levels, prices and sizes per ${baseAsset}`}
      >
        <div className={classes.head} role="row">
          <div className={classes.halfBid}>
            <span className={`${classes.cell} ${classes.right}`} role="columnheader">
              Size
            </span>
            <span className={`${classes.cell} ${classes.right}`} role="columnheader">
              Bid
            </span>
          </div>
          <div className={classes.halfAsk}>
            <span className={classes.cell} role="columnheader">
              Ask
            </span>
            <span className={classes.cell} role="columnheader">
              Size
            </span>
          </div>
        </div>
        <div className={dim} style={notice?.blocking ? { visibility: 'hidden' } : undefined}>
          {Array.from({ length: levels }, (_, i) => {
            const bid = bids[i];
            const ask = asks[i];
            return (
              <div className={classes.row} role="row" key={i}>
                <div className={classes.halfBid}>
                  {bid && (
                    <span
                      className={`${classes.bar} ${classes.barBid}`}
                      style={{ transform: `scaleX(${(cumBids[i] ?? 0) / maxCum})` }}
                      aria-hidden
                    />
                  )}
                  <span className={`${classes.cell} ${classes.right}`} role="cell">
                    <Flash mark={bid && book?.marks.bids.get(bid[0])} nowMs={nowMs}>
                      {size(bid?.[1])}
                    </Flash>
                  </span>
                  <span className={`${classes.cell} ${classes.right} ${classes.bid}`} role="cell">
                    {price(bid?.[0])}
                  </span>
                </div>
                <div className={classes.halfAsk}>
                  {ask && (
                    <span
                      className={`${classes.bar} ${classes.barAsk}`}
                      style={{ transform: `scaleX(${(cumAsks[i] ?? 0) / maxCum})` }}
                      aria-hidden
                    />
                  )}
                  <span className={`${classes.cell} ${classes.ask}`} role="cell">
                    {price(ask?.[0])}
                  </span>
                  <span className={classes.cell} role="cell">
                    <Flash mark={ask && book?.marks.asks.get(ask[0])} nowMs={nowMs}>
                      {size(ask?.[1])}
                    </Flash>
                  </span>
                </div>
              </div>
            );
          })}
        </div>
        {notice && <BookOverlay notice={notice} />}
      </div>
      <Group justify="space-between" mt={4}>
        <Text size="xs" c="dimmed">
          per {baseAsset}
          {multiplier !== 1 ? ` (venue quotes ${multiplier.toLocaleString('en-US')} ${baseAsset})` : ''}
        </Text>
        <Age
          sinceMs={book?.status === 'live' ? book.receivedAtMs || null : null}
          staleAfterMs={quietAfterMs}
          prefix="updated "
        />
      </Group>
    </div>
  );
}

/** Running totals of size over the first n levels. */
function cumulative(levels: readonly (readonly [number, number])[], n: number): number[] {
  const out: number[] = [];
  let sum = 0;
  for (let i = 0; i < Math.min(n, levels.length); i++) {
    sum += levels[i]![1];
    out.push(sum);
  }
  return out;
}

/** A size, highlighted while its change is younger than FLASH_MS. */
function Flash({ mark, nowMs, children }: { mark: LevelMark | undefined; nowMs: number; children: string }) {
  const active = mark !== undefined && nowMs - mark.at < FLASH_MS;
  const cls = !active ? classes.flash : `${classes.flash} ${mark.dir === 'up' ? classes.flashUp : classes.flashDown}`;
  return <span className={cls}>{children}</span>;
}

/**
 * The render time, for the flashes, plus one re-render FLASH_MS after the last book so the
 * flashes of a book that went quiet switch off too.
 */
function useFlashClock(book: BookView | undefined): number {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!book || (!book.marks.bids.size && !book.marks.asks.size)) return;
    const timer = setTimeout(() => setTick((t) => t + 1), FLASH_MS);
    return () => clearTimeout(timer);
  }, [book]);
  return Date.now();
}
