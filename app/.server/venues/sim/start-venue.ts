// How every venue simulator starts: the synthetic market from the caller's symbols (or the venue's
// own default table) and seed, then the shared server on the caller's port and update interval with
// the venue's socket rules and error bodies, wired by the venue. The options every simulator
// accepts (SimulatorOptions) are applied here, once.
import type { VenueId } from '~/lib/venues';
import { SimMarket, type SimSymbolConfig } from './market';
import {
  startSimServer,
  type SimServer,
  type SimServerOptions,
  type SimulatorOptions,
  type VenueSimulator,
} from './server';

/** What a venue decides about its server: pings, idle and rate limits, the body of injected errors. */
export type VenueServerOptions = Omit<SimServerOptions, 'venue' | 'market' | 'port' | 'updateIntervalMs'>;

export interface VenueSimulatorSpec {
  venue: VenueId;
  /** The venue's default symbol table, used when the caller names no symbols. */
  defaultSymbols(): SimSymbolConfig[];
  server: VenueServerOptions;
  /** Routes and timers of the venue's protocol. */
  wire(server: SimServer, market: SimMarket): void;
}

export function startVenueSimulator(opts: SimulatorOptions, spec: VenueSimulatorSpec): Promise<VenueSimulator> {
  const market = new SimMarket(opts.symbols ?? spec.defaultSymbols(), { seed: opts.seed, venue: spec.venue });
  return startSimServer(
    { venue: spec.venue, market, port: opts.port, updateIntervalMs: opts.updateIntervalMs, ...spec.server },
    (server) => spec.wire(server, market),
  );
}
