// Home: is everything up (system, each venue's stream), how much is listed, and where to go next.
// Server-rendered from the loader; the status then refreshes from /healthz while the tab is open.
import { Alert, Button, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { checkHealth } from '~/.server/services';
import { homeFunding, listedAssetCount } from '~/.server/market/terminal-data';
import { SNAPSHOT_REFRESH_MS } from '~/components/funding-table/page-data.server';
import { venueFeeds } from '~/components/funding-table/venue-feeds.server';
import { StatCard } from '~/components/home/stat-card';
import { SystemStatus } from '~/components/home/system-status';
import { TopOpportunities } from '~/components/home/top-opportunities';
import { useHealthPoll, type HealthSnapshot } from '~/components/home/use-health-poll';
import { VenueBadges } from '~/components/home/venue-badges';
import { isUp, venueHealth, type CatalogStatusLite } from '~/components/home/venue-health';
import { Age } from '~/components/market/age';
import { LocalTime } from '~/components/market/local-time';
import { formatCount } from '~/lib/format';
import { feedText, fundingFeedHealth } from '~/lib/venue-feed-health';
import { VENUES, VENUE_NAMES } from '~/lib/venues';

export async function loader({ context }: LoaderFunctionArgs) {
  const { services } = context;
  const market = services.market;
  const [health, assets, funding, feeds] = await Promise.all([
    checkHealth(services),
    market ? listedAssetCount(market) : null,
    homeFunding(services),
    venueFeeds(context),
  ]);
  const body = health.body as Omit<HealthSnapshot, 'fetchedAt'>;
  return {
    health: { db: body.db, worker: body.worker, venues: body.venues, fetchedAt: Date.now() } satisfies HealthSnapshot,
    demo: services.config.demo,
    staleMs: services.config.streamStaleMs,
    venues: VENUES.map((id) => ({
      id,
      name: VENUE_NAMES[id],
      // In demo mode the simulator's address, so nobody mistakes it for the real venue.
      host: new URL(market?.venueUrls[id]?.restUrl ?? services.config.venues[id].restUrl).host,
      catalog: market?.rest[id] ? (market.catalog.status(id) satisfies CatalogStatusLite) : null,
    })),
    assets,
    funding,
    feeds,
    fundingRefreshMs: SNAPSHOT_REFRESH_MS,
  };
}

// Funding snapshots are taken every minute; three missed runs make the figures stale.
const FUNDING_STALE_MS = 180_000;

export default function Home() {
  const data = useLoaderData<typeof loader>();
  const { health, failing } = useHealthPoll(data.health);
  const venues = data.venues.map((v) => {
    const h = venueHealth(health.venues.find((s) => s.venue === v.id) ?? null, v.catalog, data.staleMs);
    const feed = data.feeds?.find((f) => f.venue === v.id);
    // Ages relative to the status snapshot, so the server render and hydration word them alike.
    const fh = feed && fundingFeedHealth(feed, data.fundingRefreshMs, { nowMs: health.fetchedAt, formatTime: null });
    // The funding jobs' health does not change the stream badge; it is part of the why.
    const feedNote = fh && (fh.state === 'failing' || fh.state === 'stale') ? ` ${feedText(fh)}` : '';
    return { ...v, health: { ...h, reason: h.reason + feedNote } };
  });
  const fundingUpdatedAt = data.funding?.stats.lastUpdate ? Date.parse(data.funding.stats.lastUpdate) : null;
  const up = venues.filter((v) => isUp(v.health.state)).length;
  const books = health.venues.reduce((n, s) => n + s.symbols, 0);
  const ages = health.venues.map((s) => s.lastMessageAgeMs).filter((a): a is number => a !== null);
  const lastMessageAt = ages.length ? health.fetchedAt - Math.min(...ages) : null;

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={2}>Funding-rate arbitrage terminal</Title>
        <Text c="dimmed">
          Perpetual funding of seven venues side by side, the best long/short pairs after fees, live order books of both
          legs, and two-legged positions opened and closed together.
        </Text>
      </Stack>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }}>
        <StatCard
          label="Venues up"
          value={`${up} / ${venues.length}`}
          hint={up < venues.length ? 'hover a venue below for why' : 'all streaming or reachable'}
          testId="stat-venues-up"
        />
        <StatCard
          label="Assets"
          value={
            data.funding
              ? formatCount(data.funding.stats.totalCoins)
              : data.assets
                ? formatCount(data.assets.assets)
                : '—'
          }
          hint={
            data.funding
              ? `with funding on ${data.funding.stats.totalExchanges} venues${data.assets ? `; ${formatCount(data.assets.assets)} listed` : ''}`
              : data.assets
                ? `listed across ${data.assets.venues} venues; funding not loaded yet`
                : 'market data is not running'
          }
          testId="stat-assets"
        />
        <StatCard
          label="Funding updated"
          value={
            fundingUpdatedAt === null ? (
              '—'
            ) : (
              <Age sinceMs={fundingUpdatedAt} staleAfterMs={FUNDING_STALE_MS} size="xl" fw={700} c="inherit" />
            )
          }
          hint={fundingUpdatedAt === null ? 'no funding snapshot yet' : <LocalTime ms={fundingUpdatedAt} withDate />}
          testId="stat-funding-update"
        />
        <StatCard
          label="Books streaming"
          value={formatCount(books)}
          hint="order books held by this server"
          testId="stat-books"
        />
        <StatCard
          label="Last market data"
          value={lastMessageAt === null ? '—' : <Age sinceMs={lastMessageAt} size="xl" fw={700} c="inherit" />}
          hint={lastMessageAt === null ? 'no venue stream open right now' : 'newest frame from any venue'}
          testId="stat-last-update"
        />
      </SimpleGrid>
      <SystemStatus db={health.db} worker={health.worker} demo={data.demo} />
      {failing && (
        <Alert color="orange" variant="light" title="Status may be out of date" data-testid="status-stale">
          Refreshing the status failed ({failing}); showing the status as of <LocalTime ms={health.fetchedAt} />.
        </Alert>
      )}
      <div>
        <Group justify="space-between" mb="xs">
          <Title order={4}>Venues</Title>
          <Text size="xs" c="dimmed">
            as of <LocalTime ms={health.fetchedAt} />
          </Text>
        </Group>
        <VenueBadges venues={venues} />
      </div>
      <TopOpportunities
        pairs={data.funding?.topPairs ?? null}
        period={data.funding?.period ?? '1d'}
        horizonDays={data.funding?.horizonDays ?? 7}
      />
      <Group>
        <Button component={Link} to="/terminal" variant="light">
          Open the terminal
        </Button>
      </Group>
    </Stack>
  );
}
