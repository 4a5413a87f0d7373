import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NetworkError, ParseError, VenueError } from '~/.server/market/types';
import rest from './fixtures/rest-market.json';
import ws from './fixtures/ws-frames.json';
import { KUCOIN_WS_URL } from './constants';
import { kucoinRules } from './rules';
import { createKucoinStreamSpec, kucoinConnectUrl, kucoinLevel2Topic } from './stream-spec';

// Bullets and contracts from a local server; the first path segment picks the bullet variant.
let server: Server;
let origin: string;
const requests: string[] = [];
const bullet = rest.bulletPublic.response;
const withServer = (patch: object) => ({
  ...bullet,
  data: { ...bullet.data, instanceServers: [{ ...bullet.data.instanceServers[0]!, ...patch }] },
});

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const [, mode, ...tail] = url.pathname.split('/');
  const path = `/${tail.join('/')}`;
  requests.push(`${req.method} ${path}`);
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (path === '/api/v1/contracts/active') {
    return mode === 'nocontracts' ? json(503, { msg: 'busy' }) : json(200, rest.fundingRest.response);
  }
  if (path === '/api/v1/level2/snapshot') return json(200, rest.bookSnapshotReal.response);
  if (path !== '/api/v1/bullet-public' || req.method !== 'POST') return json(404, { code: '404000' });
  switch (mode) {
    case 'ping5s':
      return json(200, withServer({ pingInterval: 5000 }));
    case 'ping50s':
      return json(200, withServer({ pingInterval: 50000 }));
    case 'https':
      return json(200, withServer({ endpoint: 'https://ws-api-futures.kucoin.com/' }));
    case '429':
      return json(429, { code: '429000', msg: 'Too Many Requests' });
    default:
      return json(200, bullet);
  }
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  requests.length = 0;
});

function spec(mode = 'ok', wsUrl = KUCOIN_WS_URL, extra: { wsUrlMode?: 'auto' | 'fallback' | 'override' } = {}) {
  let n = 0;
  return createKucoinStreamSpec({
    wsUrl,
    restUrl: `${origin}/${mode}`,
    connectId: () => `conn-${++n}`,
    timeoutMs: 2000,
    ...extra,
  });
}

describe('createKucoinStreamSpec', () => {
  it('connects to the bullet endpoint with its token and a connectId, after loading the contracts', async () => {
    const s = spec();
    const url = new URL(await s.resolveUrl());
    expect(`${url.protocol}//${url.host}${url.pathname}`).toBe('wss://ws-api-futures.kucoin.com/');
    // The token carries '=' and '.', which must survive the query string.
    expect(url.searchParams.get('token')).toBe(bullet.data.token);
    expect(url.searchParams.get('connectId')).toBe('conn-1');
    expect(requests.sort()).toEqual(['GET /api/v1/contracts/active', 'POST /api/v1/bullet-public']);
    expect(s.rest.contractSizes.get('XBTUSDTM')).toBe(0.001);
  });

  it('pings with {"id","type":"ping"} at the bullet interval, capped at 18 s', async () => {
    const s = spec('ping5s');
    await s.resolveUrl();
    expect(s.keepalive.intervalMs).toBe(5000);
    expect(JSON.parse(s.keepalive.frame!)).toEqual({ id: 'conn-1', type: 'ping' });
    const slow = spec('ping50s');
    await slow.resolveUrl();
    expect(slow.keepalive.intervalMs).toBe(18_000);
  });

  it('takes a fresh bullet and connectId on every connect, the contract table only once', async () => {
    const s = spec();
    const first = new URL(await s.resolveUrl()).searchParams.get('connectId');
    const second = new URL(await s.resolveUrl()).searchParams.get('connectId');
    expect(first).not.toBe(second);
    expect(requests.filter((r) => r.endsWith('bullet-public'))).toHaveLength(2);
    expect(requests.filter((r) => r.endsWith('contracts/active'))).toHaveLength(1);
  });

  it('uses the configured wsUrl as an override when it is not the production host, or when told to', async () => {
    const local = new URL(await spec('ok', 'ws://127.0.0.1:4321').resolveUrl());
    expect(local.origin).toBe('ws://127.0.0.1:4321');
    expect(local.searchParams.get('token')).toBe(bullet.data.token);
    const followed = new URL(await spec('ok', 'ws://127.0.0.1:4321', { wsUrlMode: 'fallback' }).resolveUrl());
    expect(followed.host).toBe('ws-api-futures.kucoin.com');
    const forced = new URL(await spec('ok', KUCOIN_WS_URL, { wsUrlMode: 'override' }).resolveUrl());
    expect(forced.host).toBe('ws-api-futures.kucoin.com');
  });

  it('falls back to the configured wsUrl when the bullet names no ws:// endpoint', async () => {
    const url = new URL(await spec('https', 'wss://ws-backup.example', { wsUrlMode: 'fallback' }).resolveUrl());
    expect(url.host).toBe('ws-backup.example');
  });

  it('fails to resolve when the venue refuses the bullet or the first contract list', async () => {
    await expect(spec('429').resolveUrl()).rejects.toThrow(VenueError);
    await expect(spec('nocontracts').resolveUrl()).rejects.toThrow(NetworkError);
    expect(() => spec('ok', 'https://ws-api-futures.kucoin.com')).toThrow(/ws:\/\/ or wss:\/\//);
  });

  it('subscribes comma-joined level2 topics, at most 100 symbols per request, with fresh ids', () => {
    const s = spec();
    const [sub] = s.subscribeFrames(['XBTUSDTM', 'ETHUSDTM']).map((f) => JSON.parse(f) as Record<string, unknown>);
    expect(sub).toEqual({
      id: '1',
      type: 'subscribe',
      topic: '/contractMarket/level2:XBTUSDTM,ETHUSDTM',
      privateChannel: false,
      response: true,
    });
    const [unsub] = s.unsubscribeFrames(['ETHUSDTM']).map((f) => JSON.parse(f) as Record<string, unknown>);
    expect(unsub).toMatchObject({ id: '2', type: 'unsubscribe', topic: '/contractMarket/level2:ETHUSDTM' });
    const many = Array.from({ length: 250 }, (_, i) => `C${i}USDTM`);
    const topics = s.subscribeFrames(many).map((f) => (JSON.parse(f) as { topic: string }).topic);
    expect(topics.map((t) => t.split(',').length)).toEqual([100, 100, 50]);
    expect(topics.join(',').split(',').length).toBe(250);
    expect(s.maxSymbolsPerConnection).toBe(100);
  });

  it('parses level2 frames once the contract table is loaded, and snapshots over REST', async () => {
    const s = spec();
    expect(s.venue).toBe('kucoin');
    expect(s.rules).toBe(kucoinRules);
    expect(s.resyncFrames).toBeUndefined();
    expect(s.compression).toBeUndefined();
    expect(() => s.parse(JSON.stringify(ws.bookDelta.message))).toThrow(ParseError);
    await s.resolveUrl();
    expect(s.parse(JSON.stringify(ws.bookDelta.message))).toEqual([
      { kind: 'delta', symbol: 'XBTUSDTM', bids: [], asks: [[90631.2, 0.002]], seq: 1709400450243, ts: 1731897467182 },
    ]);
    expect(s.parse(JSON.stringify(ws.control.pong))).toBeNull();
    await expect(s.fetchSnapshot!('XBTUSDTM')).resolves.toMatchObject({ kind: 'snapshot', seq: 1645045405918 });
  });

  it('builds connect URLs and topics the documented way', () => {
    expect(kucoinConnectUrl('wss://ws-api-futures.kucoin.com/', 'a=b.c==', 'x1')).toBe(
      'wss://ws-api-futures.kucoin.com/?token=a%3Db.c%3D%3D&connectId=x1',
    );
    expect(kucoinConnectUrl('wss://push.kucoin.com/endpoint', 't', 'x')).toBe(
      'wss://push.kucoin.com/endpoint?token=t&connectId=x',
    );
    expect(kucoinLevel2Topic(['XBTUSDTM', 'ETHUSDTM'])).toBe('/contractMarket/level2:XBTUSDTM,ETHUSDTM');
  });
});
