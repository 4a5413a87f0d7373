// Which native symbols each venue lists, so the hub can refuse unknown symbols instead of
// subscribing to streams that will never send. Loaded from each venue's REST instruments and
// refreshed; a venue that cannot be reached is "unverified", and then symbols are let through
// (their books show as not live) rather than refusing everything while a venue is down.
import type { AppLogger } from '~/.server/logger';
import type { VenueId, VenueRestClient } from './types';

interface VenueCatalog {
  symbols: Set<string> | null;
  loadedAt: number;
  loading: Promise<void> | null;
  lastError: string | null;
}

export class InstrumentCatalog {
  private readonly venues = new Map<VenueId, VenueCatalog>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly clients: Partial<Record<VenueId, VenueRestClient>>,
    private readonly log: AppLogger,
    private readonly refreshMs = 3_600_000,
    private readonly retryMs = 60_000,
  ) {
    for (const venue of Object.keys(clients) as VenueId[]) {
      this.venues.set(venue, { symbols: null, loadedAt: 0, loading: null, lastError: null });
    }
  }

  /** Load every venue now (failures are logged per venue, never thrown) and keep refreshing. */
  start(): Promise<void> {
    const all = Promise.all([...this.venues.keys()].map((v) => this.load(v)));
    this.timer = setInterval(() => {
      const now = Date.now();
      for (const [venue, c] of this.venues) {
        const age = now - c.loadedAt;
        if (age >= (c.symbols ? this.refreshMs : this.retryMs)) void this.load(venue);
      }
    }, Math.min(this.retryMs, this.refreshMs));
    this.timer.unref();
    return all.then(() => {});
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private load(venue: VenueId): Promise<void> {
    const c = this.venues.get(venue)!;
    c.loading ??= (async () => {
      try {
        const list = await this.clients[venue]!.fetchInstruments();
        c.symbols = new Set(list.filter((i) => i.active).map((i) => i.symbol));
        c.lastError = null;
        this.log.info('instruments loaded', { venue, count: c.symbols.size });
      } catch (err) {
        c.lastError = err instanceof Error ? err.message : String(err);
        this.log.warn('instruments unavailable; will retry', { venue, error: c.lastError });
      } finally {
        c.loadedAt = Date.now();
        c.loading = null;
      }
    })();
    return c.loading;
  }

  /** `true` when listed or not verifiable yet, `false` when the venue's list lacks it. */
  isKnown(venue: VenueId, symbol: string): boolean {
    const c = this.venues.get(venue);
    if (!c) return false;
    return c.symbols === null || c.symbols.has(symbol);
  }

  status(venue: VenueId): { verified: boolean; count: number; lastError: string | null } {
    const c = this.venues.get(venue);
    return { verified: !!c?.symbols, count: c?.symbols?.size ?? 0, lastError: c?.lastError ?? null };
  }
}
