// Starts several venue simulators at once (demo mode, integration tests, benchmarks). All share one
// seed so the same asset quotes near the same price on every simulated venue.
import type { VenueId } from '~/lib/venues';
import { VENUE_MODULES } from '../registry';
import type { SimSymbolConfig } from './market';
import type { VenueSimulator } from './server';

/** Venues that have a simulator (every venue module has one). */
export function simulatedVenues(): VenueId[] {
  return Object.keys(VENUE_MODULES) as VenueId[];
}

export interface StartSimulatorsOptions {
  seed?: number;
  updateIntervalMs?: number;
  /** Fixed ports per venue; others get a free port. */
  ports?: Partial<Record<VenueId, number>>;
  /** Symbol sets per venue; others use the venue's default set. */
  symbols?: Partial<Record<VenueId, SimSymbolConfig[]>>;
}

/** Start one simulator per venue; if any fails to start, the ones already started are closed. */
export async function startSimulators(
  venues: readonly VenueId[],
  opts: StartSimulatorsOptions = {},
): Promise<Map<VenueId, VenueSimulator>> {
  const missing = venues.filter((v) => !VENUE_MODULES[v]);
  if (missing.length > 0) {
    throw new Error(
      `No simulator for venue(s) ${missing.join(', ')}; simulated venues: ${simulatedVenues().join(', ')}`,
    );
  }
  const started = new Map<VenueId, VenueSimulator>();
  try {
    for (const venue of new Set(venues)) {
      started.set(
        venue,
        await VENUE_MODULES[venue]!.startSimulator({
          seed: opts.seed,
          updateIntervalMs: opts.updateIntervalMs,
          port: opts.ports?.[venue],
          symbols: opts.symbols?.[venue],
        }),
      );
    }
  } catch (err) {
    await closeSimulators(started);
    throw err;
  }
  return started;
}

export async function closeSimulators(sims: Map<VenueId, VenueSimulator>): Promise<void> {
  await Promise.all([...sims.values()].map((s) => s.close()));
}
