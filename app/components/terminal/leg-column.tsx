import { Alert, Group, Paper, Stack, Text } from '@mantine/core';
import { OrderBook } from '~/components/market/order-book';
import type { BookView, SocketState } from '~/lib/use-market-socket';
import type { ChartInterval } from './candles';
import { CandleChart } from './candle-chart';
import { IntervalPicker } from './interval-picker';
import { LegHeader } from './leg-header';

/** What the loader resolved for one leg (a subset of the server's TerminalLeg). */
export interface LegInfo {
  venue: string;
  venueName: string;
  symbol: string | null;
  baseAsset: string;
  multiplier: number;
  tickSize: number | null;
  takerRate: number;
  feeSource: string;
  error: string | null;
}

export interface LegColumnProps {
  role: 'long' | 'short';
  leg: LegInfo;
  book: BookView | undefined;
  socket: SocketState;
  priceDecimals: number;
  mid: number | null;
  interval: ChartInterval;
  onIntervalChange: (v: ChartInterval) => void;
  levels: number;
}

/** One leg: its header, live book and candle chart; or why it cannot be shown. */
export function LegColumn({
  role,
  leg,
  book,
  socket,
  priceDecimals,
  mid,
  interval,
  onIntervalChange,
  levels,
}: LegColumnProps) {
  return (
    <Paper withBorder p="sm" data-testid={`leg-${role}`}>
      <Stack gap="sm">
        <LegHeader
          role={role}
          venueName={leg.venueName}
          symbol={leg.symbol}
          takerRate={leg.takerRate}
          feeSource={leg.feeSource}
        />
        {leg.error || !leg.symbol ? (
          <Alert color="red" variant="light" title={`No ${role} leg`}>
            {leg.error ?? 'No symbol for this leg.'}
          </Alert>
        ) : (
          <>
            <OrderBook
              book={book}
              socket={socket}
              venueName={leg.venueName}
              multiplier={leg.multiplier}
              baseAsset={leg.baseAsset}
              tickSize={leg.tickSize}
              levels={levels}
              testId={`book-${role}`}
            />
            <Group justify="space-between" gap="xs">
              <Text size="sm" fw={600}>
                Candles
              </Text>
              <IntervalPicker value={interval} onChange={onIntervalChange} />
            </Group>
            <CandleChart
              exchange={leg.venue}
              symbol={leg.symbol}
              multiplier={leg.multiplier}
              priceDecimals={priceDecimals}
              interval={interval}
              mid={mid}
              label={`${leg.venueName} ${leg.symbol}`}
              testId={`chart-${role}`}
            />
            <Text size="xs" c="dimmed">
              Last candle follows the live book mid between re-fetches (every minute).
            </Text>
          </>
        )}
      </Stack>
    </Paper>
  );
}
