// The opportunities page's data: the same ranked pairs GET /api/best-opportunities/ answers
// (queries.rankedPairs → pairBook → pairJson), with a page number clamped into range.
import type { AppLoadContext } from '@remix-run/node';
import { pageOr400 } from '~/.server/funding/api-params';
import { pairJson } from '~/.server/funding/opportunities';
import { pairBook, rankedPairs } from '~/.server/funding/queries';
import { LOAD_WAIT_MS, newestSnapshotMs, SNAPSHOT_REFRESH_MS } from '~/components/funding-table/page-data.server';
import { clampPage } from '~/components/funding-table/table-params';
import { venueFeeds } from '~/components/funding-table/venue-feeds.server';
import type { VenueFeedStatus } from '~/lib/venue-feed-health';
import { parseBestFilters, type BestFilters } from './best-params';
import type { Opportunity, OpportunityPage } from './opportunity-types';

export interface OpportunitiesData {
  filters: BestFilters;
  loaded: boolean;
  page: OpportunityPage;
  lastUpdateMs: number | null;
  refreshMs: number;
  /** Each venue's funding jobs and newest rate, to mark legs on a failing venue; null when unreadable. */
  venueFeeds: VenueFeedStatus[] | null;
}

export async function loadOpportunities(request: Request, context: AppLoadContext): Promise<OpportunitiesData> {
  const filters = parseBestFilters(new URL(request.url).searchParams);
  const { store } = context.services.funding;
  const loaded = await store.whenLoaded(LOAD_WAIT_MS);
  const feeds = await venueFeeds(context);
  const now = Date.now();
  const pairs = rankedPairs(
    store,
    {
      period: filters.period,
      venues: filters.venues.length ? new Set(filters.venues) : null,
      horizonDays: filters.horizonDays,
      minSpreadAprPct: filters.minSpreadPct,
      q: filters.q,
    },
    now,
  );
  const pageNo = clampPage(filters.page, pairs.length, filters.pageSize);
  const page = pageOr400(pairs, pageNo, filters.pageSize);
  const streamer = context.services.market?.streamer ?? null;
  const results: Opportunity[] = page.results.map((p) => {
    const { asset_info, ...json } = pairJson(p, pairBook(streamer, p, filters.notionalUsd));
    return { ...json, name: asset_info.name, image: asset_info.image };
  });
  return {
    filters: { ...filters, page: pageNo },
    loaded,
    page: { ...page, results },
    lastUpdateMs: newestSnapshotMs(store.view()),
    refreshMs: SNAPSHOT_REFRESH_MS,
    venueFeeds: feeds,
  };
}
