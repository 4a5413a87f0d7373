import { describe, expect, it } from 'vitest';
import ws from './fixtures/ws-frames.json';
import { bybitRules } from './rules';
import { bybitBookTopic, bybitLinearStreamUrl, createBybitStreamSpec } from './stream-spec';
import { BYBIT_MAX_ARGS_CHARS_PER_CONNECTION } from './constants';

type Request = { req_id: string; op: string; args: string[] };
const decode = (frames: string[]) => frames.map((f) => JSON.parse(f) as Request);

describe('createBybitStreamSpec', () => {
  it('connects to /v5/public/linear of the given origin', async () => {
    await expect(createBybitStreamSpec({ wsUrl: 'wss://stream.bybit.com' }).resolveUrl()).resolves.toBe(
      'wss://stream.bybit.com/v5/public/linear',
    );
    expect(bybitLinearStreamUrl('ws://127.0.0.1:4321/')).toBe('ws://127.0.0.1:4321/v5/public/linear');
    expect(() => createBybitStreamSpec({ wsUrl: 'https://stream.bybit.com' })).toThrow(/ws:\/\/ or wss:\/\//);
  });

  it('subscribes orderbook.50 topics with a req_id that changes per request', () => {
    const spec = createBybitStreamSpec({ wsUrl: 'wss://stream.bybit.com' });
    const [sub] = decode(spec.subscribeFrames(['BTCUSDT', '1000PEPEUSDT']));
    const [unsub] = decode(spec.unsubscribeFrames(['BTCUSDT']));
    expect(sub).toMatchObject({ op: 'subscribe', args: ['orderbook.50.BTCUSDT', 'orderbook.50.1000PEPEUSDT'] });
    expect(unsub).toMatchObject({ op: 'unsubscribe', args: ['orderbook.50.BTCUSDT'] });
    expect(sub?.req_id).not.toBe(unsub?.req_id);
  });

  it('keeps a full connection of long symbols well under the 21,000-char args budget', () => {
    const spec = createBybitStreamSpec({ wsUrl: 'wss://stream.bybit.com' });
    // 1000000BABYDOGEUSDT-length names and longer, as many as one connection carries.
    const symbols = Array.from({ length: spec.maxSymbolsPerConnection }, (_, i) => `1000000BABYDOGE${i}USDT`);
    const requests = decode(spec.subscribeFrames(symbols));
    const args = requests.flatMap((r) => r.args);
    expect(args).toHaveLength(200);
    expect(new Set(args).size).toBe(200);
    expect(JSON.stringify(args).length).toBeLessThan(BYBIT_MAX_ARGS_CHARS_PER_CONNECTION / 2);
    expect(requests.every((r) => r.args.length <= 50)).toBe(true);
  });

  it('pings with {"op":"ping"} every 20 s and parses book frames', () => {
    const spec = createBybitStreamSpec({ wsUrl: 'wss://stream.bybit.com' });
    expect(spec.venue).toBe('bybit');
    expect(spec.keepalive).toEqual({ intervalMs: 20_000, frame: '{"op":"ping"}' });
    expect(spec.rules).toBe(bybitRules);
    expect(spec.fetchSnapshot).toBeUndefined();
    expect(spec.parse(JSON.stringify(ws.bookSnapshot.message))?.[0]?.seq).toBe(18521288);
    expect(spec.parse(JSON.stringify(ws.pongLinear.message))).toBeNull();
  });

  it('resyncs one symbol by unsubscribing then subscribing it', () => {
    const spec = createBybitStreamSpec({ wsUrl: 'wss://stream.bybit.com' });
    expect(bybitBookTopic('ETHUSDT')).toBe('orderbook.50.ETHUSDT');
    const frames = decode(spec.resyncFrames?.('ETHUSDT') ?? []);
    expect(frames.map((f) => [f.op, f.args])).toEqual([
      ['unsubscribe', ['orderbook.50.ETHUSDT']],
      ['subscribe', ['orderbook.50.ETHUSDT']],
    ]);
  });
});
