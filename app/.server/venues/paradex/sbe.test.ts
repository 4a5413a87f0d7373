// No real Paradex SBE frame exists in the protocol notes. These tests check the decoder two ways:
// on bytes assembled by hand here, field by field, from the published schema layout
// (paradex_1_0.xml as the notes describe it: 8-byte header, 89-byte BookEvent block, groups with a
// 4-byte size header and 16-byte entries, uint8-length market name), and round trip against the
// project's own encoder (sbe-encode.ts), which the simulator uses.
import { describe, expect, it } from 'vitest';
import { ParseError } from '~/.server/market/types';
import {
  decodeParadexSbe,
  decodeSbeHeader,
  mantissaToNumber,
  SBE_BOOK_BLOCK_BYTES,
  SBE_INT64_NULL,
  type SbeBookMessage,
  type SbeFundingDataMessage,
} from './sbe';
import { encodeSbeBook, encodeSbeFundingData, encodeSbeHeartbeat, toMantissa } from './sbe-encode';

// ---- little-endian byte writers, independent of the encoder ----

const u8 = (n: number) => [n & 0xff];
const u16 = (n: number) => [n & 0xff, (n >> 8) & 0xff];
function i64(v: bigint): number[] {
  const out: number[] = [];
  let x = BigInt.asUintN(64, v);
  for (let i = 0; i < 8; i++) {
    out.push(Number(x & 0xffn));
    x >>= 8n;
  }
  return out;
}
const text = (s: string) => [...u8(Buffer.byteLength(s)), ...Buffer.from(s, 'utf8')];
const header = (blockLength: number, templateId: number, schemaId = 1, version = 1) => [
  ...u16(blockLength),
  ...u16(templateId),
  ...u16(schemaId),
  ...u16(version),
];
const group = (entryBytes: number, entries: number[][]) => [
  ...u16(entryBytes),
  ...u16(entries.length),
  ...entries.flat(),
];
const NULL = SBE_INT64_NULL;

/** BookEvent: ts, seq, pkgType, nine nullable int64 best-price fields, then bids, asks, market. */
function handBook(opts: {
  tsUs: bigint;
  seq: bigint;
  pkg: number;
  bids: Array<[bigint, bigint]>;
  asks: Array<[bigint, bigint]>;
  market: string;
  extraBlock?: number;
  entryBytes?: number;
  schemaId?: number;
}): Uint8Array {
  const entryBytes = opts.entryBytes ?? 16;
  const entry = ([p, s]: [bigint, bigint]) => [...i64(p), ...i64(s), ...new Array<number>(entryBytes - 16).fill(0xee)];
  const block = [
    ...i64(opts.tsUs),
    ...i64(opts.seq),
    ...u8(opts.pkg),
    ...new Array(9).fill(0).flatMap(() => i64(NULL)),
    // Fields a later schema version could append: a reader must skip them by blockLength.
    ...new Array<number>(opts.extraBlock ?? 0).fill(0xab),
  ];
  return Uint8Array.from([
    ...header(block.length, 3, opts.schemaId ?? 1),
    ...block,
    ...group(entryBytes, opts.bids.map(entry)),
    ...group(entryBytes, opts.asks.map(entry)),
    ...text(opts.market),
  ]);
}

const btcSnapshot = () =>
  handBook({
    tsUs: 1_764_072_000_123_456n,
    seq: 14_127_815n,
    pkg: 0,
    // 95000.1 × 10^8, 0.992 × 10^8 ...
    bids: [
      [9_500_010_000_000n, 99_200_000n],
      [9_500_000_000_000n, 1_000_000n],
    ],
    asks: [[9_500_020_000_000n, 313_700_000n]],
    market: 'BTC-USD-PERP',
  });

describe('decodeParadexSbe on hand-assembled bytes', () => {
  it('reads the header', () => {
    expect(decodeSbeHeader(btcSnapshot())).toEqual({ blockLength: 89, templateId: 3, schemaId: 1, version: 1 });
    expect(SBE_BOOK_BLOCK_BYTES).toBe(89);
  });

  it('decodes a SNAPSHOT book: fixed-point -8, microsecond time, groups, market name', () => {
    const msg = decodeParadexSbe(btcSnapshot()) as SbeBookMessage;
    expect(msg).toMatchObject({
      type: 'book',
      tsUs: 1_764_072_000_123_456,
      seq: 14_127_815,
      pkgType: 'snapshot',
      market: 'BTC-USD-PERP',
    });
    expect(msg.bids).toEqual([
      [95000.1, 0.992],
      [95000, 0.01],
    ]);
    expect(msg.asks).toEqual([[95000.2, 3.137]]);
  });

  it('decodes a DELTA with a removed level (size 0) and an empty side', () => {
    const bytes = handBook({ tsUs: 1n, seq: 2n, pkg: 1, bids: [[100_000_000n, 0n]], asks: [], market: 'ETH-USD-PERP' });
    expect(decodeParadexSbe(bytes)).toMatchObject({
      pkgType: 'delta',
      bids: [[1, 0]],
      asks: [],
      market: 'ETH-USD-PERP',
    });
  });

  it('honours a longer root block and longer group entries (fields appended by later versions)', () => {
    const bytes = handBook({
      tsUs: 5n,
      seq: 6n,
      pkg: 0,
      bids: [[250_000_000n, 100_000_000n]],
      asks: [[260_000_000n, 50_000_000n]],
      market: 'SOL-USD-PERP',
      extraBlock: 11,
      entryBytes: 24,
    });
    expect(decodeSbeHeader(bytes).blockLength).toBe(100);
    expect(decodeParadexSbe(bytes)).toMatchObject({ bids: [[2.5, 1]], asks: [[2.6, 0.5]], market: 'SOL-USD-PERP' });
  });

  it('decodes FundingDataEvent v0 (no impactPremiumRate) and v1 (with it)', () => {
    const fixed = [
      ...i64(1_771_506_636_154_000n),
      ...i64(42n),
      ...i64(-14_969n), // fundingRate -0.00014969
      ...i64(-55_169_401n), // fundingIndex -0.55169401
      ...i64(1_771_506_636_154_000n),
      ...i64(-50_991n), // fundingPremium
      ...i64(-14_969n), // fundingRate8h
      ...u16(8),
    ];
    const v0 = Uint8Array.from([...header(fixed.length, 5, 1, 0), ...fixed, ...text('TRUMP-USD-PERP')]);
    const v1Block = [...fixed, ...i64(12_345n)];
    const v1 = Uint8Array.from([...header(v1Block.length, 5, 1, 1), ...v1Block, ...text('TRUMP-USD-PERP')]);
    const expected = {
      type: 'funding-data',
      seq: 42,
      fundingRate: -0.00014969,
      fundingIndex: -0.55169401,
      fundingPremium: -0.00050991,
      fundingRate8h: -0.00014969,
      fundingPeriodHours: 8,
      market: 'TRUMP-USD-PERP',
    };
    expect(decodeParadexSbe(v0)).toMatchObject({ ...expected, impactPremiumRate: null });
    expect(decodeParadexSbe(v1)).toMatchObject({ ...expected, impactPremiumRate: 0.00012345 });
  });

  it('decodes heartbeats and passes other templates through as `other`', () => {
    const hb = Uint8Array.from([...header(16, 40), ...i64(7n), ...i64(8n)]);
    expect(decodeParadexSbe(hb)).toMatchObject({ type: 'heartbeat', tsUs: 7, seq: 8 });
    const trade = Uint8Array.from([...header(4, 1), 0, 0, 0, 0, ...text('BTC-USD-PERP')]);
    expect(decodeParadexSbe(trade)).toMatchObject({ type: 'other', header: { templateId: 1 } });
  });

  it('throws ParseError on short frames, another schema, bad package types and null prices', () => {
    const good = btcSnapshot();
    expect(() => decodeParadexSbe(good.subarray(0, 5))).toThrow(ParseError);
    for (const cut of [50, 100, good.length - 1])
      expect(() => decodeParadexSbe(good.subarray(0, cut))).toThrow(ParseError);
    const other = handBook({ tsUs: 1n, seq: 1n, pkg: 0, bids: [], asks: [], market: 'X', schemaId: 2 });
    expect(() => decodeParadexSbe(other)).toThrow(/schema id 2/);
    const badPkg = handBook({ tsUs: 1n, seq: 1n, pkg: 7, bids: [], asks: [], market: 'X' });
    expect(() => decodeParadexSbe(badPkg)).toThrow(/package type 7/);
    const nullPrice = handBook({ tsUs: 1n, seq: 1n, pkg: 0, bids: [[NULL, 1n]], asks: [], market: 'X' });
    expect(() => decodeParadexSbe(nullPrice)).toThrow(/price is null/);
    const negativePrice = handBook({ tsUs: 1n, seq: 1n, pkg: 0, bids: [[-1n, 1n]], asks: [], market: 'X' });
    expect(() => decodeParadexSbe(negativePrice)).toThrow(/bad level/);
    const noMarket = handBook({ tsUs: 1n, seq: 1n, pkg: 0, bids: [], asks: [], market: '' });
    expect(() => decodeParadexSbe(noMarket)).toThrow(/without market/);
    const shortBlock = Uint8Array.from([...header(17, 3), ...new Array<number>(17).fill(0)]);
    expect(() => decodeParadexSbe(shortBlock)).toThrow(/book block of 17 bytes/);
  });
});

describe('fixed-point conversion', () => {
  it('gives exactly Number(decimal text), also for mantissas beyond 2^53', () => {
    for (const t of ['95000.1', '0.00000001', '67629.7', '3.137', '-0.55169401', '123456789.12345678', '0']) {
      expect(mantissaToNumber(toMantissa(t), 8)).toBe(Number(t));
    }
    expect(mantissaToNumber(9_007_199_254_740_993_123n, 8)).toBe(Number('90071992547.40993123'));
    expect(mantissaToNumber(1_000_000_000_000n, 12)).toBe(1);
  });

  it('encodes decimal text exactly and truncates digits beyond the exponent', () => {
    expect(toMantissa('95000.1')).toBe(9_500_010_000_000n);
    expect(toMantissa('0.00010000001298')).toBe(10_000n);
    expect(toMantissa('-0.000149695')).toBe(-14_969n);
    expect(toMantissa(1e-7)).toBe(10n);
    expect(() => toMantissa('1e5')).toThrow(RangeError);
    expect(() => toMantissa('99999999999999999999')).toThrow(RangeError);
  });
});

describe('encoder ↔ decoder round trip', () => {
  it('matches the hand-assembled bytes exactly', () => {
    const encoded = encodeSbeBook({
      tsUs: 1_764_072_000_123_456,
      seq: 14_127_815,
      pkgType: 'snapshot',
      bids: [
        ['95000.1', '0.992'],
        ['95000', '0.01'],
      ],
      asks: [['95000.2', '3.137']],
      market: 'BTC-USD-PERP',
    });
    expect(Buffer.from(encoded).equals(Buffer.from(btcSnapshot()))).toBe(true);
  });

  it('carries many levels, version 0 headers and funding data through unchanged', () => {
    const bids = Array.from({ length: 15 }, (_, i): [string, string] => [(95000 - i / 10).toFixed(1), `${i + 1}.5`]);
    const asks = Array.from({ length: 15 }, (_, i): [string, string] => [(95000.1 + i / 10).toFixed(1), '0.001']);
    const book = decodeParadexSbe(
      encodeSbeBook({ tsUs: 10, seq: 11, pkgType: 'delta', bids, asks, market: 'BTC-USD-PERP', version: 0 }),
    ) as SbeBookMessage;
    expect(book.header.version).toBe(0);
    expect(book.bids).toEqual(bids.map(([p, s]) => [Number(p), Number(s)]));
    expect(book.asks).toEqual(asks.map(([p, s]) => [Number(p), Number(s)]));

    const funding = decodeParadexSbe(
      encodeSbeFundingData({
        tsUs: 1,
        seq: 2,
        fundingRate: 0.00012,
        fundingIndex: '-12.5',
        createdAtUs: 3,
        fundingPremium: '0.0004',
        fundingRate8h: 0.00004,
        fundingPeriodHours: 24,
        impactPremiumRate: null,
        market: 'WIF-USD-PERP',
      }),
    ) as SbeFundingDataMessage;
    expect(funding).toMatchObject({
      fundingRate: 0.00012,
      fundingIndex: -12.5,
      fundingRate8h: 0.00004,
      fundingPeriodHours: 24,
      impactPremiumRate: null,
    });
    expect(decodeParadexSbe(encodeSbeHeartbeat({ tsUs: 5, seq: 6, version: 0 }))).toMatchObject({
      type: 'heartbeat',
      tsUs: 5,
      seq: 6,
    });
  });
});
