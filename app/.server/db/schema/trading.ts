// Two-legged positions and the audit trail of every order sent for them.
import { index, integer, jsonb, numeric, pgEnum, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { instruments, venues } from './market';
import { users } from './users';

export const positionStatus = pgEnum('position_status', ['PENDING', 'ACTIVE', 'CLOSING', 'CLOSED', 'FAILED']);
export const positionMode = pgEnum('position_mode', ['paper', 'live']);
export const orderSide = pgEnum('order_side', ['buy', 'sell']);
export const orderPurpose = pgEnum('order_purpose', ['open', 'close']);
export const orderStatus = pgEnum('order_status', ['pending', 'sent', 'filled', 'partially_filled', 'rejected', 'failed', 'cancelled']);

export const positions = pgTable(
  'positions',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    mode: positionMode('mode').notNull().default('paper'),
    status: positionStatus('status').notNull().default('PENDING'),
    /** Size in base-asset units, the same on both legs. */
    amount: numeric('amount').notNull(),
    longInstrumentId: integer('long_instrument_id')
      .notNull()
      .references(() => instruments.id),
    shortInstrumentId: integer('short_instrument_id')
      .notNull()
      .references(() => instruments.id),
    longEntryTarget: numeric('long_entry_target'),
    longExitTarget: numeric('long_exit_target'),
    shortEntryTarget: numeric('short_entry_target'),
    shortExitTarget: numeric('short_exit_target'),
    longEntryPrice: numeric('long_entry_price'),
    shortEntryPrice: numeric('short_entry_price'),
    longExitPrice: numeric('long_exit_price'),
    shortExitPrice: numeric('short_exit_price'),
    fundingEarned: numeric('funding_earned').notNull().default('0'),
    feesPaid: numeric('fees_paid').notNull().default('0'),
    errorMessage: text('error_message'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [index('positions_user_idx').on(t.userId, t.createdAt)],
);

export const orders = pgTable(
  'orders',
  {
    id: serial('id').primaryKey(),
    positionId: integer('position_id').references(() => positions.id, { onDelete: 'set null' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    venueId: text('venue_id')
      .notNull()
      .references(() => venues.id),
    instrumentId: integer('instrument_id')
      .notNull()
      .references(() => instruments.id),
    side: orderSide('side').notNull(),
    purpose: orderPurpose('purpose').notNull(),
    quantity: numeric('quantity').notNull(),
    price: numeric('price'),
    filledQuantity: numeric('filled_quantity').notNull().default('0'),
    averagePrice: numeric('average_price'),
    fee: numeric('fee'),
    status: orderStatus('status').notNull().default('pending'),
    clientOrderId: text('client_order_id').notNull(),
    venueOrderId: text('venue_order_id'),
    /** What was sent and what came back, with any credentials stripped before storing. */
    request: jsonb('request'),
    response: jsonb('response'),
    errorMessage: text('error_message'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('orders_position_idx').on(t.positionId), index('orders_user_idx').on(t.userId, t.createdAt)],
);
