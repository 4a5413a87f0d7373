// How the socket layer streams Binance USDⓈ-M books: one combined-stream socket on `/public`
// carrying up to 200 `<sym>@depth@100ms` streams, REST snapshots to start each book.
import type { VenueStreamSpec } from '~/.server/market/types';
import {
  BINANCE_DEPTH_STREAM_SUFFIX,
  BINANCE_KEEPALIVE_INTERVAL_MS,
  BINANCE_MARKET_STREAM_PATH,
  BINANCE_MAX_STREAMS_PER_CONNECTION,
  BINANCE_PUBLIC_STREAM_PATH,
} from './constants';
import { parseBinanceFrame } from './parse';
import { createBinanceRest } from './rest';
import { binanceRules } from './rules';

export interface BinanceStreamSpecOptions {
  /** WS origin: `wss://fstream.binance.com`, or the simulator's `ws://127.0.0.1:<port>`. */
  wsUrl: string;
  /** REST origin for depth snapshots. */
  restUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

function wsOrigin(wsUrl: string): string {
  if (!/^wss?:\/\//i.test(wsUrl)) throw new Error(`binance: wsUrl must be a ws:// or wss:// origin, got ${wsUrl}`);
  return wsUrl.replace(/\/+$/, '');
}

/** Depth and bookTicker live on `/public` since Binance's 2026 URL split. */
export function binancePublicStreamUrl(wsUrl: string): string {
  return `${wsOrigin(wsUrl)}${BINANCE_PUBLIC_STREAM_PATH}`;
}

/** Mark price / funding (`<sym>@markPrice`, `!markPrice@arr@1s`) live on `/market`. */
export function binanceMarketStreamUrl(wsUrl: string): string {
  return `${wsOrigin(wsUrl)}${BINANCE_MARKET_STREAM_PATH}`;
}

/** Stream names are lowercase: BTCUSDT → `btcusdt@depth@100ms`. */
export function binanceDepthStreamName(symbol: string): string {
  return `${symbol.toLowerCase()}${BINANCE_DEPTH_STREAM_SUFFIX}`;
}

export function createBinanceStreamSpec(options: BinanceStreamSpecOptions): VenueStreamSpec {
  const url = binancePublicStreamUrl(options.wsUrl);
  const rest = createBinanceRest({ restUrl: options.restUrl, fetch: options.fetch, timeoutMs: options.timeoutMs });
  let nextId = 1;

  // One frame per call (up to the per-connection cap): every frame counts against 10 messages/s.
  const frames = (method: 'SUBSCRIBE' | 'UNSUBSCRIBE', symbols: string[]): string[] => {
    const out: string[] = [];
    for (let i = 0; i < symbols.length; i += BINANCE_MAX_STREAMS_PER_CONNECTION) {
      const params = symbols.slice(i, i + BINANCE_MAX_STREAMS_PER_CONNECTION).map(binanceDepthStreamName);
      out.push(JSON.stringify({ method, params, id: nextId++ }));
    }
    return out;
  };

  return {
    venue: 'binance',
    resolveUrl: () => Promise.resolve(url),
    maxSymbolsPerConnection: BINANCE_MAX_STREAMS_PER_CONNECTION,
    subscribeFrames: (symbols) => frames('SUBSCRIBE', symbols),
    unsubscribeFrames: (symbols) => frames('UNSUBSCRIBE', symbols),
    // The server pings every 3 min and ws answers those by itself; our protocol ping keeps the link checked.
    keepalive: { intervalMs: BINANCE_KEEPALIVE_INTERVAL_MS, frame: null },
    parse: parseBinanceFrame,
    rules: binanceRules,
    fetchSnapshot: (symbol, signal) => rest.fetchDepthSnapshot(symbol, signal),
  };
}
