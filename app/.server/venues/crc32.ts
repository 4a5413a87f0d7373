// CRC-32 (IEEE 802.3, the zlib/gzip one) for the venues whose book checksums use it (Bitget,
// CoinEx). An own table-driven implementation: `zlib.crc32` only exists from Node 20.15, and this
// runs on every book message. Text can be fed whole, or piece by piece so a checksum is computed
// without building the string it covers. Values are unsigned 32-bit.

const CRC_TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** The running register before the first byte (pre-inverted). */
export const CRC32_START = 0xffffffff;

/** The register after one more byte. */
export function crc32Byte(crc: number, byte: number): number {
  return CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
}

/** The register after `text` as UTF-8 (prices and sizes are ASCII; anything else is encoded, not mangled). */
export function crc32Text(crc: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    if (code < 0x80) {
      crc = crc32Byte(crc, code);
      continue;
    }
    for (const byte of Buffer.from(String.fromCodePoint(code), 'utf8')) crc = crc32Byte(crc, byte);
    if (code > 0xffff) i++; // a surrogate pair was one code point
  }
  return crc;
}

/** The CRC of everything fed into the register. */
export function crc32Finish(crc: number): number {
  return ~crc >>> 0;
}

/** CRC-32 of a string's UTF-8 bytes (the same value as zlib's `crc32`). */
export function crc32(text: string): number {
  const bytes = Buffer.from(text, 'utf8');
  let crc = CRC32_START;
  for (let i = 0; i < bytes.length; i++) crc = crc32Byte(crc, bytes[i]!);
  return crc32Finish(crc);
}
