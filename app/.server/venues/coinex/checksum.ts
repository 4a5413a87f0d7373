// CoinEx depth checksum: CRC32 (zlib/IEEE) of "bid1_price:bid1_amount:...:ask1_price:ask1_amount:..."
// over the whole local book, bids best first then asks best first (not interleaved), compared as an
// unsigned 32-bit integer. The v2 docs call the value signed, but published values exceed 2^31 and
// the official demo compares `zlib.crc32` (unsigned) directly, so both sides are reduced mod 2^32.
import type { TextLevel } from '~/.server/market/types';

// Own table-driven CRC32: `zlib.crc32` only exists from Node 20.15, and this runs per book message.
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC32 (IEEE 802.3, as zlib) of the UTF-8 bytes of `text`, unsigned. */
export function crc32(text: string): number {
  const bytes = Buffer.from(text, 'utf8');
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** The string CoinEx checksums: every bid then every ask, each `price:amount`, all joined by `:`. */
export function coinexChecksumText(bids: readonly TextLevel[], asks: readonly TextLevel[]): string {
  const parts: string[] = [];
  for (const [price, amount] of bids) parts.push(price, amount);
  for (const [price, amount] of asks) parts.push(price, amount);
  return parts.join(':');
}

/** The checksum of a book given best first per side, as the venue's unsigned 32-bit value. */
export function coinexChecksum(bids: readonly TextLevel[], asks: readonly TextLevel[]): number {
  return crc32(coinexChecksumText(bids, asks));
}

/** A venue checksum (number or decimal text, signed or unsigned) as unsigned 32 bits; null when not an int32/uint32. */
export function toUnsigned32(value: unknown): number | null {
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < -0x80000000 || n > 0xffffffff) return null;
  return n >>> 0;
}
