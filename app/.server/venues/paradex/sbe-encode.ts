// Paradex SBE encoder: the simulator's side of sbe.ts. Built from the same published schema
// layout (paradex_1_0.xml, schema id 1), not from captured frames, so the decoder is tested end to
// end against it and separately on bytes assembled by hand in the tests.
import type { TextLevel } from '~/.server/market/types';
import {
  SBE_BOOK_BLOCK_BYTES,
  SBE_DECIMALS,
  SBE_FUNDING_BLOCK_BYTES_V0,
  SBE_FUNDING_BLOCK_BYTES_V1,
  SBE_GROUP_HEADER_BYTES,
  SBE_HEADER_BYTES,
  SBE_HEARTBEAT_BLOCK_BYTES,
  SBE_INT64_NULL,
  SBE_LEVEL_ENTRY_BYTES,
  SBE_PKG_TYPE,
  SBE_SCHEMA_ID,
  SBE_TEMPLATE,
} from './sbe';

const INT64_MAX = 2n ** 63n - 1n;

/**
 * Decimal text (or a number) as an int64 mantissa with `decimals` implied decimals. Extra digits
 * are truncated toward zero, as Paradex does when a rate has more than 8 decimals.
 */
export function toMantissa(value: string | number, decimals = SBE_DECIMALS): bigint {
  const text = typeof value === 'number' ? numberText(value) : value.trim();
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text);
  if (!m) throw new RangeError(`SBE: not a decimal: ${JSON.stringify(value)}`);
  const frac = (m[3] ?? '').padEnd(decimals, '0').slice(0, decimals);
  const abs = BigInt(`${m[2]}${frac}`);
  const out = m[1] === '-' ? -abs : abs;
  if (out > INT64_MAX || out <= SBE_INT64_NULL) throw new RangeError(`SBE: ${text} does not fit an int64 mantissa`);
  return out;
}

/** Plain decimal text of a finite number, never exponent notation (1e-7 → "0.0000001"). */
function numberText(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`SBE: not a finite number: ${x}`);
  const s = String(x);
  if (!/e/i.test(s)) return s;
  return x.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

/** An int64 that is an exact integer (sequence, microsecond timestamp). */
function int64(value: number, what: string): bigint {
  if (!Number.isSafeInteger(value)) throw new RangeError(`SBE: ${what} must be a safe integer, got ${value}`);
  return BigInt(value);
}

class Writer {
  readonly buf: Buffer;
  constructor(bytes: number) {
    this.buf = Buffer.alloc(bytes);
  }
  header(blockLength: number, templateId: number, version: number): void {
    this.buf.writeUInt16LE(blockLength, 0);
    this.buf.writeUInt16LE(templateId, 2);
    this.buf.writeUInt16LE(SBE_SCHEMA_ID, 4);
    this.buf.writeUInt16LE(version, 6);
  }
  i64(offset: number, v: bigint): void {
    this.buf.writeBigInt64LE(v, offset);
  }
  /** varString8; returns the offset past it. */
  string(offset: number, text: Buffer): number {
    this.buf.writeUInt8(text.length, offset);
    text.copy(this.buf, offset + 1);
    return offset + 1 + text.length;
  }
}

function marketBytes(market: string): Buffer {
  const bytes = Buffer.from(market, 'utf8');
  if (bytes.length === 0 || bytes.length > 255) throw new RangeError(`SBE: market name of ${bytes.length} bytes`);
  return bytes;
}

export interface SbeBookInput {
  tsUs: number;
  seq: number;
  pkgType: 'snapshot' | 'delta';
  /** Decimal text exactly as it would be published in JSON; size "0" removes a level. */
  bids: readonly TextLevel[];
  asks: readonly TextLevel[];
  market: string;
  /** Header version (0 or 1 share this layout); default 1. */
  version?: number;
}

/** BookEvent (template 3). The interactive/API best-price fields are null, as on the snapshot and deltas feeds. */
export function encodeSbeBook(input: SbeBookInput): Buffer {
  const market = marketBytes(input.market);
  const groupBytes = (n: number) => SBE_GROUP_HEADER_BYTES + n * SBE_LEVEL_ENTRY_BYTES;
  const total =
    SBE_HEADER_BYTES +
    SBE_BOOK_BLOCK_BYTES +
    groupBytes(input.bids.length) +
    groupBytes(input.asks.length) +
    1 +
    market.length;
  const w = new Writer(total);
  w.header(SBE_BOOK_BLOCK_BYTES, SBE_TEMPLATE.book, input.version ?? 1);
  const base = SBE_HEADER_BYTES;
  w.i64(base, int64(input.tsUs, 'tsUs'));
  w.i64(base + 8, int64(input.seq, 'seq'));
  w.buf.writeUInt8(SBE_PKG_TYPE[input.pkgType], base + 16);
  for (let i = 0; i < 9; i++) w.i64(base + 17 + i * 8, SBE_INT64_NULL);
  let at = base + SBE_BOOK_BLOCK_BYTES;
  for (const side of [input.bids, input.asks]) {
    if (side.length > 0xffff) throw new RangeError('SBE: too many levels for one group');
    w.buf.writeUInt16LE(SBE_LEVEL_ENTRY_BYTES, at);
    w.buf.writeUInt16LE(side.length, at + 2);
    at += SBE_GROUP_HEADER_BYTES;
    for (const [price, size] of side) {
      w.i64(at, toMantissa(price));
      w.i64(at + 8, toMantissa(size));
      at += SBE_LEVEL_ENTRY_BYTES;
    }
  }
  w.string(at, market);
  return w.buf;
}

export interface SbeFundingDataInput {
  tsUs: number;
  seq: number;
  fundingRate: string | number;
  fundingIndex: string | number;
  createdAtUs: number;
  fundingPremium: string | number;
  fundingRate8h: string | number;
  fundingPeriodHours: number;
  /** Sent from version 1 on; null encodes the null value. */
  impactPremiumRate?: string | number | null;
  market: string;
  version?: number;
}

/** FundingDataEvent (template 5); version 0 leaves out `impactPremiumRate`. */
export function encodeSbeFundingData(input: SbeFundingDataInput): Buffer {
  const market = marketBytes(input.market);
  const version = input.version ?? 1;
  const block = version >= 1 ? SBE_FUNDING_BLOCK_BYTES_V1 : SBE_FUNDING_BLOCK_BYTES_V0;
  const w = new Writer(SBE_HEADER_BYTES + block + 1 + market.length);
  w.header(block, SBE_TEMPLATE.fundingData, version);
  const base = SBE_HEADER_BYTES;
  w.i64(base, int64(input.tsUs, 'tsUs'));
  w.i64(base + 8, int64(input.seq, 'seq'));
  w.i64(base + 16, toMantissa(input.fundingRate));
  w.i64(base + 24, toMantissa(input.fundingIndex));
  w.i64(base + 32, int64(input.createdAtUs, 'createdAtUs'));
  w.i64(base + 40, toMantissa(input.fundingPremium));
  w.i64(base + 48, toMantissa(input.fundingRate8h));
  w.buf.writeInt16LE(input.fundingPeriodHours, base + 56);
  if (version >= 1) {
    const impact = input.impactPremiumRate;
    w.i64(base + 58, impact === null || impact === undefined ? SBE_INT64_NULL : toMantissa(impact));
  }
  w.string(base + block, market);
  return w.buf;
}

/** HeartbeatEvent (template 40): sent on idle connections. */
export function encodeSbeHeartbeat(input: { tsUs: number; seq: number; version?: number }): Buffer {
  const w = new Writer(SBE_HEADER_BYTES + SBE_HEARTBEAT_BLOCK_BYTES);
  w.header(SBE_HEARTBEAT_BLOCK_BYTES, SBE_TEMPLATE.heartbeat, input.version ?? 1);
  w.i64(SBE_HEADER_BYTES, int64(input.tsUs, 'tsUs'));
  w.i64(SBE_HEADER_BYTES + 8, int64(input.seq, 'seq'));
  return w.buf;
}
