import { describe, expect, it } from 'vitest';
import ws from './fixtures/ws-frames.json';
import { paradexRules } from './rules';
import { encodeSbeBook, encodeSbeHeartbeat } from './sbe-encode';
import { createParadexStreamSpec, paradexBookChannel, paradexStreamUrl } from './stream-spec';

type Request = { jsonrpc: string; method: string; params: { channel: string }; id: number };
const decode = (frames: string[]) => frames.map((f) => JSON.parse(f) as Request);
const origins = { wsUrl: 'wss://ws.api.prod.paradex.trade', restUrl: 'https://api.prod.paradex.trade' };

describe('paradexStreamUrl', () => {
  it('appends /v1, and the SBE opt-in parameters unless JSON is asked for', () => {
    expect(paradexStreamUrl('wss://ws.api.prod.paradex.trade', 'json')).toBe('wss://ws.api.prod.paradex.trade/v1');
    expect(paradexStreamUrl('ws://127.0.0.1:4321/', 'sbe')).toBe(
      'ws://127.0.0.1:4321/v1?sbeSchemaId=1&sbeSchemaVersion=1',
    );
    expect(() => paradexStreamUrl('https://api.prod.paradex.trade')).toThrow(/ws:\/\/ or wss:\/\//);
  });
});

describe('createParadexStreamSpec', () => {
  it('defaults to SBE, the encoding Paradex requires for public data since 21 September 2026', async () => {
    await expect(createParadexStreamSpec(origins).resolveUrl()).resolves.toBe(
      'wss://ws.api.prod.paradex.trade/v1?sbeSchemaId=1&sbeSchemaVersion=1',
    );
    await expect(createParadexStreamSpec({ ...origins, encoding: 'json' }).resolveUrl()).resolves.toBe(
      'wss://ws.api.prod.paradex.trade/v1',
    );
  });

  it('subscribes one deltas@15@50ms channel per JSON-RPC request, with increasing ids', () => {
    const spec = createParadexStreamSpec(origins);
    const subs = decode(spec.subscribeFrames(['BTC-USD-PERP', 'ETH-USD-PERP']));
    const [unsub] = decode(spec.unsubscribeFrames(['BTC-USD-PERP']));
    expect(subs).toEqual([
      { jsonrpc: '2.0', method: 'subscribe', params: { channel: 'order_book.BTC-USD-PERP.deltas@15@50ms' }, id: 1 },
      { jsonrpc: '2.0', method: 'subscribe', params: { channel: 'order_book.ETH-USD-PERP.deltas@15@50ms' }, id: 2 },
    ]);
    expect(unsub).toMatchObject({
      method: 'unsubscribe',
      params: { channel: 'order_book.BTC-USD-PERP.deltas@15@50ms' },
      id: 3,
    });
    // The documented request shape, apart from the feed and id.
    expect(Object.keys(subs[0]!).sort()).toEqual(Object.keys(ws.subscribeRequest.message).sort());
  });

  it('can use the snapshot feed and the 100 ms rate', () => {
    const spec = createParadexStreamSpec({ ...origins, feed: 'snapshot', refreshRate: '100ms' });
    expect(decode(spec.subscribeFrames(['SOL-USD-PERP']))[0]?.params.channel).toBe(
      'order_book.SOL-USD-PERP.snapshot@15@100ms',
    );
    expect(paradexBookChannel('BTC-USD-PERP')).toBe('order_book.BTC-USD-PERP.deltas@15@50ms');
  });

  it('leaves keepalive to protocol pings and parses text and binary book frames', () => {
    const spec = createParadexStreamSpec(origins);
    expect(spec.venue).toBe('paradex');
    expect(spec.keepalive).toEqual({ intervalMs: 30_000, frame: null });
    expect(spec.compression).toBeUndefined();
    expect(spec.rules).toBe(paradexRules);
    expect(spec.parse(JSON.stringify(ws.bookSnapshot.message))?.[0]?.seq).toBe(14127815);
    expect(spec.parse(JSON.stringify(ws.subscribeAck.message))).toBeNull();
    const bytes = encodeSbeBook({
      tsUs: 1_000,
      seq: 9,
      pkgType: 'snapshot',
      bids: [['1.5', '2']],
      asks: [],
      market: 'X-USD-PERP',
    });
    expect(spec.parseBinary?.(bytes)).toEqual([
      { kind: 'snapshot', symbol: 'X-USD-PERP', bids: [[1.5, 2]], asks: [], seq: 9, ts: 1 },
    ]);
    expect(spec.parseBinary?.(encodeSbeHeartbeat({ tsUs: 1, seq: 1 }))).toBeNull();
  });

  it('resyncs one market by unsubscribing then subscribing its channel', () => {
    const spec = createParadexStreamSpec(origins);
    const frames = decode(spec.resyncFrames?.('ETH-USD-PERP') ?? []);
    expect(frames.map((f) => [f.method, f.params.channel])).toEqual([
      ['unsubscribe', 'order_book.ETH-USD-PERP.deltas@15@50ms'],
      ['subscribe', 'order_book.ETH-USD-PERP.deltas@15@50ms'],
    ]);
    expect(spec.maxSymbolsPerConnection).toBe(50);
  });
});
