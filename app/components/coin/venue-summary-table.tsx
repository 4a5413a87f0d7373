import { Badge, Table, Text } from '@mantine/core';
import { FavoriteStar } from '~/components/favorite-star';
import { Countdown } from '~/components/funding-table/countdown';
import { formatPercent } from '~/lib/format';
import {
  aprBackground,
  formatAprPct,
  formatIntervalHours,
  formatRatePct,
  formatUnitPrice,
  formatUsdCompact,
} from '~/lib/funding-format';
import { VENUE_NAMES } from '~/lib/venues';
import type { VenueSummary } from './coin-types';

function AprTd({ value, testId }: { value: number | null; testId?: string }) {
  return (
    <Table.Td ta="right" ff="monospace" fz="sm" style={{ background: aprBackground(value) }} data-testid={testId}>
      {formatAprPct(value)}
    </Table.Td>
  );
}

/** Every venue listing the asset: current and average APRs, price, interval and next settlement. */
export function VenueSummaryTable({
  assetSymbol,
  venues,
  favorites,
}: {
  assetSymbol: string;
  venues: VenueSummary[];
  favorites: ReadonlySet<string>;
}) {
  return (
    <Table.ScrollContainer minWidth={1000} type="native">
      <Table verticalSpacing={6} horizontalSpacing="xs" highlightOnHover data-testid="venue-summary">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={36} />
            <Table.Th>Venue</Table.Th>
            <Table.Th ta="right">Current APR</Table.Th>
            <Table.Th ta="right">Avg 1d</Table.Th>
            <Table.Th ta="right">Avg 7d</Table.Th>
            <Table.Th ta="right">Avg 30d</Table.Th>
            <Table.Th ta="right">Rate / interval</Table.Th>
            <Table.Th ta="right">Next funding</Table.Th>
            <Table.Th ta="right">Price (per unit)</Table.Th>
            <Table.Th ta="right">Open interest</Table.Th>
            <Table.Th ta="right">Vol 24h</Table.Th>
            <Table.Th ta="right">Taker fee</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {venues.map((v) => (
            <Table.Tr
              key={`${v.exchange}:${v.symbol}`}
              data-testid="venue-row"
              data-venue={v.exchange}
              style={{ opacity: v.stale ? 0.5 : 1 }}
            >
              <Table.Td px={4}>
                <FavoriteStar
                  assetSymbol={assetSymbol}
                  exchange={v.exchange}
                  initial={favorites.has(`${assetSymbol}|${v.exchange}`)}
                />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm" fw={600} span>
                  {VENUE_NAMES[v.exchange]}
                </Text>{' '}
                <Text size="xs" c="dimmed" span>
                  {v.symbol}
                  {v.multiplier !== 1 ? ` ×${v.multiplier}` : ''}
                </Text>
                {v.stale && (
                  <Badge ml={6} size="xs" color="orange" variant="light" title="No update for over 10 minutes">
                    stale
                  </Badge>
                )}
              </Table.Td>
              <AprTd value={v.current_apr} testId="venue-current-apr" />
              <AprTd value={v.avg_apr_1d} />
              <AprTd value={v.avg_apr_7d} />
              <AprTd value={v.avg_apr_30d} />
              <Table.Td ta="right" ff="monospace" fz="xs" style={{ whiteSpace: 'nowrap' }}>
                {formatRatePct(v.rate)} / {formatIntervalHours(v.interval_h, v.continuous)}
              </Table.Td>
              <Table.Td ta="right">
                {v.next_funding_time ? (
                  <Countdown atIso={v.next_funding_time} />
                ) : (
                  <Text size="xs" c="dimmed">
                    continuous
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right" ff="monospace" fz="sm" data-testid="venue-price">
                {formatUnitPrice(v.price)}
              </Table.Td>
              <Table.Td ta="right" ff="monospace" fz="sm">
                {formatUsdCompact(v.open_interest)}
              </Table.Td>
              <Table.Td ta="right" ff="monospace" fz="sm">
                {formatUsdCompact(v.volume_24h)}
              </Table.Td>
              <Table.Td ta="right" ff="monospace" fz="xs">
                {formatPercent(v.taker_fee, 3)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
