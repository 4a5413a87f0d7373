CREATE TYPE "public"."order_purpose" AS ENUM('open', 'close');--> statement-breakpoint
CREATE TYPE "public"."order_side" AS ENUM('buy', 'sell');--> statement-breakpoint
CREATE TYPE "public"."order_status" AS ENUM('pending', 'sent', 'filled', 'partially_filled', 'rejected', 'failed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."position_mode" AS ENUM('paper', 'live');--> statement-breakpoint
CREATE TYPE "public"."position_status" AS ENUM('PENDING', 'ACTIVE', 'CLOSING', 'CLOSED', 'FAILED');--> statement-breakpoint
CREATE TABLE "assets" (
	"id" serial PRIMARY KEY NOT NULL,
	"symbol" text NOT NULL,
	"name" text,
	"image_url" text,
	"market_cap_usd" numeric,
	"volume_24h_usd" numeric,
	"metadata_updated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funding_rates" (
	"instrument_id" integer NOT NULL,
	"funding_time" timestamp with time zone NOT NULL,
	"rate" numeric NOT NULL,
	"interval_hours" numeric NOT NULL,
	"is_outlier" boolean DEFAULT false NOT NULL,
	CONSTRAINT "funding_rates_pk" PRIMARY KEY("instrument_id","funding_time")
);
--> statement-breakpoint
CREATE TABLE "instruments" (
	"id" serial PRIMARY KEY NOT NULL,
	"venue_id" text NOT NULL,
	"symbol" text NOT NULL,
	"asset_id" integer NOT NULL,
	"quote_asset" text NOT NULL,
	"multiplier" numeric DEFAULT '1' NOT NULL,
	"contract_size" numeric DEFAULT '1' NOT NULL,
	"tick_size" numeric,
	"lot_size" numeric,
	"funding_interval_hours" numeric,
	"taker_fee_rate" numeric,
	"maker_fee_rate" numeric,
	"active" boolean DEFAULT true NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "venues" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_credentials" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"venue_id" text NOT NULL,
	"api_key_enc" text NOT NULL,
	"api_secret_enc" text NOT NULL,
	"passphrase_enc" text,
	"private_key_enc" text,
	"key_last4" text NOT NULL,
	"is_valid" boolean DEFAULT false NOT NULL,
	"error_message" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exchange_credentials_user_venue_uq" UNIQUE("user_id","venue_id")
);
--> statement-breakpoint
CREATE TABLE "favorites" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"asset_id" integer NOT NULL,
	"venue_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "favorites_user_asset_venue_uq" UNIQUE NULLS NOT DISTINCT("user_id","asset_id","venue_id")
);
--> statement-breakpoint
CREATE TABLE "hl_agents" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"agent_address" text NOT NULL,
	"agent_private_key_enc" text NOT NULL,
	"master_address" text,
	"agent_name" text,
	"is_approved" boolean DEFAULT false NOT NULL,
	"approved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hl_agents_user_uq" UNIQUE("user_id")
);
--> statement-breakpoint
CREATE TABLE "paradex_agents" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"account_address" text,
	"stark_public_key" text NOT NULL,
	"stark_private_key_enc" text NOT NULL,
	"is_approved" boolean DEFAULT false NOT NULL,
	"approved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "paradex_agents_user_uq" UNIQUE("user_id")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" serial PRIMARY KEY NOT NULL,
	"position_id" integer,
	"user_id" integer NOT NULL,
	"venue_id" text NOT NULL,
	"instrument_id" integer NOT NULL,
	"side" "order_side" NOT NULL,
	"purpose" "order_purpose" NOT NULL,
	"quantity" numeric NOT NULL,
	"price" numeric,
	"filled_quantity" numeric DEFAULT '0' NOT NULL,
	"average_price" numeric,
	"fee" numeric,
	"status" "order_status" DEFAULT 'pending' NOT NULL,
	"client_order_id" text NOT NULL,
	"venue_order_id" text,
	"request" jsonb,
	"response" jsonb,
	"error_message" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "positions" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"mode" "position_mode" DEFAULT 'paper' NOT NULL,
	"status" "position_status" DEFAULT 'PENDING' NOT NULL,
	"amount" numeric NOT NULL,
	"long_instrument_id" integer NOT NULL,
	"short_instrument_id" integer NOT NULL,
	"long_entry_target" numeric,
	"long_exit_target" numeric,
	"short_entry_target" numeric,
	"short_exit_target" numeric,
	"long_entry_price" numeric,
	"short_entry_price" numeric,
	"long_exit_price" numeric,
	"short_exit_price" numeric,
	"funding_earned" numeric DEFAULT '0' NOT NULL,
	"fees_paid" numeric DEFAULT '0' NOT NULL,
	"error_message" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "funding_rates" ADD CONSTRAINT "funding_rates_instrument_id_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "public"."instruments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instruments" ADD CONSTRAINT "instruments_venue_id_venues_id_fk" FOREIGN KEY ("venue_id") REFERENCES "public"."venues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instruments" ADD CONSTRAINT "instruments_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_credentials" ADD CONSTRAINT "exchange_credentials_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_credentials" ADD CONSTRAINT "exchange_credentials_venue_id_venues_id_fk" FOREIGN KEY ("venue_id") REFERENCES "public"."venues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "favorites" ADD CONSTRAINT "favorites_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "favorites" ADD CONSTRAINT "favorites_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "favorites" ADD CONSTRAINT "favorites_venue_id_venues_id_fk" FOREIGN KEY ("venue_id") REFERENCES "public"."venues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hl_agents" ADD CONSTRAINT "hl_agents_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paradex_agents" ADD CONSTRAINT "paradex_agents_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_position_id_positions_id_fk" FOREIGN KEY ("position_id") REFERENCES "public"."positions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_venue_id_venues_id_fk" FOREIGN KEY ("venue_id") REFERENCES "public"."venues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_instrument_id_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "public"."instruments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "positions" ADD CONSTRAINT "positions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "positions" ADD CONSTRAINT "positions_long_instrument_id_instruments_id_fk" FOREIGN KEY ("long_instrument_id") REFERENCES "public"."instruments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "positions" ADD CONSTRAINT "positions_short_instrument_id_instruments_id_fk" FOREIGN KEY ("short_instrument_id") REFERENCES "public"."instruments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "assets_symbol_uq" ON "assets" USING btree ("symbol");--> statement-breakpoint
CREATE INDEX "funding_rates_time_idx" ON "funding_rates" USING btree ("funding_time");--> statement-breakpoint
CREATE UNIQUE INDEX "instruments_venue_symbol_uq" ON "instruments" USING btree ("venue_id","symbol");--> statement-breakpoint
CREATE INDEX "instruments_asset_idx" ON "instruments" USING btree ("asset_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_lower_uq" ON "users" USING btree (lower("username"));--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_lower_uq" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "orders_position_idx" ON "orders" USING btree ("position_id");--> statement-breakpoint
CREATE INDEX "orders_user_idx" ON "orders" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "positions_user_idx" ON "positions" USING btree ("user_id","created_at");