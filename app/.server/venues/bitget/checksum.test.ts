import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { TextLevel } from '~/.server/market/types';
import ws from './fixtures/ws-frames.json';
import { crc32 } from '~/.server/venues/crc32';
import { bitgetChecksum, bitgetChecksumPayload, toUnsigned32 } from './checksum';

// Bitget's docs give the checksum STRING for two example books but no CRC value, so the CRC itself
// is checked against the standard CRC-32 check value and against node:zlib's independent crc32.
const doc = ws.checksumDocExamples;
const levels = (rows: string[][]): TextLevel[] => rows.map(([p, s]) => [p!, s!]);
const zlibCrc32 = typeof zlib.crc32 === 'function' ? (s: string) => zlib.crc32(s) : null;

/** A deterministic book of `n` levels per side with trailing-zero text, as Bitget prints it. */
function book(n: number, m = n): { bids: TextLevel[]; asks: TextLevel[] } {
  const bids: TextLevel[] = Array.from({ length: n }, (_, i) => [(27000 - i * 0.5).toFixed(1), (1.25 + i).toFixed(3)]);
  const asks: TextLevel[] = Array.from({ length: m }, (_, i) => [
    (27000.5 + i * 0.5).toFixed(1),
    (0.4 + i * 2).toFixed(3),
  ]);
  return { bids, asks };
}

describe('crc32', () => {
  it('gives the standard CRC-32 check value for "123456789"', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(crc32('')).toBe(0);
  });

  it.runIf(zlibCrc32 !== null)('agrees with node:zlib crc32 on checksum payloads and non-ASCII text', () => {
    const big = book(40);
    for (const text of [
      doc.moreThan25.payload,
      doc.lessThan25.payload,
      bitgetChecksumPayload(big.bids, big.asks),
      'prix:0,5€:𝟙',
    ]) {
      expect(crc32(text)).toBe(zlibCrc32!(text));
    }
  });
});

describe('bitgetChecksumPayload (the documented string)', () => {
  it('interleaves bid and ask levels as in the docs example with more than 25 levels', () => {
    expect(bitgetChecksumPayload(levels(doc.moreThan25.bids), levels(doc.moreThan25.asks))).toBe(
      '43231.1:4:43232.8:9:43231:6:43232.9:8',
    );
  });

  it('appends the longer side once the shorter runs out, as in the docs example with fewer levels', () => {
    expect(bitgetChecksumPayload(levels(doc.lessThan25.bids), levels(doc.lessThan25.asks))).toBe(
      '3366.1:7:3366.8:9:3368:8:3372:8',
    );
  });

  it('takes 25 levels per side and no more', () => {
    const { bids, asks } = book(30);
    const parts = bitgetChecksumPayload(bids, asks).split(':');
    expect(parts).toHaveLength(25 * 2 * 2);
    expect(parts.slice(-4)).toEqual([...bids[24]!, ...asks[24]!]);
  });
});

describe('bitgetChecksum', () => {
  it('is the CRC32 of the documented string for both docs examples', () => {
    for (const ex of [doc.moreThan25, doc.lessThan25]) {
      expect(bitgetChecksum(levels(ex.bids), levels(ex.asks))).toBe(crc32(ex.payload));
    }
    // Pinned values, computed with node:zlib when this test was written.
    expect(crc32(doc.moreThan25.payload)).toBe(2790465500);
  });

  it('equals the CRC of the joined payload for deep, shallow and one-sided books', () => {
    for (const [n, m] of [
      [40, 40],
      [25, 3],
      [0, 7],
      [12, 0],
    ] as const) {
      const { bids, asks } = book(n, m);
      expect(bitgetChecksum(bids, asks)).toBe(crc32(bitgetChecksumPayload(bids, asks)));
    }
  });

  it('is computed over the exact text: "0.5000" and "0.5" give different checksums', () => {
    const a = bitgetChecksum([['0.5000', '10']], [['0.5010', '3']]);
    const b = bitgetChecksum([['0.5', '10']], [['0.501', '3']]);
    expect(a).not.toBe(b);
  });

  it('compares with the signed wire value through >>> 0', () => {
    expect(toUnsigned32(-1258619028)).toBe(3036348268);
    expect(toUnsigned32(123)).toBe(123);
    // A book whose CRC has the top bit set travels as a negative number on the wire.
    const wire = 2790465500 | 0;
    expect(wire).toBeLessThan(0);
    expect(toUnsigned32(wire)).toBe(bitgetChecksum(levels(doc.moreThan25.bids), levels(doc.moreThan25.asks)));
  });
});
