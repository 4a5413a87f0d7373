// Small pieces every venue parser needs and that mean the same thing on every venue: reading a WS
// frame as JSON, telling objects from arrays, reading decimals and `[price, size]` level arrays,
// failing with a ParseError that names the venue and carries a bounded sample, and putting an
// instrument under its normalised names. Pure.
// Venue quirks (object-shaped levels, text kept for checksums, contract units) stay in the venues.
import type { SymbolInfo } from '~/.server/market/symbols';
import { ParseError, type Instrument, type Level, type VenueId } from '~/.server/market/types';
import { parseDecimalText } from './exact-decimal';

/** How much of an odd frame or body goes into an error message or ParseError sample. */
export const SAMPLE_CHARS = 300;

export type JsonObject = Record<string, unknown>;

/**
 * What went wrong with: the frame text, or a function building it, so that a REST body is only
 * stringified when it is actually broken.
 */
export type ParseSample = string | (() => string);

/** Throw the ParseError of `venue`, with the start of the sample. */
export function failParse(venue: VenueId, message: string, sample: ParseSample): never {
  const text = typeof sample === 'string' ? sample : sample();
  throw new ParseError(venue, message, text.slice(0, SAMPLE_CHARS));
}

/** A body as sample text, whatever it is (JSON.stringify can throw, or answer undefined). */
export function sampleOf(body: unknown): string {
  try {
    return (JSON.stringify(body) ?? String(body)).slice(0, SAMPLE_CHARS);
  } catch {
    return String(body).slice(0, SAMPLE_CHARS);
  }
}

/** A plain JSON object: not null, not an array. */
export function isJsonObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** An integer sent as a JSON number that a double holds exactly (sequence numbers, ms times). */
export function isSafeInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v);
}

/** A decimal sent as text or as a number; NaN for anything else. */
export function toDecimal(v: unknown): number {
  // Number('') is 0, so empty text must not get that far.
  if (typeof v === 'string') return v === '' ? Number.NaN : parseDecimalText(v);
  return typeof v === 'number' ? v : Number.NaN;
}

/** One WS text frame as JSON; ParseError when it is not JSON. */
export function parseJsonFrame(venue: VenueId, frame: string): unknown {
  try {
    return JSON.parse(frame) as unknown;
  } catch {
    return failParse(venue, 'malformed JSON frame', frame);
  }
}

/** One WS text frame as a JSON object; ParseError when it is not JSON or not an object. */
export function parseJsonObjectFrame(venue: VenueId, frame: string): JsonObject {
  const msg = parseJsonFrame(venue, frame);
  if (!isJsonObject(msg)) failParse(venue, 'frame is not a JSON object', frame);
  return msg;
}

export interface DecimalLevelsOptions {
  /** Names the container in the "is not an array" message: `depth` field, `book` field. */
  container: string;
  /** REST books list resting levels only, so a zero size is malformed there (a stream's 0 deletes). */
  positiveSize?: boolean;
}

/**
 * `[["35729.77","1.600"], ...]` (text or numbers, extra entries ignored) → numbers, parsed once
 * here. Price must be > 0, size ≥ 0 (or > 0 with `positiveSize`); otherwise a ParseError naming
 * the venue and the field.
 */
export function parseDecimalLevels(
  venue: VenueId,
  raw: unknown,
  field: string,
  sample: ParseSample,
  options: DecimalLevelsOptions,
): Level[] {
  if (!Array.isArray(raw)) failParse(venue, `${options.container} field \`${field}\` is not an array`, sample);
  const levels: Level[] = new Array<Level>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const level: unknown = raw[i];
    if (!Array.isArray(level) || level.length < 2) failParse(venue, `bad level in \`${field}\``, sample);
    const price = toDecimal(level[0]);
    const size = toDecimal(level[1]);
    const sizeOk = options.positiveSize ? size > 0 : size >= 0;
    if (!(price > 0) || !sizeOk) failParse(venue, `bad level in \`${field}\`: ${JSON.stringify(level)}`, sample);
    levels[i] = [price, size];
  }
  return levels;
}

/** What a venue states about an instrument beyond its names: contract size, steps, funding, status, fees. */
export type InstrumentFigures = Omit<Instrument, 'venue' | 'symbol' | 'baseAsset' | 'quoteAsset' | 'multiplier'>;

/**
 * The Instrument of a venue's native symbol under the names `normaliseSymbol` gave it (base, quote,
 * multiplier), so every venue lists instruments with the same fields in the same order.
 */
export function toInstrument(
  venue: VenueId,
  symbol: string,
  names: Pick<SymbolInfo, 'baseAsset' | 'quoteAsset' | 'multiplier'>,
  figures: InstrumentFigures,
): Instrument {
  return {
    venue,
    symbol,
    baseAsset: names.baseAsset,
    quoteAsset: names.quoteAsset,
    multiplier: names.multiplier,
    ...figures,
  };
}
