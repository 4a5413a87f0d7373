// Number and time formatting by kind. Numbers use one fixed locale (en-US grouping) so the
// server-rendered HTML and the browser's first render agree; times are shown in the user's
// locale and time zone, which only the browser knows (see LocalTime).

const MAX_DECIMALS = 12;

/**
 * Decimal places needed to print a value exactly: 0.1 → 1, 0.0000001 → 7, 1e-10 → 10, 5 → 0.
 * Rounded to 12 significant digits first, so float noise (0.1 / 1000 = 0.00009999999999999999)
 * does not count as decimals.
 */
export function decimalsOf(value: number): number {
  if (!Number.isFinite(value) || value === 0) return 0;
  const text = String(Number(Math.abs(value).toPrecision(12)));
  const exp = text.indexOf('e-');
  const mantissa = exp >= 0 ? text.slice(0, exp) : text;
  const dot = mantissa.indexOf('.');
  const fraction = dot >= 0 ? mantissa.length - dot - 1 : 0;
  const places = exp >= 0 ? fraction + Number(text.slice(exp + 2)) : fraction;
  return Math.min(places, MAX_DECIMALS);
}

/** Decimals of the finest value in a list (prices of a book, when the tick size is unknown). */
export function decimalsForValues(values: Iterable<number>, cap = MAX_DECIMALS): number {
  let max = 0;
  for (const v of values) max = Math.max(max, decimalsOf(v));
  return Math.min(max, cap);
}

/** Decimals of a per-base-unit price, from the venue's tick and the instrument multiplier. */
export function priceDecimals(tickSize: number, multiplier = 1): number {
  return decimalsOf(tickSize / multiplier);
}

const fixedFormats = new Map<number, Intl.NumberFormat>();

function fixed(decimals: number): Intl.NumberFormat {
  const d = Math.max(0, Math.min(MAX_DECIMALS, Math.round(decimals)));
  let f = fixedFormats.get(d);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
    fixedFormats.set(d, f);
  }
  return f;
}

const DASH = '—';

/** A price with exactly `decimals` places and thousands separators: 95012.3 → "95,012.30". */
export function formatPrice(price: number | null | undefined, decimals: number): string {
  if (price === null || price === undefined || !Number.isFinite(price)) return DASH;
  return fixed(decimals).format(price);
}

const COMPACT_UNITS: ReadonlyArray<readonly [limit: number, suffix: string]> = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
];

/**
 * A size or amount: fixed `decimals` below a million, then compact with two decimals
 * (1234567 → "1.23M") so a book column stays narrow.
 */
export function formatSize(size: number | null | undefined, decimals: number): string {
  if (size === null || size === undefined || !Number.isFinite(size)) return DASH;
  const abs = Math.abs(size);
  for (const [limit, suffix] of COMPACT_UNITS) {
    if (abs >= limit) return `${fixed(2).format(size / limit)}${suffix}`;
  }
  return fixed(decimals).format(size);
}

/** Basis points with a sign: 1.234 → "+1.23 bps", -0.5 → "-0.50 bps". */
export function formatBps(bps: number | null | undefined, decimals = 2): string {
  if (bps === null || bps === undefined || !Number.isFinite(bps)) return DASH;
  const scale = 10 ** decimals;
  // `|| 0` turns -0 into 0, so a tiny negative does not print as "-0.00".
  const rounded = Math.round(bps * scale) / scale || 0;
  return `${rounded > 0 ? '+' : ''}${fixed(decimals).format(rounded)} bps`;
}

/** A fraction as a percentage: 0.0005 → "0.050%". */
export function formatPercent(fraction: number | null | undefined, decimals = 3): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return DASH;
  return `${fixed(decimals).format(fraction * 100)}%`;
}

/** A quote-currency amount: "1,234.56 USDT"; compact from a million. */
export function formatQuote(amount: number | null | undefined, quote = 'USDT'): string {
  if (amount === null || amount === undefined || !Number.isFinite(amount)) return DASH;
  return `${formatSize(amount, 2)} ${quote}`;
}

/** An integer count with separators: 1234 → "1,234". */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  return fixed(0).format(n);
}

/** A duration for "updated … ago": 400 → "0.4 s", 12_000 → "12 s", 180_000 → "3 min", 7_200_000 → "2 h". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return DASH;
  const abs = Math.max(0, ms);
  if (abs < 1000) return `${(abs / 1000).toFixed(1)} s`;
  if (abs < 60_000) return `${Math.floor(abs / 1000)} s`;
  if (abs < 3_600_000) return `${Math.floor(abs / 60_000)} min`;
  if (abs < 86_400_000) return `${Math.floor(abs / 3_600_000)} h`;
  return `${Math.floor(abs / 86_400_000)} d`;
}

/** A time in UTC for the server render and for machines: "2025-01-31 14:05:09 UTC". */
export function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A time in the given locale and time zone (the browser's own when omitted). */
export function formatLocalTime(
  ms: number,
  opts: { locale?: string; timeZone?: string; withDate?: boolean } = {},
): string {
  const date = new Date(ms);
  const options: Intl.DateTimeFormatOptions = {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
    ...(opts.withDate ? { year: 'numeric', month: 'short', day: 'numeric' } : {}),
  };
  return new Intl.DateTimeFormat(opts.locale, options).format(date);
}
