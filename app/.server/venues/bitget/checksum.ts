// Bitget's book checksum: CRC32 (zlib/IEEE polynomial) over the top 25 bid and ask levels,
// interleaved bid1:ask1:bid2:ask2..., each level as `price:size` in the exact text the venue sent.
// Bitget publishes the value as a SIGNED 32-bit integer; everything here is unsigned (`>>> 0`).
// The CRC is fed piece by piece, so no 50-level string is built for every update.
import type { TextLevel } from '~/.server/market/types';
import { CRC32_START, crc32Byte, crc32Finish, crc32Text } from '~/.server/venues/crc32';
import { BITGET_CHECKSUM_LEVELS } from './constants';

const COLON = 0x3a;

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
  let crc = CRC32_START;
  let first = true;
  const feed = (level: TextLevel) => {
    if (!first) crc = crc32Byte(crc, COLON);
    first = false;
    crc = crc32Text(crc, level[0]);
    crc = crc32Byte(crc, COLON);
    crc = crc32Text(crc, level[1]);
  };
  for (let i = 0; i < BITGET_CHECKSUM_LEVELS; i++) {
    const bid = bids[i];
    const ask = asks[i];
    if (bid) feed(bid);
    if (ask) feed(ask);
  }
  return crc32Finish(crc);
}

/** Bitget's signed wire value as the unsigned number the rules compare (`-1258619028` → 3036348268). */
export function toUnsigned32(checksum: number): number {
  return checksum >>> 0;
}
