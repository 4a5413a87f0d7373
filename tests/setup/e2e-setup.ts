// Browser tests run against the real app (production build) on its own embedded Postgres
// in a throwaway data dir, as a newcomer's `npm start` would.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startAppProcess } from '../support/app-process';

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'fat-e2e-'));
  const app = await startAppProcess({ DATA_DIR: dataDir, DEMO: '1' }, 120_000);
  project.provide('appUrl', app.url);
  return async () => {
    await app.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
