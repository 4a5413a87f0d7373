import { Avatar, Button, Group, Stack, Table, Text } from '@mantine/core';
import { Link } from '@remix-run/react';
import { memo } from 'react';
import { formatBps } from '~/lib/format';
import { aprTextColor, formatAprPct } from '~/lib/funding-format';
import { terminalHref } from './best-params';
import { LegCell } from './leg-cell';
import type { Opportunity } from './opportunity-types';
import { LivePairBookCells, ServerPairBookCells } from './pair-book-cells';

/** One ranked pair: the asset, both legs, gross/fees/net APR, basis, book figures and the terminal link. */
export const OpportunityRow = memo(function OpportunityRow({
  pair,
  rank,
  notionalUsd,
  liveBooks,
}: {
  pair: Opportunity;
  rank: number;
  notionalUsd: number;
  /** Subscribe to both books for live cross spread and slippage (the top rows only). */
  liveBooks: boolean;
}) {
  return (
    <Table.Tr data-testid="pair-row" data-symbol={pair.symbol} data-net={pair.net_apr ?? ''}>
      <Table.Td c="dimmed" fz="xs" ta="right">
        {rank}
      </Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Avatar src={pair.image} alt="" size={22} radius="xl" />
          <Stack gap={0}>
            <Text
              component={Link}
              to={`/coin/${encodeURIComponent(pair.symbol)}`}
              fw={600}
              size="sm"
              style={{ textDecoration: 'none' }}
              data-testid="pair-symbol"
            >
              {pair.symbol}
            </Text>
            <Text size="xs" c="dimmed" lineClamp={1} maw={120}>
              {pair.name}
            </Text>
          </Stack>
        </Group>
      </Table.Td>
      <LegCell leg={pair.long} side="long" />
      <LegCell leg={pair.short} side="short" />
      <Table.Td ta="right" ff="monospace" fz="sm" data-testid="pair-gross">
        {formatAprPct(pair.spread_apr)}
      </Table.Td>
      <Table.Td ta="right" ff="monospace" fz="sm" c="dimmed" data-testid="pair-fees">
        −{formatAprPct(pair.fees_apr).replace('+', '')}
      </Table.Td>
      <Table.Td ta="right" ff="monospace" fz="sm" fw={700} c={aprTextColor(pair.net_apr)} data-testid="pair-net">
        {formatAprPct(pair.net_apr)}
      </Table.Td>
      <Table.Td
        ta="right"
        ff="monospace"
        fz="xs"
        style={{ whiteSpace: 'nowrap' }}
        data-testid="pair-basis"
        title={pair.basis_source === 'book' ? 'From both books’ mid prices' : 'From mark prices'}
      >
        {formatBps(pair.basis_bps)}
      </Table.Td>
      {liveBooks ? <LivePairBookCells pair={pair} notionalUsd={notionalUsd} /> : <ServerPairBookCells pair={pair} />}
      <Table.Td>
        <Button
          component={Link}
          to={terminalHref(pair.symbol, pair.long.exchange, pair.short.exchange)}
          size="compact-xs"
          variant="light"
          data-testid="open-terminal"
        >
          Open
        </Button>
      </Table.Td>
    </Table.Tr>
  );
});
