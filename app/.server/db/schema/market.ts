// Reference data and funding history: venues, assets, instruments, settled funding rates.

import {
  boolean,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

export const venues = pgTable('venues', {
  /** Lowercase venue id: binance, bybit, kucoin, bitget, coinex, paradex, hyperliquid. */
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  enabled: boolean('enabled').notNull().default(true),
});

export const assets = pgTable(
  'assets',
  {
    id: serial('id').primaryKey(),
    /** Base asset after normalisation (BTC, PEPE), upper case. */
    symbol: text('symbol').notNull(),
    name: text('name'),
    /** CoinGecko's id for the metadata sync (e.g. bitcoin). */
    coingeckoId: text('coingecko_id'),
    imageUrl: text('image_url'),
    marketCapUsd: numeric('market_cap_usd'),
    volume24hUsd: numeric('volume_24h_usd'),
    metadataUpdatedAt: timestamp('metadata_updated_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('assets_symbol_uq').on(t.symbol)],
);

export const instruments = pgTable(
  'instruments',
  {
    id: serial('id').primaryKey(),
    venueId: text('venue_id')
      .notNull()
      .references(() => venues.id),
    /** The venue's own spelling: BTCUSDT, 1000PEPEUSDT, XBTUSDTM, BTC-USD-PERP, kPEPE. */
    symbol: text('symbol').notNull(),
    assetId: integer('asset_id')
      .notNull()
      .references(() => assets.id),
    quoteAsset: text('quote_asset').notNull(),
    /** Base units per quoted unit (1000PEPEUSDT → 1000): price per base unit = price / multiplier. */
    multiplier: numeric('multiplier').notNull().default('1'),
    /** Base units per contract where sizes are in contracts (KuCoin); 1 elsewhere. */
    contractSize: numeric('contract_size').notNull().default('1'),
    tickSize: numeric('tick_size'),
    lotSize: numeric('lot_size'),
    /** Per instrument: Binance and Bybit list 1 h, 4 h and 8 h contracts side by side. */
    fundingIntervalHours: numeric('funding_interval_hours'),
    takerFeeRate: numeric('taker_fee_rate'),
    makerFeeRate: numeric('maker_fee_rate'),
    active: boolean('active').notNull().default(true),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('instruments_venue_symbol_uq').on(t.venueId, t.symbol),
    index('instruments_asset_idx').on(t.assetId),
  ],
);

export const fundingRates = pgTable(
  'funding_rates',
  {
    instrumentId: integer('instrument_id')
      .notNull()
      .references(() => instruments.id, { onDelete: 'cascade' }),
    fundingTime: timestamp('funding_time', { withTimezone: true }).notNull(),
    /** As the venue settled it: per its own interval. */
    rate: numeric('rate').notNull(),
    intervalHours: numeric('interval_hours').notNull(),
    /** Extreme values are kept and flagged, never dropped (the original dropped |APR| > 2000 %). */
    isOutlier: boolean('is_outlier').notNull().default(false),
  },
  (t) => [
    primaryKey({ name: 'funding_rates_pk', columns: [t.instrumentId, t.fundingTime] }),
    // Retention cleanup and period averages scan by time.
    index('funding_rates_time_idx').on(t.fundingTime),
  ],
);

