// The table's controls. A plain GET form (so they work before hydration: "Apply" submits it);
// once hydrated each change navigates at once, keeping the scroll position, and lands in the URL.
import { Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { Form, useNavigate } from '@remix-run/react';
import { PeriodControl } from '~/components/filters/period-control';
import { RowsSelect } from '~/components/filters/rows-select';
import { SearchField } from '~/components/filters/search-field';
import { VenueChips } from '~/components/filters/venue-chips';
import { tableHref, type TableFilters } from './table-params';

export function TableFiltersBar({ filters }: { filters: TableFilters }) {
  const navigate = useNavigate();
  const go = (change: Partial<TableFilters>) =>
    navigate(tableHref(filters, change), { preventScrollReset: true, replace: 'q' in change });

  return (
    <Form method="get" preventScrollReset data-testid="table-filters">
      <Stack gap="xs">
        <Group gap="md" align="flex-end" wrap="wrap">
          <SearchField
            idPrefix="table"
            value={filters.q}
            onCommit={(q) => go({ q })}
            placeholder="BTC, Solana, 1000PEPE…"
            width={220}
          />
          <PeriodControl idPrefix="table" value={filters.period} onChange={(period) => go({ period })} />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="table-mode-label">
              APR shown
            </Text>
            <SegmentedControl
              aria-labelledby="table-mode-label"
              name="mode"
              size="xs"
              data={[
                { value: 'avg', label: 'Average' },
                { value: 'live', label: 'Live' },
              ]}
              value={filters.mode}
              onChange={(mode) => go({ mode: mode as TableFilters['mode'] })}
              data-testid="table-mode"
            />
          </Stack>
          <RowsSelect idPrefix="table" value={filters.pageSize} onChange={(pageSize) => go({ pageSize })} />
          {filters.sort !== 'spread' && <input type="hidden" name="sort" value={filters.sort} />}
          <input type="hidden" name="order" value={filters.order} />
          <noscript>
            <button type="submit">Apply</button>
          </noscript>
        </Group>
        <VenueChips selected={filters.venues} onChange={(venues) => go({ venues })} idPrefix="table" />
      </Stack>
    </Form>
  );
}
