import { describe, expect, it } from 'vitest';
import { scanFrame } from './book-frame-scanner';
import { anyLevels, levelsText, pick, prng, venueDecimal } from './test-support/frame-cases';

/** True when the scanner reads all of `text` as one scalar. */
const skips = (text: string) =>
  scanFrame(text, (sc) => {
    sc.skipScalar();
    return true;
  }) === true;

const parsed = (text: string): { ok: true; value: unknown } | { ok: false } => {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
};

describe('FrameScanner', () => {
  it('skips exactly the numbers JSON accepts', () => {
    const rand = prng(1);
    const alphabet = '0123456789-+.eE';
    for (let i = 0; i < 30_000; i++) {
      let t = '';
      for (let n = 1 + Math.floor(rand() * 7); n > 0; n--) t += pick(rand, [...alphabet]);
      const json = parsed(t);
      expect(skips(t), t).toBe(json.ok && typeof json.value === 'number');
    }
  });

  it('reads integers as JSON.parse does, and only non-negative safe ones', () => {
    const rand = prng(2);
    const cases = ['0', '-0', '01', '1.0', '1e3', '9007199254740991', '9007199254740992', '18446744073709551616'];
    for (let i = 0; i < 10_000; i++) cases.push(String(Math.floor(rand() * 10 ** Math.floor(rand() * 17))));
    for (const t of cases) {
      const value = scanFrame(t, (sc) => sc.int());
      const json = parsed(t);
      const wanted = json.ok && Number.isSafeInteger(json.value) && !t.startsWith('-') && /^(0|[1-9]\d*)$/.test(t);
      expect(value !== undefined, t).toBe(wanted);
      if (value !== undefined) expect(Object.is(value, json.ok && json.value), t).toBe(true);
    }
  });

  it('reads strings without escapes or control characters as their raw text', () => {
    const rand = prng(3);
    const chars = [
      'a',
      'Z',
      '0',
      '@',
      '.',
      ' ',
      '"',
      '\\',
      '\n',
      '\u0000',
      '\u001f',
      'é',
      '币',
      '\u2028',
      '\ud83d',
      '\ude00',
    ];
    for (let i = 0; i < 20_000; i++) {
      let s = '';
      for (let n = Math.floor(rand() * 6); n > 0; n--) s += pick(rand, chars);
      const t = `"${s}"`;
      const value = scanFrame(t, (sc) => {
        sc.string();
        return sc.slice();
      });
      const plain = [...s].every((c) => c !== '"' && c !== '\\' && c.charCodeAt(0) >= 0x20);
      expect(value !== undefined, JSON.stringify(t)).toBe(plain);
      if (value !== undefined) expect(value).toBe(JSON.parse(t));
    }
  });

  it('reads level arrays of plain decimals as Number() on each text, and refuses every other shape', () => {
    const rand = prng(4);
    let taken = 0;
    for (let i = 0; i < 20_000; i++) {
      const t = anyLevels(rand, rand() < 0.05 ? ' ' : '');
      const levels = scanFrame(t, (sc) => sc.levels());
      if (levels === undefined) continue;
      taken++;
      const json = JSON.parse(t) as unknown[][];
      for (const l of json) {
        expect(l.length, t).toBe(2);
        expect(typeof l[0] === 'string' && typeof l[1] === 'string' && Number(l[0]) > 0, t).toBe(true);
      }
      expect(levels, t).toStrictEqual(json.map((l) => [Number(l[0]), Number(l[1])]));
    }
    expect(taken).toBeGreaterThan(5_000);
  });

  it('takes every level array as venues write it', () => {
    const rand = prng(5);
    for (let i = 0; i < 2_000; i++) {
      const levels = Array.from({ length: Math.floor(rand() * 20) }, () => {
        let price = venueDecimal(rand);
        while (!(Number(price) > 0)) price = venueDecimal(rand);
        return [price, rand() < 0.2 ? '0.000' : venueDecimal(rand)] as const;
      });
      const t = levelsText(levels);
      expect(
        scanFrame(t, (sc) => sc.levels()),
        t,
      ).toStrictEqual(levels.map(([p, s]) => [Number(p), Number(s)]));
    }
  });

  it('skips the three literals, and gives up on look-alikes and on text after a value', () => {
    for (const t of ['true', 'false', 'null', '"x"', '-0.5e+7']) expect(skips(t), t).toBe(true);
    for (const t of ['nul', 'truex', 'True', 'NULL', '1 ', ' 1', '"a"x', '-', '"']) expect(skips(t), t).toBe(false);
    expect(scanFrame('[]x', (sc) => sc.levels())).toBeUndefined();
  });

  it('reads objects key by key and refuses empty ones', () => {
    const read = (t: string) =>
      scanFrame(t, (sc) => {
        const keys: string[] = [];
        sc.openObject();
        do {
          keys.push(sc.slice());
          sc.skipScalar();
        } while (sc.nextKey());
        return keys;
      });
    expect(read('{"a":1,"bc":"x","d":null}')).toEqual(['a', 'bc', 'd']);
    for (const t of ['{}', '{"a":1,}', '{"a":1', '{"a" :1}', '{"a":1}}', '{"a\\u0062":1}', '{a:1}']) {
      expect(read(t), t).toBeUndefined();
    }
  });

  it('lets errors other than its own through', () => {
    expect(() =>
      scanFrame('{}', () => {
        throw new TypeError('a bug in a reader');
      }),
    ).toThrow(TypeError);
  });
});
