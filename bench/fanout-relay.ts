// The floor of bench/fanout.bench.ts: the least any fan-out can do on this machine. A bare `ws`
// server that relays each venue event to its subscribers as it comes: the venue's own stream
// parser, then the event's first levels with the same stamps the app sends, and no book, no
// sequence checks, no snapshots, no conflation, no slow-client handling. Same simulators, same
// clients, same protocol; run as its own process like the app.
//   node --import tsx bench/fanout-relay.ts '{"venues":{"binance":{"wsUrl":…,"restUrl":…},…}}'
// Prints `relay listening on ws://…` when ready.
import { createServer } from 'node:http';
import WebSocket, { WebSocketServer } from 'ws';
import type { BookEvent } from '../app/.server/market/types';
import { VENUE_MODULES, type VenueUrls } from '../app/.server/venues/registry';
import type { VenueId } from '../app/lib/venues';

const LEVELS = 20;
const { venues } = JSON.parse(process.argv[2] ?? '{}') as { venues: Partial<Record<VenueId, VenueUrls>> };

const subscribers = new Map<string, Set<WebSocket>>();
const upstreams = new Map<
  VenueId,
  { send(frame: string): void; subscribeFrames(symbols: string[]): string[]; subscribed: Set<string> }
>();

function relay(venue: VenueId, ev: BookEvent, recv: number): void {
  const subs = subscribers.get(`${venue}:${ev.symbol}`);
  if (!subs?.size) return;
  const msg = Buffer.from(
    JSON.stringify({
      exchange: venue,
      symbol: ev.symbol,
      b: ev.bids.slice(0, LEVELS),
      a: ev.asks.slice(0, LEVELS),
      ts: ev.ts,
      recv,
      seq: ev.seq,
    }),
  );
  for (const ws of subs) if (ws.readyState === WebSocket.OPEN) ws.send(msg, { binary: false });
}

async function connectUpstream(venue: VenueId, urls: VenueUrls): Promise<void> {
  const { spec } = VENUE_MODULES[venue]!.createClients(urls);
  const ws = new WebSocket(await spec.resolveUrl());
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const subscribed = new Set<string>();
  upstreams.set(venue, { send: (f) => ws.send(f), subscribeFrames: (s) => spec.subscribeFrames(s), subscribed });
  ws.on('message', (data, isBinary) => {
    const recv = Date.now();
    const events = isBinary ? spec.parseBinary?.(data as Buffer) : spec.parse(data.toString());
    for (const ev of events ?? []) relay(venue, ev, recv);
  });
  const keepalive = spec.keepalive;
  setInterval(() => (keepalive.frame ? ws.send(keepalive.frame) : ws.ping()), keepalive.intervalMs).unref();
  ws.on('close', () => {
    console.error(`relay: ${venue} upstream closed`);
    process.exit(1);
  });
}

await Promise.all(Object.entries(venues).map(([v, urls]) => connectUpstream(v as VenueId, urls)));

const server = createServer((_req, res) => res.writeHead(404).end());
const wss = new WebSocketServer({ server, path: '/ws' });
wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as { action?: string; exchange?: string; symbol?: string };
    if (m.action !== 'subscribe' || !m.exchange || !m.symbol) return;
    const venue = m.exchange.toLowerCase() as VenueId;
    const key = `${venue}:${m.symbol}`;
    let subs = subscribers.get(key);
    if (!subs) subscribers.set(key, (subs = new Set()));
    subs.add(ws);
    const up = upstreams.get(venue);
    if (up && !up.subscribed.has(m.symbol)) {
      up.subscribed.add(m.symbol);
      for (const f of up.subscribeFrames([m.symbol])) up.send(f);
    }
    ws.send(JSON.stringify({ type: 'subscribed', exchange: venue, symbol: m.symbol }));
  });
  ws.on('close', () => {
    for (const subs of subscribers.values()) subs.delete(ws);
  });
});
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  if (addr && typeof addr === 'object') console.log(`relay listening on ws://127.0.0.1:${addr.port}/ws`);
});
process.on('SIGTERM', () => process.exit(0));
