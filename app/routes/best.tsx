// Best opportunities: the best long/short pair of every asset, ranked by APR net of round-trip
// fees, with the basis and, from the live books, the cross spread and slippage at the notional the
// reader sets. Rendered by the loader (the same pairs as GET /api/best-opportunities/), then
// refreshed when the hub announces new funding data.
import { Box, Group, Stack, Text, Title } from '@mantine/core';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData, useLocation, useNavigation } from '@remix-run/react';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { LiveStatus } from '~/components/funding-table/live-status';
import { NoDataYet, NoMatches } from '~/components/funding-table/market-states';
import { TablePagination } from '~/components/funding-table/table-pagination';
import { VenueFeedsProvider } from '~/components/funding-table/venue-feed-marker';
import { bestHref } from '~/components/opportunities/best-params';
import { BestFiltersBar } from '~/components/opportunities/best-filters';
import { loadOpportunities } from '~/components/opportunities/load-opportunities.server';
import { OpportunitiesTable } from '~/components/opportunities/opportunities-table';
import { formatQuote } from '~/lib/format';

export const meta: MetaFunction = () => [{ title: 'Best opportunities · Funding Arb Terminal' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return loadOpportunities(request, context);
}

export default function BestOpportunitiesPage() {
  const data = useLoaderData<typeof loader>();
  const { filters, page } = data;
  const navigation = useNavigation();
  const { pathname } = useLocation();
  const pending = navigation.state === 'loading' && navigation.location.pathname === pathname;
  const filtered = filters.q !== '' || filters.venues.length > 0 || filters.minSpreadPct !== null;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={2}>Best opportunities</Title>
          <Text size="sm" c="dimmed">
            Long where funding is lowest, short where it is highest ({filters.period} average APR), net of round-trip
            taker fees over {filters.horizonDays} days. Book figures at {formatQuote(filters.notionalUsd, 'USD')} per
            leg.
          </Text>
        </Stack>
        <LiveStatus lastUpdateMs={data.lastUpdateMs} refreshMs={data.refreshMs} />
      </Group>
      <BestFiltersBar filters={filters} />
      {page.count === 0 ? (
        filtered ? (
          <NoMatches what="pairs" />
        ) : (
          <NoDataYet loaded={data.loaded} />
        )
      ) : (
        <Box style={{ opacity: pending ? 0.55 : 1, transition: 'opacity 120ms' }} aria-busy={pending}>
          <VenueFeedsProvider feeds={data.venueFeeds} refreshMs={data.refreshMs}>
            <OpportunitiesTable
              pairs={page.results}
              firstRank={(filters.page - 1) * filters.pageSize + 1}
              notionalUsd={filters.notionalUsd}
              horizonDays={filters.horizonDays}
            />
          </VenueFeedsProvider>
        </Box>
      )}
      <TablePagination
        page={filters.page}
        pageSize={filters.pageSize}
        count={page.count}
        totalPages={page.total_pages}
        shown={page.results.length}
        noun="pairs"
        hrefFor={(p) => bestHref(filters, { page: p })}
      />
    </Stack>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
