// Candles for the charts, from any venue's REST client, behind a short in-memory cache: many
// browsers watching one chart cost the venue one request per TTL, and concurrent misses share
// one in-flight request.
import type { Candle, CandleInterval, VenueId, VenueRestClient } from './types';

interface Entry {
  at: number;
  value: Promise<Candle[]>;
}

export class CandleCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clients: Partial<Record<VenueId, VenueRestClient>>,
    private readonly ttlMs = 5_000,
    private readonly maxEntries = 500,
    private readonly now: () => number = Date.now,
  ) {}

  get(venue: VenueId, symbol: string, interval: CandleInterval, limit: number): Promise<Candle[]> {
    const client = this.clients[venue];
    if (!client) return Promise.reject(new Error(`no REST client for ${venue}`));
    const key = `${venue}|${symbol}|${interval}|${limit}`;
    const hit = this.entries.get(key);
    const now = this.now();
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const value = client.fetchCandles(symbol, interval, limit);
    this.entries.set(key, { at: now, value });
    // A failure must not be served from the cache to the next caller.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    if (this.entries.size > this.maxEntries) {
      for (const [k, e] of this.entries) if (now - e.at >= this.ttlMs) this.entries.delete(k);
      while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    }
    return value;
  }
}
