// The table's controls. A plain GET form (so they work before hydration: "Apply" submits it);
// once hydrated each change navigates at once, keeping the scroll position, and lands in the URL.
import { CloseButton, Group, NativeSelect, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { Form, useNavigate } from '@remix-run/react';
import { PAGE_SIZES, PERIODS, tableHref, type TableFilters } from './table-params';
import { useDebouncedSearch } from './use-debounced-search';
import { VenueChips } from './venue-chips';

export function TableFiltersBar({ filters }: { filters: TableFilters }) {
  const navigate = useNavigate();
  const go = (change: Partial<TableFilters>) =>
    navigate(tableHref(filters, change), { preventScrollReset: true, replace: 'q' in change });
  const search = useDebouncedSearch(filters.q, (q) => go({ q }));

  return (
    <Form method="get" preventScrollReset data-testid="table-filters">
      <Stack gap="xs">
        <Group gap="md" align="flex-end" wrap="wrap">
          <TextInput
            id="table-search"
            name="q"
            label="Search"
            placeholder="BTC, Solana, 1000PEPE…"
            value={search.text}
            onChange={(e) => search.onChange(e.currentTarget.value)}
            maxLength={40}
            w={220}
            autoComplete="off"
            data-testid="table-search"
            rightSection={
              search.text ? (
                <CloseButton size="sm" aria-label="Clear search" onClick={() => search.onChange('')} />
              ) : undefined
            }
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="table-period-label">
              Average over
            </Text>
            <SegmentedControl
              aria-labelledby="table-period-label"
              name="period"
              size="xs"
              data={[...PERIODS]}
              value={filters.period}
              onChange={(period) => go({ period: period as TableFilters['period'] })}
              data-testid="table-period"
            />
          </Stack>
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
          <NativeSelect
            id="table-page-size"
            name="page_size"
            label="Rows"
            size="xs"
            w={90}
            data={PAGE_SIZES.map(String)}
            value={String(filters.pageSize)}
            onChange={(e) => go({ pageSize: Number(e.currentTarget.value) })}
            data-testid="table-page-size"
          />
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
