// Current funding per instrument and the bookkeeping of the ingestion jobs.
import { integer, numeric, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { instruments } from './market';

/** Latest snapshot per instrument (upserted every minute by snapshot_funding). */
export const fundingSnapshots = pgTable('funding_snapshots', {
  instrumentId: integer('instrument_id')
    .primaryKey()
    .references(() => instruments.id, { onDelete: 'cascade' }),
  /** Current/predicted rate per the instrument's own interval. */
  rate: numeric('rate').notNull(),
  /** The venue's prediction for the settlement after the coming one; null where it gives none. */
  predictedRate: numeric('predicted_rate'),
  intervalHours: numeric('interval_hours').notNull(),
  nextFundingTime: timestamp('next_funding_time', { withTimezone: true }),
  markPrice: numeric('mark_price'),
  indexPrice: numeric('index_price'),
  volume24hQuote: numeric('volume_24h_quote'),
  openInterestQuote: numeric('open_interest_quote'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** How far back each instrument's settled history reaches; makes backfills resumable and visible. */
export const backfillProgress = pgTable('backfill_progress', {
  instrumentId: integer('instrument_id')
    .primaryKey()
    .references(() => instruments.id, { onDelete: 'cascade' }),
  /** Oldest and newest settlement stored. */
  oldestTime: timestamp('oldest_time', { withTimezone: true }),
  newestTime: timestamp('newest_time', { withTimezone: true }),
  /** Where the initial backfill aims to reach. */
  targetFrom: timestamp('target_from', { withTimezone: true }).notNull(),
  rowsStored: integer('rows_stored').notNull().default(0),
  /** pending, running, done, failed */
  status: text('status').notNull().default('pending'),
  lastError: text('last_error'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Per job and source (a venue id, or 'coingecko' for the asset metadata): last success and failure,
 * so one failing source is visible to every process, never silent.
 */
export const jobStatus = pgTable(
  'job_status',
  {
    source: text('source').notNull(),
    job: text('job').notNull(),
    lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true }),
    lastError: text('last_error'),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  },
  (t) => [primaryKey({ name: 'job_status_pk', columns: [t.source, t.job] })],
);
