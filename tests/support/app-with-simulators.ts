// The real app process with every venue pointed at a simulator running in the test process,
// so tests can inject faults into the venues the app talks to.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closeSimulators, simulatedVenues, startSimulators } from '~/.server/venues/sim/start-all';
import type { VenueSimulator } from '~/.server/venues/sim/server';
import type { VenueId } from '~/lib/venues';
import { startAppProcess, type AppProcess } from './app-process';

export interface AppWithSimulators {
  app: AppProcess;
  sims: Map<VenueId, VenueSimulator>;
  close(): Promise<void>;
}

export async function startAppWithSimulators(
  env: Record<string, string>,
  simOpts: { seed?: number; updateIntervalMs?: number } = { seed: 11, updateIntervalMs: 50 },
): Promise<AppWithSimulators> {
  const sims = await startSimulators(simulatedVenues(), simOpts);
  const venueEnv: Record<string, string> = {};
  for (const [v, sim] of sims) {
    venueEnv[`${v.toUpperCase()}_WS_URL`] = sim.wsUrl;
    venueEnv[`${v.toUpperCase()}_REST_URL`] = sim.restUrl;
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'fat-app-'));
  // Nothing may leave the machine: CoinGecko points at a closed loopback port unless a test sets it.
  const app = await startAppProcess({ COINGECKO_URL: 'http://127.0.0.1:9', ...venueEnv, DATA_DIR: dataDir, ...env });
  return {
    app,
    sims,
    async close() {
      await app.stop();
      await closeSimulators(sims);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
