// Task: market cap, 24 h volume and logo per asset from CoinGecko (every few hours and at start).
// Its health goes to job_status under the source 'coingecko', like the venues' jobs.
import type { Task } from 'graphile-worker';
import { syncAssetMetadata } from '~/.server/coingecko/metadata-sync';
import { describeError, METADATA_SOURCE, recordJobFailure, recordJobSuccess } from '~/.server/funding/job-status';
import type { WorkerDeps } from '../deps';
import { parseVenuePayload } from '../venue-jobs';

export function syncAssetMetadataTask(deps: WorkerDeps): Task {
  return async (payload) => {
    parseVenuePayload('sync_asset_metadata', payload);
    const funding = deps.funding;
    if (!funding) throw new Error('sync_asset_metadata: the worker was started without the funding service');
    const now = deps.now ?? (() => new Date());
    try {
      await syncAssetMetadata({
        db: deps.db,
        log: deps.log,
        limiters: funding.limiters,
        store: funding.store,
        coingeckoUrl: funding.coingeckoUrl,
        now,
      });
    } catch (err) {
      await recordJobFailure(deps.db, METADATA_SOURCE, 'sync_asset_metadata', now(), err).catch((e: unknown) =>
        deps.log.warn('could not record a job failure', { source: METADATA_SOURCE, error: String(e) }),
      );
      deps.log.warn('sync_asset_metadata failed; asset metadata keeps its last values', { error: describeError(err) });
      throw err;
    }
    await recordJobSuccess(deps.db, METADATA_SOURCE, 'sync_asset_metadata', now());
  };
}
