// One asset in detail: every venue's current and average funding, price and next settlement, and
// the funding history per venue as a chart. Rendered by the loader (the same detail as
// GET /api/coin-detail/<symbol>/), refreshed when the hub announces new funding data.
import { Card, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData, useNavigate } from '@remix-run/react';
import { useMemo, useState } from 'react';
import { CoinHeader } from '~/components/coin/coin-header';
import { CoinNotFound } from '~/components/coin/coin-not-found';
import { FundingHistoryChart, ResolutionPicker, type Resolution } from '~/components/coin/funding-history-chart';
import { loadCoin } from '~/components/coin/load-coin.server';
import { VenueSummaryTable } from '~/components/coin/venue-summary-table';
import { widestPair } from '~/components/coin/widest-pair';
import { errorMessage, GeneralErrorBoundary } from '~/components/error-boundary';
import { LiveStatus } from '~/components/funding-table/live-status';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.symbol} funding · Funding Arb Terminal` : 'Coin not found · Funding Arb Terminal' },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return loadCoin(request, params.symbol ?? '', context);
}

/** History reloads from the database on each refresh: refresh this page less eagerly than the lists. */
const REVALIDATE_MS = 10_000;

export default function CoinPage() {
  const data = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const favorites = useMemo(() => new Set(data.favorites), [data.favorites]);
  const pair = widestPair(data.venues);
  const [resolution, setResolution] = useState<Resolution>('8h');

  return (
    <Stack gap="md">
      <Group justify="flex-end">
        <LiveStatus lastUpdateMs={data.lastUpdateMs} refreshMs={data.refreshMs} minRevalidateMs={REVALIDATE_MS} />
      </Group>
      <CoinHeader asset={data.asset} favorite={favorites.has(data.symbol)} pair={pair} />
      <Card withBorder padding="sm">
        <Title order={4} mb="xs">
          Venues
        </Title>
        <VenueSummaryTable assetSymbol={data.symbol} venues={data.venues} favorites={favorites} />
      </Card>
      <Card withBorder padding="sm">
        <Group justify="space-between" mb="xs">
          <Title order={4}>Funding history (APR)</Title>
          <Group gap="xs">
            <ResolutionPicker value={resolution} onChange={setResolution} />
            <Text size="sm" c="dimmed" id="coin-days-label" ml="sm">
              Days
            </Text>
            <SegmentedControl
              aria-labelledby="coin-days-label"
              name="days"
              size="xs"
              data={data.daysOffered.map(String)}
              value={String(data.days)}
              onChange={(d) => navigate(`?days=${d}`, { preventScrollReset: true, replace: true })}
            />
          </Group>
        </Group>
        <FundingHistoryChart history={data.history} resolution={resolution} />
      </Card>
    </Stack>
  );
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusHandlers={{
        404: ({ error, params }) => <CoinNotFound message={errorMessage(error)} symbol={params.symbol ?? ''} />,
      }}
    />
  );
}
