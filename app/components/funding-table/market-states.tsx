// The states a market page can be in besides "here is the data", worded the same on every page.
import { Alert, Text } from '@mantine/core';

/** Nothing ingested yet (a fresh start) or the store still loading. */
export function NoDataYet({ loaded }: { loaded: boolean }) {
  return (
    <Alert color="blue" variant="light" title="No data yet" data-testid="empty-state">
      <Text size="sm">
        {loaded
          ? 'No funding data yet — ingestion runs every minute. This page fills in by itself as data arrives.'
          : 'Funding data is still loading on the server — ingestion runs every minute. This page fills in by itself.'}
      </Text>
    </Alert>
  );
}

/** Data exists, the filters match none of it. */
export function NoMatches({ what }: { what: string }) {
  return (
    <Alert color="gray" variant="light" title={`No ${what} match`} data-testid="no-matches">
      <Text size="sm">Try a shorter search, another period or more venues.</Text>
    </Alert>
  );
}
