// One throwaway embedded Postgres for the whole integration run, migrated once.
// Tests get its URL through `inject('databaseUrl')`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createDatabase, migrateDatabase } from '~/.server/db/client';
import { startEmbeddedPostgres } from '~/.server/db/embedded-postgres';
import { createLogger } from '~/.server/logger';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const root = await mkdtemp(path.join(tmpdir(), 'fat-it-'));
  const log = createLogger({ level: 'warn' });
  const pg = await startEmbeddedPostgres({ dir: path.join(root, 'pg'), log, ephemeral: true });
  const database = createDatabase(pg.url, { max: 2 });
  await migrateDatabase(database);
  await database.close();
  project.provide('databaseUrl', pg.url);
  return async () => {
    await pg.stop();
    await rm(root, { recursive: true, force: true });
  };
}
