import { lt } from 'drizzle-orm';
import type { Db } from '~/.server/db/client';
import { fundingRates } from '~/.server/db/schema';

const DAY_MS = 86_400_000;

/** The oldest funding time kept: everything strictly older is deleted. */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

/** Delete settled funding rows older than the cutoff; returns how many went. */
export async function deleteFundingOlderThan(db: Db, cutoff: Date): Promise<number> {
  const deleted = await db
    .delete(fundingRates)
    .where(lt(fundingRates.fundingTime, cutoff))
    .returning({ id: fundingRates.instrumentId });
  return deleted.length;
}
