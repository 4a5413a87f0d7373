// Every venue module the app knows, behind one shape: stream spec, REST client, simulator.
// Adding a venue means adding its entry here; nothing else switches on venue ids.
import type { VenueId, VenueRestClient, VenueStreamSpec } from '~/.server/market/types';
import { createBinanceRest } from './binance/rest';
import { startBinanceSimulator } from './binance/simulator';
import { createBinanceStreamSpec } from './binance/stream-spec';
import { createBitgetRest } from './bitget/rest';
import { startBitgetSimulator } from './bitget/simulator';
import { createBitgetStreamSpec } from './bitget/stream-spec';
import { createBybitRest } from './bybit/rest';
import { startBybitSimulator } from './bybit/simulator';
import { createBybitStreamSpec } from './bybit/stream-spec';
import type { SimulatorOptions, VenueSimulator } from './sim/server';

export interface VenueUrls {
  wsUrl: string;
  restUrl: string;
}

export interface VenueModule {
  createStreamSpec(urls: VenueUrls): VenueStreamSpec;
  createRest(urls: VenueUrls & { signal?: AbortSignal }): VenueRestClient;
  startSimulator(opts?: SimulatorOptions): Promise<VenueSimulator>;
}

export const VENUE_MODULES: Partial<Record<VenueId, VenueModule>> = {
  binance: {
    createStreamSpec: (u) => createBinanceStreamSpec(u),
    createRest: (u) => createBinanceRest(u),
    startSimulator: (o) => startBinanceSimulator(o),
  },
  bybit: {
    createStreamSpec: (u) => createBybitStreamSpec({ wsUrl: u.wsUrl }),
    createRest: (u) => createBybitRest(u),
    startSimulator: (o) => startBybitSimulator(o),
  },
  bitget: {
    createStreamSpec: (u) => createBitgetStreamSpec(u),
    createRest: (u) => createBitgetRest(u),
    startSimulator: (o) => startBitgetSimulator(o),
  },
};

/** Venues with a module, in the canonical order. */
export function implementedVenues(): VenueId[] {
  return Object.keys(VENUE_MODULES) as VenueId[];
}
