// The book columns of a pair (entry/exit cross spread at the touch, slippage at the notional):
// live from both order books over /ws for the top rows, else what the server had (it has figures
// only for books it already streams).
import { Table, Text, Tooltip } from '@mantine/core';
import { useMemo } from 'react';
import { formatBps } from '~/lib/format';
import { TOOLTIP_EVENTS } from '~/components/market/tooltip-events';
import { bookKey, useOrderBooks } from '~/lib/use-market-socket';
import { bookFigures, type BookFigures } from './book-figures';
import type { Opportunity } from './opportunity-types';

/** Levels per side to walk: deep enough for most notionals, light enough for eight pairs at once. */
const DEPTH = 50;

function Cells({ figures, source }: { figures: BookFigures | null; source: 'live' | 'server' | null }) {
  if (!figures) {
    const why =
      source === 'live'
        ? 'Waiting for both order books…'
        : 'Books for this pair are not streaming; open it in the terminal to see them live';
    return (
      <>
        <Table.Td ta="right" c="dimmed" title={why} data-testid="pair-entry-spread">
          —
        </Table.Td>
        <Table.Td ta="right" c="dimmed" title={why} data-testid="pair-slippage">
          —
        </Table.Td>
      </>
    );
  }
  const { slippageBps: slip } = figures;
  return (
    <>
      <Table.Td ta="right" ff="monospace" fz="xs" style={{ whiteSpace: 'nowrap' }} data-testid="pair-entry-spread">
        <Text span inherit c={(figures.entrySpreadBps ?? 0) >= 0 ? 'teal' : 'red'}>
          {formatBps(figures.entrySpreadBps)}
        </Text>
        <Text size="xs" c="dimmed" ff="monospace">
          exit {formatBps(figures.exitSpreadBps)}
        </Text>
      </Table.Td>
      <Table.Td ta="right" ff="monospace" fz="xs" style={{ whiteSpace: 'nowrap' }} data-testid="pair-slippage">
        <Tooltip
          events={TOOLTIP_EVENTS}
          label={`Long leg ${formatBps(slip.long)}, short leg ${formatBps(slip.short)}${figures.depthOk ? '' : ' — the visible book is thinner than the notional'}`}
        >
          <Text span inherit c={figures.depthOk ? undefined : 'orange'} tabIndex={0}>
            {formatBps(slip.total)}
            {figures.depthOk ? '' : ' ⚠'}
          </Text>
        </Tooltip>
      </Table.Td>
    </>
  );
}

/** Subscribes to both books while mounted and recomputes on every batched book update. */
export function LivePairBookCells({ pair, notionalUsd }: { pair: Opportunity; notionalUsd: number }) {
  const targets = useMemo(
    () => [
      { exchange: pair.long.exchange, symbol: pair.long.symbol },
      { exchange: pair.short.exchange, symbol: pair.short.symbol },
    ],
    [pair.long.exchange, pair.long.symbol, pair.short.exchange, pair.short.symbol],
  );
  const { books } = useOrderBooks(targets, { depth: DEPTH });
  const long = books[bookKey(pair.long.exchange, pair.long.symbol)];
  const short = books[bookKey(pair.short.exchange, pair.short.symbol)];
  const live = long?.status === 'live' && short?.status === 'live';
  const figures = useMemo(
    () =>
      live && long && short
        ? bookFigures(
            { bids: long.bids, asks: long.asks, multiplier: pair.long.multiplier },
            { bids: short.bids, asks: short.asks, multiplier: pair.short.multiplier },
            notionalUsd,
          )
        : null,
    [live, long, short, pair.long.multiplier, pair.short.multiplier, notionalUsd],
  );
  return <Cells figures={figures ?? serverFigures(pair)} source="live" />;
}

function serverFigures(pair: Opportunity): BookFigures | null {
  const b = pair.book;
  if (!b) return null;
  return {
    entrySpreadBps: b.entry_spread_bps,
    exitSpreadBps: b.exit_spread_bps,
    slippageBps: b.slippage_bps,
    depthOk: b.depth_ok,
  };
}

/** The server's figures (rows below the live ones). */
export function ServerPairBookCells({ pair }: { pair: Opportunity }) {
  return <Cells figures={serverFigures(pair)} source="server" />;
}
