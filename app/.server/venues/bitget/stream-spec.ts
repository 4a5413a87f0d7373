// How the socket layer streams Bitget USDT-futures books: the `books` channel on `/v2/ws/public`
// (snapshot, then updates checked by CRC32), the literal text `ping` every 30 s, and a resubscribe
// when a book breaks.
import type { VenueStreamSpec } from '~/.server/market/types';
import {
  BITGET_BOOK_CHANNEL,
  BITGET_KEEPALIVE_INTERVAL_MS,
  BITGET_MAX_ARGS_BYTES_PER_FRAME,
  BITGET_MAX_SYMBOLS_PER_CONNECTION,
  BITGET_PING_FRAME,
  BITGET_PRODUCT_TYPE,
  BITGET_PUBLIC_STREAM_PATH,
} from './constants';
import { parseBitgetFrame } from './parse';
import { bitgetRules } from './rules';

export interface BitgetStreamSpecOptions {
  /** WS origin: `wss://ws.bitget.com`, or the simulator's `ws://127.0.0.1:<port>`. */
  wsUrl: string;
  /** Accepted for a uniform call shape; Bitget books need no REST snapshot. */
  restUrl?: string;
}

export interface BitgetChannelArg {
  instType: string;
  channel: string;
  instId: string;
}

export function bitgetPublicStreamUrl(wsUrl: string): string {
  if (!/^wss?:\/\//i.test(wsUrl)) throw new Error(`bitget: wsUrl must be a ws:// or wss:// origin, got ${wsUrl}`);
  return `${wsUrl.replace(/\/+$/, '')}${BITGET_PUBLIC_STREAM_PATH}`;
}

export function bitgetBookArg(symbol: string): BitgetChannelArg {
  return { instType: BITGET_PRODUCT_TYPE, channel: BITGET_BOOK_CHANNEL, instId: symbol };
}

/**
 * `{"op":…,"args":[…]}` frames for these symbols' book channels, split so that no frame's args
 * exceed Bitget's 4096-byte budget per request.
 */
export function bitgetRequestFrames(op: 'subscribe' | 'unsubscribe', symbols: readonly string[]): string[] {
  const frames: string[] = [];
  let args: string[] = [];
  let bytes = 2; // the brackets of the args array
  const flush = () => {
    if (args.length > 0) frames.push(`{"op":"${op}","args":[${args.join(',')}]}`);
    args = [];
    bytes = 2;
  };
  for (const symbol of symbols) {
    const arg = JSON.stringify(bitgetBookArg(symbol));
    const argBytes = Buffer.byteLength(arg);
    // Each arg after the first also costs its comma.
    if (args.length > 0 && bytes + 1 + argBytes > BITGET_MAX_ARGS_BYTES_PER_FRAME) flush();
    bytes += (args.length > 0 ? 1 : 0) + argBytes;
    args.push(arg);
  }
  flush();
  return frames;
}

export function createBitgetStreamSpec(options: BitgetStreamSpecOptions): VenueStreamSpec {
  const url = bitgetPublicStreamUrl(options.wsUrl);
  return {
    venue: 'bitget',
    resolveUrl: () => Promise.resolve(url),
    maxSymbolsPerConnection: BITGET_MAX_SYMBOLS_PER_CONNECTION,
    subscribeFrames: (symbols) => bitgetRequestFrames('subscribe', symbols),
    unsubscribeFrames: (symbols) => bitgetRequestFrames('unsubscribe', symbols),
    keepalive: { intervalMs: BITGET_KEEPALIVE_INTERVAL_MS, frame: BITGET_PING_FRAME },
    parse: parseBitgetFrame,
    rules: bitgetRules,
    // Unsubscribe then subscribe: Bitget answers the new subscription with a fresh snapshot.
    resyncFrames: (symbol) => [
      ...bitgetRequestFrames('unsubscribe', [symbol]),
      ...bitgetRequestFrames('subscribe', [symbol]),
    ],
  };
}
