// The scanner path of parseBybitFrame against its JSON.parse path, on recorded and generated frames.
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
import { parseBybitFrame, parseBybitFrameJson, scanBybitFrame } from './parse';

const parsers = { parse: parseBybitFrame, scan: scanBybitFrame, json: parseBybitFrameJson };

type Entries = [string, string][];

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', '1000PEPEUSDT', 'BTCPERP', '币安USDT', 'X'];

/** A book frame as Bybit writes one (keys in its order, or shuffled; times present or not). */
function goodFrame(rand: Rand): { top: Entries; data: Entries } {
  const symbol = pick(rand, SYMBOLS);
  const ts = 1_672_000_000_000 + Math.floor(rand() * 1e10);
  const data: Entries = [
    ['s', JSON.stringify(symbol)],
    ['b', venueLevels(rand, 12, '0')],
    ['a', venueLevels(rand, 12, '0')],
    ['u', String(rand() < 0.05 ? 1 : Math.floor(rand() * 1e12))],
    ['seq', String(Math.floor(rand() * 1e11))],
  ];
  const top: Entries = [
    ['topic', JSON.stringify(`orderbook.${pick(rand, [1, 50, 200, 1000])}.${symbol}`)],
    ['type', JSON.stringify(rand() < 0.2 ? 'snapshot' : 'delta')],
    ['ts', String(ts)],
    ['data', ''],
    ['cts', String(ts - 2)],
  ];
  if (rand() < 0.1) top.splice(2, 1); // no ts: cts is the time
  if (rand() < 0.1) top.splice(top.length - 1, 1);
  if (rand() < 0.1) top.push(['cs', String(Math.floor(rand() * 1e9))]);
  if (rand() < 0.2) return { top: shuffled(rand, top), data: shuffled(rand, data) };
  return { top, data };
}

function frameText({ top, data }: { top: Entries; data: Entries }, ws = ''): string {
  return objectText(
    top.map(([k, v]) => [k, k === 'data' && v === '' ? objectText(data, ws) : v]),
    ws,
  );
}

const ODD_VALUES = new Map<string, string[]>([
  [
    'topic',
    [
      '"orderbook.50.BTCUSDT"',
      '"tickers.BTCUSDT"',
      '"orderbook."',
      '"Orderbook.50.X"',
      '"orderbook.50.\\u0042TC"',
      '1',
      'null',
    ],
  ],
  ['type', ['"snapshot"', '"delta"', '"update"', '"snapshot "', '"\\u0064elta"', 'null', '1', '""']],
  ['data', ['null', '[]', '"x"', '{}', '{"s":"BTCUSDT"}']],
]);

/** One to four changes from what Bybit writes: odd values, missing, repeated or extra fields, spaces, junk around. */
function oddFrame(rand: Rand): string {
  const frame = goodFrame(rand);
  for (let n = 1 + Math.floor(rand() * 4); n > 0; n--) {
    const inData = rand() < 0.6;
    const entries = inData ? frame.data : frame.top;
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
      if (entries[i] && !(key === 'data' && !inData && rand() < 0.5)) entries[i] = [key, odd];
    } else if (roll < 0.65) {
      entries.splice(i, 1);
    } else if (roll < 0.8) {
      const copy = entries[i];
      if (copy)
        entries.splice(Math.floor(rand() * entries.length), 0, [copy[0], rand() < 0.5 ? copy[1] : anyInt(rand)]);
    } else {
      entries.splice(i, 0, [pick(rand, ['x', 'cs', 'success', 'request', '__proto__', 'S']), pick(rand, EXTRA_VALUES)]);
    }
  }
  const ws = rand() < 0.1 ? pick(rand, [' ', '\n', '\t', '\r\n  ']) : '';
  const text = frameText(frame, ws);
  const junk = rand();
  if (junk < 0.05) return pick(rand, [' ', '\n']) + text;
  if (junk < 0.1) return text + pick(rand, [' ', 'x', '}', ',{}', '\n']);
  if (junk < 0.13) return pick(rand, ['[1,2]', 'null', '"x"', '42', '{}', '[]', '']);
  return text;
}

describe('parseBybitFrame: the scanner path', () => {
  it('takes every recorded book frame and reads it as the JSON path does; leaves the rest to it', () => {
    const taken = fixtureFrames(ws)
      .filter(({ frame }) => agreesWithJson(parsers, frame))
      .map(({ name }) => name);
    expect(taken).toEqual([
      'bookSnapshot.message',
      'bookDelta.message',
      'bookSnapshotReal.message',
      'bookDeltaReal.message',
      'bookL1SnapshotReal.message',
      'bookL1DeltaReal.message',
    ]);
  });

  it('takes every frame written as Bybit writes them, in any key order, and agrees on each', () => {
    const rand = prng(11);
    for (let i = 0; i < 2_000; i++) {
      const frame = frameText(goodFrame(rand));
      expect(agreesWithJson(parsers, frame), frame).toBe(true);
    }
  });

  it('agrees with the JSON path on odd frames: same events, same null, same ParseError', () => {
    const rand = prng(12);
    let taken = 0;
    const total = 6_000;
    for (let i = 0; i < total; i++) if (agreesWithJson(parsers, oddFrame(rand))) taken++;
    // Both sides of the property are exercised.
    expect(taken).toBeGreaterThan(total * 0.05);
    expect(taken).toBeLessThan(total * 0.8);
  });

  it('agrees with the JSON path on every cut and on random one-character edits of good frames', () => {
    const rand = prng(13);
    for (let i = 0; i < 30; i++) {
      for (const frame of editsOf(frameText(goodFrame(rand)), rand, 300)) agreesWithJson(parsers, frame);
    }
  });
});
