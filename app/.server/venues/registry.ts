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
import { createCoinexRest } from './coinex/rest';
import { startCoinexSimulator } from './coinex/simulator';
import { createCoinexStreamSpec } from './coinex/stream-spec';
import { createHyperliquidRest } from './hyperliquid/rest';
import { startHyperliquidSimulator } from './hyperliquid/simulator';
import { createHyperliquidStreamSpec } from './hyperliquid/stream-spec';
import { createKucoinRest } from './kucoin/rest';
import { startKucoinSimulator } from './kucoin/simulator';
import { createKucoinStreamSpec } from './kucoin/stream-spec';
import { createParadexRest } from './paradex/rest';
import { startParadexSimulator } from './paradex/simulator';
import { createParadexStreamSpec } from './paradex/stream-spec';
import type { SimulatorOptions, VenueSimulator } from './sim/server';

export interface VenueUrls {
  wsUrl: string;
  restUrl: string;
}

export interface VenueClients {
  spec: VenueStreamSpec;
  rest: VenueRestClient;
}

export interface VenueClientOptions {
  /** Cancels every REST call (shutdown). */
  signal?: AbortSignal;
  /** Paradex public data: binary SBE frames (current) or the older JSON form. */
  paradexEncoding?: 'sbe' | 'json';
}

export interface VenueModule {
  /** The stream spec and REST client of one venue, sharing state where the venue needs it. */
  createClients(urls: VenueUrls, opts?: VenueClientOptions): VenueClients;
  startSimulator(opts?: SimulatorOptions): Promise<VenueSimulator>;
}

export const VENUE_MODULES: Partial<Record<VenueId, VenueModule>> = {
  binance: {
    createClients: (u, o) => ({ spec: createBinanceStreamSpec(u), rest: createBinanceRest({ ...u, signal: o?.signal }) }),
    startSimulator: (o) => startBinanceSimulator(o),
  },
  bybit: {
    createClients: (u, o) => ({
      spec: createBybitStreamSpec({ wsUrl: u.wsUrl }),
      rest: createBybitRest({ ...u, signal: o?.signal }),
    }),
    startSimulator: (o) => startBybitSimulator(o),
  },
  kucoin: {
    createClients: (u, o) => {
      // One REST client: its contract-size table converts the stream's contract sizes to base units.
      const rest = createKucoinRest({ ...u, signal: o?.signal });
      return { spec: createKucoinStreamSpec({ ...u, rest }), rest };
    },
    startSimulator: (o) => startKucoinSimulator(o),
  },
  bitget: {
    createClients: (u, o) => ({ spec: createBitgetStreamSpec(u), rest: createBitgetRest({ ...u, signal: o?.signal }) }),
    startSimulator: (o) => startBitgetSimulator(o),
  },
  coinex: {
    createClients: (u, o) => ({ spec: createCoinexStreamSpec(u), rest: createCoinexRest({ ...u, signal: o?.signal }) }),
    startSimulator: (o) => startCoinexSimulator(o),
  },
  paradex: {
    createClients: (u, o) => ({
      spec: createParadexStreamSpec({ ...u, encoding: o?.paradexEncoding ?? 'sbe' }),
      rest: createParadexRest({ ...u, signal: o?.signal }),
    }),
    startSimulator: (o) => startParadexSimulator(o),
  },
  hyperliquid: {
    createClients: (u, o) => ({
      spec: createHyperliquidStreamSpec({ wsUrl: u.wsUrl }),
      rest: createHyperliquidRest({ ...u, signal: o?.signal }),
    }),
    startSimulator: (o) => startHyperliquidSimulator(o),
  },
};

/** Venues with a module, in the canonical order. */
export function implementedVenues(): VenueId[] {
  return Object.keys(VENUE_MODULES) as VenueId[];
}
