// Task: settled funding history of a venue's instruments (30 days on first sight, then after every
// settlement). Runs in slices of a time budget and re-queues itself, so a long first backfill
// neither hogs a worker slot nor loses its place (backfill_progress). Without a venue it fans out.
import type { Task } from 'graphile-worker';
import { backfillVenue } from '~/.server/funding/ingest';
import { recordJobFailure } from '~/.server/funding/job-status';
import type { WorkerDeps } from '../deps';
import { backfillDays, fanOut, ingestContext, jobSpec, parseVenuePayload, runForVenue, venuesOf } from '../venue-jobs';

const DEFAULT_BUDGET_MS = 20_000;
/** Instruments of one venue fetched at once; the venue's token bucket paces the requests. */
const CONCURRENCY = 2;

export function backfillFundingHistory(deps: WorkerDeps): Task {
  return async (payload, helpers) => {
    const { venue } = parseVenuePayload('backfill_funding_history', payload);
    if (!venue) return fanOut(helpers.addJob, 'backfill_funding_history', venuesOf(deps));
    const ctx = ingestContext(deps);
    const outcome = await runForVenue(deps, venue, 'backfill_funding_history', async () => {
      const o = await backfillVenue(ctx, venue, {
        budgetMs: deps.backfillBudgetMs ?? DEFAULT_BUDGET_MS,
        concurrency: CONCURRENCY,
        days: backfillDays(deps),
      });
      // Every instrument failed: the venue is down; let graphile-worker retry with backoff.
      if (o.venueDown) throw new Error(`every history request failed: ${o.errors.slice(0, 3).join('; ')}`);
      return o;
    });
    if (outcome.failed > 0) {
      // Some instruments failed while others worked: visible in stats; they retry on a later run.
      await recordJobFailure(
        deps.db,
        venue,
        'backfill_funding_history',
        ctx.now(),
        outcome.errors.slice(0, 3).join('; '),
      );
    }
    if (outcome.remaining > 0) {
      await helpers.addJob('backfill_funding_history', { venue }, jobSpec('backfill_funding_history', venue));
    }
  };
}
