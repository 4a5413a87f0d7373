import { describe, expect, it } from 'vitest';
import { ParseError } from '~/.server/market/types';
import ws from './fixtures/ws-frames.json';
import { hyperliquidRules } from './rules';
import { createHyperliquidStreamSpec, hyperliquidStreamUrl } from './stream-spec';

const book = (coin: string, time: number, bid: string) =>
  JSON.stringify({
    channel: 'l2Book',
    data: { ...ws.bookSnapshotCcxtComment.message.data, coin, time, levels: [[{ px: bid, sz: '1.0', n: 1 }], []] },
  });
const ack = (method: string, coin: string) =>
  JSON.stringify({ channel: 'subscriptionResponse', data: { method, subscription: { type: 'l2Book', coin } } });

describe('createHyperliquidStreamSpec', () => {
  it('connects to /ws of the given origin', async () => {
    await expect(createHyperliquidStreamSpec({ wsUrl: 'wss://api.hyperliquid.xyz' }).resolveUrl()).resolves.toBe(
      'wss://api.hyperliquid.xyz/ws',
    );
    expect(hyperliquidStreamUrl('ws://127.0.0.1:4321/')).toBe('ws://127.0.0.1:4321/ws');
    expect(() => createHyperliquidStreamSpec({ wsUrl: 'https://api.hyperliquid.xyz' })).toThrow(/ws:\/\/ or wss:\/\//);
  });

  it('subscribes and unsubscribes l2Book one coin per frame, spelled as listed (kPEPE)', () => {
    const spec = createHyperliquidStreamSpec({ wsUrl: 'wss://api.hyperliquid.xyz' });
    expect(spec.subscribeFrames(['BTC', 'kPEPE'])).toEqual([
      '{"method":"subscribe","subscription":{"type":"l2Book","coin":"BTC"}}',
      '{"method":"subscribe","subscription":{"type":"l2Book","coin":"kPEPE"}}',
    ]);
    expect(spec.unsubscribeFrames(['ETH'])).toEqual([
      '{"method":"unsubscribe","subscription":{"type":"l2Book","coin":"ETH"}}',
    ]);
    expect(spec.resyncFrames?.('ETH')).toEqual([
      '{"method":"unsubscribe","subscription":{"type":"l2Book","coin":"ETH"}}',
      '{"method":"subscribe","subscription":{"type":"l2Book","coin":"ETH"}}',
    ]);
  });

  it('pings with {"method":"ping"} well inside the ~60 s idle limit, and needs no REST snapshot', () => {
    const spec = createHyperliquidStreamSpec({
      wsUrl: 'wss://api.hyperliquid.xyz',
      restUrl: 'https://api.hyperliquid.xyz',
    });
    expect(spec.venue).toBe('hyperliquid');
    expect(spec.keepalive.frame).toBe('{"method":"ping"}');
    expect(spec.keepalive.intervalMs).toBeGreaterThan(0);
    expect(spec.keepalive.intervalMs).toBeLessThanOrEqual(50_000);
    expect(spec.rules).toBe(hyperliquidRules);
    expect(spec.fetchSnapshot).toBeUndefined();
    expect(spec.maxSymbolsPerConnection).toBeGreaterThan(0);
  });

  it('parses book pushes and ignores the greeting, acks, pongs, errors and other channels', () => {
    const spec = createHyperliquidStreamSpec({ wsUrl: 'wss://api.hyperliquid.xyz' });
    expect(spec.parse(ws.connectionEstablished.text)).toBeNull();
    expect(spec.parse(ack('subscribe', 'BTC'))).toBeNull();
    expect(spec.parse(JSON.stringify(ws.pong.message))).toBeNull();
    expect(spec.parse(JSON.stringify(ws.errorShape.message))).toBeNull();
    expect(spec.parse(JSON.stringify(ws.fundingWs.message))).toBeNull();
    expect(spec.parse(JSON.stringify(ws.bookSnapshot.message))?.[0]).toMatchObject({
      kind: 'snapshot',
      symbol: 'BANANA',
      seq: 1730160007687,
    });
    expect(() => spec.parse('{"channel":"l2Book","data":')).toThrow(ParseError);
  });

  it('parses every push statelessly (ordering is BookSync\'s job)', () => {
    const spec = createHyperliquidStreamSpec({ wsUrl: 'wss://api.hyperliquid.xyz' });
    expect(spec.rules.orderedSnapshots).toBe(true);
    expect(spec.parse(book('BTC', 2000, '68000.0'))).toHaveLength(1);
    expect(spec.parse(book('BTC', 1999, '67999.0'))?.[0]?.bids).toEqual([[67999, 1]]);
    expect(spec.parse(ack('subscribe', 'BTC'))).toBeNull();
  });
});
