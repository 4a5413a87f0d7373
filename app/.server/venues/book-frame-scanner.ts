// Reads venue book frames straight from the wire text: the one shape they have (compact JSON
// objects of plain strings, non-negative integers and `[["price","size"],...]` arrays), without
// JSON.parse and without a string per price or size. Pure.
//
// It accepts a strict subset of JSON and gives up on everything else (whitespace, escapes,
// signs, fractions or exponents where integers belong, numbers where strings belong, nesting it
// was not told about, duplicate fields, trailing text): `scanFrame` then answers undefined and
// the venue parser takes its JSON.parse path, so a frame read here yields exactly what
// JSON.parse would, and every other frame behaves as it always did.
import type { Level } from '~/.server/market/types';
import { exactDecimal } from './exact-decimal';

const QUOTE = 34;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const COLON = 58;
const UPPER_E = 69;
const LEFT_BRACKET = 91;
const BACKSLASH = 92;
const RIGHT_BRACKET = 93;
const LOWER_E = 101;
const LEFT_BRACE = 123;
const RIGHT_BRACE = 125;

/** Thrown to leave a scan; one instance, so giving up costs no stack capture. Never escapes `scanFrame`. */
const UNSCANNABLE = new Error('frame not in the scanner subset');

const isDigit = (c: number) => c >= ZERO && c <= NINE;

/** A cursor over one frame. Every read either consumes a well-formed token or throws UNSCANNABLE. */
export class FrameScanner {
  pos = 0;
  /** Bounds of the last string or key read: text.slice(start, end) is its content. */
  start = 0;
  end = 0;

  constructor(readonly text: string) {}

  /** Give up on this frame. */
  fail(): never {
    throw UNSCANNABLE;
  }

  /** `{` followed by a key: objects we read are never empty. */
  openObject(): void {
    if (this.text.charCodeAt(this.pos) !== LEFT_BRACE) this.fail();
    this.pos++;
    this.key();
  }

  /** `"name":`, bounds in start/end. */
  key(): void {
    this.string();
    if (this.text.charCodeAt(this.pos) !== COLON) this.fail();
    this.pos++;
  }

  /** After a value: `,"name":` → true (the key is read), `}` → false. */
  nextKey(): boolean {
    const c = this.text.charCodeAt(this.pos);
    this.pos++;
    if (c === COMMA) {
      this.key();
      return true;
    }
    if (c !== RIGHT_BRACE) this.fail();
    return false;
  }

  /** Is the last key or string exactly `s`? */
  is(s: string): boolean {
    return this.end - this.start === s.length && this.text.startsWith(s, this.start);
  }

  /** The char code of a one-character last key or string, else -1 (lets venues `switch` on keys). */
  oneChar(): number {
    return this.end - this.start === 1 ? this.text.charCodeAt(this.start) : -1;
  }

  startsWith(prefix: string): boolean {
    return this.end - this.start >= prefix.length && this.text.startsWith(prefix, this.start);
  }

  /** The last string's content. */
  slice(): string {
    return this.text.slice(this.start, this.end);
  }

  /** A string with no escapes and no control characters (whose content is then its raw text). */
  string(): void {
    const t = this.text;
    let p = this.pos;
    if (t.charCodeAt(p) !== QUOTE) this.fail();
    const start = ++p;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === QUOTE) break;
      // NaN past the end fails here too.
      if (!(c >= 0x20) || c === BACKSLASH) this.fail();
      p++;
    }
    this.start = start;
    this.end = p;
    this.pos = p + 1;
  }

  /** A non-negative integer a double holds exactly, written as JSON's `0` or `[1-9][0-9]*`. */
  int(): number {
    const t = this.text;
    let p = this.pos;
    let c = t.charCodeAt(p);
    let value = 0;
    if (c === ZERO) {
      p++;
    } else if (c > ZERO && c <= NINE) {
      do {
        value = value * 10 + (c - ZERO);
        c = t.charCodeAt(++p);
      } while (isDigit(c));
    } else {
      this.fail();
    }
    // A fraction or exponent would follow here; the caller's `,`/`}` check rejects it.
    if (value > Number.MAX_SAFE_INTEGER) this.fail();
    this.pos = p;
    return value;
  }

  /** Any string (without escapes), number, true, false or null, checked against JSON's grammar and dropped. */
  skipScalar(): void {
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    if (c === QUOTE) this.string();
    else if (c === MINUS || isDigit(c)) this.skipNumber();
    else if (t.startsWith('true', this.pos)) this.pos += 4;
    else if (t.startsWith('false', this.pos)) this.pos += 5;
    else if (t.startsWith('null', this.pos)) this.pos += 4;
    else this.fail();
  }

  /** JSON's number grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`. */
  private skipNumber(): void {
    const t = this.text;
    let p = this.pos;
    if (t.charCodeAt(p) === MINUS) p++;
    const first = t.charCodeAt(p);
    if (first === ZERO) p++;
    else if (first > ZERO && first <= NINE) while (isDigit(t.charCodeAt(p))) p++;
    else this.fail();
    if (t.charCodeAt(p) === DOT) {
      if (!isDigit(t.charCodeAt(++p))) this.fail();
      while (isDigit(t.charCodeAt(p))) p++;
    }
    const e = t.charCodeAt(p);
    if (e === LOWER_E || e === UPPER_E) {
      const sign = t.charCodeAt(++p);
      if (sign === PLUS || sign === MINUS) p++;
      if (!isDigit(t.charCodeAt(p))) this.fail();
      while (isDigit(t.charCodeAt(p))) p++;
    }
    this.pos = p;
  }

  /**
   * `[["price","size"],...]`, exactly two plain decimal strings per level (digits and at most one
   * dot), as numbers equal to Number(text); price > 0. Anything else, even what the JSON path
   * would accept or reject with its own message, gives up.
   */
  levels(): Level[] {
    const t = this.text;
    let p = this.pos;
    if (t.charCodeAt(p) !== LEFT_BRACKET) this.fail();
    const out: Level[] = [];
    if (t.charCodeAt(p + 1) === RIGHT_BRACKET) {
      this.pos = p + 2;
      return out;
    }
    p++;
    for (;;) {
      if (t.charCodeAt(p) !== LEFT_BRACKET || t.charCodeAt(p + 1) !== QUOTE) this.fail();
      this.pos = p + 2;
      const price = this.decimal();
      p = this.pos;
      if (t.charCodeAt(p) !== COMMA || t.charCodeAt(p + 1) !== QUOTE) this.fail();
      this.pos = p + 2;
      const size = this.decimal();
      p = this.pos;
      if (t.charCodeAt(p) !== RIGHT_BRACKET || !(price > 0)) this.fail();
      out.push([price, size]);
      const next = t.charCodeAt(p + 1);
      p += 2;
      if (next === RIGHT_BRACKET) break;
      if (next !== COMMA) this.fail();
    }
    this.pos = p;
    return out;
  }

  /** The content of a string whose opening quote is consumed: digits with at most one dot, at least one digit. */
  private decimal(): number {
    const t = this.text;
    const start = this.pos;
    let p = start;
    let digits = 0;
    let dot = -1;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c >= ZERO && c <= NINE) digits = digits * 10 + (c - ZERO);
      else if (c === DOT && dot < 0) dot = p;
      else if (c === QUOTE) break;
      else this.fail();
      p++;
    }
    // '' and '.' are not numbers to the JSON path (it throws); leave them to it.
    if (p - start - (dot < 0 ? 0 : 1) === 0) this.fail();
    this.pos = p + 1;
    const value = exactDecimal(digits, dot < 0 ? 0 : p - dot - 1);
    return value === value ? value : Number(t.slice(start, p));
  }

  /** Fails unless the whole text was read. */
  done(): void {
    if (this.pos !== this.text.length) this.fail();
  }
}

/**
 * What `read` makes of the frame, when it reads it all in the scanner's subset; undefined when
 * the frame is anything else, for the caller's JSON.parse path to decide.
 */
export function scanFrame<T>(frame: string, read: (sc: FrameScanner) => T): T | undefined {
  const sc = new FrameScanner(frame);
  try {
    const out = read(sc);
    sc.done();
    return out;
  } catch (err) {
    if (err === UNSCANNABLE) return undefined;
    throw err;
  }
}
