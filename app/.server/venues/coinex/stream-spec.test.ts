import { describe, expect, it } from 'vitest';
import ws from './fixtures/ws-frames.json';
import { COINEX_MAX_MARKETS_PER_FRAME } from './constants';
import { coinexRules } from './rules';
import { coinexFuturesStreamUrl, createCoinexStreamSpec } from './stream-spec';

type Request = { method: string; params: { market_list: unknown[] }; id: number };
const decode = (frames: string[]) => frames.map((f) => JSON.parse(f) as Request);
const spec = () => createCoinexStreamSpec({ wsUrl: 'wss://socket.coinex.com', restUrl: 'https://api.coinex.com' });

describe('createCoinexStreamSpec', () => {
  it('connects to /v2/futures of the given origin', async () => {
    await expect(spec().resolveUrl()).resolves.toBe('wss://socket.coinex.com/v2/futures');
    expect(coinexFuturesStreamUrl('ws://127.0.0.1:4321/')).toBe('ws://127.0.0.1:4321/v2/futures');
    expect(() => createCoinexStreamSpec({ wsUrl: 'https://socket.coinex.com', restUrl: 'x' })).toThrow(
      /ws:\/\/ or wss:\/\//,
    );
  });

  it('subscribes 50-level incremental books without merging, with a fresh id per request', () => {
    const s = spec();
    const [sub] = decode(s.subscribeFrames(['BTCUSDT', 'PEPEUSDT']));
    const [unsub] = decode(s.unsubscribeFrames(['BTCUSDT']));
    expect(sub).toMatchObject({
      method: 'depth.subscribe',
      params: {
        market_list: [
          ['BTCUSDT', 50, '0', false],
          ['PEPEUSDT', 50, '0', false],
        ],
      },
    });
    // Unsubscribe names markets only.
    expect(unsub).toMatchObject({ method: 'depth.unsubscribe', params: { market_list: ['BTCUSDT'] } });
    expect(unsub!.id).toBeGreaterThan(sub!.id);
  });

  it('splits long market lists across frames', () => {
    const symbols = Array.from({ length: COINEX_MAX_MARKETS_PER_FRAME + 3 }, (_, i) => `C${i}USDT`);
    const frames = decode(spec().subscribeFrames(symbols));
    expect(frames.map((f) => f.params.market_list.length)).toEqual([COINEX_MAX_MARKETS_PER_FRAME, 3]);
    expect(frames.flatMap((f) => f.params.market_list.map((m) => (m as unknown[])[0]))).toEqual(symbols);
  });

  it('pings with server.ping, inflates gzip frames and resyncs by resubscribing', () => {
    const s = spec();
    expect(s.compression).toBe('gzip');
    expect(s.keepalive.intervalMs).toBeGreaterThan(0);
    expect(JSON.parse(s.keepalive.frame!)).toMatchObject({ method: 'server.ping', params: {} });
    expect(s.rules).toBe(coinexRules);
    const resync = decode(s.resyncFrames!('ETHUSDT'));
    expect(resync.map((f) => [f.method, f.params.market_list])).toEqual([
      ['depth.unsubscribe', ['ETHUSDT']],
      ['depth.subscribe', [['ETHUSDT', 50, '0', false]]],
    ]);
  });

  it('parses depth pushes into book events and ignores other frames', () => {
    const s = spec();
    expect(s.parse(JSON.stringify(ws.bookSnapshot.message))?.[0]).toMatchObject({
      kind: 'snapshot',
      symbol: 'BTCUSDT',
    });
    expect(s.parse('{"id":1,"code":0,"data":{"result":"pong"},"message":"OK"}')).toBeNull();
  });
});
