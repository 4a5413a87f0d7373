// How the socket layer streams KuCoin Futures books. Every connection starts with a fresh public
// bullet (token, WS endpoint, ping interval), then `/contractMarket/level2:<SYM>,<SYM>` topics on
// `<endpoint>?token=…&connectId=…`, a JSON ping every pingInterval, and REST snapshots to start each
// book. Sizes reach the book engine in base units (contracts × multiplier, see units.ts).
import { randomUUID } from 'node:crypto';
import type { VenueStreamSpec } from '~/.server/market/types';
import {
  KUCOIN_DEFAULT_PING_INTERVAL_MS,
  KUCOIN_LEVEL2_TOPIC_PREFIX,
  KUCOIN_MAX_PING_INTERVAL_MS,
  KUCOIN_MAX_SYMBOLS_PER_CONNECTION,
  KUCOIN_MAX_SYMBOLS_PER_FRAME,
  KUCOIN_WS_URL,
} from './constants';
import { parseKucoinFrame } from './parse';
import { createKucoinRest, type KucoinRest } from './rest';
import { kucoinRules } from './rules';

/**
 * Where a connection goes. `fallback`: the endpoint of the bullet (the configured wsUrl only when the
 * bullet's endpoint is not a ws:// or wss:// URL). `override`: always the configured wsUrl, with the
 * bullet's token (a recorded-traffic server or proxy standing in for KuCoin's WS host). `auto`
 * (default): override when wsUrl was changed from KuCoin's production host, fallback otherwise.
 */
export type KucoinWsUrlMode = 'auto' | 'fallback' | 'override';

export interface KucoinStreamSpecOptions {
  /** Configured WS origin (KUCOIN_WS_URL): `wss://ws-api-futures.kucoin.com` or a stand-in. */
  wsUrl: string;
  /** REST origin for bullets, contracts and depth snapshots. */
  restUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  wsUrlMode?: KucoinWsUrlMode;
  /** Share a REST client (and its contract table) instead of creating one. */
  rest?: KucoinRest;
  /** Connection ids; KuCoin echoes it in the welcome frame. Injectable for tests. */
  connectId?: () => string;
}

export interface KucoinStreamSpec extends VenueStreamSpec {
  /** The REST client behind bullets and snapshots, e.g. for `fetchBulletPublic` pass-through. */
  readonly rest: KucoinRest;
}

function isWsUrl(url: string): boolean {
  return /^wss?:\/\/[^/?#]+/i.test(url);
}

/** `<endpoint>?token=…&connectId=…`; the endpoint's own path (`/`, `/endpoint`) is kept. */
export function kucoinConnectUrl(endpoint: string, token: string, connectId: string): string {
  const url = new URL(endpoint);
  url.searchParams.set('token', token);
  url.searchParams.set('connectId', connectId);
  return url.toString();
}

/** One topic for many symbols: `/contractMarket/level2:XBTUSDTM,ETHUSDTM`. */
export function kucoinLevel2Topic(symbols: readonly string[]): string {
  return `${KUCOIN_LEVEL2_TOPIC_PREFIX}${symbols.join(',')}`;
}

export function createKucoinStreamSpec(options: KucoinStreamSpecOptions): KucoinStreamSpec {
  if (!isWsUrl(options.wsUrl)) throw new Error(`kucoin: wsUrl must be a ws:// or wss:// URL, got ${options.wsUrl}`);
  const configured = options.wsUrl.replace(/\/+$/, '');
  const mode = options.wsUrlMode ?? 'auto';
  const override = mode === 'override' || (mode === 'auto' && configured !== KUCOIN_WS_URL);
  const rest =
    options.rest ?? createKucoinRest({ restUrl: options.restUrl, fetch: options.fetch, timeoutMs: options.timeoutMs });
  const makeConnectId = options.connectId ?? (() => randomUUID());
  let pingIntervalMs = KUCOIN_DEFAULT_PING_INTERVAL_MS;
  /** Of the latest connection; the ping frame carries it as its id. */
  let connectId = '';
  let nextId = 1;

  const frames = (type: 'subscribe' | 'unsubscribe', symbols: string[]): string[] => {
    const out: string[] = [];
    for (let i = 0; i < symbols.length; i += KUCOIN_MAX_SYMBOLS_PER_FRAME) {
      const topic = kucoinLevel2Topic(symbols.slice(i, i + KUCOIN_MAX_SYMBOLS_PER_FRAME));
      // `response: true` makes KuCoin ack (or refuse) each request by its id.
      out.push(JSON.stringify({ id: String(nextId++), type, topic, privateChannel: false, response: true }));
    }
    return out;
  };

  return {
    venue: 'kucoin',
    rest,

    async resolveUrl() {
      // A token per connection attempt (tokens expire); the contract table must be there before the
      // first level2 frame, because the parser converts sizes without I/O.
      const [bullet] = await Promise.all([rest.fetchBullet(), rest.contractSizes.ensureFresh()]);
      const server = bullet.servers[0]!;
      pingIntervalMs = Math.min(server.pingIntervalMs, KUCOIN_MAX_PING_INTERVAL_MS);
      connectId = makeConnectId();
      const endpoint = override || !isWsUrl(server.endpoint) ? configured : server.endpoint;
      return kucoinConnectUrl(endpoint, bullet.token, connectId);
    },

    maxSymbolsPerConnection: KUCOIN_MAX_SYMBOLS_PER_CONNECTION,
    subscribeFrames: (symbols) => frames('subscribe', symbols),
    unsubscribeFrames: (symbols) => frames('unsubscribe', symbols),

    // Read by the socket layer when a connection opens, i.e. after resolveUrl took the bullet's interval.
    get keepalive() {
      return { intervalMs: pingIntervalMs, frame: JSON.stringify({ id: connectId, type: 'ping' }) };
    },

    parse: (frame) => parseKucoinFrame(frame, (symbol) => rest.contractSizes.get(symbol)),
    rules: kucoinRules,
    fetchSnapshot: (symbol, signal) => rest.fetchDepthSnapshot(symbol, signal),
  };
}
