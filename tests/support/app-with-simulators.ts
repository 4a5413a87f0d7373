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
  /** The running app process (a new one after `startApp`). */
  readonly app: AppProcess;
  sims: Map<VenueId, VenueSimulator>;
  /** Stop the app process alone (simulators and data stay), as a restart or crash would. */
  stopApp(): Promise<void>;
  /** Start the app again with the same settings on the same port, so open pages can reconnect. */
  startApp(): Promise<void>;
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
  const appEnv = { COINGECKO_URL: 'http://127.0.0.1:9', ...venueEnv, DATA_DIR: dataDir, ...env };
  let app = await startAppProcess(appEnv);
  let running = true;
  return {
    get app() {
      return app;
    },
    sims,
    async stopApp() {
      await app.stop();
      running = false;
    },
    async startApp() {
      if (running) throw new Error('the app is running');
      app = await startAppProcess({ ...appEnv, PORT: new URL(app.url).port });
      running = true;
    },
    async close() {
      await app.stop();
      await closeSimulators(sims);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
