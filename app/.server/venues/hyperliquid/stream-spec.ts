// How the socket layer streams Hyperliquid books: one `l2Book` subscription per coin on `/ws`,
// every push a full snapshot (no REST snapshot, no deltas), `{"method":"ping"}` as keepalive.
import type { VenueStreamSpec } from '~/.server/market/types';
import {
  HYPERLIQUID_BOOK_SUBSCRIPTION,
  HYPERLIQUID_KEEPALIVE_INTERVAL_MS,
  HYPERLIQUID_MAX_SYMBOLS_PER_CONNECTION,
  HYPERLIQUID_PING_FRAME,
  HYPERLIQUID_WS_PATH,
} from './constants';
import { parseHyperliquidMessage } from './parse';
import { hyperliquidRules } from './rules';

export interface HyperliquidStreamSpecOptions {
  /** WS origin: `wss://api.hyperliquid.xyz`, or the simulator's `ws://127.0.0.1:<port>`. */
  wsUrl: string;
  /**
   * REST origin and fetch, taken for the same call shape as the other venues; unused, because
   * `l2Book` sends its own snapshots and the spec needs no REST call.
   */
  restUrl?: string;
  fetch?: typeof fetch;
}

export function hyperliquidStreamUrl(wsUrl: string): string {
  if (!/^wss?:\/\//i.test(wsUrl)) throw new Error(`hyperliquid: wsUrl must be a ws:// or wss:// origin, got ${wsUrl}`);
  return `${wsUrl.replace(/\/+$/, '')}${HYPERLIQUID_WS_PATH}`;
}

/** `{"method":"subscribe","subscription":{"type":"l2Book","coin":"BTC"}}`: full precision, no aggregation. */
export function hyperliquidBookRequest(method: 'subscribe' | 'unsubscribe', coin: string): string {
  return JSON.stringify({ method, subscription: { type: HYPERLIQUID_BOOK_SUBSCRIPTION, coin } });
}

export function createHyperliquidStreamSpec(options: HyperliquidStreamSpecOptions): VenueStreamSpec {
  const url = hyperliquidStreamUrl(options.wsUrl);

  // A subscription names one coin, so one frame per coin.
  const frames = (method: 'subscribe' | 'unsubscribe', coins: string[]): string[] =>
    coins.map((coin) => hyperliquidBookRequest(method, coin));

  return {
    venue: 'hyperliquid',
    resolveUrl: () => Promise.resolve(url),
    maxSymbolsPerConnection: HYPERLIQUID_MAX_SYMBOLS_PER_CONNECTION,
    subscribeFrames: (coins) => frames('subscribe', coins),
    unsubscribeFrames: (coins) => frames('unsubscribe', coins),
    keepalive: { intervalMs: HYPERLIQUID_KEEPALIVE_INTERVAL_MS, frame: HYPERLIQUID_PING_FRAME },
    parse(frame) {
      const msg = parseHyperliquidMessage(frame);
      // Out-of-order pushes are dropped by BookSync (rules.orderedSnapshots), not here: parse stays stateless.
      return msg.type === 'book' ? [msg.event] : null;
    },
    rules: hyperliquidRules,
    // Unsubscribe then subscribe: the new subscription starts with a fresh snapshot.
    resyncFrames: (coin) => [...frames('unsubscribe', [coin]), ...frames('subscribe', [coin])],
  };
}
