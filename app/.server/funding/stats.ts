// /api/stats: the original's totals plus the health of the pipeline per venue (REST jobs from
// job_status, book streams from the streamer, backfill progress) and of the CoinGecko metadata job.
import type { Db } from '~/.server/db/client';
import type { VenueStatus } from '~/.server/market/streamer';
import { isJobFailing } from '~/lib/venue-feed-health';
import { VENUES, VENUE_NAMES, type VenueId } from '~/lib/venues';
import { backfillSummary, type BackfillSummary } from './backfill-queries';
import { loadJobStatuses, METADATA_SOURCE, type JobStatusRow } from './job-status';
import type { FundingView } from './state';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** Ok unless it failed since its last success: the rule the pages' venue markers use too. */
function jobOk(j: JobStatusRow): boolean {
  return !isJobFailing({
    lastSuccessAt: j.lastSuccessAt?.getTime() ?? null,
    lastFailureAt: j.lastFailureAt?.getTime() ?? null,
  });
}

function jobJson(j: JobStatusRow) {
  return {
    ok: jobOk(j),
    last_success_at: iso(j.lastSuccessAt),
    last_failure_at: iso(j.lastFailureAt),
    last_error: j.lastError,
    consecutive_failures: j.consecutiveFailures,
  };
}

function backfillJson(s: BackfillSummary | undefined) {
  return {
    instruments: s?.instruments ?? 0,
    done: s?.done ?? 0,
    pending: (s?.pending ?? 0) + (s?.running ?? 0),
    running: s?.running ?? 0,
    failed: s?.failed ?? 0,
    rows: s?.rowsStored ?? 0,
    oldest_time: iso(s?.oldestTime),
    newest_time: iso(s?.newestTime),
  };
}

function streamJson(s: VenueStatus | undefined) {
  if (!s) return null;
  return {
    state: s.state,
    connections: s.connections,
    books: s.symbols,
    resyncs: s.resyncs.total,
    resyncs_by_reason: s.resyncs.byReason,
    messages_per_sec: s.messagesPerSec,
    parse_errors: s.parseErrors,
    last_message_age_ms: s.lastMessageAgeMs,
    last_error: s.lastError
      ? { kind: s.lastError.kind, message: s.lastError.message, at: new Date(s.lastError.at).toISOString() }
      : null,
  };
}

export interface VenueTotals {
  instruments: number;
  withSnapshot: number;
  /** Newest snapshot of the venue (ms), null without one. */
  lastUpdate: number | null;
}

/** Counts from the store alone (no I/O): per venue, assets with a current rate, newest snapshot. */
export function fundingTotals(view: FundingView): {
  perVenue: Map<VenueId, VenueTotals>;
  coins: number;
  /** Venues with at least one current rate. */
  exchanges: number;
  lastUpdate: number | null;
  instruments: number;
} {
  const perVenue = new Map<VenueId, VenueTotals>();
  const coins = new Set<number>();
  let lastUpdate: number | null = null;
  let instruments = 0;
  for (const list of view.byAsset.values()) {
    for (const inst of list) {
      instruments++;
      let v = perVenue.get(inst.venue);
      if (!v) perVenue.set(inst.venue, (v = { instruments: 0, withSnapshot: 0, lastUpdate: null }));
      v.instruments++;
      if (!inst.snapshot) continue;
      v.withSnapshot++;
      coins.add(inst.assetId);
      v.lastUpdate = Math.max(v.lastUpdate ?? 0, inst.snapshot.updatedAt);
      lastUpdate = Math.max(lastUpdate ?? 0, inst.snapshot.updatedAt);
    }
  }
  const exchanges = [...perVenue.values()].filter((v) => v.withSnapshot > 0).length;
  return { perVenue, coins: coins.size, exchanges, lastUpdate, instruments };
}

export async function fundingStats(
  db: Db,
  view: FundingView,
  extra: {
    streams: VenueStatus[];
    storeLoadedAt: number | null;
    venues: readonly VenueId[];
  },
) {
  const [jobs, backfill] = await Promise.all([loadJobStatuses(db), backfillSummary(db)]);
  const { perVenue, coins, exchanges, lastUpdate, instruments } = fundingTotals(view);
  const streams = new Map(extra.streams.map((s) => [s.venue, s]));
  const venues = VENUES.filter((v) => extra.venues.includes(v) || perVenue.has(v)).map((venue) => {
    const v = perVenue.get(venue);
    const venueJobs = jobs.filter((j) => j.source === venue);
    const jobMap = Object.fromEntries(venueJobs.map((j) => [j.job, jobJson(j)]));
    const failing = venueJobs.filter((j) => !jobJson(j).ok);
    return {
      exchange: venue,
      name: VENUE_NAMES[venue],
      instruments: v?.instruments ?? 0,
      instruments_with_funding: v?.withSnapshot ?? 0,
      last_update: v?.lastUpdate ? new Date(v.lastUpdate).toISOString() : null,
      rest: {
        ok: failing.length === 0 && venueJobs.length > 0,
        status: venueJobs.length === 0 ? 'unknown' : failing.length === 0 ? 'ok' : 'failing',
        last_error: failing[0]?.lastError ?? null,
        jobs: jobMap,
      },
      stream: streamJson(streams.get(venue)),
      backfill: backfillJson(backfill.byVenue.get(venue)),
    };
  });
  const metadata = jobs.find((j) => j.source === METADATA_SOURCE && j.job === 'sync_asset_metadata');
  return {
    total_coins: coins,
    total_exchanges: exchanges,
    last_update: lastUpdate ? new Date(lastUpdate).toISOString() : null,
    instruments,
    venues,
    backfill: backfillJson(backfill.total),
    metadata: {
      source: METADATA_SOURCE,
      // Not run yet counts as ok, as before: nothing has failed.
      ok: metadata ? jobOk(metadata) : true,
      last_success_at: iso(metadata?.lastSuccessAt),
      last_failure_at: iso(metadata?.lastFailureAt),
      last_error: metadata?.lastError ?? null,
      consecutive_failures: metadata?.consecutiveFailures ?? 0,
      assets_with_metadata: [...view.assets.values()].filter((a) => a.marketCapUsd !== null && view.byAsset.has(a.id))
        .length,
    },
    store: { loaded_at: extra.storeLoadedAt ? new Date(extra.storeLoadedAt).toISOString() : null },
  };
}
