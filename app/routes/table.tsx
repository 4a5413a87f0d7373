// The funding table: one row per asset, a column per venue with its APR, the spread and best
// pair, sortable and filterable with every setting in the URL. Rendered by the loader (the same
// rows as GET /api/funding-table/), then refreshed when the hub announces new funding data.
import { Box, Group, Stack, Text, Title } from '@mantine/core';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData, useLocation, useNavigation } from '@remix-run/react';
import { useMemo } from 'react';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { FundingTable } from '~/components/funding-table/funding-table';
import { LiveStatus } from '~/components/funding-table/live-status';
import { loadFundingTable } from '~/components/funding-table/load-table.server';
import { NoDataYet, NoMatches } from '~/components/funding-table/market-states';
import { TableFiltersBar } from '~/components/funding-table/table-filters';
import { tableHref } from '~/components/funding-table/table-params';
import { TablePagination } from '~/components/funding-table/table-pagination';
import { VenueFeedsProvider } from '~/components/funding-table/venue-feed-marker';
import { VENUES } from '~/lib/venues';

export const meta: MetaFunction = () => [{ title: 'Funding table · Funding Arb Terminal' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return loadFundingTable(request, context);
}

export default function FundingTablePage() {
  const data = useLoaderData<typeof loader>();
  const { filters, page } = data;
  const navigation = useNavigation();
  const { pathname } = useLocation();
  // A filter, sort or page change of this page is loading: dim the old rows until the new ones land.
  const pending = navigation.state === 'loading' && navigation.location.pathname === pathname;
  const venuesKey = filters.venues.join(',');
  const venues = useMemo(() => (venuesKey ? filters.venues : [...VENUES]), [venuesKey]); // eslint-disable-line react-hooks/exhaustive-deps
  const favorites = useMemo(() => new Set(data.favorites), [data.favorites]);
  const filtered = filters.q !== '' || filters.venues.length > 0;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={2}>Funding table</Title>
          <Text size="sm" c="dimmed">
            Annualised funding per venue ({filters.mode === 'live' ? 'live rate' : `${filters.period} average`});
            positive: longs pay shorts. Hover a rate for its details.
          </Text>
        </Stack>
        <LiveStatus lastUpdateMs={data.lastUpdateMs} refreshMs={data.refreshMs} />
      </Group>
      <TableFiltersBar filters={filters} />
      {page.count === 0 ? (
        filtered ? (
          <NoMatches what="assets" />
        ) : (
          <NoDataYet loaded={data.loaded} />
        )
      ) : (
        <Box
          style={{ opacity: pending ? 0.55 : 1, transition: 'opacity 120ms' }}
          aria-busy={pending}
          data-testid="table-region"
        >
          <VenueFeedsProvider feeds={data.venueFeeds} refreshMs={data.refreshMs}>
            <FundingTable rows={page.results} venues={venues} filters={filters} favorites={favorites} />
          </VenueFeedsProvider>
        </Box>
      )}
      <TablePagination
        page={filters.page}
        pageSize={filters.pageSize}
        count={page.count}
        totalPages={page.total_pages}
        shown={page.results.length}
        noun="assets"
        hrefFor={(p) => tableHref(filters, { page: p })}
      />
    </Stack>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
