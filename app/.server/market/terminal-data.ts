// What the terminal and home loaders need beyond the streamer: each venue's instrument list (tick
// size, multiplier, listed fee) behind a cache, resolving an asset to a venue's native perpetual,
// the current book when this process already streams it, and the funding summary for home.
import { DEFAULT_PERIOD } from '~/.server/funding/api-params';
import { DEFAULT_HORIZON_DAYS, pairJson } from '~/.server/funding/opportunities';
import { rankedPairs } from '~/.server/funding/queries';
import { fundingTotals } from '~/.server/funding/stats';
import type { Services } from '~/.server/services';
import { DEFAULT_FEES } from '~/lib/fees';
import { parseVenueId, VENUE_NAMES, VENUES, type VenueId } from '~/lib/venues';
import type { MarketService } from './market-service';
import { normaliseSymbol, toNativeSymbol } from './symbols';
import type { Instrument, VenueRestClient } from './types';

const INSTRUMENTS_TTL_MS = 3_600_000;
const INSTRUMENTS_RETRY_MS = 60_000;

interface CacheEntry {
  at: number;
  value: Instrument[] | null;
  loading: Promise<Instrument[] | null> | null;
}

// Keyed by the REST client, so the cache lives exactly as long as the market service that owns it.
const instrumentCache = new WeakMap<VenueRestClient, CacheEntry>();

/**
 * A venue's instruments from cache, refreshed hourly (a failed load is retried after a minute).
 * Waits at most `timeoutMs` for a load; null when the list is not available in time: the page
 * renders without it and the load finishes in the background for the next request.
 */
export async function venueInstruments(
  market: MarketService,
  venue: VenueId,
  timeoutMs = 1500,
): Promise<Instrument[] | null> {
  const client = market.rest[venue];
  if (!client) return null;
  let entry = instrumentCache.get(client);
  if (!entry) {
    entry = { at: 0, value: null, loading: null };
    instrumentCache.set(client, entry);
  }
  const age = Date.now() - entry.at;
  const due = entry.value ? age >= INSTRUMENTS_TTL_MS : age >= INSTRUMENTS_RETRY_MS;
  if (due && !entry.loading) {
    const e = entry;
    e.loading = client
      .fetchInstruments()
      .then(
        (list) => {
          e.value = list.filter((i) => i.active);
          return e.value;
        },
        // The catalog logs venue failures already; keep the last good list meanwhile.
        () => e.value,
      )
      .finally(() => {
        e.at = Date.now();
        e.loading = null;
      });
  }
  // A list due for refresh is still good for tick sizes while the refresh runs.
  if (entry.value) return entry.value;
  if (!entry.loading) return null;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  try {
    return await Promise.race([entry.loading!, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** One leg of the terminal as the loader resolved it. */
export interface TerminalLeg {
  venue: VenueId;
  venueName: string;
  /** Native symbol; null when the venue lists no perpetual for the asset (see `error`). */
  symbol: string | null;
  baseAsset: string;
  quoteAsset: string;
  /** Base units per quoted unit (1000PEPEUSDT, kPEPE → 1000): prices are divided, sizes multiplied. */
  multiplier: number;
  /** Venue tick, per quoted unit; null when the instrument list was not available. */
  tickSize: number | null;
  takerRate: number;
  feeSource: string;
  error: string | null;
}

/** A leg parameter: `binance` or `binance:1000PEPEUSDT`. */
export function parseLegParam(
  raw: string | null,
  fallback: VenueId,
): { venue: VenueId; symbol: string | null; error: string | null } {
  if (!raw) return { venue: fallback, symbol: null, error: null };
  const colon = raw.indexOf(':');
  const venuePart = colon >= 0 ? raw.slice(0, colon) : raw;
  const symbol = colon >= 0 ? raw.slice(colon + 1).trim() : '';
  const venue = parseVenueId(venuePart);
  if (!venue) {
    return {
      venue: fallback,
      symbol: null,
      error: `Unknown venue ${JSON.stringify(venuePart)}; one of ${VENUES.join(', ')}. Showing ${VENUE_NAMES[fallback]}.`,
    };
  }
  return { venue, symbol: symbol || null, error: null };
}

const QUOTE_PREFERENCE = ['USDT', 'USDC', 'USD'];

/** The venue's perpetual for an asset: its USDT linear perp where it has one, unmultiplied first. */
function pickInstrument(venue: VenueId, asset: string, instruments: Instrument[]): Instrument | undefined {
  const matches = instruments.filter((i) => i.baseAsset === asset);
  if (!matches.length) return undefined;
  const canonical = toNativeSymbol(venue, asset, 1);
  const rank = (i: Instrument) => {
    const quote = QUOTE_PREFERENCE.indexOf(i.quoteAsset);
    return [i.symbol === canonical ? 0 : 1, quote < 0 ? QUOTE_PREFERENCE.length : quote, i.multiplier];
  };
  return matches.sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    return ra[0]! - rb[0]! || ra[1]! - rb[1]! || ra[2]! - rb[2]!;
  })[0];
}

const MULTIPLIERS = [1, 1000, 10_000, 100_000, 1_000_000];

/**
 * Resolve one leg: an explicit native symbol, or the asset's perpetual on the venue. Uses the
 * instrument list when loaded (tick size, multiplier, listed fee); otherwise `toNativeSymbol`
 * checked against the catalog, and the multiplier from `normaliseSymbol`.
 */
export async function resolveLeg(
  market: MarketService,
  venue: VenueId,
  asset: string,
  explicitSymbol: string | null,
): Promise<TerminalLeg> {
  const venueName = VENUE_NAMES[venue];
  const instruments = await venueInstruments(market, venue);
  const leg: TerminalLeg = {
    venue,
    venueName,
    symbol: null,
    baseAsset: asset,
    quoteAsset: 'USDT',
    multiplier: 1,
    tickSize: null,
    takerRate: DEFAULT_FEES[venue].takerRate,
    feeSource: `default: ${DEFAULT_FEES[venue].source}`,
    error: null,
  };
  if (!market.rest[venue] || !market.streamer.hasVenue(venue)) {
    return { ...leg, error: `${venueName} is not connected on this server.` };
  }
  let instrument: Instrument | undefined;
  let symbol: string | null = explicitSymbol;
  if (symbol) {
    instrument = instruments?.find((i) => i.symbol === symbol);
    if (instruments && !instrument)
      return { ...leg, error: `${venueName} lists no perpetual ${JSON.stringify(symbol)}.` };
    if (!instrument && !market.catalog.isKnown(venue, symbol)) {
      return { ...leg, error: `${venueName} lists no perpetual ${JSON.stringify(symbol)}.` };
    }
  } else if (instruments) {
    instrument = pickInstrument(venue, asset, instruments);
    if (!instrument) return { ...leg, error: `${venueName} lists no perpetual for ${asset}.` };
    symbol = instrument.symbol;
  } else {
    // No instrument list yet: the conventional spellings, first one the catalog accepts.
    symbol =
      MULTIPLIERS.map((m) => toNativeSymbol(venue, asset, m)).find(
        (s): s is string => s !== null && market.catalog.isKnown(venue, s),
      ) ?? null;
    if (!symbol) return { ...leg, error: `${venueName} lists no perpetual for ${asset}.` };
  }
  const info = normaliseSymbol(venue, symbol);
  if (!instrument && !info)
    return { ...leg, error: `${JSON.stringify(symbol)} is not a ${venueName} perpetual symbol.` };
  const listedFee = instrument?.takerFeeRate;
  return {
    ...leg,
    symbol,
    baseAsset: instrument?.baseAsset ?? info!.baseAsset,
    quoteAsset: instrument?.quoteAsset ?? info!.quoteAsset,
    multiplier: instrument?.multiplier ?? info!.multiplier,
    tickSize: instrument && instrument.tickSize > 0 ? instrument.tickSize : null,
    ...(listedFee !== undefined && listedFee > 0
      ? { takerRate: listedFee, feeSource: `${venueName} instrument list` }
      : {}),
  };
}

/** Base assets listed by every given venue whose list is loaded (all of them when none is). */
export async function sharedAssets(market: MarketService, venues: VenueId[]): Promise<string[]> {
  const lists = (await Promise.all(venues.map((v) => venueInstruments(market, v)))).filter(
    (l): l is Instrument[] => l !== null,
  );
  if (!lists.length) return [];
  const sets = lists.map((l) => new Set(l.map((i) => i.baseAsset)));
  const [first, ...rest] = sets;
  return [...first!].filter((a) => rest.every((s) => s.has(a))).sort();
}

/** Distinct base assets over every venue whose instrument list is loaded, and how many venues that was. */
export async function listedAssetCount(market: MarketService): Promise<{ assets: number; venues: number }> {
  const venues = Object.keys(market.rest) as VenueId[];
  const lists = (await Promise.all(venues.map((v) => venueInstruments(market, v)))).filter(
    (l): l is Instrument[] => l !== null,
  );
  const assets = new Set<string>();
  for (const list of lists) for (const i of list) assets.add(i.baseAsset);
  return { assets: assets.size, venues: lists.length };
}

/** The book as the hub would send it now, when this process already streams it and it is live. */
export function currentBook(
  market: MarketService,
  venue: VenueId,
  symbol: string,
  depth: number,
): {
  exchange: string;
  symbol: string;
  b: [number, number][];
  a: [number, number][];
  ts: number;
  recv: number;
  seq: number;
} | null {
  const update = market.streamer.getUpdate(venue, symbol);
  if (!update || update.status !== 'live') return null;
  const top = update.sync.book.top(depth);
  return {
    exchange: venue,
    symbol,
    b: top.bids,
    a: top.asks,
    ts: update.sync.lastEvent?.ts ?? 0,
    recv: update.recvMs,
    seq: update.sync.lastEvent?.seq ?? 0,
  };
}

/**
 * Start streaming a book the page is about to subscribe to, without holding it: released at once,
 * it stays up for the streamer's grace period, so the browser's /ws subscription finds it warming
 * (or live) instead of starting the venue subscription only then.
 */
export function warmBook(market: MarketService, venue: VenueId, symbol: string): void {
  if (!market.streamer.hasVenue(venue)) return;
  market.streamer.acquire(venue, symbol)();
}

/** The top pairs and totals the home page shows, in the JSON shapes of /api/best-opportunities and /api/stats. */
export interface HomeFunding {
  /** Assets with a current funding rate, venues reporting, newest snapshot (ISO). */
  stats: { totalCoins: number; totalExchanges: number; lastUpdate: string | null };
  topPairs: ReturnType<typeof pairJson>[];
  period: string;
  horizonDays: number;
}

/**
 * Funding totals and the best pairs for the home page, from the funding store (the same
 * functions /api/stats and /api/best-opportunities use). Null while the store has not loaded
 * within `waitMs`, or when the funding layer fails: the page then shows its empty state.
 */
export async function homeFunding(services: Services, topN = 5, waitMs = 1500): Promise<HomeFunding | null> {
  const { store } = services.funding;
  try {
    if (!(await store.whenLoaded(waitMs))) return null;
    // The totals come from the store alone: the rest of /api/stats (job and backfill queries) is not shown here.
    const totals = fundingTotals(store.view());
    const pairs = rankedPairs(
      store,
      { period: DEFAULT_PERIOD, venues: null, horizonDays: DEFAULT_HORIZON_DAYS, minSpreadAprPct: null, q: '' },
      Date.now(),
    );
    return {
      stats: {
        totalCoins: totals.coins,
        totalExchanges: totals.exchanges,
        lastUpdate: totals.lastUpdate ? new Date(totals.lastUpdate).toISOString() : null,
      },
      topPairs: pairs.slice(0, topN).map((p) => pairJson(p, null)),
      period: DEFAULT_PERIOD,
      horizonDays: DEFAULT_HORIZON_DAYS,
    };
  } catch (err) {
    services.log.warn('home: funding summary unavailable', { error: err instanceof Error ? err.message : String(err) });
    return null;
  }
}
