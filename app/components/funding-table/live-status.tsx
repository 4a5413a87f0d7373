// The page header's live indicator: socket state, how old the newest funding data is, and a
// "stale" badge once it is older than its refresh promises. Owns the live-update subscription, so
// a hub message re-renders this badge only; the page itself re-renders when its loader data changes.
import { Badge, Group, Loader, Text, Tooltip } from '@mantine/core';
import { useNavigation, useRevalidator } from '@remix-run/react';
import { formatDuration } from '~/lib/format';
import { isStale } from '~/lib/funding-format';
import { TOOLTIP_EVENTS } from '~/components/market/tooltip-events';
import { useLiveRevalidation } from './use-live-revalidation';
import { useNow } from './use-now';

export function LiveStatus({
  lastUpdateMs,
  refreshMs,
  minRevalidateMs = 2000,
}: {
  /** Newest snapshot time in the data shown (ms); null when there is none yet. */
  lastUpdateMs: number | null;
  /** How often the data is expected to change (the ingestion schedule). */
  refreshMs: number;
  minRevalidateMs?: number;
}) {
  const { socket } = useLiveRevalidation(minRevalidateMs);
  const revalidating = useRevalidator().state === 'loading';
  const navigating = useNavigation().state === 'loading';
  const now = useNow();
  const stale = now !== null && isStale(lastUpdateMs, now, refreshMs);
  return (
    <Group
      gap="xs"
      wrap="nowrap"
      data-testid="live-status"
      data-socket={socket}
      data-stale={stale}
      // The newest snapshot time shown, so a test (or a curious reader) can tell that a refresh landed.
      data-updated-ms={lastUpdateMs ?? ''}
    >
      {(revalidating || navigating) && <Loader size={12} type="dots" aria-label="Refreshing" />}
      <Tooltip
        events={TOOLTIP_EVENTS}
        label={
          socket === 'open'
            ? 'Connected: the page refreshes when new funding data is stored'
            : 'Not connected to live updates; reconnecting'
        }
      >
        <Badge variant="dot" color={socket === 'open' ? 'teal' : 'gray'} tabIndex={0}>
          {socket === 'open' ? 'live' : socket}
        </Badge>
      </Tooltip>
      {lastUpdateMs !== null && (
        <Text size="xs" c="dimmed" data-testid="data-age">
          updated {now === null ? '—' : `${formatDuration(Math.max(0, now - lastUpdateMs))} ago`}
        </Text>
      )}
      {stale && (
        <Tooltip
          events={TOOLTIP_EVENTS}
          label={`No new funding data for longer than expected (it refreshes every ${formatDuration(refreshMs)})`}
        >
          <Badge color="orange" variant="light" tabIndex={0} data-testid="stale-badge">
            stale
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}
