import { describe, expect, it } from 'vitest';
import {
  feedText,
  fundingFeedHealth,
  isJobFailing,
  type FeedClock,
  type FundingJobStatusLite,
  type VenueFeedStatus,
} from './venue-feed-health';

const NOW = Date.UTC(2025, 0, 31, 16, 10, 0);
const MIN = 60_000;
const REFRESH = MIN;
const clock: FeedClock = { nowMs: NOW, formatTime: (ms) => new Date(ms).toISOString().slice(11, 16) };

const ok = (job: string, at = NOW - 30_000): FundingJobStatusLite => ({
  job,
  lastSuccessAt: at,
  lastFailureAt: null,
  lastError: null,
  consecutiveFailures: 0,
});

function feed(jobs: FundingJobStatusLite[], lastUpdateMs: number | null = NOW - 30_000): VenueFeedStatus {
  return { venue: 'binance', jobs, lastUpdateMs };
}

describe('isJobFailing', () => {
  it('fails only when no success came after the last failure', () => {
    expect(isJobFailing(ok('snapshot_funding'))).toBe(false);
    expect(isJobFailing({ ...ok('snapshot_funding', NOW - MIN), lastFailureAt: NOW })).toBe(true);
    expect(isJobFailing({ ...ok('snapshot_funding', NOW), lastFailureAt: NOW - MIN })).toBe(false);
    expect(isJobFailing({ ...ok('snapshot_funding'), lastSuccessAt: null, lastFailureAt: NOW })).toBe(true);
  });
});

describe('fundingFeedHealth', () => {
  it('is ok while the jobs succeed and the newest rate is recent', () => {
    const h = fundingFeedHealth(feed([ok('snapshot_funding'), ok('sync_instruments')]), REFRESH, clock);
    expect(h.state).toBe('ok');
    expect(h.details).toEqual(['Rates last updated at 16:09 (30 s ago).']);
  });

  it('names a failing snapshot job, its error, since when and how old the rates are', () => {
    const failing: FundingJobStatusLite = {
      job: 'snapshot_funding',
      lastSuccessAt: NOW - 8 * MIN,
      lastFailureAt: NOW - MIN,
      lastError: 'HTTP 500 Internal Server Error',
      consecutiveFailures: 7,
    };
    const h = fundingFeedHealth(feed([ok('sync_instruments'), failing], NOW - 8 * MIN), REFRESH, clock);
    expect(h.state).toBe('failing');
    expect(h.title).toBe('Funding updates failing');
    expect(h.details).toEqual([
      'Funding snapshots failing: HTTP 500 Internal Server Error (7 failed attempts in a row, latest at 16:09 (1 min ago); failing since the last success at 16:02 (8 min ago)).',
      'Rates last updated at 16:02 (8 min ago).',
    ]);
    expect(feedText(h)).toMatch(/^Funding updates failing\. Funding snapshots failing: HTTP 500/);
  });

  it('puts the snapshot job first and titles other jobs by name', () => {
    const fail = (job: string): FundingJobStatusLite => ({
      job,
      lastSuccessAt: null,
      lastFailureAt: NOW - MIN,
      lastError: `${job} broke`,
      consecutiveFailures: 1,
    });
    const one = fundingFeedHealth(feed([fail('backfill_funding_history')]), REFRESH, clock);
    expect(one.title).toBe('History backfill failing');
    expect(one.details[0]).toContain('1 failed attempt in a row');
    expect(one.details[0]).toContain('no success recorded yet');
    const two = fundingFeedHealth(feed([fail('backfill_funding_history'), fail('sync_instruments')]), REFRESH, clock);
    expect(two.title).toBe('Funding jobs failing');
    expect(two.details[0]).toMatch(/^Instrument list sync failing: sync_instruments broke/);
    const all = fundingFeedHealth(feed([fail('backfill_funding_history'), fail('snapshot_funding')]), REFRESH, clock);
    expect(all.title).toBe('Funding updates failing');
    expect(all.details[0]).toMatch(/^Funding snapshots failing/);
  });

  it('is stale once the newest rate is older than a missed refresh, without any failure', () => {
    const h = fundingFeedHealth(feed([ok('snapshot_funding', NOW - 4 * MIN)], NOW - 4 * MIN), REFRESH, clock);
    expect(h.state).toBe('stale');
    expect(h.title).toBe('No funding update for 4 min');
    expect(h.details[0]).toBe('Expected every 1 min; last update at 16:06 (4 min ago).');
    // Just inside the limit (two refreshes and a grace) it is still current.
    expect(fundingFeedHealth(feed([ok('snapshot_funding')], NOW - 2 * MIN), REFRESH, clock).state).toBe('ok');
  });

  it('does not judge age without a current time, and words times in UTC without a clock format', () => {
    const old = feed([ok('snapshot_funding', NOW - 60 * MIN)], NOW - 60 * MIN);
    const h = fundingFeedHealth(old, REFRESH, { nowMs: null, formatTime: null });
    expect(h.state).toBe('ok');
    expect(h.details).toEqual(['Rates last updated at 2025-01-31 15:10:00 UTC.']);
    // With a time but no clock format (a badge's reason): relative only.
    expect(fundingFeedHealth(old, REFRESH, { nowMs: NOW, formatTime: null }).details[0]).toBe(
      'Expected every 1 min; last update 1 h ago.',
    );
  });

  it('is empty before the first rate, saying whether the snapshot job has run', () => {
    expect(fundingFeedHealth(feed([], null), REFRESH, clock)).toEqual({
      state: 'empty',
      title: 'No funding data yet',
      details: ['Waiting for the first funding snapshot (every 1 min).'],
    });
    expect(fundingFeedHealth(feed([ok('snapshot_funding')], null), REFRESH, clock).details[0]).toBe(
      'Funding snapshots ran but stored no rate for this venue.',
    );
  });
});
