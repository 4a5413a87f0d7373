// A small warning beside a venue's name on the market pages when its funding figures are not
// current (its jobs failing, its rates stale, none yet), with why and since when on hover and
// focus. The statuses come in through context from the page's loader data, so a revalidation
// re-renders the markers only, not the memoised rows around them.
import { Badge, Stack, Text, Tooltip } from '@mantine/core';
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { TOOLTIP_EVENTS } from '~/components/market/tooltip-events';
import { formatLocalTime } from '~/lib/format';
import { FEED_COLOR, feedText, fundingFeedHealth, type VenueFeedStatus } from '~/lib/venue-feed-health';
import { VENUE_NAMES, type VenueId } from '~/lib/venues';
import { useNow } from './use-now';

interface VenueFeeds {
  byVenue: ReadonlyMap<VenueId, VenueFeedStatus>;
  refreshMs: number;
}

const VenueFeedsContext = createContext<VenueFeeds | null>(null);

export function VenueFeedsProvider({
  feeds,
  refreshMs,
  children,
}: {
  /** Null when the server could not read them: no markers then. */
  feeds: VenueFeedStatus[] | null;
  refreshMs: number;
  children: ReactNode;
}) {
  const value = useMemo(
    () => (feeds ? { byVenue: new Map(feeds.map((f) => [f.venue, f])), refreshMs } : null),
    [feeds, refreshMs],
  );
  return <VenueFeedsContext.Provider value={value}>{children}</VenueFeedsContext.Provider>;
}

const formatTime = (ms: number) => formatLocalTime(ms);

/** Nothing while the venue's funding is current; otherwise a marker with the reason. */
export function VenueFeedMarker({ venue, showEmpty = true }: { venue: VenueId; showEmpty?: boolean }) {
  const feeds = useContext(VenueFeedsContext);
  // Null in the server render and hydration: staleness is judged, and times localised, after.
  const now = useNow();
  const feed = feeds?.byVenue.get(venue);
  if (!feeds || !feed) return null;
  const health = fundingFeedHealth(feed, feeds.refreshMs, { nowMs: now, formatTime: now === null ? null : formatTime });
  if (health.state === 'ok' || (health.state === 'empty' && !showEmpty)) return null;
  const name = VENUE_NAMES[venue];
  return (
    <Tooltip
      events={TOOLTIP_EVENTS}
      multiline
      w={320}
      withArrow
      label={
        <Stack gap={2}>
          <Text size="xs" fw={700}>
            {name}: {health.title}
          </Text>
          {health.details.map((d) => (
            <Text size="xs" key={d}>
              {d}
            </Text>
          ))}
        </Stack>
      }
    >
      <Badge
        component="span"
        size="xs"
        circle
        variant="filled"
        color={FEED_COLOR[health.state]}
        tabIndex={0}
        ml={4}
        aria-label={`${name}: ${feedText(health)}`}
        data-testid={`feed-${venue}`}
        data-state={health.state}
        // A circle badge is a block (display: flex); this one sits in a line of text.
        style={{ cursor: 'help', verticalAlign: 'middle', display: 'inline-flex' }}
      >
        !
      </Badge>
    </Tooltip>
  );
}
