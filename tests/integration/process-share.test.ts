// App processes sharing a database split each venue budget: they count one another by their
// sessions' application_name in pg_stat_activity. Real Postgres sessions, on a database of this
// test's own (the shared test database has other files' app processes on it).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '~/.server/db/client';
import { appConnectionName, countAppProcesses, startProcessShare } from '~/.server/funding/process-share';
import { VenueLimiters } from '~/.server/funding/rate-limiter';
import { createLogger } from '~/.server/logger';
import { testDatabase, testDatabaseUrl } from './helpers';

describe('venue budgets split between app processes', () => {
  const admin = testDatabase();
  const name = `share_${randomUUID().replaceAll('-', '')}`;
  let url = '';
  const opened: Database[] = [];
  const open = async (applicationName?: string) => {
    const d = createDatabase(url, { max: 2, applicationName });
    await d.sql`select 1`;
    opened.push(d);
    return d;
  };

  beforeAll(async () => {
    await admin.sql.unsafe(`create database ${name}`);
    const u = new URL(testDatabaseUrl());
    u.pathname = `/${name}`;
    url = u.toString();
  });
  afterAll(async () => {
    await Promise.all(opened.map((d) => d.close()));
    await admin.sql.unsafe(`drop database if exists ${name} with (force)`);
    await admin.close();
  });

  it('counts the app processes with a session open, and stops counting one that closed', async () => {
    const a = await open(appConnectionName());
    expect(await countAppProcesses(a.sql)).toBe(1);
    const b = await open(appConnectionName());
    // A pool without the app's name (a script, a test) is not an app process.
    await open();
    await expect.poll(() => countAppProcesses(a.sql)).toBe(2);
    await b.close();
    await expect.poll(() => countAppProcesses(a.sql), { timeout: 10_000 }).toBe(1);
  });

  it("gives this process its part of every venue's budget", async () => {
    const mine = await open(appConnectionName());
    await open(appConnectionName());
    await open(appConnectionName());
    const limiters = new VenueLimiters({ bybit: { perSecond: 12, burst: 6 } });
    const share = startProcessShare({
      sql: mine.sql,
      limiters,
      log: createLogger({ level: 'error' }),
      intervalMs: 100,
    });
    try {
      // Three from this test plus whatever is still open from the first one.
      await expect.poll(() => limiters.processes).toBe(await countAppProcesses(mine.sql));
      expect(limiters.processes).toBeGreaterThanOrEqual(3);
      expect(limiters.bucket('bybit').perSecond).toBeCloseTo(12 / limiters.processes);
    } finally {
      share.stop();
    }
  });
});
