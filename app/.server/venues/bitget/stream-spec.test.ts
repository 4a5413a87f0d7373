import { describe, expect, it } from 'vitest';
import ws from './fixtures/ws-frames.json';
import { BITGET_MAX_ARGS_BYTES_PER_FRAME } from './constants';
import { bitgetRules } from './rules';
import { bitgetBookArg, bitgetPublicStreamUrl, bitgetRequestFrames, createBitgetStreamSpec } from './stream-spec';

type Request = { op: string; args: { instType: string; channel: string; instId: string }[] };
const decode = (frames: string[]) => frames.map((f) => JSON.parse(f) as Request);

describe('createBitgetStreamSpec', () => {
  it('connects to /v2/ws/public of the given origin', async () => {
    await expect(createBitgetStreamSpec({ wsUrl: 'wss://ws.bitget.com' }).resolveUrl()).resolves.toBe(
      'wss://ws.bitget.com/v2/ws/public',
    );
    expect(bitgetPublicStreamUrl('ws://127.0.0.1:4321/')).toBe('ws://127.0.0.1:4321/v2/ws/public');
    expect(() => createBitgetStreamSpec({ wsUrl: 'https://ws.bitget.com' })).toThrow(/ws:\/\/ or wss:\/\//);
  });

  it('subscribes the books channel exactly as documented', () => {
    const spec = createBitgetStreamSpec({ wsUrl: 'wss://ws.bitget.com', restUrl: 'https://api.bitget.com' });
    expect(spec.subscribeFrames(['BTCUSDT'])).toEqual([JSON.stringify(ws.subscribeRequestDoc.message)]);
    expect(spec.unsubscribeFrames(['BTCUSDT'])).toEqual([JSON.stringify(ws.unsubscribeRequestDoc.message)]);
    expect(bitgetBookArg('1000SATSUSDT')).toEqual({
      instType: 'USDT-FUTURES',
      channel: 'books',
      instId: '1000SATSUSDT',
    });
  });

  it('splits a full connection of long symbols into frames whose args stay within 4096 bytes', () => {
    const spec = createBitgetStreamSpec({ wsUrl: 'wss://ws.bitget.com' });
    expect(spec.maxSymbolsPerConnection).toBeLessThan(50);
    const symbols = Array.from({ length: 200 }, (_, i) => `1000000BABYDOGE${i}USDT`);
    const frames = bitgetRequestFrames('subscribe', symbols);
    expect(frames.length).toBeGreaterThan(1);
    const requests = decode(frames);
    expect(requests.flatMap((r) => r.args.map((a) => a.instId))).toEqual(symbols);
    for (const r of requests) {
      expect(r.op).toBe('subscribe');
      expect(Buffer.byteLength(JSON.stringify(r.args))).toBeLessThanOrEqual(BITGET_MAX_ARGS_BYTES_PER_FRAME);
    }
    // Greedy packing: no frame but the last could have taken the next arg.
    const argBytes = Buffer.byteLength(JSON.stringify(bitgetBookArg(symbols[0]!)));
    for (const r of requests.slice(0, -1)) {
      expect(Buffer.byteLength(JSON.stringify(r.args)) + 1 + argBytes).toBeGreaterThan(
        BITGET_MAX_ARGS_BYTES_PER_FRAME - 10,
      );
    }
    expect(bitgetRequestFrames('subscribe', [])).toEqual([]);
  });

  it('pings with the literal text "ping" every 30 s and parses books frames only', () => {
    const spec = createBitgetStreamSpec({ wsUrl: 'wss://ws.bitget.com' });
    expect(spec.venue).toBe('bitget');
    expect(spec.keepalive).toEqual({ intervalMs: 30_000, frame: 'ping' });
    expect(spec.compression).toBeUndefined();
    expect(spec.rules).toBe(bitgetRules);
    expect(spec.fetchSnapshot).toBeUndefined();
    expect(spec.parse(JSON.stringify(ws.bookDelta.message))?.[0]?.symbol).toBe('AXSUSDT');
    expect(spec.parse('pong')).toBeNull();
    expect(spec.parse(JSON.stringify(ws.subscribeAckDoc.message))).toBeNull();
  });

  it('resyncs one symbol by unsubscribing then subscribing it', () => {
    const spec = createBitgetStreamSpec({ wsUrl: 'wss://ws.bitget.com' });
    const frames = decode(spec.resyncFrames?.('ETHUSDT') ?? []);
    expect(frames.map((f) => [f.op, f.args.map((a) => `${a.channel}:${a.instId}`)])).toEqual([
      ['unsubscribe', ['books:ETHUSDT']],
      ['subscribe', ['books:ETHUSDT']],
    ]);
  });
});
