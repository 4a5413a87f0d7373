// The live market side of the app: venue streams, the /ws hub, the instrument catalog, and in
// demo mode the venue simulators they point at. Built once by services.ts.
import { startCoingeckoSimulator, type CoingeckoSimulator } from '~/.server/coingecko/simulator';
import type { AppConfig } from '~/.server/config';
import type { AppLogger } from '~/.server/logger';
import { implementedVenues, VENUE_MODULES, type VenueUrls } from '~/.server/venues/registry';
import type { VenueSimulator } from '~/.server/venues/sim/server';
import { startSimulators } from '~/.server/venues/sim/start-all';
import { CandleCache } from './candle-cache';
import { createHub, type Hub } from './hub';
import { InstrumentCatalog } from './instrument-catalog';
import { Streamer } from './streamer';
import type { VenueId, VenueRestClient, VenueStreamSpec } from './types';

export interface MarketService {
  streamer: Streamer;
  hub: Hub;
  catalog: InstrumentCatalog;
  /** Chart candles per venue behind a short cache (the /api/proxy/kline endpoint). */
  candles: CandleCache;
  /** REST clients per implemented venue, on the URLs in force (simulators in demo mode). */
  rest: Partial<Record<VenueId, VenueRestClient>>;
  venueUrls: Partial<Record<VenueId, VenueUrls>>;
  simulators: Partial<Record<VenueId, VenueSimulator>>;
  /** CoinGecko base URL in force: config's, or the local CoinGecko simulator in demo mode. */
  coingeckoUrl: string;
  close(): Promise<void>;
}

export async function startMarket(config: AppConfig, log: AppLogger): Promise<MarketService> {
  const venues = implementedVenues();
  const simulators: Partial<Record<VenueId, VenueSimulator>> = config.demo
    ? Object.fromEntries(await startSimulators(venues))
    : {};
  const venueUrls: Partial<Record<VenueId, VenueUrls>> = {};
  for (const venue of venues) {
    const sim = simulators[venue];
    venueUrls[venue] = sim ? { wsUrl: sim.wsUrl, restUrl: sim.restUrl } : config.venues[venue];
    if (sim) log.info('demo: venue simulated locally', { venue, rest: sim.restUrl });
  }
  // Demo mode never leaves the machine: asset metadata comes from a local CoinGecko stand-in too.
  let coingecko: CoingeckoSimulator | null = null;
  try {
    coingecko = config.demo ? await startCoingeckoSimulator() : null;
  } catch (err) {
    await Promise.all(Object.values(simulators).map((s) => s.close()));
    throw err;
  }
  if (coingecko) log.info('demo: CoinGecko simulated locally', { url: coingecko.url });

  const specs: Partial<Record<VenueId, VenueStreamSpec>> = {};
  const rest: Partial<Record<VenueId, VenueRestClient>> = {};
  const shutdown = new AbortController();
  for (const venue of venues) {
    const clients = VENUE_MODULES[venue]!.createClients(venueUrls[venue]!, {
      signal: shutdown.signal,
      paradexEncoding: config.paradexWsEncoding,
    });
    specs[venue] = clients.spec;
    rest[venue] = clients.rest;
  }

  const streamer = new Streamer({
    specs,
    logger: log.child({ component: 'streamer' }),
    staleMs: config.streamStaleMs,
    graceMs: config.streamGraceMs,
  });
  const catalog = new InstrumentCatalog(rest, log.child({ component: 'instruments' }));
  // Not awaited: an unreachable venue must not hold up start-up; it is retried in the background.
  void catalog.start();
  const hub = createHub({
    streamer,
    logger: log.child({ component: 'hub' }),
    maxSubscriptionsPerClient: config.wsMaxSubscriptions,
    ...(config.wsMaxUpdatesPerSec > 0 ? { maxUpdatesPerSec: config.wsMaxUpdatesPerSec } : {}),
    isKnownSymbol: (venue, symbol) => catalog.isKnown(venue, symbol),
  });

  const eager: (() => void)[] = [];
  for (const { venue, symbol } of config.marketSymbols) {
    if (!streamer.hasVenue(venue)) {
      log.warn('MARKET_SYMBOLS names a venue without a stream module yet; skipped', { venue, symbol });
      continue;
    }
    eager.push(streamer.acquire(venue, symbol));
  }

  return {
    streamer,
    hub,
    catalog,
    candles: new CandleCache(rest),
    rest,
    venueUrls,
    simulators,
    coingeckoUrl: coingecko?.url ?? config.coingeckoUrl,
    async close() {
      hub.close();
      for (const release of eager) release();
      shutdown.abort();
      catalog.stop();
      await streamer.close();
      await Promise.all(Object.values(simulators).map((s) => s.close()));
      await coingecko?.close();
    },
  };
}
