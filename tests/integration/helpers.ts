import { inject } from 'vitest';
import { createDatabase, type Database } from '~/.server/db/client';

export function testDatabaseUrl(): string {
  return inject('databaseUrl');
}

/** A small pool on the run's shared test database. */
export function testDatabase(): Database {
  return createDatabase(testDatabaseUrl(), { max: 3 });
}

/** Empty the given tables (and what references them) between tests. */
export async function truncate(database: Database, tables: string[]): Promise<void> {
  await database.sql.unsafe(`truncate ${tables.map((t) => `"${t}"`).join(', ')} restart identity cascade`);
}
