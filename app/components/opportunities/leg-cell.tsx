import { Badge, Group, Stack, Table, Text } from '@mantine/core';
import { aprTextColor, formatAprPct } from '~/lib/funding-format';
import { VENUE_NAMES } from '~/lib/venues';
import { Countdown } from '~/components/funding-table/countdown';
import { VenueFeedMarker } from '~/components/funding-table/venue-feed-marker';
import type { PairLeg } from './opportunity-types';

/**
 * One leg of a pair: venue, contract, its APR and the countdown to its next settlement; a marker
 * when the venue's funding updates are failing or stale.
 */
export function LegCell({ leg, side }: { leg: PairLeg; side: 'long' | 'short' }) {
  return (
    <Table.Td data-testid={`pair-${side}`} data-venue={leg.exchange} style={{ whiteSpace: 'nowrap' }}>
      <Stack gap={0}>
        <Group gap={6} wrap="nowrap">
          <Badge size="xs" variant="light" color={side === 'long' ? 'teal' : 'red'} miw={48}>
            {side}
          </Badge>
          <Text size="sm" fw={600}>
            {VENUE_NAMES[leg.exchange]}
          </Text>
          <VenueFeedMarker venue={leg.exchange} showEmpty={false} />
          <Text
            size="sm"
            ff="monospace"
            c={aprTextColor(leg.apr)}
            title={leg.apr_source === 'live' ? 'No history for the period yet: live APR' : undefined}
            fs={leg.apr_source === 'live' ? 'italic' : undefined}
          >
            {formatAprPct(leg.apr)}
          </Text>
        </Group>
        <Text size="xs" c="dimmed">
          {leg.symbol} ·{' '}
          {leg.next_funding_time ? (
            <>
              next in <Countdown atIso={leg.next_funding_time} size="xs" c="dimmed" />
            </>
          ) : (
            'accrues continuously'
          )}
        </Text>
      </Stack>
    </Table.Td>
  );
}
