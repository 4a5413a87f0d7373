// CoinEx depth checksum: CRC32 (zlib/IEEE) of "bid1_price:bid1_amount:...:ask1_price:ask1_amount:..."
// over the whole local book, bids best first then asks best first (not interleaved), compared as an
// unsigned 32-bit integer. The v2 docs call the value signed, but published values exceed 2^31 and
// the official demo compares `zlib.crc32` (unsigned) directly, so both sides are reduced mod 2^32.
import type { TextLevel } from '~/.server/market/types';
import { crc32 } from '~/.server/venues/crc32';

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
