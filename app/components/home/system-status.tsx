import { Badge, Card, Group, Text } from '@mantine/core';

function StatusBadge({ ok, label }: { ok: boolean; label: string }) {
  return (
    <Badge color={ok ? 'teal' : 'red'} variant="light">
      {label}: {ok ? 'up' : 'down'}
    </Badge>
  );
}

/** Database, job runner and demo mode at a glance. */
export function SystemStatus({
  db,
  worker,
  demo,
}: {
  db: { ok: boolean; error?: string };
  worker: { ok: boolean };
  demo: boolean;
}) {
  return (
    <Card withBorder>
      <Group justify="space-between">
        <Text fw={600}>System</Text>
        <Group gap="xs" data-testid="system-status">
          <StatusBadge ok={db.ok} label="database" />
          <StatusBadge ok={worker.ok} label="jobs" />
          {demo && <Badge variant="outline">demo: simulated venues</Badge>}
        </Group>
      </Group>
      {db.error && (
        <Text c="red" size="sm" mt="xs">
          {db.error}
        </Text>
      )}
    </Card>
  );
}
