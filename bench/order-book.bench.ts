// Order-book engine benchmark: our OrderBook vs ccxt's WS order book on the same recorded-style
// Binance futures and Bybit v5 depth streams, in one process. Run: npx tsx bench/order-book.bench.ts
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ccxt from 'ccxt';
import { BookSync } from '../app/.server/market/book-sync';
import { OrderBook } from '../app/.server/market/order-book';
import type { BookEvent, Level, SequenceRules } from '../app/.server/market/types';
import {
  parseBinanceDepthSnapshot,
  parseBinanceFrame,
  parseBinanceFrameJson,
} from '../app/.server/venues/binance/parse';
import { binanceRules } from '../app/.server/venues/binance/rules';
import { parseBybitFrame, parseBybitFrameJson } from '../app/.server/venues/bybit/parse';
import { bybitRules } from '../app/.server/venues/bybit/rules';
import { parseDecimalText } from '../app/.server/venues/exact-decimal';
import { mulberry32 as prng } from '../app/lib/prng';

const HERE = dirname(fileURLToPath(import.meta.url));
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BOOK_LEVELS = 1000;
const TICK = 0.1; // BTCUSDT on both venues
const LOT = 0.001;

// ---------------------------------------------------------------------------------------------
// Market generator: a seeded random walk of a 1000-level book, emitted in the venues' wire formats.

type WireLevel = [string, string];
interface Change {
  bids: Map<number, number>; // price in ticks → size in lots (0 = delete)
  asks: Map<number, number>;
}

/**
 * The venue's true book in integer ticks and lots. Sides are sorted best first; a message is a
 * set of changes: mostly near the touch (geometric distance), some anywhere in the book, size
 * updates, deletes and new levels, plus the occasional move of the touch itself.
 */
class MarketWalk {
  readonly bids: number[] = []; // ticks, descending
  readonly asks: number[] = []; // ticks, ascending
  readonly size = new Map<number, number>(); // ticks → lots (both sides; they never share a tick)

  constructor(
    private readonly rand: () => number,
    midTicks: number,
  ) {
    for (let i = 0; i < BOOK_LEVELS; i++) {
      this.bids.push(midTicks - 1 - i);
      this.asks.push(midTicks + i);
    }
    for (const t of [...this.bids, ...this.asks]) this.size.set(t, this.lots());
  }

  /** One message's worth of changes, `count` on average. */
  step(count: number): Change {
    const change: Change = { bids: new Map(), asks: new Map() };
    const r = this.rand;
    if (r() < 0.15) this.moveTouch(change, r() < 0.5 ? 1 : -1);
    const n = 1 + Math.floor(-Math.log(1 - r()) * (count - 1));
    for (let i = 0; i < n; i++) {
      const isBid = r() < 0.5;
      const side = isBid ? this.bids : this.asks;
      const out = isBid ? change.bids : change.asks;
      const roll = r();
      if (roll < 0.55) {
        const t = side[this.depthIndex(side.length)]!;
        this.set(out, t, this.lots());
      } else if (roll < 0.75) {
        if (side.length <= BOOK_LEVELS * 0.95) continue;
        const k = this.depthIndex(side.length);
        if (k === 0 && r() < 0.7) continue; // the touch is deleted mostly through moveTouch
        const t = side[k]!;
        side.splice(k, 1);
        this.set(out, t, 0);
      } else {
        // A new level: in a gap near the touch, or just past the deepest level.
        const dir = isBid ? -1 : 1;
        const t =
          side.length < BOOK_LEVELS * 1.05 && r() < 0.9
            ? side[0]! + dir * Math.floor(-Math.log(1 - r()) * 6)
            : side[side.length - 1]! + dir * (1 + Math.floor(r() * 3));
        if (isBid ? t >= this.asks[0]! : t <= this.bids[0]!) continue;
        this.insert(side, t, isBid);
        this.set(out, t, this.lots());
      }
    }
    return change;
  }

  /** The price moves by one tick: the touch level on one side is taken and reappears on the other. */
  private moveTouch(change: Change, dir: 1 | -1): void {
    const [from, to, fromOut, toOut, toIsBid] =
      dir === 1
        ? ([this.asks, this.bids, change.asks, change.bids, true] as const)
        : ([this.bids, this.asks, change.bids, change.asks, false] as const);
    if (from.length < 2) return;
    const t = from.shift()!;
    this.set(fromOut, t, 0);
    this.insert(to, t, toIsBid);
    this.set(toOut, t, this.lots());
  }

  private set(out: Map<number, number>, ticks: number, lots: number): void {
    if (lots === 0) this.size.delete(ticks);
    else this.size.set(ticks, lots);
    out.set(ticks, lots);
  }

  private insert(side: number[], t: number, isBid: boolean): void {
    let lo = 0;
    let hi = side.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (isBid ? side[mid]! > t : side[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    if (side[lo] !== t) side.splice(lo, 0, t);
  }

  /** 80% within a few levels of the touch, 20% anywhere in the book. */
  private depthIndex(length: number): number {
    const r = this.rand;
    const k = r() < 0.8 ? Math.floor(-Math.log(1 - r()) * 4) : Math.floor(r() * length);
    return Math.min(k, length - 1);
  }

  private lots(): number {
    const r = this.rand();
    return r < 0.05 ? 1 + Math.floor(this.rand() * 50_000) : 1 + Math.floor(this.rand() * 2_000);
  }
}

const priceText = (ticks: number) => (ticks * TICK).toFixed(2);
const sizeText = (lots: number) => (lots === 0 ? '0.000' : (lots * LOT).toFixed(3));
function wire(side: Map<number, number> | number[], walk: MarketWalk): WireLevel[] {
  if (Array.isArray(side)) return side.map((t) => [priceText(t), sizeText(walk.size.get(t)!)]);
  return [...side.keys()].sort((a, b) => a - b).map((t) => [priceText(t), sizeText(side.get(t)!)]);
}

interface Stream {
  venue: 'binance' | 'bybit';
  /** Full book the stream starts from: Binance REST depth body, Bybit WS snapshot message. */
  snapshot: string;
  messages: string[];
  levelUpdates: number;
  bytes: number;
  /** The generator's book after the last message, best first, as [price, size] numbers. */
  final: { bids: Level[]; asks: Level[] };
}

function finalBook(walk: MarketWalk): { bids: Level[]; asks: Level[] } {
  const side = (ticks: number[]): Level[] => ticks.map((t) => [+priceText(t), +sizeText(walk.size.get(t)!)]);
  return { bids: side(walk.bids), asks: side(walk.asks) };
}

/** Binance USDⓈ-M `btcusdt@depth@100ms` diff events (combined-stream frames) after a `GET /fapi/v1/depth?limit=1000` snapshot. */
function binanceStream(count: number): Stream {
  const rand = prng(20240601);
  const walk = new MarketWalk(rand, 650_000);
  let u = 7_315_000_000_000;
  let E = 1_717_200_000_000;
  // The REST snapshot's lastUpdateId falls inside the first diff's [U, u], as the bridge rule wants.
  const snapshot = JSON.stringify({
    lastUpdateId: u + 1,
    E,
    T: E - 3,
    bids: wire(walk.bids, walk),
    asks: wire(walk.asks, walk),
  });
  const messages: string[] = [];
  let levelUpdates = 0;
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const change = walk.step(28); // ~16 distinct levels per 100 ms event
    const pu = u;
    const U = u + 1;
    u += 1 + Math.floor(rand() * 40);
    E += 100;
    // Combined-stream frames, as our `/public/stream` socket (and ccxt's) receives them.
    const msg = JSON.stringify({
      stream: 'btcusdt@depth@100ms',
      data: {
        e: 'depthUpdate',
        E,
        T: E - 1 - Math.floor(rand() * 5),
        s: 'BTCUSDT',
        U,
        u,
        pu,
        b: wire(change.bids, walk),
        a: wire(change.asks, walk),
      },
    });
    messages.push(msg);
    levelUpdates += change.bids.size + change.asks.size;
    bytes += msg.length;
  }
  return { venue: 'binance', snapshot, messages, levelUpdates, bytes, final: finalBook(walk) };
}

/** Bybit v5 linear `orderbook.1000.<sym>`: one snapshot message, then deltas with u += 1. */
function bybitStream(count: number): Stream {
  const rand = prng(20240602);
  const walk = new MarketWalk(rand, 650_000);
  let u = 18_521_288;
  let seq = 7_961_638_724;
  let ts = 1_717_200_000_000;
  const topic = 'orderbook.1000.BTCUSDT';
  const snapshot = JSON.stringify({
    topic,
    type: 'snapshot',
    ts,
    data: { s: 'BTCUSDT', b: wire(walk.bids, walk), a: wire(walk.asks, walk), u, seq },
    cts: ts - 2,
  });
  const messages: string[] = [];
  let levelUpdates = 0;
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const change = walk.step(10); // ~7 distinct levels per message
    u += 1;
    seq += 1 + Math.floor(rand() * 200);
    ts += 200;
    const msg = JSON.stringify({
      topic,
      type: 'delta',
      ts,
      data: { s: 'BTCUSDT', b: wire(change.bids, walk), a: wire(change.asks, walk), u, seq },
      cts: ts - 1 - Math.floor(rand() * 3),
    });
    messages.push(msg);
    levelUpdates += change.bids.size + change.asks.size;
    bytes += msg.length;
  }
  return { venue: 'bybit', snapshot, messages, levelUpdates, bytes, final: finalBook(walk) };
}

// ---------------------------------------------------------------------------------------------
// The contenders. Each gets the raw text of every message, as a socket would deliver it.

/** A Binance combined-stream frame, `{stream, data}`, as our `/public/stream` socket receives it. */
interface BinanceFrame {
  stream: string;
  data: { E: number; U: number; u: number; pu: number; b: WireLevel[]; a: WireLevel[] };
}
interface BybitMessage {
  type: string;
  ts: number;
  data: { b: WireLevel[]; a: WireLevel[]; u: number; seq: number };
}

/** Level strings to numbers with the production decimal parser (for the apply-only comparison). */
function toLevels(raw: WireLevel[]): Level[] {
  const out: Level[] = [];
  for (let i = 0; i < raw.length; i++) {
    const l = raw[i]!;
    out.push([parseDecimalText(l[0]), parseDecimalText(l[1])]);
  }
  return out;
}

/** ccxt 4.5's own WS order book (base/ws/OrderBook.js), reached through the exchange classes' handlers. */
interface CcxtBookSide extends Array<[number, number]> {
  storeArray(delta: [number, number]): void;
}
interface CcxtOrderBook {
  bids: CcxtBookSide;
  asks: CcxtBookSide;
  reset(snapshot: object): void;
}
interface CcxtFeeder {
  orderBook(snapshot?: object, depth?: number): CcxtOrderBook;
  parseOrderBook(body: unknown, symbol: string, ts?: number, bidsKey?: string, asksKey?: string): object;
  handleDeltas(side: CcxtBookSide, deltas: WireLevel[]): void;
}
const ccxtPro = (ccxt as unknown as { pro: Record<string, new () => CcxtFeeder> }).pro;

interface Contender {
  name: string;
  /** Untimed: load the stream's starting book. */
  reset(stream: Stream): void;
  /** Timed: everything a socket handler does with one message. */
  onMessage(text: string): void;
  /** Untimed: the book afterwards, best first, for the equality check. */
  book(): { bids: Level[]; asks: Level[] } | null;
}

const sink = { value: 0 }; // keeps results observable so the JIT cannot drop the work

type FrameParser = (frame: string) => BookEvent[] | null;

/** The production parsers: what the streamer calls per frame, and the JSON.parse path alone. */
const PARSERS: Record<Stream['venue'], { parse: FrameParser; json: FrameParser; rules: SequenceRules }> = {
  binance: { parse: parseBinanceFrame, json: parseBinanceFrameJson, rules: binanceRules },
  bybit: { parse: parseBybitFrame, json: parseBybitFrameJson, rules: bybitRules },
};

/** The stream's starting book as the app reads it: Binance's REST depth body, Bybit's snapshot frame. */
function snapshotEvent(stream: Stream): BookEvent {
  if (stream.venue === 'binance') return parseBinanceDepthSnapshot('BTCUSDT', JSON.parse(stream.snapshot));
  const ev = parseBybitFrame(stream.snapshot)?.[0];
  if (!ev || ev.kind !== 'snapshot') throw new Error('bybit: the snapshot frame did not parse as a snapshot');
  return ev;
}

function eventsOf(parse: FrameParser, text: string): BookEvent[] {
  const events = parse(text);
  if (!events) throw new Error(`not a book frame: ${text.slice(0, 80)}`);
  return events;
}

function contenders(venue: Stream['venue']): Contender[] {
  const { parse, json, rules } = PARSERS[venue];
  const ours = new OrderBook();
  const ccxtEx = new ccxtPro[venue === 'binance' ? 'binanceusdm' : 'bybit']!();
  let ccxtBook = ccxtEx.orderBook({}, BOOK_LEVELS);
  let sync = new BookSync('BTCUSDT', rules);

  const loadOurs = (stream: Stream) => {
    const snap = snapshotEvent(stream);
    ours.applySnapshot(snap.bids, snap.asks);
  };
  const parseOnly: Contender =
    venue === 'binance'
      ? {
          name: 'JSON.parse only',
          reset() {},
          onMessage: (t) => void (sink.value += (JSON.parse(t) as BinanceFrame).data.u),
          book: () => null,
        }
      : {
          name: 'JSON.parse only',
          reset() {},
          onMessage: (t) => void (sink.value += (JSON.parse(t) as BybitMessage).data.u),
          book: () => null,
        };

  // The production parse function (scanner, JSON.parse path for what it refuses), then the book.
  const oursApply: Contender = {
    name: 'parse + OrderBook',
    reset: loadOurs,
    onMessage: (t) => {
      for (const ev of eventsOf(parse, t)) ours.applyDelta(ev.bids, ev.asks);
    },
    book: () => ours.top(Infinity),
  };

  // The same through the JSON.parse path alone: what a frame the scanner refuses costs.
  const oursJson: Contender = {
    ...oursApply,
    name: 'JSON path + OrderBook',
    onMessage: (t) => {
      for (const ev of eventsOf(json, t)) ours.applyDelta(ev.bids, ev.asks);
    },
  };

  const oursTop: Contender = {
    ...oursApply,
    name: 'parse + OrderBook + top(20)',
    onMessage: (t) => {
      oursApply.onMessage(t);
      sink.value += ours.top(20).bids.length;
    },
  };

  // The streamer's path: the production parse, then the venue's sequence rules in BookSync.
  const oursSync: Contender = {
    name: 'parse + BookSync(event)',
    reset: (stream) => {
      sync = new BookSync('BTCUSDT', rules);
      const snap = snapshotEvent(stream);
      if (venue === 'binance') sync.onRestSnapshot(snap);
      else sync.onStreamEvent(snap);
      if (sync.state !== 'live') throw new Error('BookSync did not go live on the snapshot');
    },
    onMessage: (t) => {
      for (const ev of eventsOf(parse, t)) if (sync.onStreamEvent(ev).resync) throw new Error('unexpected resync');
    },
    book: () => sync.book.top(Infinity),
  };

  // ccxt: the snapshot goes through parseOrderBook + reset like fetchOrderBook / the Bybit
  // snapshot branch; every delta through the exchange's handleDeltas (asks, then bids, as in
  // its handleOrderBookMessage), i.e. its safeFloat string parse and OrderBookSide.store(Array).
  const ccxtApply: Contender = {
    name: 'parse + ccxt OrderBook',
    reset: (stream) => {
      ccxtBook = ccxtEx.orderBook({}, BOOK_LEVELS);
      const body = JSON.parse(stream.snapshot);
      ccxtBook.reset(
        venue === 'binance'
          ? ccxtEx.parseOrderBook(body, 'BTC/USDT:USDT', body.T)
          : ccxtEx.parseOrderBook(body.data, 'BTC/USDT:USDT', body.ts, 'b', 'a'),
      );
    },
    onMessage:
      venue === 'binance'
        ? (t) => {
            const m = (JSON.parse(t) as BinanceFrame).data;
            ccxtEx.handleDeltas(ccxtBook.asks, m.a);
            ccxtEx.handleDeltas(ccxtBook.bids, m.b);
          }
        : (t) => {
            const m = JSON.parse(t) as BybitMessage;
            ccxtEx.handleDeltas(ccxtBook.asks, m.data.a);
            ccxtEx.handleDeltas(ccxtBook.bids, m.data.b);
          },
    book: () => ({
      bids: Array.from(ccxtBook.bids, (l) => [l[0], l[1]] as Level),
      asks: Array.from(ccxtBook.asks, (l) => [l[0], l[1]] as Level),
    }),
  };

  return [parseOnly, oursApply, oursJson, oursTop, oursSync, ccxtApply];
}

// ---------------------------------------------------------------------------------------------
// Measurement

interface Runner {
  reset(): void;
  /** Handles messages [from, to). */
  run(from: number, to: number): void;
}

const CHUNK = 10_000;

/**
 * Seconds per round for each runner. Within a round the runners take turns chunk by chunk (each
 * on its own book), so bursts of load from other processes on this shared machine land on all of
 * them alike, and the ratios stay meaningful even when absolute figures move.
 */
function measure(runners: Runner[], count: number, rounds: number): number[][] {
  const seconds = runners.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    const total = runners.map(() => 0);
    for (const r of runners) r.reset();
    for (let from = 0; from < count; from += CHUNK) {
      const to = Math.min(count, from + CHUNK);
      for (let k = 0; k < runners.length; k++) {
        const t0 = process.hrtime.bigint();
        runners[k]!.run(from, to);
        total[k]! += Number(process.hrtime.bigint() - t0) / 1e9;
      }
    }
    total.forEach((t, k) => seconds[k]!.push(t));
  }
  return seconds;
}

interface ModeResult {
  seconds: number[];
  medianSeconds: number;
  bestSeconds: number;
  msgsPerSec: number;
  bestMsgsPerSec: number;
  levelUpdatesPerSec: number;
  nsPerMsg: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function sameBook(a: { bids: Level[]; asks: Level[] }, b: { bids: Level[]; asks: Level[] }): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function benchVenue(stream: Stream): Record<string, ModeResult> {
  const list = contenders(stream.venue);
  const messages = stream.messages;
  const runners: Runner[] = list.map((c) => ({
    reset: () => c.reset(stream),
    run: (from, to) => {
      const onMessage = c.onMessage;
      for (let i = from; i < to; i++) onMessage(messages[i]!);
    },
  }));
  // Warm-up round, then the correctness check: every book equals the generator's.
  measure(runners, messages.length, 1);
  for (const c of list) {
    const book = c.book();
    if (book && !sameBook(book, stream.final)) throw new Error(`${stream.venue}: ${c.name} ended with a wrong book`);
  }
  const seconds = measure(runners, messages.length, ROUNDS);
  const out: Record<string, ModeResult> = {};
  list.forEach((c, k) => {
    const s = seconds[k]!;
    const med = median(s);
    const best = Math.min(...s);
    out[c.name] = {
      seconds: s.map((x) => +x.toFixed(4)),
      medianSeconds: +med.toFixed(4),
      bestSeconds: +best.toFixed(4),
      msgsPerSec: Math.round(messages.length / med),
      bestMsgsPerSec: Math.round(messages.length / best),
      levelUpdatesPerSec: Math.round(stream.levelUpdates / med),
      nsPerMsg: Math.round((med / messages.length) * 1e9),
    };
  });
  return out;
}

/** Apply cost alone: messages parsed beforehand, only the level-string parse and book work timed. */
function benchApplyOnly(stream: Stream): { ours: number; ccxt: number } {
  // Both venues' frames carry their levels under `data`.
  const parsed = stream.messages.map((t) => (JSON.parse(t) as BinanceFrame | BybitMessage).data);
  const snapshot = JSON.parse(stream.snapshot);
  const snapshotLevels = 'data' in snapshot ? snapshot.data : snapshot;
  const ours = new OrderBook();
  const ccxtEx = new ccxtPro[stream.venue === 'binance' ? 'binanceusdm' : 'bybit']!();
  let ccxtBook = ccxtEx.orderBook({}, BOOK_LEVELS);
  const runners: Runner[] = [
    {
      reset: () =>
        ours.applySnapshot(
          toLevels(snapshotLevels.bids ?? snapshotLevels.b),
          toLevels(snapshotLevels.asks ?? snapshotLevels.a),
        ),
      run: (from, to) => {
        for (let i = from; i < to; i++) {
          const l = parsed[i]!;
          ours.applyDelta(toLevels(l.b), toLevels(l.a));
        }
      },
    },
    {
      reset: () => {
        ccxtBook = ccxtEx.orderBook({}, BOOK_LEVELS);
        ccxtBook.reset(
          'data' in snapshot
            ? ccxtEx.parseOrderBook(snapshot.data, 'BTC/USDT:USDT', snapshot.ts, 'b', 'a')
            : ccxtEx.parseOrderBook(snapshot, 'BTC/USDT:USDT', snapshot.T),
        );
      },
      run: (from, to) => {
        for (let i = from; i < to; i++) {
          const l = parsed[i]!;
          ccxtEx.handleDeltas(ccxtBook.asks, l.a);
          ccxtEx.handleDeltas(ccxtBook.bids, l.b);
        }
      },
    },
  ];
  measure(runners, parsed.length, 1);
  if (!sameBook(ours.top(Infinity), stream.final)) throw new Error('apply-only: our book is wrong');
  const [oursSeconds, ccxtSeconds] = measure(runners, parsed.length, ROUNDS).map(median) as [number, number];
  return { ours: Math.round(parsed.length / oursSeconds), ccxt: Math.round(parsed.length / ccxtSeconds) };
}

/** Cost of top(20) on a full 1000-level book, the read done for every outgoing book message. */
function benchTop(stream: Stream): { nsPerTop20: number; nsPerCcxtSlice20: number } {
  const book = new OrderBook();
  book.applySnapshot(stream.final.bids, stream.final.asks);
  const ccxtEx = new ccxtPro.binanceusdm!();
  const ccxtBook = ccxtEx.orderBook({}, BOOK_LEVELS);
  ccxtBook.reset({ bids: stream.final.bids, asks: stream.final.asks });
  // Median of 5 batches: single allocation-heavy loops swing with GC and the shared machine.
  const time = (fn: () => number) => {
    const calls = 200_000;
    const ns: number[] = [];
    for (let batch = 0; batch <= 5; batch++) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < calls; i++) sink.value += fn();
      if (batch > 0) ns.push(Number(process.hrtime.bigint() - t0) / calls);
    }
    return Math.round(median(ns));
  };
  return {
    nsPerTop20: time(() => book.top(20).bids.length),
    // What a ccxt user does to send 20 levels: copy them out (its sides are arrays of arrays).
    nsPerCcxtSlice20: time(() => ccxtBook.bids.slice(0, 20).length + ccxtBook.asks.slice(0, 20).length),
  };
}

// ---------------------------------------------------------------------------------------------

function machine() {
  const cpus = os.cpus();
  const ccxtVersion = (
    JSON.parse(readFileSync(join(HERE, '..', 'node_modules', 'ccxt', 'package.json'), 'utf8')) as { version: string }
  ).version;
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpuCount: cpus.length,
    totalMemGb: +(os.totalmem() / 2 ** 30).toFixed(1),
    loadAvg1m: +os.loadavg()[0]!.toFixed(2),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    v8: process.versions.v8,
    ccxt: ccxtVersion,
  };
}

function fmt(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(0)}k` : String(n);
}

function main(): void {
  const started = Date.now();
  const info = machine();
  console.log(`order-book bench: ${info.cpuModel} ×${info.cpuCount}, node ${info.node}, ccxt ${info.ccxt}`);
  console.log(`generating ${MESSAGES} messages per venue…`);
  const streams = [binanceStream(MESSAGES), bybitStream(MESSAGES)];

  const venues: Record<string, unknown> = {};
  const rows: string[][] = [];
  for (const stream of streams) {
    const modes = benchVenue(stream);
    const applyOnly = benchApplyOnly(stream);
    const parse = modes['JSON.parse only']!;
    const ours = modes['parse + OrderBook']!;
    const theirs = modes['parse + ccxt OrderBook']!;
    const ratios = {
      oursOverCcxt: +(ours.msgsPerSec / theirs.msgsPerSec).toFixed(2),
      parseApplyOverParseTime: +(ours.medianSeconds / parse.medianSeconds).toFixed(2),
      applyOnlyOursOverCcxt: +(applyOnly.ours / applyOnly.ccxt).toFixed(2),
    };
    venues[stream.venue] = {
      messages: stream.messages.length,
      levelUpdates: stream.levelUpdates,
      avgLevelsPerMsg: +(stream.levelUpdates / stream.messages.length).toFixed(1),
      avgBytesPerMsg: Math.round(stream.bytes / stream.messages.length),
      bookLevelsAtEnd: { bids: stream.final.bids.length, asks: stream.final.asks.length },
      modes,
      applyOnlyMsgsPerSec: applyOnly,
      ratios,
    };
    for (const [name, r] of Object.entries(modes)) {
      rows.push([
        stream.venue,
        name,
        fmt(r.msgsPerSec),
        fmt(r.bestMsgsPerSec),
        fmt(r.levelUpdatesPerSec),
        String(r.nsPerMsg),
        (r.medianSeconds / parse.medianSeconds).toFixed(2),
        (r.msgsPerSec / theirs.msgsPerSec).toFixed(2),
      ]);
    }
    rows.push([
      stream.venue,
      'apply only: OrderBook',
      fmt(applyOnly.ours),
      '',
      '',
      '',
      '',
      (applyOnly.ours / applyOnly.ccxt).toFixed(2),
    ]);
    rows.push([stream.venue, 'apply only: ccxt', fmt(applyOnly.ccxt), '', '', '', '', '1.00']);
  }
  const top = benchTop(streams[0]!);

  const header = ['venue', 'mode', 'msgs/s', 'best', 'levels/s', 'ns/msg', 'time÷parse', 'speed÷ccxt'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of rows) console.log(line(r));
  console.log(
    `\ntop(20) on a 1000-level book: ${top.nsPerTop20} ns/call (ccxt: slice 20 per side ${top.nsPerCcxtSlice20} ns)`,
  );

  const result = {
    generatedAt: new Date().toISOString(),
    machine: info,
    method: {
      roundsMeasured: ROUNDS,
      warmupRounds: 1,
      chunkMessages: CHUNK,
      statistic: 'median of rounds (best round also given)',
      note: 'same process, same in-memory messages for every contender; rounds interleave contenders; see bench/README.md',
    },
    venues,
    top20: top,
    durationSeconds: Math.round((Date.now() - started) / 1000),
    sink: sink.value % 1000,
  };
  const out = join(HERE, 'results', 'order-book.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwrote ${out} in ${result.durationSeconds}s`);
}

main();
