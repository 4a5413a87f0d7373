import { Button, Text } from '@mantine/core';
import { Link } from '@remix-run/react';
import { ErrorPage } from '~/components/error-boundary';
import { DEFAULT_FILTERS, parseQuery, tableHref } from '~/components/funding-table/table-params';

/**
 * The coin page’s 404: the loader’s message (which symbol no venue lists) and, as the way on, the
 * funding table searched for it, where a near spelling or the asset’s name may turn it up.
 */
export function CoinNotFound({ message, symbol }: { message: string; symbol: string }) {
  const q = parseQuery(symbol);
  return (
    <ErrorPage
      title="Coin not found"
      tone="info"
      actions={
        q && (
          <Button
            component={Link}
            to={`/table${tableHref(DEFAULT_FILTERS, { q })}`}
            data-testid="coin-not-found-search"
          >
            Search the funding table for “{q}”
          </Button>
        )
      }
    >
      <Text data-testid="coin-not-found-message">{message}</Text>
    </ErrorPage>
  );
}
