// Accounts and what belongs to them: users, favorites, exchange credentials, venue API agents.
import { sql } from 'drizzle-orm';
import { boolean, integer, pgTable, serial, text, timestamp, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import { assets, venues } from './market';

export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    username: text('username').notNull(),
    email: text('email').notNull(),
    /** argon2id hash; the password itself is never stored. */
    passwordHash: text('password_hash').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Unique case-insensitively, as the original's clients expect.
    uniqueIndex('users_username_lower_uq').on(sql`lower(${t.username})`),
    uniqueIndex('users_email_lower_uq').on(sql`lower(${t.email})`),
  ],
);

export const favorites = pgTable(
  'favorites',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    assetId: integer('asset_id')
      .notNull()
      .references(() => assets.id, { onDelete: 'cascade' }),
    /** Null: the asset on every venue. */
    venueId: text('venue_id').references(() => venues.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('favorites_user_asset_venue_uq').on(t.userId, t.assetId, t.venueId).nullsNotDistinct()],
);

/** Exchange API keys; every secret column holds AES-GCM ciphertext, never plaintext. */
export const exchangeCredentials = pgTable(
  'exchange_credentials',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    venueId: text('venue_id')
      .notNull()
      .references(() => venues.id),
    apiKeyEnc: text('api_key_enc').notNull(),
    apiSecretEnc: text('api_secret_enc').notNull(),
    passphraseEnc: text('passphrase_enc'),
    privateKeyEnc: text('private_key_enc'),
    /** Last four characters of the API key, for the masked display. */
    keyLast4: text('key_last4').notNull(),
    isValid: boolean('is_valid').notNull().default(false),
    errorMessage: text('error_message'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('exchange_credentials_user_venue_uq').on(t.userId, t.venueId)],
);

/** Hyperliquid API agent: a key the user's master account approves to trade on its behalf. */
export const hlAgents = pgTable(
  'hl_agents',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    agentAddress: text('agent_address').notNull(),
    agentPrivateKeyEnc: text('agent_private_key_enc').notNull(),
    masterAddress: text('master_address'),
    agentName: text('agent_name'),
    isApproved: boolean('is_approved').notNull().default(false),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('hl_agents_user_uq').on(t.userId)],
);

/** Paradex subkey: a Stark key registered to the user's Paradex account. */
export const paradexAgents = pgTable(
  'paradex_agents',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accountAddress: text('account_address'),
    starkPublicKey: text('stark_public_key').notNull(),
    starkPrivateKeyEnc: text('stark_private_key_enc').notNull(),
    isApproved: boolean('is_approved').notNull().default(false),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('paradex_agents_user_uq').on(t.userId)],
);
