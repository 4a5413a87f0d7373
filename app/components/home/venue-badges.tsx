import { Badge, Card, SimpleGrid, Text, Tooltip } from '@mantine/core';
import { TOOLTIP_EVENTS } from '~/components/market/tooltip-events';
import { HEALTH_COLOR, type VenueHealth } from './venue-health';

export interface VenueCardData {
  id: string;
  name: string;
  host: string;
  health: VenueHealth;
}

/** A card per venue with its state badge; the reason is on hover and on keyboard focus. */
export function VenueBadges({ venues }: { venues: VenueCardData[] }) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }} data-testid="venue-status">
      {venues.map((v) => (
        <Card key={v.id} withBorder padding="sm" data-testid={`venue-${v.id}`} data-state={v.health.state}>
          <Text fw={600}>{v.name}</Text>
          <Tooltip events={TOOLTIP_EVENTS} label={v.health.reason} multiline w={260} withArrow>
            <Badge
              color={HEALTH_COLOR[v.health.state]}
              variant="light"
              mt={4}
              tabIndex={0}
              aria-label={`${v.name}: ${v.health.state}. ${v.health.reason}`}
              style={{ cursor: 'help' }}
            >
              {v.health.state}
            </Badge>
          </Tooltip>
          <Text size="xs" c="dimmed" truncate title={v.host} mt={4}>
            {v.host}
          </Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}
