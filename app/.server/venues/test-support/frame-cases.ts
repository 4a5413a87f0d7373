// Property-style cases for the book-frame scanner: frames written as text piece by piece (so they
// can hold what JSON.stringify never writes: `-0`, exponents, escapes, duplicate keys, spaces), and
// edits of good frames (cuts, insertions, deletions), each checked against the JSON.parse path.
import { expect } from 'vitest';
import { mulberry32 } from '~/lib/prng';

/** Seeded PRNG, so every run checks the same cases. */
export const prng = mulberry32;

export type Rand = () => number;

export function pick<T>(rand: Rand, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)]!;
}

export function shuffled<T>(rand: Rand, xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A JSON object's text from `[key, value text]` entries; `ws` goes between every two tokens. */
export function objectText(entries: readonly (readonly [string, string])[], ws = ''): string {
  const body = entries.map(([k, v]) => `${JSON.stringify(k)}${ws}:${ws}${v}`).join(`${ws},${ws}`);
  return `{${ws}${body}${ws}}`;
}

/** `[["p","s"],...]` from text pairs. */
export function levelsText(levels: readonly (readonly [string, string])[], ws = ''): string {
  const inner = levels.map(([p, s]) => `[${ws}"${p}"${ws},${ws}"${s}"${ws}]`).join(`${ws},${ws}`);
  return `[${ws}${inner}${ws}]`;
}

/** Up to `max` random levels as a venue writes them: positive prices, some sizes `deleteSize` (removals). */
export function venueLevels(rand: Rand, max: number, deleteSize: string): string {
  const levels: [string, string][] = [];
  for (let n = Math.floor(rand() * max); n > 0; n--) {
    let price = venueDecimal(rand);
    while (!(Number(price) > 0)) price = venueDecimal(rand);
    levels.push([price, rand() < 0.2 ? deleteSize : venueDecimal(rand)]);
  }
  return levelsText(levels);
}

/** Decimal text as venues write it: up to 7 integer digits, up to 8 fraction digits. */
export function venueDecimal(rand: Rand): string {
  const int = String(Math.floor(rand() * 10 ** Math.floor(rand() * 7)));
  const frac = Math.floor(rand() * 9);
  return frac === 0 ? int : `${int}.${String(Math.floor(rand() * 10 ** frac)).padStart(frac, '0')}`;
}

/** Decimal text that is not what venues write: long, tiny, odd, or not a plain decimal at all. */
export const ODD_DECIMALS = [
  '0',
  '0.000',
  '00012.50',
  '1.',
  '.5',
  '.',
  '',
  '-0',
  '-1.5',
  '+1',
  '1e5',
  '1E-3',
  '1.5e+2',
  ' 1',
  '1 ',
  '0x10',
  'Infinity',
  'NaN',
  '1_000',
  '١٢',
  '9007199254740991',
  '9007199254740993',
  '9999999999999999.5',
  '123456789012345678901234567890',
  '0.1000000000000001',
  '1.7976931348623157',
  `0.${'0'.repeat(21)}1`,
  `0.${'0'.repeat(22)}1`,
  `0.${'0'.repeat(40)}7`,
  `1${'0'.repeat(400)}`,
  '0.30000000000000004',
  '2.2250738585072014e-308',
  '1.2.3',
  '1..2',
  '\\u0031',
  '1\\"',
];

/** Decimal text for a level: mostly venue-like, sometimes odd. */
export function anyDecimal(rand: Rand): string {
  return rand() < 0.8 ? venueDecimal(rand) : pick(rand, ODD_DECIMALS);
}

/** Integer-field text: mostly sequence-like, sometimes not a safe integer or not an integer. */
export const ODD_INTS = [
  '0',
  '1',
  '01',
  '-1',
  '-0',
  '1.5',
  '1.0',
  '1e3',
  '9007199254740991',
  '9007199254740992',
  '12345678901234567890',
  '"1672304484978"',
  'null',
  'true',
  '[]',
  '{}',
];

export function anyInt(rand: Rand): string {
  return rand() < 0.85 ? String(Math.floor(rand() * 10 ** Math.floor(1 + rand() * 14))) : pick(rand, ODD_INTS);
}

/** Levels text: mostly well-formed, sometimes the wrong shape. */
export function anyLevels(rand: Rand, ws: string): string {
  if (rand() < 0.1) {
    return pick(rand, [
      '[]',
      '[["1","2","3"]]',
      '[["1"]]',
      '[[1,2]]',
      '[["1",2]]',
      '[[1.5,"2"]]',
      '[["0","1"]]',
      '[["1","0"]]',
      '[["1","2"],]',
      '[["1","2"]',
      '[["1","2"]]]',
      '[[]]',
      '[{}]',
      'null',
      '{}',
      '"1"',
    ]);
  }
  const n = Math.floor(rand() * 8);
  const levels: [string, string][] = [];
  for (let i = 0; i < n; i++) levels.push([anyDecimal(rand), rand() < 0.2 ? '0' : anyDecimal(rand)]);
  return levelsText(levels, ws);
}

/** Values for fields the parsers do not read: scalars they skip, and nesting the scanner refuses. */
export const EXTRA_VALUES = ['123', '-1.5e-3', '"x"', '""', 'true', 'false', 'null', '{"y":1}', '[1]', '[]', '"a\\"b"'];

/** Strings with what the scanner must not misread: escapes, quotes, control characters, non-ASCII. */
export const ODD_STRINGS = [
  '""',
  '"BTC\\u0055SDT"',
  '"BTC\\"USDT"',
  '"BTC\\\\USDT"',
  '"BTC\tUSDT"',
  '"BTC\nUSDT"',
  '"币安USDT"',
  '"😀USDT"',
  '"\u2028BTC"',
  '"kPEPE"',
  '1',
  'null',
  '["BTCUSDT"]',
];

/**
 * Edits of a good frame: every cut of its start, and `count` random deletions, insertions and
 * replacements of one character, with characters that matter to JSON.
 */
export function editsOf(frame: string, rand: Rand, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < frame.length; i++) out.push(frame.slice(0, i));
  const alphabet = [
    '"',
    '{',
    '}',
    '[',
    ']',
    ',',
    ':',
    '.',
    '-',
    '+',
    'e',
    'E',
    '0',
    '1',
    '9',
    ' ',
    '\n',
    '\\',
    'é',
    'x',
  ];
  for (let k = 0; k < count; k++) {
    const i = Math.floor(rand() * frame.length);
    const c = pick(rand, alphabet);
    const roll = rand();
    if (roll < 0.33) out.push(frame.slice(0, i) + frame.slice(i + 1));
    else if (roll < 0.66) out.push(frame.slice(0, i) + c + frame.slice(i));
    else out.push(frame.slice(0, i) + c + frame.slice(i + 1));
  }
  return out;
}

export type Outcome = { value: unknown } | { error: { name: string; message: string; sample: unknown } };

/** What `fn` returns or throws, in a form two outcomes can be compared by. */
export function outcome(fn: () => unknown): Outcome {
  try {
    return { value: fn() };
  } catch (err) {
    if (!(err instanceof Error)) throw err;
    return { error: { name: err.name, message: err.message, sample: (err as { sample?: unknown }).sample } };
  }
}

export interface FrameParsers {
  /** What the streamer calls. */
  parse(frame: string): unknown;
  /** The scanner alone: undefined when it leaves the frame to the JSON path. */
  scan(frame: string): unknown;
  /** The JSON.parse path alone: the reference. */
  json(frame: string): unknown;
}

/**
 * The scanner, when it answers, answers what the JSON path does (numbers compared with
 * Object.is, so -0 ≠ 0), and `parse` behaves as the JSON path in every case: same events, same
 * null, same error. True when the scanner took the frame.
 */
export function agreesWithJson(parsers: FrameParsers, frame: string): boolean {
  const reference = outcome(() => parsers.json(frame));
  const scanned = parsers.scan(frame);
  if (scanned !== undefined) expect(reference, frame).toStrictEqual({ value: scanned });
  expect(
    outcome(() => parsers.parse(frame)),
    frame,
  ).toStrictEqual(reference);
  return scanned !== undefined;
}

/** Every object-valued field of every entry of a `ws-frames.json` fixture, as frame text. */
export function fixtureFrames(fixture: Record<string, unknown>): { name: string; frame: string }[] {
  const out: { name: string; frame: string }[] = [];
  for (const [name, entry] of Object.entries(fixture)) {
    if (entry === null || typeof entry !== 'object') continue;
    for (const [field, value] of Object.entries(entry)) {
      if (value !== null && typeof value === 'object')
        out.push({ name: `${name}.${field}`, frame: JSON.stringify(value) });
    }
  }
  return out;
}
