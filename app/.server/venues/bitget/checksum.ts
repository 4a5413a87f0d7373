// Bitget's book checksum: CRC32 (zlib/IEEE polynomial) over the top 25 bid and ask levels,
// interleaved bid1:ask1:bid2:ask2..., each level as `price:size` in the exact text the venue sent.
// Bitget publishes the value as a SIGNED 32-bit integer; everything here is unsigned (`>>> 0`).
// The CRC is fed piece by piece, so no 50-level string is built for every update.
import type { TextLevel } from '~/.server/market/types';
import { BITGET_CHECKSUM_LEVELS } from './constants';

const CRC_TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

const COLON = 0x3a;

/** Running CRC register (pre-inverted); start with 0xffffffff, finish with `~crc >>> 0`. */
function updateByte(crc: number, byte: number): number {
  return CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
}

/** Feeds `text` as UTF-8 (prices and sizes are ASCII; anything else is encoded, not mangled). */
function updateText(crc: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    if (code < 0x80) {
      crc = updateByte(crc, code);
      continue;
    }
    for (const byte of Buffer.from(String.fromCodePoint(code), 'utf8')) crc = updateByte(crc, byte);
    if (code > 0xffff) i++; // a surrogate pair was one code point
  }
  return crc;
}

/** CRC32 of a string's UTF-8 bytes, unsigned (same value as zlib's `crc32`). */
export function crc32(text: string): number {
  return ~updateText(0xffffffff, text) >>> 0;
}

/**
 * The string Bitget checksums, for tests and diagnostics: up to 25 levels per side, alternating
 * bid and ask; when one side is shorter its missing entries are simply left out.
 */
export function bitgetChecksumPayload(bids: readonly TextLevel[], asks: readonly TextLevel[]): string {
  const parts: string[] = [];
  for (let i = 0; i < BITGET_CHECKSUM_LEVELS; i++) {
    const bid = bids[i];
    const ask = asks[i];
    if (bid) parts.push(bid[0], bid[1]);
    if (ask) parts.push(ask[0], ask[1]);
  }
  return parts.join(':');
}

/** The checksum of the book whose best-first top levels are given, unsigned 32-bit. */
export function bitgetChecksum(bids: readonly TextLevel[], asks: readonly TextLevel[]): number {
  let crc = 0xffffffff;
  let first = true;
  const feed = (level: TextLevel) => {
    if (!first) crc = updateByte(crc, COLON);
    first = false;
    crc = updateText(crc, level[0]);
    crc = updateByte(crc, COLON);
    crc = updateText(crc, level[1]);
  };
  for (let i = 0; i < BITGET_CHECKSUM_LEVELS; i++) {
    const bid = bids[i];
    const ask = asks[i];
    if (bid) feed(bid);
    if (ask) feed(ask);
  }
  return ~crc >>> 0;
}

/** Bitget's signed wire value as the unsigned number the rules compare (`-1258619028` → 3036348268). */
export function toUnsigned32(checksum: number): number {
  return checksum >>> 0;
}
