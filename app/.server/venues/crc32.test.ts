import { describe, expect, it } from 'vitest';
import { CRC32_START, crc32, crc32Byte, crc32Finish, crc32Text } from './crc32';

// The values themselves are checked against zlib in the Bitget and CoinEx checksum tests.
describe('crc32 fed piece by piece', () => {
  it('gives the value of the whole text, ASCII or not', () => {
    for (const text of ['123456789', '', '43231.1:4:43232.8:9', 'prix:0,5€:𝟙', 'ü€:1', 'lone \ud800 surrogate']) {
      expect(crc32Finish(crc32Text(CRC32_START, text))).toBe(crc32(text));
    }
    const joined = crc32Finish(crc32Text(crc32Byte(crc32Text(CRC32_START, '27000.5'), 0x3a), '1.250'));
    expect(joined).toBe(crc32('27000.5:1.250'));
    expect(crc32('123456789')).toBe(0xcbf43926);
  });
});
