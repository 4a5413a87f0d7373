// Task: market cap, 24 h volume and logo per asset from CoinGecko (every few hours and at start).
import type { Task } from 'graphile-worker';
import { syncAssetMetadata } from '~/.server/coingecko/metadata-sync';
import { describeError } from '~/.server/funding/job-status';
import type { WorkerDeps } from '../deps';
import { parseVenuePayload } from '../venue-jobs';

export function syncAssetMetadataTask(deps: WorkerDeps): Task {
  return async (payload) => {
    parseVenuePayload('sync_asset_metadata', payload);
    const funding = deps.funding;
    if (!funding) throw new Error('sync_asset_metadata: the worker was started without the funding service');
    const now = deps.now ?? (() => new Date());
    const health = funding.metadata;
    try {
      await syncAssetMetadata({
        db: deps.db,
        log: deps.log,
        limiters: funding.limiters,
        store: funding.store,
        coingeckoUrl: funding.coingeckoUrl,
        now,
      });
      health.lastSuccessAt = now();
      health.consecutiveFailures = 0;
    } catch (err) {
      health.lastFailureAt = now();
      health.lastError = describeError(err);
      health.consecutiveFailures++;
      deps.log.warn('sync_asset_metadata failed; asset metadata keeps its last values', { error: health.lastError });
      throw err;
    }
  };
}
