// The whole path a trader's browser sees: venue simulator → the app process (streamer, books,
// hub) → a real `ws` client on /ws. Books must equal the venue's own top N at quiescence, a
// sequence gap must be healed, and the last unsubscribe must stop the upstream stream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Level } from '~/.server/market/types';
import { VENUE_MODULES } from '~/.server/venues/registry';
import type { VenueSimulator } from '~/.server/venues/sim/server';
import type { VenueId } from '~/lib/venues';
import type { AppProcess } from '../support/app-process';
import { startAppWithSimulators, type AppWithSimulators } from '../support/app-with-simulators';
import { testDatabaseUrl } from './helpers';

const VENUES = Object.keys(VENUE_MODULES) as VenueId[];
const DEPTH = 20;
/** Hyperliquid sends whole snapshots with no sequence: its "gap" fault is an older snapshot, which must be skipped, not resynced. */
const NO_SEQUENCE: ReadonlySet<VenueId> = new Set(['hyperliquid']);
/** Venues whose book channel carries fewer levels than we ask for (Paradex: order_book.<m>.deltas@15). */
const VENUE_BOOK_DEPTH: Partial<Record<VenueId, number>> = { paradex: 15 };

interface BookMsg {
  exchange: string;
  symbol: string;
  b: Level[];
  a: Level[];
  status?: string;
  seq?: number;
}

class Client {
  readonly books = new Map<string, BookMsg>();
  readonly messages: Record<string, unknown>[] = [];
  constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as Record<string, unknown>;
      this.messages.push(m);
      if ('b' in m) this.books.set(`${m.exchange}:${m.symbol}`, m as unknown as BookMsg);
    });
  }
  static open(url: string): Promise<Client> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once('open', () => resolve(new Client(ws)));
      ws.once('error', reject);
    });
  }
  send(m: object) {
    this.ws.send(JSON.stringify(m));
  }
}

async function waitFor(cond: () => boolean, timeoutMs: number, what: string) {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function waitForAsync(cond: () => Promise<boolean>, timeoutMs: number, what: string) {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function sameTop(sim: VenueSimulator, symbol: string, msg: BookMsg | undefined): boolean {
  if (!msg || msg.status) return false;
  const truth = sim.market.book(symbol, VENUE_BOOK_DEPTH[sim.venue] ?? DEPTH);
  return JSON.stringify(msg.b) === JSON.stringify(truth.bids) && JSON.stringify(msg.a) === JSON.stringify(truth.asks);
}

describe('app + venue simulators + ws client', () => {
  let sims: Map<VenueId, VenueSimulator>;
  let app: AppProcess;
  let env: AppWithSimulators;
  beforeAll(async () => {
    env = await startAppWithSimulators({ DATABASE_URL: testDatabaseUrl(), STREAM_GRACE_MS: '200' });
    ({ app, sims } = env);
  });
  afterAll(async () => {
    await env?.close();
  });

  async function resyncsOf(venue: VenueId): Promise<number> {
    const body = (await (await fetch(`${app.url}/healthz`)).json()) as { venues: { venue: string; resyncs: { total: number } }[] };
    return body.venues.find((v) => v.venue === venue)?.resyncs.total ?? 0;
  }

  describe.each(VENUES)('%s', (venue) => {
    it('serves the venue book exactly, heals a gap and a dropped connection, and stops the upstream after the last unsubscribe', async () => {
      const sim = sims.get(venue)!;
      const symbol = sim.market.symbols()[0]!;
      const key = `${venue}:${symbol}`;
      const client = await Client.open(app.url.replace('http', 'ws') + '/ws');
      client.send({ action: 'subscribe', exchange: venue.toUpperCase(), symbol, depth: DEPTH });
      await waitFor(() => client.books.get(key)?.status === undefined && (client.books.get(key)?.b.length ?? 0) > 0, 15_000, 'a live book');

      sim.pause();
      await waitFor(() => sameTop(sim, symbol, client.books.get(key)), 5_000, 'the book to equal the venue top 20');
      sim.resume();

      // A lost message must be noticed (resync, never a silently wrong book) and healed. The
      // "resyncing" message itself may be conflated away when the rebuild is quick, so the
      // venue's resync counter is the evidence.
      const before = await resyncsOf(venue);
      sim.faults.gapOnce(symbol);
      if (!NO_SEQUENCE.has(venue)) {
        await waitForAsync(async () => (await resyncsOf(venue)) > before, 10_000, 'the gap to cause a resync');
      }
      await waitFor(() => client.books.get(key)?.status === undefined && (client.books.get(key)?.b.length ?? 0) > 0, 15_000, 'the book to be live again');
      sim.pause();
      await waitFor(() => sameTop(sim, symbol, client.books.get(key)), 5_000, 'the healed book to equal the venue');
      sim.resume();

      // A dropped connection: reconnect, resync, and the same book again.
      const beforeDrop = await resyncsOf(venue);
      sim.faults.disconnectAll();
      await waitForAsync(async () => (await resyncsOf(venue)) > beforeDrop, 15_000, 'the disconnect to cause a resync');
      await waitFor(() => client.books.get(key)?.status === undefined && (client.books.get(key)?.b.length ?? 0) > 0, 20_000, 'the book to be live after reconnect');
      sim.pause();
      await waitFor(() => sameTop(sim, symbol, client.books.get(key)), 5_000, 'the book after reconnect to equal the venue');
      sim.resume();

      expect(sim.subscriberCount(symbol)).toBeGreaterThan(0);
      client.send({ action: 'unsubscribe', exchange: venue, symbol });
      await waitFor(() => sim.subscriberCount(symbol) === 0, 5_000, 'the upstream subscription to stop');
      client.ws.close();
    });
  });

  it('reports per-venue stream status in /healthz', async () => {
    const body = (await (await fetch(`${app.url}/healthz`)).json()) as { venues: { venue: string; resyncs: { total: number } }[] };
    const names = body.venues.map((v) => v.venue).sort();
    expect(names).toEqual([...VENUES].sort());
    for (const v of body.venues) expect(v.resyncs.total).toBeGreaterThanOrEqual(1);
  });
});
