import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import depth from './fixtures/rest-depth.json';
import ws from './fixtures/ws-frames.json';
import { binanceRules } from './rules';
import {
  binanceDepthStreamName,
  binanceMarketStreamUrl,
  binancePublicStreamUrl,
  createBinanceStreamSpec,
} from './stream-spec';

const spec = (wsUrl = 'wss://fstream.binance.com', restUrl = 'https://fapi.binance.com') =>
  createBinanceStreamSpec({ wsUrl, restUrl });

describe('Binance stream URLs', () => {
  it('puts depth on /public and funding on /market of the given origin', async () => {
    await expect(spec().resolveUrl()).resolves.toBe('wss://fstream.binance.com/public/stream');
    await expect(spec('ws://127.0.0.1:1234/').resolveUrl()).resolves.toBe('ws://127.0.0.1:1234/public/stream');
    expect(binancePublicStreamUrl('wss://fstream.binance.com')).toBe('wss://fstream.binance.com/public/stream');
    expect(binanceMarketStreamUrl('wss://fstream.binance.com/')).toBe('wss://fstream.binance.com/market/stream');
  });

  it('refuses an origin that is not a WebSocket URL', () => {
    expect(() => spec('https://fstream.binance.com')).toThrow(/ws:\/\/ or wss:\/\//);
  });
});

describe('createBinanceStreamSpec', () => {
  it('subscribes lowercase depth streams with an incrementing id', () => {
    const s = spec();
    expect(binanceDepthStreamName('1000PEPEUSDT')).toBe('1000pepeusdt@depth@100ms');
    expect(s.subscribeFrames(['BTCUSDT', 'ETHUSDT']).map((f) => JSON.parse(f))).toEqual([
      { method: 'SUBSCRIBE', params: ['btcusdt@depth@100ms', 'ethusdt@depth@100ms'], id: 1 },
    ]);
    expect(s.unsubscribeFrames(['BTCUSDT']).map((f) => JSON.parse(f))).toEqual([
      { method: 'UNSUBSCRIBE', params: ['btcusdt@depth@100ms'], id: 2 },
    ]);
  });

  it('never puts more streams in one frame than a connection may carry', () => {
    const s = spec();
    const symbols = Array.from({ length: 450 }, (_, i) => `SYM${i}USDT`);
    const frames = s.subscribeFrames(symbols).map((f) => JSON.parse(f) as { params: string[]; id: number });
    expect(frames.map((f) => f.params.length)).toEqual([200, 200, 50]);
    expect(frames.map((f) => f.id)).toEqual([1, 2, 3]);
    expect(s.maxSymbolsPerConnection).toBe(200);
  });

  it('keeps alive with protocol pings and uses the futures rules', () => {
    const s = spec();
    expect(s.venue).toBe('binance');
    expect(s.keepalive).toEqual({ intervalMs: 60_000, frame: null });
    expect(s.rules).toBe(binanceRules);
    expect(s.compression).toBeUndefined();
    expect(s.parse(JSON.stringify(ws.bookDelta.message))?.[0]?.seq).toBe(475776380184);
    expect(s.parse(JSON.stringify(ws.subscribeAck.message))).toBeNull();
  });
});

describe('createBinanceStreamSpec fetchSnapshot', () => {
  let server: Server;
  let restUrl: string;
  let seenUrl = '';

  beforeAll(async () => {
    server = createServer((req, res) => {
      seenUrl = req.url ?? '';
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(depth.bookSnapshot.message));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    restUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('loads the REST snapshot the rules bridge from', async () => {
    const s = spec('ws://127.0.0.1:1', restUrl);
    const snap = await s.fetchSnapshot?.('BTCUSDT');
    expect(seenUrl).toBe('/fapi/v1/depth?symbol=BTCUSDT&limit=1000');
    expect(snap).toMatchObject({ kind: 'snapshot', symbol: 'BTCUSDT', seq: 1570255790655 });
  });

  it('honours an aborted signal', async () => {
    const s = spec('ws://127.0.0.1:1', restUrl);
    await expect(s.fetchSnapshot?.('BTCUSDT', AbortSignal.abort(new Error('stop')))).rejects.toThrow('stop');
  });
});
