// Per venue, what the market pages need to say whether its funding figures are current: its
// funding jobs' last outcomes (job_status, as /api/stats reads it) and its newest stored rate.
import type { AppLoadContext } from '@remix-run/node';
import { loadJobStatuses } from '~/.server/funding/job-status';
import type { FundingView } from '~/.server/funding/state';
import type { VenueFeedStatus } from '~/lib/venue-feed-health';
import { VENUES, type VenueId } from '~/lib/venues';

/** Newest snapshot time per venue over its active instruments (ms). */
export function newestSnapshotByVenue(view: FundingView): Map<VenueId, number> {
  const newest = new Map<VenueId, number>();
  for (const list of view.byAsset.values()) {
    for (const inst of list) {
      if (!inst.snapshot) continue;
      const seen = newest.get(inst.venue);
      if (seen === undefined || inst.snapshot.updatedAt > seen) newest.set(inst.venue, inst.snapshot.updatedAt);
    }
  }
  return newest;
}

const ms = (d: Date | null) => (d ? d.getTime() : null);

/**
 * Every venue's feed status; null when the job statuses cannot be read: the page then shows its
 * figures without the per-venue markers rather than failing as a whole.
 */
export async function venueFeeds(context: AppLoadContext): Promise<VenueFeedStatus[] | null> {
  const { services } = context;
  try {
    const jobs = await loadJobStatuses(services.database.db);
    const newest = newestSnapshotByVenue(services.funding.store.view());
    return VENUES.map((venue) => ({
      venue,
      jobs: jobs
        .filter((j) => j.source === venue)
        .map((j) => ({
          job: j.job,
          lastSuccessAt: ms(j.lastSuccessAt),
          lastFailureAt: ms(j.lastFailureAt),
          lastError: j.lastError,
          consecutiveFailures: j.consecutiveFailures,
        })),
      lastUpdateMs: newest.get(venue) ?? null,
    }));
  } catch (err) {
    services.log.warn('could not read the venues’ job status', {
      error: err instanceof Error ? err.message : String(err),
    });
    return null;
  }
}
