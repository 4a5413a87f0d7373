// How the socket layer streams CoinEx futures books: `depth.subscribe` on `/v2/futures` with
// `[market, 50, "0", false]` (a full book first, increments after), gzip-compressed binary frames,
// a `server.ping` keepalive, and resync by resubscribing (which brings a fresh full book).
import type { VenueStreamSpec } from '~/.server/market/types';
import {
  COINEX_BOOK_DEPTH,
  COINEX_BOOK_MERGE_INTERVAL,
  COINEX_FUTURES_STREAM_PATH,
  COINEX_KEEPALIVE_INTERVAL_MS,
  COINEX_MAX_MARKETS_PER_FRAME,
  COINEX_MAX_SYMBOLS_PER_CONNECTION,
  COINEX_PING_FRAME,
  COINEX_PING_ID,
} from './constants';
import { parseCoinexFrame } from './parse';
import { createCoinexRest } from './rest';
import { coinexRules } from './rules';

export interface CoinexStreamSpecOptions {
  /** WS origin: `wss://socket.coinex.com`, or the simulator's `ws://127.0.0.1:<port>`. */
  wsUrl: string;
  /** REST origin, for the optional depth snapshot (`https://api.coinex.com`). */
  restUrl: string;
  fetch?: typeof fetch;
}

export function coinexFuturesStreamUrl(wsUrl: string): string {
  if (!/^wss?:\/\//i.test(wsUrl)) throw new Error(`coinex: wsUrl must be a ws:// or wss:// origin, got ${wsUrl}`);
  return `${wsUrl.replace(/\/+$/, '')}${COINEX_FUTURES_STREAM_PATH}`;
}

/** A `depth.subscribe` entry: market, depth, merge interval ("0" = none), if_full (false = increments). */
export type CoinexDepthSubscription = [market: string, limit: number, interval: string, ifFull: boolean];

export function coinexDepthSubscription(symbol: string): CoinexDepthSubscription {
  return [symbol, COINEX_BOOK_DEPTH, COINEX_BOOK_MERGE_INTERVAL, false];
}

export function createCoinexStreamSpec(options: CoinexStreamSpecOptions): VenueStreamSpec {
  const url = coinexFuturesStreamUrl(options.wsUrl);
  const rest = createCoinexRest({ restUrl: options.restUrl, fetch: options.fetch });
  // Ids name requests in CoinEx's replies; the keepalive keeps its own fixed id.
  let nextId = COINEX_PING_ID + 1;

  const frames = (method: 'depth.subscribe' | 'depth.unsubscribe', symbols: string[]): string[] => {
    const out: string[] = [];
    for (let i = 0; i < symbols.length; i += COINEX_MAX_MARKETS_PER_FRAME) {
      const chunk = symbols.slice(i, i + COINEX_MAX_MARKETS_PER_FRAME);
      // Subscribe names each book's parameters; unsubscribe names only the markets.
      const marketList = method === 'depth.subscribe' ? chunk.map(coinexDepthSubscription) : chunk;
      out.push(JSON.stringify({ method, params: { market_list: marketList }, id: nextId++ }));
    }
    return out;
  };

  return {
    venue: 'coinex',
    resolveUrl: () => Promise.resolve(url),
    maxSymbolsPerConnection: COINEX_MAX_SYMBOLS_PER_CONNECTION,
    subscribeFrames: (symbols) => frames('depth.subscribe', symbols),
    unsubscribeFrames: (symbols) => frames('depth.unsubscribe', symbols),
    keepalive: { intervalMs: COINEX_KEEPALIVE_INTERVAL_MS, frame: COINEX_PING_FRAME },
    compression: 'gzip',
    parse: parseCoinexFrame,
    rules: coinexRules,
    // CoinEx has no sequence to bridge, so a REST book is only a cross-check; the stream's own
    // full push is what the rules start from.
    fetchSnapshot: (symbol, signal) => rest.fetchDepthSnapshot(symbol, { signal }),
    // A fresh subscription starts with a full book, which replaces the broken one.
    resyncFrames: (symbol) => [...frames('depth.unsubscribe', [symbol]), ...frames('depth.subscribe', [symbol])],
  };
}
