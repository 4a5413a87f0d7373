// The opportunity list's controls: a GET form (works before hydration through "Apply"); once
// hydrated each change navigates at once and lands in the URL.
import { CloseButton, Group, NativeSelect, NumberInput, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { Form, useNavigate } from '@remix-run/react';
import { PAGE_SIZES, PERIODS, type Period } from '~/components/funding-table/table-params';
import { useDebouncedSearch } from '~/components/funding-table/use-debounced-search';
import { VenueChips } from '~/components/funding-table/venue-chips';
import { bestHref, HORIZONS_DAYS, MAX_NOTIONAL_USD, type BestFilters } from './best-params';

export function BestFiltersBar({ filters }: { filters: BestFilters }) {
  const navigate = useNavigate();
  const go = (change: Partial<BestFilters>, replace = false) =>
    navigate(bestHref(filters, change), { preventScrollReset: true, replace });
  const search = useDebouncedSearch(filters.q, (q) => go({ q }, true));
  const notional = useDebouncedSearch(
    String(filters.notionalUsd),
    (text) => {
      const n = Number(text);
      if (Number.isFinite(n) && n > 0 && n <= MAX_NOTIONAL_USD) go({ notionalUsd: n }, true);
    },
    500,
  );
  const minSpread = useDebouncedSearch(
    filters.minSpreadPct === null ? '' : String(filters.minSpreadPct),
    (text) => {
      const n = text === '' ? null : Number(text);
      if (n === null || Number.isFinite(n)) go({ minSpreadPct: n }, true);
    },
    500,
  );
  const horizons = HORIZONS_DAYS.map(String);
  if (!horizons.includes(String(filters.horizonDays))) horizons.push(String(filters.horizonDays));

  return (
    <Form method="get" preventScrollReset data-testid="best-filters">
      <Stack gap="xs">
        <Group gap="md" align="flex-end" wrap="wrap">
          <TextInput
            id="best-search"
            name="q"
            label="Search"
            placeholder="BTC, Solana…"
            value={search.text}
            onChange={(e) => search.onChange(e.currentTarget.value)}
            maxLength={40}
            w={180}
            autoComplete="off"
            data-testid="best-search"
            rightSection={
              search.text ? (
                <CloseButton size="sm" aria-label="Clear search" onClick={() => search.onChange('')} />
              ) : undefined
            }
          />
          <NumberInput
            id="best-notional"
            name="notional"
            label="Notional per leg (USD)"
            value={notional.text}
            onChange={(v) => notional.onChange(String(v))}
            min={1}
            max={MAX_NOTIONAL_USD}
            step={1000}
            thousandSeparator=","
            allowNegative={false}
            w={170}
            data-testid="best-notional"
          />
          <NumberInput
            id="best-min-spread"
            name="min_spread"
            label="Min gross APR %"
            value={minSpread.text}
            onChange={(v) => minSpread.onChange(String(v))}
            w={130}
            data-testid="best-min-spread"
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="best-period-label">
              Average over
            </Text>
            <SegmentedControl
              aria-labelledby="best-period-label"
              name="period"
              size="xs"
              data={[...PERIODS]}
              value={filters.period}
              onChange={(period) => go({ period: period as Period })}
            />
          </Stack>
          <NativeSelect
            id="best-horizon"
            name="horizon_days"
            label="Hold (days)"
            size="xs"
            w={100}
            data={horizons}
            value={String(filters.horizonDays)}
            onChange={(e) => go({ horizonDays: Number(e.currentTarget.value) })}
            title="Round-trip fees are spread over this holding period"
          />
          <NativeSelect
            id="best-page-size"
            name="page_size"
            label="Rows"
            size="xs"
            w={90}
            data={PAGE_SIZES.map(String)}
            value={String(filters.pageSize)}
            onChange={(e) => go({ pageSize: Number(e.currentTarget.value) })}
          />
          <noscript>
            <button type="submit">Apply</button>
          </noscript>
        </Group>
        <VenueChips selected={filters.venues} onChange={(venues) => go({ venues })} idPrefix="best" />
      </Stack>
    </Form>
  );
}
