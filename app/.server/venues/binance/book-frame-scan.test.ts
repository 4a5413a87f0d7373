// The scanner path of parseBinanceFrame against its JSON.parse path, on recorded and generated frames.
import { describe, expect, it } from 'vitest';
import {
  agreesWithJson,
  anyInt,
  anyLevels,
  editsOf,
  EXTRA_VALUES,
  fixtureFrames,
  objectText,
  ODD_STRINGS,
  pick,
  prng,
  type Rand,
  shuffled,
  venueLevels,
} from '~/.server/venues/test-support/frame-cases';
import ws from './fixtures/ws-frames.json';
import { parseBinanceFrame, parseBinanceFrameJson, scanBinanceFrame } from './parse';

const parsers = { parse: parseBinanceFrame, scan: scanBinanceFrame, json: parseBinanceFrameJson };

type Entries = [string, string][];

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', '1000PEPEUSDT', 'BTCUSDT_250627', '币安USDT', 'X'];
const STREAMS = ['@depth@100ms', '@depth', '@depth@500ms', '@depth20', '@depth5@100ms', '@depth10@500ms'];

interface Frame {
  /** Null for a raw `/ws` frame: the depthUpdate alone. */
  envelope: Entries | null;
  data: Entries;
}

/** A depthUpdate as Binance writes one, combined or raw, keys in its order or shuffled. */
function goodFrame(rand: Rand): Frame {
  const symbol = pick(rand, SYMBOLS);
  const E = 1_622_000_000_000 + Math.floor(rand() * 1e10);
  const u = Math.floor(rand() * 1e12);
  const data: Entries = [
    ['e', '"depthUpdate"'],
    ['E', String(E)],
    ['T', String(E - 6)],
    ['s', JSON.stringify(symbol)],
    ['U', String(u - Math.floor(rand() * 50))],
    ['u', String(u)],
    ['pu', String(u - 60)],
    ['b', venueLevels(rand, 20, '0.000')],
    ['a', venueLevels(rand, 20, '0.000')],
  ];
  if (rand() < 0.1) data.splice(2, 1); // no T: E is the time
  if (rand() < 0.05) data.splice(1, 1);
  const envelope: Entries | null =
    rand() < 0.8
      ? [
          ['stream', JSON.stringify(symbol.toLowerCase() + pick(rand, STREAMS))],
          ['data', ''],
        ]
      : null;
  if (rand() < 0.2) return { envelope: envelope && shuffled(rand, envelope), data: shuffled(rand, data) };
  return { envelope, data };
}

function frameText({ envelope, data }: Frame, ws = ''): string {
  const payload = objectText(data, ws);
  return envelope
    ? objectText(
        envelope.map(([k, v]) => [k, k === 'data' && v === '' ? payload : v]),
        ws,
      )
    : payload;
}

const ODD_VALUES = new Map<string, string[]>([
  ['e', ['"depthUpdate"', '"markPriceUpdate"', '"depthupdate"', '"depth\\u0055pdate"', 'null', '1']],
  [
    'stream',
    ['"btcusdt@depth@100ms"', '"ethusdt@depth20"', '"btcusdt@markPrice"', '"\\u0062tcusdt@depth5"', '1', 'null'],
  ],
  ['data', ['null', '[]', '"x"', '{}', '[{"e":"depthUpdate"}]', '{"e":"depthUpdate"}']],
]);

/** One to four changes from what Binance writes: odd values, missing, repeated or extra fields, spaces, junk around. */
function oddFrame(rand: Rand): string {
  const frame = goodFrame(rand);
  for (let n = 1 + Math.floor(rand() * 4); n > 0; n--) {
    const inEnvelope = frame.envelope !== null && rand() < 0.3;
    const entries = inEnvelope ? frame.envelope! : frame.data;
    const i = Math.floor(rand() * entries.length);
    const [key] = entries[i] ?? ['x'];
    const roll = rand();
    if (roll < 0.5) {
      const odd =
        key === 's'
          ? pick(rand, ODD_STRINGS)
          : key === 'b' || key === 'a'
            ? anyLevels(rand, '')
            : ODD_VALUES.has(key)
              ? pick(rand, ODD_VALUES.get(key)!)
              : rand() < 0.5
                ? anyInt(rand)
                : pick(rand, EXTRA_VALUES);
      if (entries[i] && !(key === 'data' && inEnvelope && rand() < 0.5)) entries[i] = [key, odd];
    } else if (roll < 0.65) {
      entries.splice(i, 1);
    } else if (roll < 0.8) {
      const copy = entries[i];
      if (copy)
        entries.splice(Math.floor(rand() * entries.length), 0, [copy[0], rand() < 0.5 ? copy[1] : anyInt(rand)]);
    } else {
      const extraKey = pick(rand, ['x', 'stream', 'data', 'id', 'result', '__proto__', 'S', 'P']);
      entries.splice(i, 0, [extraKey, pick(rand, EXTRA_VALUES)]);
    }
  }
  const ws = rand() < 0.1 ? pick(rand, [' ', '\n', '\t', '\r\n  ']) : '';
  const text = frameText(frame, ws);
  const junk = rand();
  if (junk < 0.05) return pick(rand, [' ', '\n']) + text;
  if (junk < 0.1) return text + pick(rand, [' ', 'x', '}', ',{}', '\n']);
  if (junk < 0.13) return pick(rand, ['[1,2]', '[]', 'null', '"x"', '42', '{}', '']);
  return text;
}

describe('parseBinanceFrame: the scanner path', () => {
  it('takes every recorded depth frame and reads it as the JSON path does; leaves the rest to it', () => {
    const taken = fixtureFrames(ws)
      .filter(({ frame }) => agreesWithJson(parsers, frame))
      .map(({ name }) => name);
    expect(taken).toEqual(['bookDelta.message', 'bookPartialDepth20.message', 'bookDeltaDoc.message']);
  });

  it('takes every frame written as Binance writes them, combined or raw, in any key order, and agrees on each', () => {
    const rand = prng(21);
    for (let i = 0; i < 2_000; i++) {
      const frame = frameText(goodFrame(rand));
      expect(agreesWithJson(parsers, frame), frame).toBe(true);
    }
  });

  it('agrees with the JSON path on odd frames: same events, same null, same ParseError', () => {
    const rand = prng(22);
    let taken = 0;
    const total = 6_000;
    for (let i = 0; i < total; i++) if (agreesWithJson(parsers, oddFrame(rand))) taken++;
    // Both sides of the property are exercised.
    expect(taken).toBeGreaterThan(total * 0.05);
    expect(taken).toBeLessThan(total * 0.8);
  });

  it('reads a bare depthUpdate that names a stream, or data, as the JSON path does', () => {
    const raw = ws.bookDelta.message.data;
    for (const extra of [
      { stream: 'x', data: 1 },
      { data: null, stream: 'btcusdt@depth20' },
      { stream: 'btcusdt@depth20' },
      { data: 1 },
    ]) {
      agreesWithJson(parsers, JSON.stringify({ ...raw, ...extra }));
      agreesWithJson(parsers, JSON.stringify({ ...extra, ...raw }));
    }
    // The envelope's own order and extra fields.
    const { stream, data } = ws.bookDelta.message;
    expect(agreesWithJson(parsers, JSON.stringify({ data, stream }))).toBe(true);
    expect(agreesWithJson(parsers, JSON.stringify({ id: 7, stream, data }))).toBe(false);
    expect(agreesWithJson(parsers, JSON.stringify({ stream, data, id: 7 }))).toBe(true);
  });

  it('agrees with the JSON path on every cut and on random one-character edits of good frames', () => {
    const rand = prng(23);
    for (let i = 0; i < 30; i++) {
      for (const frame of editsOf(frameText(goodFrame(rand)), rand, 300)) agreesWithJson(parsers, frame);
    }
  });
});
