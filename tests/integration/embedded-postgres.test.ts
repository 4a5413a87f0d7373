import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase } from '~/.server/db/client';
import { startEmbeddedPostgres } from '~/.server/db/embedded-postgres';
import { createLogger } from '~/.server/logger';

const log = createLogger({ level: 'error' });

describe('embedded Postgres', () => {
  let root = '';
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('keeps data across a stop and a start on a new port, with the password file private', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'fat-pg-'));
    const dir = path.join(root, 'data', 'postgres');

    const first = await startEmbeddedPostgres({ dir, log });
    const db1 = createDatabase(first.url, { max: 1 });
    await db1.sql`create table kept (v text)`;
    await db1.sql`insert into kept values ('still here')`;
    await db1.close();
    await first.stop();

    const second = await startEmbeddedPostgres({ dir, log });
    try {
      const db2 = createDatabase(second.url, { max: 1 });
      const rows = await db2.sql`select v from kept`;
      expect(rows.map((r) => r.v)).toEqual(['still here']);
      await db2.close();
    } finally {
      await second.stop();
    }
    const pw = await stat(path.join(root, 'data', 'postgres.password'));
    expect(pw.mode & 0o077).toBe(0);
  });
});
