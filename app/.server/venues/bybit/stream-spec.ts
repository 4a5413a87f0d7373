// How the socket layer streams Bybit linear books: `orderbook.50.<SYM>` topics on
// `/v5/public/linear`, snapshots from the stream itself, an application ping every 20 s.
import type { VenueStreamSpec } from '~/.server/market/types';
import {
  BYBIT_BOOK_TOPIC_PREFIX,
  BYBIT_KEEPALIVE_INTERVAL_MS,
  BYBIT_LINEAR_STREAM_PATH,
  BYBIT_MAX_SYMBOLS_PER_CONNECTION,
  BYBIT_MAX_TOPICS_PER_FRAME,
  BYBIT_PING_FRAME,
} from './constants';
import { parseBybitFrame } from './parse';
import { bybitRules } from './rules';

export interface BybitStreamSpecOptions {
  /** WS origin: `wss://stream.bybit.com`, or the simulator's `ws://127.0.0.1:<port>`. */
  wsUrl: string;
}

export function bybitLinearStreamUrl(wsUrl: string): string {
  if (!/^wss?:\/\//i.test(wsUrl)) throw new Error(`bybit: wsUrl must be a ws:// or wss:// origin, got ${wsUrl}`);
  return `${wsUrl.replace(/\/+$/, '')}${BYBIT_LINEAR_STREAM_PATH}`;
}

export function bybitBookTopic(symbol: string): string {
  return `${BYBIT_BOOK_TOPIC_PREFIX}${symbol}`;
}

export function createBybitStreamSpec(options: BybitStreamSpecOptions): VenueStreamSpec {
  const url = bybitLinearStreamUrl(options.wsUrl);
  let nextReqId = 1;

  const frames = (op: 'subscribe' | 'unsubscribe', symbols: string[]): string[] => {
    const out: string[] = [];
    for (let i = 0; i < symbols.length; i += BYBIT_MAX_TOPICS_PER_FRAME) {
      const args = symbols.slice(i, i + BYBIT_MAX_TOPICS_PER_FRAME).map(bybitBookTopic);
      // req_id names the request in Bybit's reply, so a failed ack can be traced to its frame.
      out.push(JSON.stringify({ req_id: `${op === 'subscribe' ? 'sub' : 'unsub'}-${nextReqId++}`, op, args }));
    }
    return out;
  };

  return {
    venue: 'bybit',
    resolveUrl: () => Promise.resolve(url),
    maxSymbolsPerConnection: BYBIT_MAX_SYMBOLS_PER_CONNECTION,
    subscribeFrames: (symbols) => frames('subscribe', symbols),
    unsubscribeFrames: (symbols) => frames('unsubscribe', symbols),
    keepalive: { intervalMs: BYBIT_KEEPALIVE_INTERVAL_MS, frame: BYBIT_PING_FRAME },
    parse: parseBybitFrame,
    rules: bybitRules,
    // Unsubscribe then subscribe: Bybit answers the new subscription with a fresh snapshot.
    resyncFrames: (symbol) => [...frames('unsubscribe', [symbol]), ...frames('subscribe', [symbol])],
  };
}
