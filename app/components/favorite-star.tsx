// A star that adds or removes one favourite: `{assetSymbol, exchange?, initial}` where `initial`
// is whether it is a favourite now. It posts to the /profile action (the same toggleFavorite as
// POST /api/favorite/toggle/) through a fetcher and shows the new state at once; before
// hydration it is a plain form that comes back to this page. Signed out, it links to /login.
import { ActionIcon, Tooltip } from '@mantine/core';
import { Link, useFetcher, useLocation, useRouteLoaderData } from '@remix-run/react';
import { useEffect, useState } from 'react';
import type { loader as rootLoader } from '~/root';
import type { ToggleResult } from '~/routes/profile';
import { parseVenueId, VENUE_NAMES } from '~/lib/venues';

export interface FavoriteStarProps {
  assetSymbol: string;
  /** A venue id or name; absent: the asset on every venue. */
  exchange?: string;
  initial: boolean;
}

function describe(assetSymbol: string, exchange: string | undefined): string {
  const venue = parseVenueId(exchange);
  return venue ? `${assetSymbol} on ${VENUE_NAMES[venue]}` : exchange ? `${assetSymbol} on ${exchange}` : assetSymbol;
}

export function FavoriteStar({ assetSymbol, exchange, initial }: FavoriteStarProps) {
  const signedIn = Boolean(useRouteLoaderData<typeof rootLoader>('root')?.user);
  const location = useLocation();
  const fetcher = useFetcher<ToggleResult>();
  // Server-rendered forms carry redirectTo (no JavaScript: the action redirects back); once
  // hydrated the fetcher posts without it and gets the result as data instead.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const here = location.pathname + location.search;
  const what = describe(assetSymbol, exchange);

  if (!signedIn) {
    return (
      <Tooltip label="Log in to keep favourites">
        <ActionIcon
          component={Link}
          to={`/login?${new URLSearchParams({ redirectTo: here })}`}
          variant="subtle"
          color="gray"
          aria-label={`Log in to add ${what} to favourites`}
        >
          <span aria-hidden>☆</span>
        </ActionIcon>
      </Tooltip>
    );
  }

  const pending = fetcher.state !== 'idle' && fetcher.formData?.get('intent') === 'toggle';
  const settled = fetcher.data?.ok ? fetcher.data.status === 'added' : initial;
  const on = pending ? fetcher.formData?.get('expect') === 'added' : settled;
  const error = fetcher.state === 'idle' && fetcher.data && !fetcher.data.ok ? fetcher.data.error : null;
  const label = `${on ? 'Remove' : 'Add'} ${what} ${on ? 'from' : 'to'} favourites`;

  return (
    <fetcher.Form method="post" action="/profile" style={{ display: 'inline-flex' }}>
      <input type="hidden" name="intent" value="toggle" />
      <input type="hidden" name="asset_symbol" value={assetSymbol} />
      {exchange && <input type="hidden" name="exchange" value={exchange} />}
      {/* Only a hint for the optimistic state; the server toggles whatever is stored. */}
      <input type="hidden" name="expect" value={on ? 'removed' : 'added'} />
      {!hydrated && <input type="hidden" name="redirectTo" value={here} />}
      <Tooltip label={error ?? label}>
        <ActionIcon
          type="submit"
          variant="subtle"
          color={error ? 'red' : on ? 'yellow' : 'gray'}
          aria-label={label}
          aria-pressed={on}
          data-testid="favorite-star"
          data-state={on ? 'on' : 'off'}
        >
          <span aria-hidden>{on ? '★' : '☆'}</span>
        </ActionIcon>
      </Tooltip>
    </fetcher.Form>
  );
}
