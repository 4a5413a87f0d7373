// One postgres.js pool and its drizzle wrapper, created once by server.ts (or a test).
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import path from 'node:path';
import postgres from 'postgres';
import { VENUES, VENUE_NAMES } from '~/lib/venues';
import * as schema from './schema';

export type Db = PostgresJsDatabase<typeof schema>;
export type Sql = postgres.Sql;

export interface Database {
  db: Db;
  sql: Sql;
  close(): Promise<void>;
}

/** Host and port of a connection URL without its credentials, for error messages. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

export function createDatabase(url: string, opts: { max?: number; applicationName?: string } = {}): Database {
  const sql = postgres(url, {
    max: opts.max ?? 10,
    // Names this process's sessions in pg_stat_activity (how app processes count one another).
    ...(opts.applicationName ? { connection: { application_name: opts.applicationName } } : {}),
    connect_timeout: 10,
    idle_timeout: 60,
    onnotice: () => {},
    // numeric stays a string: money and rates are converted deliberately (STYLE.md §6).
  });
  return {
    db: drizzle(sql, { schema }),
    sql,
    close: () => sql.end({ timeout: 5 }),
  };
}

/** Fail fast with a one-line reason when the database cannot be reached. */
export async function checkConnection(database: Database, url: string): Promise<void> {
  try {
    await database.sql`select 1`;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`cannot connect to the database at ${describeDatabaseUrl(url)}: ${reason}`);
  }
}

export const MIGRATIONS_DIR = path.resolve(process.cwd(), 'drizzle');

/** Apply drizzle-kit's SQL migrations, then the reference rows every install needs. */
export async function migrateDatabase(database: Database): Promise<void> {
  // Several app processes may start together: one migrates while the others wait on the lock.
  const conn = await database.sql.reserve();
  try {
    await conn`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    // The lock lives on the reserved session; the migration itself runs on the pool.
    await migrate(database.db, { migrationsFolder: MIGRATIONS_DIR });
    await database.db
      .insert(schema.venues)
      .values(VENUES.map((id) => ({ id, name: VENUE_NAMES[id] })))
      .onConflictDoNothing();
  } finally {
    await conn`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.catch(() => {});
    conn.release();
  }
}

const MIGRATION_LOCK_KEY = 7_201_042_001;
