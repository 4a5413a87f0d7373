import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger, type Logger } from './logger';
import { Streamer, type BookUpdate, type StreamerOptions } from './streamer';
import { TestVenue } from './test-venue';

async function waitFor(cond: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function venue(snapshotFrom: 'stream' | 'rest'): Promise<TestVenue> {
  const v = await TestVenue.start({ snapshotFrom, venue: snapshotFrom === 'rest' ? 'binance' : 'bybit' });
  cleanups.push(() => v.close());
  return v;
}

function streamer(opts: Partial<StreamerOptions> & Pick<StreamerOptions, 'specs'>): {
  s: Streamer;
  updates: BookUpdate[];
} {
  const s = new Streamer({
    graceMs: 100,
    logger: silentLogger,
    snapshotIntervalMs: 0,
    firstEventWaitMs: 50,
    snapshotBackoff: { baseMs: 20, maxMs: 200 },
    streamResyncTimeoutMs: 500,
    socket: { backoff: { baseMs: 20, maxMs: 200 }, random: () => 1 },
    ...opts,
  });
  const updates: BookUpdate[] = [];
  s.onBook((u) => updates.push(u));
  cleanups.push(() => s.close());
  return { s, updates };
}

function expectBookEquals(s: Streamer, v: TestVenue, symbol: string, depth = 10): void {
  const sync = s.getBook(v.venue, symbol);
  expect(sync?.state).toBe('live');
  expect(sync?.book.top(depth)).toEqual(v.top(symbol, depth));
}

describe('Streamer refcounting', () => {
  it('subscribes upstream once per book and unsubscribes only after the last release plus graceMs', async () => {
    const v = await venue('stream');
    const { s } = streamer({ specs: { bybit: v.spec() } });
    const releaseA = s.acquire('bybit', 'AAA');
    const releaseB = s.acquire('bybit', 'AAA');
    await waitFor(() => s.getBook('bybit', 'AAA')?.state === 'live', 2000, 'live book');
    expect(v.ops('sub', 'AAA')).toBe(1);
    expect(s.status()[0]).toMatchObject({ venue: 'bybit', symbols: 1, connections: 1, state: 'connected' });

    releaseA();
    releaseA(); // idempotent: must not take B's reference away
    await sleep(200);
    expect(v.ops('unsub', 'AAA')).toBe(0);
    expect(s.getBook('bybit', 'AAA')).toBeDefined();

    const releasedAt = Date.now();
    releaseB();
    await sleep(40);
    expect(v.ops('unsub', 'AAA')).toBe(0); // still in its grace period
    expect(s.getBook('bybit', 'AAA')).toBeDefined();
    await waitFor(() => s.getBook('bybit', 'AAA') === undefined, 2000, 'book dropped');
    expect(Date.now() - releasedAt).toBeGreaterThanOrEqual(95);
    // The connection carried only this book, so it is closed rather than sent an unsub.
    await waitFor(() => v.subscriberCount('AAA') === 0);
    expect(s.status()[0]).toMatchObject({ symbols: 0, connections: 0, state: 'idle' });
  });

  it('keeps the stream when the book is re-acquired within the grace period', async () => {
    const v = await venue('stream');
    const { s } = streamer({ specs: { bybit: v.spec() } });
    const keep = s.acquire('bybit', 'KEEP');
    const release = s.acquire('bybit', 'AAA');
    await waitFor(() => s.getBook('bybit', 'AAA')?.state === 'live');
    release();
    await sleep(50);
    const again = s.acquire('bybit', 'AAA');
    await sleep(150);
    expect(v.ops('sub', 'AAA')).toBe(1);
    expect(v.ops('unsub', 'AAA')).toBe(0);
    expect(s.getBook('bybit', 'AAA')?.state).toBe('live');
    again();
    await waitFor(() => v.ops('unsub', 'AAA') === 1, 2000, 'unsub frame');
    expect(v.subscriberCount('KEEP')).toBe(1);
    keep();
  });

  it('opens another connection when maxSymbolsPerConnection is reached and closes it when emptied', async () => {
    const v = await venue('stream');
    const { s } = streamer({ specs: { bybit: v.spec({ maxSymbolsPerConnection: 2 }) } });
    s.acquire('bybit', 'A');
    s.acquire('bybit', 'B');
    const releaseC = s.acquire('bybit', 'C');
    await waitFor(() => ['A', 'B', 'C'].every((x) => s.getBook('bybit', x)?.state === 'live'));
    expect(v.connections).toBe(2);
    expect(s.status()[0]).toMatchObject({ connections: 2, symbols: 3 });
    releaseC();
    await waitFor(() => s.status()[0]!.connections === 1, 2000, 'second connection closed');
    expect(v.subscriberCount('A') + v.subscriberCount('B')).toBe(2);
  });

  it('refuses a venue it has no spec for', async () => {
    const { s } = streamer({ specs: {} });
    expect(() => s.acquire('kucoin', 'XBTUSDTM')).toThrow(/no stream spec/);
    expect(s.hasVenue('kucoin')).toBe(false);
    expect(s.status()).toEqual([]);
  });
});

describe('Streamer on a stream-snapshot venue', () => {
  it('keeps the book equal to the venue and reports every change', async () => {
    const v = await venue('stream');
    const { s, updates } = streamer({ specs: { bybit: v.spec() } });
    s.acquire('bybit', 'AAA');
    await waitFor(() => s.getBook('bybit', 'AAA')?.state === 'live');
    v.delta('AAA', { b: [[100.5, 3]], a: [[101, 0]] });
    v.delta('AAA', { a: [[100.9, 2]] });
    await waitFor(() => s.getBook('bybit', 'AAA')?.lastEvent?.seq === v.seq('AAA'));
    expectBookEquals(s, v, 'AAA');
    expect(s.getBook('bybit', 'AAA')?.book.bestAsk()).toEqual([100.9, 2]);
    const mine = updates.filter((u) => u.symbol === 'AAA');
    expect(mine.length).toBeGreaterThanOrEqual(3); // snapshot + two deltas
    expect(mine[mine.length - 1]).toMatchObject({ venue: 'bybit', status: 'live' });
    expect(mine[mine.length - 1]!.recvMs).toBeGreaterThan(Date.now() - 2000);
    const st = s.status()[0]!;
    expect(st.messagesPerSec).toBeGreaterThan(0);
    expect(st.lastMessageAgeMs).toBeLessThan(1000);
  });

  it('resubscribes on a sequence gap, reports resyncing, and comes back correct', async () => {
    const v = await venue('stream');
    const { s, updates } = streamer({ specs: { bybit: v.spec() } });
    s.acquire('bybit', 'AAA');
    await waitFor(() => s.getBook('bybit', 'AAA')?.state === 'live');
    v.skip('AAA', { b: [[99.5, 7]] });
    v.delta('AAA', { a: [[101.5, 1]] });
    await waitFor(() => v.ops('resync', 'AAA') === 1, 2000, 'resync frame');
    await waitFor(() => s.getBook('bybit', 'AAA')?.state === 'live');
    expectBookEquals(s, v, 'AAA');
    expect(updates.some((u) => u.status === 'resyncing')).toBe(true);
    expect(s.status()[0]!.resyncs).toMatchObject({ total: 1, byReason: { gap: 1 } });
  });

  it('asks again when the snapshot after a resubscribe never comes', async () => {
    const v = await venue('stream');
    const { s } = streamer({ specs: { bybit: v.spec() }, streamResyncTimeoutMs: 60 });
    s.acquire('bybit', 'AAA');
    await waitFor(() => s.getBook('bybit', 'AAA')?.state === 'live');
    v.silent = true; // swallows the resync's snapshot
    v.skip('AAA');
    v.silent = false;
    v.delta('AAA', { b: [[100, 9]] });
    await waitFor(() => v.ops('resync', 'AAA') === 1);
    expect(s.getBook('bybit', 'AAA')?.state).toBe('live'); // the venue answered this one
    v.silent = true;
    v.skip('AAA');
    v.silent = false;
    v.delta('AAA', { b: [[100, 8]] });
    v.silent = true;
    await waitFor(() => v.ops('resync', 'AAA') === 2);
    v.silent = false;
    await waitFor(() => v.ops('resync', 'AAA') >= 3, 2000, 'watchdog resync');
    await waitFor(() => s.getBook('bybit', 'AAA')?.state === 'live');
    expectBookEquals(s, v, 'AAA');
  });

  it('counts and samples parse errors without losing the book', async () => {
    const v = await venue('stream');
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (msg) => warnings.push(msg) };
    const { s } = streamer({ specs: { bybit: v.spec() }, logger, parseErrorLogIntervalMs: 60_000 });
    s.acquire('bybit', 'AAA');
    await waitFor(() => s.getBook('bybit', 'AAA')?.state === 'live');
    v.sendRaw('{not json');
    v.sendRaw('{"ch":"book","s":"AAA"}');
    v.sendRaw('[1,2,3]');
    v.delta('AAA', { b: [[100, 5]] });
    await waitFor(() => s.getBook('bybit', 'AAA')?.lastEvent?.seq === v.seq('AAA'));
    expect(s.status()[0]!.parseErrors).toBe(3);
    expect(warnings.filter((w) => w === 'venue frame rejected')).toHaveLength(1);
    expectBookEquals(s, v, 'AAA');
  });

  it('marks books stale on a drop and rebuilds them after the reconnect', async () => {
    const v = await venue('stream');
    const { s, updates } = streamer({ specs: { bybit: v.spec() } });
    s.acquire('bybit', 'AAA');
    s.acquire('bybit', 'BBB');
    await waitFor(() => s.getBook('bybit', 'BBB')?.state === 'live' && s.getBook('bybit', 'AAA')?.state === 'live');
    v.dropAll();
    await waitFor(() => updates.some((u) => u.status === 'stale'), 2000, 'stale status');
    v.delta('AAA', { b: [[100, 4]] }); // happens while we are away
    await waitFor(
      () =>
        v.connections === 2 &&
        s.getBook('bybit', 'AAA')?.state === 'live' &&
        s.getBook('bybit', 'BBB')?.state === 'live',
    );
    expectBookEquals(s, v, 'AAA');
    expect(v.received.filter((r) => r.conn === 1 && r.msg.op === 'sub').flatMap((r) => r.msg.symbols)).toEqual([
      'AAA',
      'BBB',
    ]);
    expect(s.status()[0]!.resyncs.byReason.reconnect).toBe(2);
  });

  it('replaces a silent connection (stale) and resyncs its books', async () => {
    const v = await venue('stream');
    const { s } = streamer({
      specs: { bybit: v.spec({ keepalive: { intervalMs: 40, frame: '{"op":"ping"}' } }) },
      staleMs: 200,
      socket: { backoff: { baseMs: 20, maxMs: 200 }, random: () => 1, maxOutboundPerSec: 100 },
    });
    s.acquire('bybit', 'AAA');
    await waitFor(() => s.getBook('bybit', 'AAA')?.state === 'live');
    await sleep(300); // pongs keep a quiet connection fresh
    expect(v.connections).toBe(1);
    v.silent = true;
    await waitFor(() => v.connections === 2, 2000, 'stale reconnect');
    v.silent = false;
    v.delta('AAA', { a: [[101, 3]] });
    await waitFor(
      () => s.getBook('bybit', 'AAA')?.state === 'live' && s.getBook('bybit', 'AAA')?.lastEvent?.seq === v.seq('AAA'),
    );
    expectBookEquals(s, v, 'AAA');
    expect(s.status()[0]!.resyncs.byReason.stale).toBe(1);
    expect(s.status()[0]!.lastError).toMatchObject({ kind: 'network', source: 'socket' });
  });
});

describe('Streamer on a REST-snapshot venue', () => {
  it('starts the stream, buffers, then fetches the snapshot; retries a failed snapshot', async () => {
    const v = await venue('rest');
    v.snapshotFailures = 1;
    const { s } = streamer({ specs: { binance: v.spec() } });
    s.acquire('binance', 'AAA');
    await waitFor(() => v.subscriberCount('AAA') === 1);
    v.delta('AAA', { b: [[100, 2]] }); // buffered until the snapshot arrives
    await waitFor(() => s.getBook('binance', 'AAA')?.state === 'live', 3000, 'live book');
    const subAt = v.received.find((r) => r.msg.op === 'sub')!.at;
    expect(v.snapshotCalls.length).toBe(2);
    expect(v.snapshotCalls[0]!.at).toBeGreaterThanOrEqual(subAt);
    expect(s.status()[0]!.lastError).toMatchObject({ kind: 'network', source: 'snapshot' });
    v.delta('AAA', { a: [[101, 0]] });
    await waitFor(() => s.getBook('binance', 'AAA')?.lastEvent?.seq === v.seq('AAA'));
    expectBookEquals(s, v, 'AAA');
  });

  it('fetches a new snapshot on a gap while keeping the stream', async () => {
    const v = await venue('rest');
    const { s, updates } = streamer({ specs: { binance: v.spec() } });
    s.acquire('binance', 'AAA');
    await waitFor(() => v.subscriberCount('AAA') === 1);
    v.delta('AAA', { b: [[100, 2]] });
    await waitFor(() => s.getBook('binance', 'AAA')?.state === 'live');
    v.delta('AAA', { b: [[99, 1]] });
    await waitFor(() => s.getBook('binance', 'AAA')?.lastEvent?.seq === v.seq('AAA'));
    const calls = v.snapshotCalls.length;
    v.skip('AAA', { a: [[102, 9]] });
    v.delta('AAA', { a: [[103, 4]] });
    await waitFor(() => v.snapshotCalls.length === calls + 1, 2000, 'second snapshot');
    v.delta('AAA', { b: [[98, 0]] });
    await waitFor(
      () =>
        s.getBook('binance', 'AAA')?.state === 'live' && s.getBook('binance', 'AAA')?.lastEvent?.seq === v.seq('AAA'),
    );
    expectBookEquals(s, v, 'AAA');
    expect(v.ops('unsub')).toBe(0);
    expect(v.connections).toBe(1);
    expect(s.status()[0]!.resyncs.byReason.gap).toBe(1);
    expect(updates.some((u) => u.status === 'resyncing')).toBe(true);
  });

  it('redoes the snapshot flow after a reconnect', async () => {
    const v = await venue('rest');
    const { s } = streamer({ specs: { binance: v.spec() } });
    s.acquire('binance', 'AAA');
    await waitFor(() => v.subscriberCount('AAA') === 1);
    v.delta('AAA', { b: [[100, 2]] });
    await waitFor(() => s.getBook('binance', 'AAA')?.state === 'live');
    const calls = v.snapshotCalls.length;
    v.dropAll();
    await waitFor(() => s.getBook('binance', 'AAA')?.state !== 'live');
    v.delta('AAA', { b: [[97, 1]] }); // missed
    await waitFor(() => v.connections === 2 && v.subscriberCount('AAA') === 1);
    v.delta('AAA', { a: [[104, 2]] });
    await waitFor(
      () =>
        s.getBook('binance', 'AAA')?.state === 'live' && s.getBook('binance', 'AAA')?.lastEvent?.seq === v.seq('AAA'),
    );
    expect(v.snapshotCalls.length).toBe(calls + 1);
    expectBookEquals(s, v, 'AAA');
    expect(s.status()[0]!.resyncs.byReason.reconnect).toBe(1);
  });

  it('takes no snapshot on a connection silent since the subscribe: the book stays withdrawn', async () => {
    const v = await venue('rest');
    const { s, updates } = streamer({
      specs: { binance: v.spec({ keepalive: { intervalMs: 40, frame: '{"op":"ping"}' } }) },
      staleMs: 300,
      socket: { backoff: { baseMs: 20, maxMs: 200 }, random: () => 1, maxOutboundPerSec: 100 },
    });
    s.acquire('binance', 'AAA');
    // A quiet symbol: no event, but the ack shows the link works, so the snapshot goes after the wait.
    await waitFor(() => s.getBook('binance', 'AAA')?.state === 'live', 3000, 'live book');
    const calls = v.snapshotCalls.length;
    const from = updates.length;
    v.silent = true;
    // Two silent connections replaced in turn, each waiting many times longer than firstEventWaitMs.
    await waitFor(() => v.connections >= 3, 5000, 'two stale reconnects');
    expect(v.snapshotCalls.length).toBe(calls);
    expect(s.getBook('binance', 'AAA')?.state).not.toBe('live');
    expect(updates.slice(from).map((u) => u.status)).not.toContain('live');

    v.silent = false;
    v.delta('AAA', { b: [[100, 4]] });
    await waitFor(
      () =>
        s.getBook('binance', 'AAA')?.state === 'live' && s.getBook('binance', 'AAA')?.lastEvent?.seq === v.seq('AAA'),
      5000,
      'live again',
    );
    expectBookEquals(s, v, 'AAA');
  });

  it('spaces snapshot calls per venue', async () => {
    const v = await venue('rest');
    const { s } = streamer({ specs: { binance: v.spec() }, snapshotIntervalMs: { binance: 120 } });
    for (const sym of ['A', 'B', 'C']) s.acquire('binance', sym);
    await waitFor(() => v.snapshotCalls.length === 3, 3000, 'three snapshots');
    const at = v.snapshotCalls.map((c) => c.at);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(110);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(110);
  });
});

describe('Streamer.close', () => {
  it('closes every connection and stops reconnecting', async () => {
    const v = await venue('stream');
    const { s } = streamer({ specs: { bybit: v.spec() } });
    s.acquire('bybit', 'AAA');
    await waitFor(() => s.getBook('bybit', 'AAA')?.state === 'live');
    await s.close();
    await waitFor(() => v.subscriberCount('AAA') === 0);
    await sleep(100);
    expect(v.connections).toBe(1);
    expect(() => s.acquire('bybit', 'AAA')).toThrow(/closed/);
  });
});
