// The call shell every venue REST client shares: `fetchJson` bound once to the client's options
// (origin, fetch, timeout, shutdown signal) and to the parameters the venue wants on every call, so
// each client only names paths, parameters and parsers.
import type { VenueId } from '~/.server/market/types';
import { buildUrl, combineSignals, fetchJson, type QueryValue } from '~/.server/venues/http';

/** What every venue REST client is created with; venues add their own (a clock, a cache TTL). */
export interface VenueRestOptions {
  /** The venue's REST origin, or the simulator's HTTP origin. */
  restUrl: string;
  fetch?: typeof fetch;
  /** Cancels every call of this client (e.g. on shutdown). */
  signal?: AbortSignal;
  timeoutMs?: number;
}

export type RestQuery = Record<string, QueryValue>;

export interface RestCallDefaults {
  /** Where paths are resolved; default `restUrl` (CoinEx puts its `/v2` root in between). */
  baseUrl?: string;
  /** Sent first on every call (Bybit's `category`, Bitget's `productType`). */
  query?: RestQuery;
}

export interface VenueRestCalls {
  /** GET `path` with `query`; `signal` cancels this call only, the client's signal all of them. */
  get(path: string, query?: RestQuery, signal?: AbortSignal): Promise<unknown>;
  /** POST `path` with `body` sent as JSON (no body when undefined). */
  post(path: string, body?: unknown, signal?: AbortSignal): Promise<unknown>;
}

export function createRestCalls(
  venue: VenueId,
  options: VenueRestOptions,
  defaults: RestCallDefaults = {},
): VenueRestCalls {
  const baseUrl = defaults.baseUrl ?? options.restUrl;
  const call = (
    method: 'GET' | 'POST',
    path: string,
    query: RestQuery | undefined,
    body: unknown,
    signal?: AbortSignal,
  ) =>
    fetchJson(buildUrl(baseUrl, path, defaults.query ? { ...defaults.query, ...query } : query), {
      venue,
      method,
      body,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      signal: combineSignals(options.signal, signal),
    });
  return {
    get: (path, query, signal) => call('GET', path, query, undefined, signal),
    post: (path, body, signal) => call('POST', path, undefined, body, signal),
  };
}
