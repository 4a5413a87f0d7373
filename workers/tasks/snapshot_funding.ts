// Task: current funding of every perpetual of a venue (every minute). Without a venue it fans out.
import type { Task } from 'graphile-worker';
import { snapshotVenue } from '~/.server/funding/ingest';
import { lastSuccessAt } from '~/.server/funding/job-status';
import type { WorkerDeps } from '../deps';
import { fanOut, ingestContext, jobSpec, parseVenuePayload, runForVenue, venuesOf } from '../venue-jobs';

/** A symbol in the funding list that we do not know yet triggers an instrument sync, at most this often. */
const RESYNC_UNKNOWN_AFTER_MS = 10 * 60_000;

export function snapshotFunding(deps: WorkerDeps): Task {
  return async (payload, helpers) => {
    const { venue } = parseVenuePayload('snapshot_funding', payload);
    if (!venue) return fanOut(helpers.addJob, 'snapshot_funding', venuesOf(deps));
    const ctx = ingestContext(deps);
    const result = await runForVenue(deps, venue, 'snapshot_funding', () => snapshotVenue(ctx, venue));
    if (result.unknown.length > 0) {
      const last = await lastSuccessAt(deps.db, venue, 'sync_instruments');
      if (!last || ctx.now().getTime() - last.getTime() > RESYNC_UNKNOWN_AFTER_MS) {
        await helpers.addJob('sync_instruments', { venue }, jobSpec('sync_instruments', venue));
      }
    }
  };
}
