// Per venue, what the market pages need to say whether its funding figures are current: its
// funding jobs' last outcomes (job_status, as /api/stats reads it) and its newest stored rate.
import type { AppLoadContext } from '@remix-run/node';
import { loadJobStatuses } from '~/.server/funding/job-status';
import { fundingTotals } from '~/.server/funding/stats';
import type { VenueFeedStatus } from '~/lib/venue-feed-health';
import { VENUES } from '~/lib/venues';

const ms = (d: Date | null) => (d ? d.getTime() : null);

/**
 * Every venue's feed status; null when the job statuses cannot be read: the page then shows its
 * figures without the per-venue markers rather than failing as a whole.
 */
export async function venueFeeds(context: AppLoadContext): Promise<VenueFeedStatus[] | null> {
  const { services } = context;
  try {
    const jobs = await loadJobStatuses(services.database.db);
    const { perVenue } = fundingTotals(services.funding.store.view());
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
      lastUpdateMs: perVenue.get(venue)?.lastUpdate ?? null,
    }));
  } catch (err) {
    services.log.warn('could not read the venues’ job status', {
      error: err instanceof Error ? err.message : String(err),
    });
    return null;
  }
}
