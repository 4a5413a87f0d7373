import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { TextLevel } from '~/.server/market/types';
import { crc32 } from '~/.server/venues/crc32';
import { coinexChecksum, coinexChecksumText, toUnsigned32 } from './checksum';

// No CoinEx sample carries a book whose checksum can be checked (the ccxt-quoted ones were trimmed),
// so the test data is generated from the documented formula and checked against an independent
// CRC32: the one every gzip member stores in its trailer (RFC 1952), computed by zlib itself.
function gzipTrailerCrc32(text: string): number {
  const gz = gzipSync(Buffer.from(text, 'utf8'));
  return gz.readUInt32LE(gz.length - 8);
}

describe('crc32', () => {
  it('matches the CRC-32 check value and zlib on arbitrary text', () => {
    // The standard check value of CRC-32/ISO-HDLC.
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(crc32('')).toBe(0);
    for (const text of ['30736.00:0.04857373:30740.00:0.31763545', 'ü€:1', 'x'.repeat(5000)]) {
      expect(crc32(text)).toBe(gzipTrailerCrc32(text));
    }
  });
});

describe('coinexChecksumText', () => {
  const bids: TextLevel[] = [
    ['70851.93', '1.0314'],
    ['70850.93', '0.0021'],
  ];
  const asks: TextLevel[] = [
    ['70851.94', '0.2119'],
    ['70851.95', '0.0004'],
  ];

  it('puts all bids, best first, before all asks (not interleaved) and keeps the text as sent', () => {
    expect(coinexChecksumText(bids, asks)).toBe('70851.93:1.0314:70850.93:0.0021:70851.94:0.2119:70851.95:0.0004');
    expect(coinexChecksumText([], asks)).toBe('70851.94:0.2119:70851.95:0.0004');
    expect(coinexChecksumText(bids, [])).toBe('70851.93:1.0314:70850.93:0.0021');
  });

  it('checksums that text as unsigned 32 bits', () => {
    const text = coinexChecksumText(bids, asks);
    expect(coinexChecksum(bids, asks)).toBe(gzipTrailerCrc32(text));
    // Trailing zeros are part of the text: "0.0021" and "0.00210" give different checksums.
    expect(
      coinexChecksum(
        [
          ['70851.93', '1.0314'],
          ['70850.93', '0.00210'],
        ],
        asks,
      ),
    ).not.toBe(coinexChecksum(bids, asks));
  });

  it('yields values above 2^31 for some books, as CoinEx publishes them', () => {
    // Found by scanning generated books; proves the result is not folded to a signed int.
    const big = Array.from({ length: 64 }, (_, i) => coinexChecksum([[`${100 + i}.5`, '1']], [[`${200 + i}.5`, '2']]));
    expect(big.some((c) => c > 2 ** 31)).toBe(true);
    expect(big.every((c) => c >= 0 && c < 2 ** 32)).toBe(true);
  });
});

describe('toUnsigned32', () => {
  it('reads numbers and decimal text, signed or unsigned, as unsigned 32 bits', () => {
    expect(toUnsigned32(2578768879)).toBe(2578768879);
    expect(toUnsigned32(2578768879 - 2 ** 32)).toBe(2578768879);
    expect(toUnsigned32('2956436260')).toBe(2956436260);
    expect(toUnsigned32('-1')).toBe(0xffffffff);
  });

  it('rejects what cannot be a CRC32', () => {
    for (const bad of [2 ** 32, -(2 ** 31) - 1, 1.5, '12a', '', null, undefined, {}])
      expect(toUnsigned32(bad)).toBeNull();
  });
});
