import { Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { memo } from 'react';
import { TOOLTIP_EVENTS } from '~/components/market/tooltip-events';
import { crossSpreads, edgeBps, midPrice, type PairBooks } from '~/lib/book-math';
import { formatBps, formatPrice } from '~/lib/format';

export interface SpreadPanelProps {
  books: PairBooks;
  /** Both books live: otherwise the figures would mix a fresh price with a frozen one. */
  live: boolean;
  longName: string;
  shortName: string;
  priceDecimals: number;
}

/**
 * The cross-venue spread at the top of both books. Entry buys the long leg's ask and sells the
 * short leg's bid; exit does the reverse. Positive: the trade receives more than it pays.
 */
export function SpreadPanel({ books, live, longName, shortName, priceDecimals }: SpreadPanelProps) {
  const { entryBps, exitBps } = crossSpreads(books);
  const basisBps = edgeBps(midPrice(books.short.bids, books.short.asks), midPrice(books.long.bids, books.long.asks));
  const price = (p: number | undefined) => formatPrice(p ?? null, priceDecimals);
  return (
    <Paper withBorder p="sm" data-testid="spread-panel" data-live={live}>
      <Text fw={600} mb="xs">
        Cross-venue spread
      </Text>
      {!live && (
        <Text size="xs" c="orange" mb="xs" role="status">
          Waiting for both books to be live; figures below may be out of date.
        </Text>
      )}
      <Stack gap="sm" style={{ opacity: live ? 1 : 0.5 }}>
        <Figure
          title="Entry"
          help={`Buy ${longName} at its ask, sell ${shortName} at its bid`}
          bps={entryBps}
          testId="spread-entry-bps"
          detail={`${price(books.long.asks[0]?.[0])} → ${price(books.short.bids[0]?.[0])}`}
        />
        <Figure
          title="Exit"
          help={`Sell ${longName} at its bid, buy ${shortName} back at its ask`}
          bps={exitBps}
          testId="spread-exit-bps"
          detail={`${price(books.long.bids[0]?.[0])} → ${price(books.short.asks[0]?.[0])}`}
        />
        <Group justify="space-between">
          <HelpLabel help={`${shortName} mid minus ${longName} mid, over their mean`} dimmed>
            Basis (mid vs mid)
          </HelpLabel>
          <Text size="sm" ff="monospace" data-testid="spread-basis-bps">
            {formatBps(basisBps)}
          </Text>
        </Group>
      </Stack>
    </Paper>
  );
}

function Figure({
  title,
  help,
  bps,
  detail,
  testId,
}: {
  title: string;
  help: string;
  bps: number | null;
  detail: string;
  testId: string;
}) {
  return (
    <div>
      <Group justify="space-between" align="baseline">
        <HelpLabel help={help}>{title}</HelpLabel>
        <Text
          size="xl"
          fw={700}
          ff="monospace"
          c={bps === null ? 'dimmed' : bps >= 0 ? 'teal.5' : 'red.5'}
          data-testid={testId}
        >
          {formatBps(bps)}
        </Text>
      </Group>
      <Text size="xs" c="dimmed" ff="monospace" ta="right">
        {detail}
      </Text>
    </div>
  );
}

/** A label explained on hover or focus; memoised, so the per-frame repaint skips its tooltip. */
const HelpLabel = memo(function HelpLabel({
  help,
  dimmed,
  children,
}: {
  help: string;
  dimmed?: boolean;
  children: string;
}) {
  return (
    <Tooltip events={TOOLTIP_EVENTS} label={help} withArrow>
      <Text size="sm" c={dimmed ? 'dimmed' : undefined} tabIndex={0}>
        {children}
      </Text>
    </Tooltip>
  );
});
