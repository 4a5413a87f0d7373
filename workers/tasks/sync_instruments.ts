// Task: every perpetual of a venue (hourly and at start). Without a venue it fans out, one job per venue.
import type { Task } from 'graphile-worker';
import { syncVenueInstruments } from '~/.server/funding/ingest';
import type { WorkerDeps } from '../deps';
import { fanOut, ingestContext, jobSpec, parseVenuePayload, runForVenue, venuesOf } from '../venue-jobs';

export function syncInstruments(deps: WorkerDeps): Task {
  return async (payload, helpers) => {
    const { venue } = parseVenuePayload('sync_instruments', payload);
    if (!venue) return fanOut(helpers.addJob, 'sync_instruments', venuesOf(deps));
    const ctx = ingestContext(deps);
    const result = await runForVenue(deps, venue, 'sync_instruments', () => syncVenueInstruments(ctx, venue));
    // First sight of an instrument starts its history backfill.
    if (result.added.length > 0) {
      await helpers.addJob('backfill_funding_history', { venue }, jobSpec('backfill_funding_history', venue));
    }
  };
}
