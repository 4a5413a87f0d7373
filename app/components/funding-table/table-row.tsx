import { Avatar, Group, Stack, Table, Text } from '@mantine/core';
import { Link, useNavigate } from '@remix-run/react';
import { memo, type MouseEvent } from 'react';
import { FavoriteStar } from '~/components/favorite-star';
import { aprBackground, aprTextColor, formatAprPct, formatUsdCompact } from '~/lib/funding-format';
import { VENUE_NAMES, type VenueId } from '~/lib/venues';
import { legForVenue, legKey, shownApr } from './leg-apr';
import { SpreadSparkline } from './spread-sparkline';
import type { AprMode } from './table-params';
import type { TableRow as Row } from './table-types';

function VenueCell({ row, venue, mode }: { row: Row; venue: VenueId; mode: AprMode }) {
  const { leg } = legForVenue(row.legs, venue);
  if (!leg) {
    return (
      <Table.Td ta="right" c="dimmed" data-venue={venue}>
        —
      </Table.Td>
    );
  }
  const { aprPct, source } = shownApr(leg, mode);
  return (
    <Table.Td
      ta="right"
      ff="monospace"
      fz="sm"
      // Focusable so the shared tooltip opens from the keyboard too.
      tabIndex={0}
      data-leg={legKey(row.symbol, venue)}
      data-venue={venue}
      data-apr={aprPct ?? ''}
      style={{
        background: aprBackground(aprPct),
        opacity: leg.stale ? 0.45 : 1,
        fontStyle: source === 'live' && mode === 'avg' ? 'italic' : undefined,
        whiteSpace: 'nowrap',
      }}
    >
      {formatAprPct(aprPct)}
    </Table.Td>
  );
}

const INTERACTIVE = 'a, button, input, form, [role="button"]';

/** One asset: star, name, spread with the best pair, an APR cell per venue, size and history. */
export const FundingTableRow = memo(function FundingTableRow({
  row,
  venues,
  mode,
  favorite,
}: {
  row: Row;
  venues: readonly VenueId[];
  mode: AprMode;
  favorite: boolean;
}) {
  const navigate = useNavigate();
  const href = `/coin/${encodeURIComponent(row.symbol)}`;
  const onClick = (e: MouseEvent<HTMLTableRowElement>) => {
    // The star, links and buttons do their own thing; anywhere else opens the coin.
    if ((e.target as Element).closest(INTERACTIVE)) return;
    navigate(href);
  };
  const spread = mode === 'live' ? row.live_spread : row.spread;
  return (
    <Table.Tr onClick={onClick} style={{ cursor: 'pointer' }} data-testid="funding-row" data-symbol={row.symbol}>
      <Table.Td w={36} px={4}>
        <FavoriteStar assetSymbol={row.symbol} initial={favorite} />
      </Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Avatar src={row.image} alt="" size={22} radius="xl" />
          <Stack gap={0}>
            <Text
              component={Link}
              to={href}
              fw={600}
              size="sm"
              data-testid="row-symbol"
              style={{ textDecoration: 'none' }}
            >
              {row.symbol}
            </Text>
            <Text size="xs" c="dimmed" lineClamp={1} maw={140}>
              {row.name}
            </Text>
          </Stack>
        </Group>
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        <Text
          span
          ff="monospace"
          fz="sm"
          fw={600}
          c={aprTextColor(spread)}
          data-testid="row-spread"
          data-value={spread ?? ''}
        >
          {formatAprPct(spread)}
        </Text>
        <Text size="xs" c="dimmed">
          {row.best_long && row.best_short
            ? `L ${VENUE_NAMES[row.best_long]} · S ${VENUE_NAMES[row.best_short]}`
            : 'one venue'}
        </Text>
      </Table.Td>
      {venues.map((v) => (
        <VenueCell key={v} row={row} venue={v} mode={mode} />
      ))}
      <Table.Td ta="right" ff="monospace" fz="sm" data-testid="row-market-cap" data-value={row.market_cap ?? ''}>
        {formatUsdCompact(row.market_cap)}
      </Table.Td>
      <Table.Td ta="right" ff="monospace" fz="sm" data-testid="row-volume" data-value={row.volume_24h ?? ''}>
        {formatUsdCompact(row.volume_24h)}
      </Table.Td>
      <Table.Td>
        <SpreadSparkline values={row.spark} />
      </Table.Td>
    </Table.Tr>
  );
});
