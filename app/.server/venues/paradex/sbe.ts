// Paradex SBE (Simple Binary Encoding) market-data decoder. Pure: bytes in, typed messages out.
//
// Written from Paradex's published schema `paradex_1_0.xml` (schema id 1; versions 0 and 1 share
// every layout read here) as the protocol notes describe it, not from captured frames: none exist.
// Wire facts relied on:
// - little-endian throughout; an 8-byte header {uint16 blockLength, uint16 templateId,
//   uint16 schemaId, uint16 version}, then the root block of `blockLength` bytes;
// - repeating groups follow the root block, each with a 4-byte header {uint16 blockLength,
//   uint16 numInGroup}; variable-length strings come last as {uint8 length, UTF-8 bytes};
// - prices, sizes and rates are int64 mantissas with a constant exponent (-8; -12 for the
//   "precise" rates) that is not sent; INT64_MIN is null; timestamps are int64 microseconds.
// Readers honour the header's block length (and each group's entry length) so fields appended by
// a later schema version are skipped rather than misread.
import { ParseError, type Level } from '~/.server/market/types';

export const SBE_HEADER_BYTES = 8;
export const SBE_GROUP_HEADER_BYTES = 4;
export const SBE_SCHEMA_ID = 1;

export const SBE_TEMPLATE = {
  trade: 1,
  bbo: 2,
  book: 3,
  marketSummary: 4,
  fundingData: 5,
  fundingRateComparison: 6,
  heartbeat: 40,
  subscribed: 41,
} as const;

/** INT64_MIN: the null value of every optional int64 field. */
export const SBE_INT64_NULL = -(2n ** 63n);
/** Constant exponent of Price8 / Qty8 / Rate8 / Value8. */
export const SBE_DECIMALS = 8;

/**
 * BookEvent root block: ts, seq (int64 each), pkgType (uint8), then nine optional int64
 * fields (interactive best bid/ask price and size, relative spread, API best bid/ask price and
 * size). 89 bytes is what every version so far sends.
 */
export const SBE_BOOK_BLOCK_BYTES = 8 + 8 + 1 + 9 * 8;
/** Bid/ask group entry: int64 price, int64 size. */
export const SBE_LEVEL_ENTRY_BYTES = 16;
/** FundingDataEvent root block in version 0: seven int64 fields and an int16 period. */
export const SBE_FUNDING_BLOCK_BYTES_V0 = 7 * 8 + 2;
/** Version 1 appends an optional int64 `impactPremiumRate`. */
export const SBE_FUNDING_BLOCK_BYTES_V1 = SBE_FUNDING_BLOCK_BYTES_V0 + 8;
/** HeartbeatEvent root block: ts, seq. */
export const SBE_HEARTBEAT_BLOCK_BYTES = 16;

export const SBE_PKG_TYPE = { snapshot: 0, delta: 1 } as const;

export interface SbeHeader {
  blockLength: number;
  templateId: number;
  schemaId: number;
  version: number;
}

export interface SbeBookMessage {
  type: 'book';
  header: SbeHeader;
  /** Feed publish time, microseconds since epoch. */
  tsUs: number;
  seq: number;
  pkgType: 'snapshot' | 'delta';
  /** Size 0 removes a level (deltas). */
  bids: Level[];
  asks: Level[];
  market: string;
}

export interface SbeFundingDataMessage {
  type: 'funding-data';
  header: SbeHeader;
  tsUs: number;
  seq: number;
  /** Per the market's funding period. */
  fundingRate: number;
  fundingIndex: number;
  createdAtUs: number;
  fundingPremium: number;
  fundingRate8h: number;
  fundingPeriodHours: number;
  /** Version 1 field; null when absent or not sent. */
  impactPremiumRate: number | null;
  market: string;
}

export interface SbeHeartbeatMessage {
  type: 'heartbeat';
  header: SbeHeader;
  tsUs: number;
  seq: number;
}

/** A template this decoder does not read (trades, bbo, summaries, acks): skipped, as the schema asks of unknown ids. */
export interface SbeOtherMessage {
  type: 'other';
  header: SbeHeader;
}

export type SbeMessage = SbeBookMessage | SbeFundingDataMessage | SbeHeartbeatMessage | SbeOtherMessage;

const SAMPLE_BYTES = 96;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function fail(message: string, frame: Uint8Array): never {
  const hex = Buffer.from(frame.buffer, frame.byteOffset, Math.min(frame.byteLength, SAMPLE_BYTES)).toString('hex');
  throw new ParseError('paradex', `SBE: ${message}`, hex);
}

/** Bounds-checked little-endian reads over one frame. */
class Reader {
  private readonly view: DataView;

  constructor(readonly frame: Uint8Array) {
    this.view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  }

  get length(): number {
    return this.frame.byteLength;
  }

  need(offset: number, bytes: number, what: string): void {
    if (offset < 0 || offset + bytes > this.frame.byteLength) {
      fail(`frame too short for ${what} (needs ${offset + bytes} bytes, has ${this.frame.byteLength})`, this.frame);
    }
  }

  u8(offset: number): number {
    return this.view.getUint8(offset);
  }

  u16(offset: number): number {
    return this.view.getUint16(offset, true);
  }

  i16(offset: number): number {
    return this.view.getInt16(offset, true);
  }

  i64(offset: number): bigint {
    return this.view.getBigInt64(offset, true);
  }

  /** A plain int64 (sequence, timestamp) as a number; beyond 2^53 it could not be compared exactly. */
  int(offset: number, what: string): number {
    const v = this.i64(offset);
    if (v === SBE_INT64_NULL) fail(`${what} is null`, this.frame);
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) {
      fail(`${what} ${v} is beyond 2^53`, this.frame);
    }
    return Number(v);
  }

  /** A required fixed-point field. */
  fixed(offset: number, decimals: number, what: string): number {
    const v = this.i64(offset);
    if (v === SBE_INT64_NULL) fail(`${what} is null`, this.frame);
    return mantissaToNumber(v, decimals);
  }

  /** An optional fixed-point field: null for INT64_MIN. */
  optionalFixed(offset: number, decimals: number): number | null {
    const v = this.i64(offset);
    return v === SBE_INT64_NULL ? null : mantissaToNumber(v, decimals);
  }

  /** varString8 at `offset`: the text and the offset just past it. */
  string(offset: number, what: string): { text: string; end: number } {
    this.need(offset, 1, `${what} length`);
    const len = this.u8(offset);
    this.need(offset + 1, len, what);
    try {
      return { text: utf8.decode(this.frame.subarray(offset + 1, offset + 1 + len)), end: offset + 1 + len };
    } catch {
      fail(`${what} is not UTF-8`, this.frame);
    }
  }
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12];
const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * mantissa × 10^-decimals as the double nearest to the exact decimal, i.e. exactly what
 * `Number("<decimal text>")` gives: below 2^53 the mantissa and the power of ten are exact and
 * IEEE division rounds once; larger mantissas go through their decimal text.
 */
export function mantissaToNumber(mantissa: bigint, decimals: number): number {
  const scale = POW10[decimals];
  if (scale === undefined) throw new RangeError(`SBE: unsupported exponent -${decimals}`);
  if (mantissa <= MAX_EXACT && mantissa >= -MAX_EXACT) return Number(mantissa) / scale;
  const negative = mantissa < 0n;
  const digits = (negative ? -mantissa : mantissa).toString().padStart(decimals + 1, '0');
  const text = `${negative ? '-' : ''}${digits.slice(0, digits.length - decimals)}.${digits.slice(digits.length - decimals)}`;
  return Number(text);
}

export function decodeSbeHeader(frame: Uint8Array): SbeHeader {
  const r = new Reader(frame);
  r.need(0, SBE_HEADER_BYTES, 'message header');
  return { blockLength: r.u16(0), templateId: r.u16(2), schemaId: r.u16(4), version: r.u16(6) };
}

/**
 * One binary frame. Throws ParseError for frames that are too short, carry another schema id, or
 * hold values the schema forbids (null prices, unknown package types); templates other than book,
 * funding data and heartbeat come back as `other`.
 */
export function decodeParadexSbe(frame: Uint8Array): SbeMessage {
  const header = decodeSbeHeader(frame);
  if (header.schemaId !== SBE_SCHEMA_ID) fail(`schema id ${header.schemaId}, expected ${SBE_SCHEMA_ID}`, frame);
  const r = new Reader(frame);
  r.need(SBE_HEADER_BYTES, header.blockLength, 'root block');
  switch (header.templateId) {
    case SBE_TEMPLATE.book:
      return decodeBook(r, header);
    case SBE_TEMPLATE.fundingData:
      return decodeFundingData(r, header);
    case SBE_TEMPLATE.heartbeat:
      if (header.blockLength < SBE_HEARTBEAT_BLOCK_BYTES) fail(`heartbeat block of ${header.blockLength} bytes`, frame);
      return {
        type: 'heartbeat',
        header,
        tsUs: r.int(SBE_HEADER_BYTES, 'heartbeat ts'),
        seq: r.int(SBE_HEADER_BYTES + 8, 'heartbeat seq'),
      };
    default:
      return { type: 'other', header };
  }
}

function decodeBook(r: Reader, header: SbeHeader): SbeBookMessage {
  if (header.blockLength < SBE_BOOK_BLOCK_BYTES) {
    fail(`book block of ${header.blockLength} bytes, expected at least ${SBE_BOOK_BLOCK_BYTES}`, r.frame);
  }
  const base = SBE_HEADER_BYTES;
  const tsUs = r.int(base, 'book ts');
  const seq = r.int(base + 8, 'book seq');
  const pkg = r.u8(base + 16);
  if (pkg !== SBE_PKG_TYPE.snapshot && pkg !== SBE_PKG_TYPE.delta) fail(`book package type ${pkg}`, r.frame);
  // The best-price fields at base + 17 .. base + 89 describe the interactive/API feeds; the
  // levels below are the book itself, so they are not read.
  const bids = readLevels(r, base + header.blockLength, 'bids');
  const asks = readLevels(r, bids.end, 'asks');
  const market = r.string(asks.end, 'market');
  if (market.text === '') fail('book without market', r.frame);
  return {
    type: 'book',
    header,
    tsUs,
    seq,
    pkgType: pkg === SBE_PKG_TYPE.snapshot ? 'snapshot' : 'delta',
    bids: bids.levels,
    asks: asks.levels,
    market: market.text,
  };
}

/** One (price, size) group. Price > 0, size ≥ 0 (0 removes the level). */
function readLevels(r: Reader, offset: number, what: string): { levels: Level[]; end: number } {
  r.need(offset, SBE_GROUP_HEADER_BYTES, `${what} group header`);
  const entryBytes = r.u16(offset);
  const count = r.u16(offset + 2);
  if (entryBytes < SBE_LEVEL_ENTRY_BYTES) fail(`${what} entries of ${entryBytes} bytes`, r.frame);
  const start = offset + SBE_GROUP_HEADER_BYTES;
  r.need(start, entryBytes * count, `${count} ${what}`);
  const levels: Level[] = new Array<Level>(count);
  for (let i = 0; i < count; i++) {
    const at = start + i * entryBytes;
    const price = r.fixed(at, SBE_DECIMALS, `${what} price`);
    const size = r.fixed(at + 8, SBE_DECIMALS, `${what} size`);
    if (!(price > 0) || !(size >= 0)) fail(`bad level in ${what}: [${price}, ${size}]`, r.frame);
    levels[i] = [price, size];
  }
  return { levels, end: start + entryBytes * count };
}

function decodeFundingData(r: Reader, header: SbeHeader): SbeFundingDataMessage {
  if (header.blockLength < SBE_FUNDING_BLOCK_BYTES_V0) {
    fail(`funding data block of ${header.blockLength} bytes, expected at least ${SBE_FUNDING_BLOCK_BYTES_V0}`, r.frame);
  }
  const base = SBE_HEADER_BYTES;
  // Appended in version 1: only there when the frame says version >= 1 and the block is long enough.
  const hasImpact = header.version >= 1 && header.blockLength >= SBE_FUNDING_BLOCK_BYTES_V1;
  const market = r.string(base + header.blockLength, 'market');
  return {
    type: 'funding-data',
    header,
    tsUs: r.int(base, 'funding ts'),
    seq: r.int(base + 8, 'funding seq'),
    fundingRate: r.fixed(base + 16, SBE_DECIMALS, 'fundingRate'),
    fundingIndex: r.fixed(base + 24, SBE_DECIMALS, 'fundingIndex'),
    createdAtUs: r.int(base + 32, 'createdAt'),
    fundingPremium: r.fixed(base + 40, SBE_DECIMALS, 'fundingPremium'),
    fundingRate8h: r.fixed(base + 48, SBE_DECIMALS, 'fundingRate8h'),
    fundingPeriodHours: r.i16(base + 56),
    impactPremiumRate: hasImpact ? r.optionalFixed(base + 58, SBE_DECIMALS) : null,
    market: market.text,
  };
}
