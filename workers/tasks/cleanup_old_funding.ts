// Cron task: keep funding history within the retention window (FUNDING_RETENTION_DAYS).
import type { Task } from 'graphile-worker';
import { z } from 'zod';
import { deleteFundingOlderThan, retentionCutoff } from '~/.server/funding/retention';
import type { WorkerDeps } from '../deps';

// Old jobs may still be queued with another shape: check the payload at run time.
const payloadSchema = z
  .object({ retentionDays: z.number().int().min(1).optional() })
  .passthrough()
  .nullish();

export function cleanupOldFunding(deps: WorkerDeps): Task {
  return async (payload) => {
    const parsed = payloadSchema.safeParse(payload);
    if (!parsed.success) throw new Error(`cleanup_old_funding: bad payload: ${parsed.error.message}`);
    const days = parsed.data?.retentionDays ?? deps.config.fundingRetentionDays;
    const cutoff = retentionCutoff(deps.now?.() ?? new Date(), days);
    const deleted = await deleteFundingOlderThan(deps.db, cutoff);
    deps.log.info('cleanup_old_funding: done', { deleted, cutoff: cutoff.toISOString(), retentionDays: days });
  };
}
