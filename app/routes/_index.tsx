import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { checkHealth } from '~/.server/services';
import { VENUES, VENUE_NAMES } from '~/lib/venues';

export async function loader({ context }: LoaderFunctionArgs) {
  const { services } = context;
  const health = await checkHealth(services);
  return {
    health: health.body as { status: string; db: { ok: boolean; error?: string }; worker: { ok: boolean } },
    demo: services.config.demo,
    venues: VENUES.map((id) => ({ id, name: VENUE_NAMES[id], host: new URL(services.config.venues[id].restUrl).host })),
  };
}

function StatusBadge({ ok, label }: { ok: boolean; label: string }) {
  return (
    <Badge color={ok ? 'teal' : 'red'} variant="light">
      {label}: {ok ? 'up' : 'down'}
    </Badge>
  );
}

export default function Home() {
  const { health, venues, demo } = useLoaderData<typeof loader>();
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={2}>Funding-rate arbitrage terminal</Title>
        <Text c="dimmed">
          Perpetual funding of seven venues side by side, the best long/short pairs after fees, live order books of both legs,
          and two-legged positions opened and closed together.
        </Text>
      </Stack>
      <Card withBorder>
        <Group justify="space-between">
          <Text fw={600}>System</Text>
          <Group gap="xs" data-testid="system-status">
            <StatusBadge ok={health.db.ok} label="database" />
            <StatusBadge ok={health.worker.ok} label="jobs" />
            {demo && <Badge variant="outline">demo: simulated venues</Badge>}
          </Group>
        </Group>
        {health.db.error && (
          <Text c="red" size="sm" mt="xs">
            {health.db.error}
          </Text>
        )}
      </Card>
      <div>
        <Title order={4} mb="xs">
          Venues
        </Title>
        <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }}>
          {venues.map((v) => (
            <Card key={v.id} withBorder padding="sm">
              <Text fw={600}>{v.name}</Text>
              <Text size="xs" c="dimmed" truncate title={v.host}>
                {v.host}
              </Text>
            </Card>
          ))}
        </SimpleGrid>
      </div>
    </Stack>
  );
}
