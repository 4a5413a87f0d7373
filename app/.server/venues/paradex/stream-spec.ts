// How the socket layer streams Paradex books: JSON-RPC `subscribe` requests for
// `order_book.<market>.deltas@15@50ms` on `/v1`, snapshots from the stream itself, and channel
// data either as JSON-RPC text or, since Paradex made it mandatory for public data on
// 21 September 2026, as binary SBE frames (`?sbeSchemaId=1&sbeSchemaVersion=1`). SBE is the
// default; `encoding: 'json'` keeps the text form for environments that still serve it.
import type { VenueStreamSpec } from '~/.server/market/types';
import {
  PARADEX_DEFAULT_BOOK_FEED,
  PARADEX_DEFAULT_ENCODING,
  PARADEX_DEFAULT_REFRESH_RATE,
  PARADEX_KEEPALIVE_INTERVAL_MS,
  PARADEX_MAX_SYMBOLS_PER_CONNECTION,
  PARADEX_SBE_SCHEMA_ID,
  PARADEX_SBE_SCHEMA_VERSION,
  PARADEX_WS_PATH,
  type ParadexBookFeed,
  type ParadexEncoding,
  type ParadexRefreshRate,
} from './constants';
import { parseParadexBinaryFrame, parseParadexFrame } from './parse';
import { createParadexRest } from './rest';
import { paradexRules } from './rules';

export interface ParadexStreamSpecOptions {
  /** WS origin: `wss://ws.api.prod.paradex.trade`, or the simulator's `ws://127.0.0.1:<port>`. */
  wsUrl: string;
  /** REST origin, for `GET /v1/orderbook/{market}` snapshots. */
  restUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Channel payload encoding; default SBE (see the file comment). */
  encoding?: ParadexEncoding;
  /** Book feed; default `deltas` (full message, then changes). */
  feed?: ParadexBookFeed;
  refreshRate?: ParadexRefreshRate;
}

/** `/v1` on the origin, with the SBE opt-in parameters when channel data should be binary. */
export function paradexStreamUrl(wsUrl: string, encoding: ParadexEncoding = PARADEX_DEFAULT_ENCODING): string {
  if (!/^wss?:\/\//i.test(wsUrl)) throw new Error(`paradex: wsUrl must be a ws:// or wss:// origin, got ${wsUrl}`);
  const url = `${wsUrl.replace(/\/+$/, '')}${PARADEX_WS_PATH}`;
  if (encoding === 'json') return url;
  return `${url}?sbeSchemaId=${PARADEX_SBE_SCHEMA_ID}&sbeSchemaVersion=${PARADEX_SBE_SCHEMA_VERSION}`;
}

/** `order_book.BTC-USD-PERP.deltas@15@50ms` */
export function paradexBookChannel(
  symbol: string,
  feed: ParadexBookFeed = PARADEX_DEFAULT_BOOK_FEED,
  refreshRate: ParadexRefreshRate = PARADEX_DEFAULT_REFRESH_RATE,
): string {
  return `order_book.${symbol}.${feed}@15@${refreshRate}`;
}

export function createParadexStreamSpec(options: ParadexStreamSpecOptions): VenueStreamSpec {
  const encoding = options.encoding ?? PARADEX_DEFAULT_ENCODING;
  const url = paradexStreamUrl(options.wsUrl, encoding);
  const feed = options.feed ?? PARADEX_DEFAULT_BOOK_FEED;
  const refreshRate = options.refreshRate ?? PARADEX_DEFAULT_REFRESH_RATE;
  const rest = createParadexRest({ restUrl: options.restUrl, fetch: options.fetch, timeoutMs: options.timeoutMs });
  let nextId = 1;

  // JSON-RPC takes one channel per request; the id names the request in Paradex's reply.
  const frames = (method: 'subscribe' | 'unsubscribe', symbols: string[]): string[] =>
    symbols.map((symbol) =>
      JSON.stringify({
        jsonrpc: '2.0',
        method,
        params: { channel: paradexBookChannel(symbol, feed, refreshRate) },
        id: nextId++,
      }),
    );

  return {
    venue: 'paradex',
    resolveUrl: () => Promise.resolve(url),
    maxSymbolsPerConnection: PARADEX_MAX_SYMBOLS_PER_CONNECTION,
    subscribeFrames: (symbols) => frames('subscribe', symbols),
    unsubscribeFrames: (symbols) => frames('unsubscribe', symbols),
    // The server pings every 55 s and ws answers by itself; our own protocol ping keeps idle paths open.
    keepalive: { intervalMs: PARADEX_KEEPALIVE_INTERVAL_MS, frame: null },
    // Text frames: JSON channel data, and the JSON-RPC acks/errors that SBE connections still get as text.
    parse: parseParadexFrame,
    parseBinary: parseParadexBinaryFrame,
    rules: paradexRules,
    // Books start from the stream; the REST book (same top 15) is there for callers that want one.
    fetchSnapshot: (symbol, signal) => rest.fetchOrderbook(symbol, signal),
    // Unsubscribe then subscribe: Paradex restarts the channel with a full message.
    resyncFrames: (symbol) => [...frames('unsubscribe', [symbol]), ...frames('subscribe', [symbol])],
  };
}
