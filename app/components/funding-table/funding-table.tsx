import { Table, VisuallyHidden } from '@mantine/core';
import { useCallback, useMemo, useRef } from 'react';
import { VENUE_NAMES, type VenueId } from '~/lib/venues';
import { legForVenue } from './leg-apr';
import { LegTooltip } from './leg-tooltip';
import { SortHeader } from './sort-header';
import { useStableRows } from './stable-rows';
import { VenueFeedMarker } from './venue-feed-marker';
import { FundingTableRow } from './table-row';
import type { TableFilters } from './table-params';
import type { TableRow } from './table-types';

const rowKey = (r: TableRow) => r.symbol;

/** The table itself: sortable headers, one memoised row per asset, one shared APR tooltip. */
export function FundingTable({
  rows,
  venues,
  filters,
  favorites,
}: {
  rows: TableRow[];
  venues: readonly VenueId[];
  filters: TableFilters;
  favorites: ReadonlySet<string>;
}) {
  const stableRows = useStableRows(rows, rowKey);
  const bySymbol = useMemo(() => new Map(stableRows.map((r) => [r.symbol, r])), [stableRows]);
  const lookup = useCallback(
    (key: string) => {
      const [symbol, venue] = key.split('|') as [string, VenueId];
      const row = bySymbol.get(symbol);
      const { leg, others } = row ? legForVenue(row.legs, venue) : { leg: null, others: 0 };
      return leg ? { leg, others } : null;
    },
    [bySymbol],
  );
  const container = useRef<HTMLDivElement>(null);
  const spreadTitle =
    filters.mode === 'live'
      ? 'Highest minus lowest live APR across the venues shown'
      : `Highest minus lowest ${filters.period} average APR across the venues shown`;

  return (
    <div ref={container}>
      <Table.ScrollContainer minWidth={900} type="native">
        <Table
          highlightOnHover
          verticalSpacing={4}
          horizontalSpacing="xs"
          stickyHeader
          data-testid="funding-table"
          data-sort={filters.sort}
          data-order={filters.order}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={36}>
                <VisuallyHidden>Favourite</VisuallyHidden>
              </Table.Th>
              <SortHeader filters={filters} sortKey="symbol" align="left">
                Asset
              </SortHeader>
              <SortHeader filters={filters} sortKey="spread" title={spreadTitle}>
                Spread
              </SortHeader>
              {venues.map((v) => (
                <SortHeader
                  key={v}
                  filters={filters}
                  sortKey={v}
                  title={`${VENUE_NAMES[v]}: ${filters.mode === 'live' ? 'live' : `${filters.period} average`} APR`}
                  adornment={<VenueFeedMarker venue={v} />}
                >
                  {VENUE_NAMES[v]}
                </SortHeader>
              ))}
              <SortHeader filters={filters} sortKey="market_cap">
                Mkt cap
              </SortHeader>
              <SortHeader filters={filters} sortKey="volume" title="24 h volume, summed over the venues shown">
                Vol 24h
              </SortHeader>
              <Table.Th title="Spread across the venues over the last 7 days (8 h buckets)">Spread 7d</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {stableRows.map((row) => (
              <FundingTableRow
                key={row.symbol}
                row={row}
                venues={venues}
                mode={filters.mode}
                favorite={favorites.has(row.symbol)}
              />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <LegTooltip containerRef={container} lookup={lookup} period={filters.period} />
    </div>
  );
}
