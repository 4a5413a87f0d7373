// The opportunity list's controls: a GET form (works before hydration through "Apply"); once
// hydrated each change navigates at once and lands in the URL.
import { Group, NativeSelect, NumberInput, Stack } from '@mantine/core';
import { Form, useNavigate } from '@remix-run/react';
import { PeriodControl } from '~/components/filters/period-control';
import { RowsSelect } from '~/components/filters/rows-select';
import { SearchField } from '~/components/filters/search-field';
import { useDebouncedText } from '~/components/filters/use-debounced-text';
import { VenueChips } from '~/components/filters/venue-chips';
import { bestHref, HORIZONS_DAYS, MAX_NOTIONAL_USD, type BestFilters } from './best-params';

export function BestFiltersBar({ filters }: { filters: BestFilters }) {
  const navigate = useNavigate();
  const go = (change: Partial<BestFilters>, replace = false) =>
    navigate(bestHref(filters, change), { preventScrollReset: true, replace });
  const notional = useDebouncedText(
    String(filters.notionalUsd),
    (text) => {
      const n = Number(text);
      if (Number.isFinite(n) && n > 0 && n <= MAX_NOTIONAL_USD) go({ notionalUsd: n }, true);
    },
    500,
  );
  const minSpread = useDebouncedText(
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
          <SearchField
            idPrefix="best"
            value={filters.q}
            onCommit={(q) => go({ q }, true)}
            placeholder="BTC, Solana…"
            width={180}
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
          <PeriodControl idPrefix="best" value={filters.period} onChange={(period) => go({ period })} />
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
          <RowsSelect idPrefix="best" value={filters.pageSize} onChange={(pageSize) => go({ pageSize })} />
          <noscript>
            <button type="submit">Apply</button>
          </noscript>
        </Group>
        <VenueChips selected={filters.venues} onChange={(venues) => go({ venues })} idPrefix="best" />
      </Stack>
    </Form>
  );
}
