// Formatting and colour for funding figures (APR %, raw rates, intervals, countdowns, USD
// amounts). Pure; fixed en-US number format so the server render and hydration agree.
import { formatPercent } from './format';

const DASH = '—';

const fixedFormats = new Map<number, Intl.NumberFormat>();
function fixed(decimals: number): Intl.NumberFormat {
  let f = fixedFormats.get(decimals);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    fixedFormats.set(decimals, f);
  }
  return f;
}

/** An APR in percent with a sign: 12.345 → "+12.35%", -0.004 → "0.00%". */
export function formatAprPct(aprPct: number | null | undefined, decimals = 2): string {
  if (aprPct === null || aprPct === undefined || !Number.isFinite(aprPct)) return DASH;
  const scale = 10 ** decimals;
  // `|| 0` folds -0 into 0 so a tiny negative does not print as "-0.00%".
  const rounded = Math.round(aprPct * scale) / scale || 0;
  return `${rounded > 0 ? '+' : ''}${fixed(decimals).format(rounded)}%`;
}

/** A raw funding rate per interval as a percentage with enough places: 0.0000746 → "+0.00746%". */
export function formatRatePct(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return DASH;
  const text = formatPercent(rate, 5);
  return rate > 0 ? `+${text}` : text;
}

/** A settlement interval: 8 → "8h", 0.5 → "30m"; continuous venues accrue all the time. */
export function formatIntervalHours(hours: number | null | undefined, continuous = false): string {
  if (hours === null || hours === undefined || !Number.isFinite(hours) || hours <= 0) return DASH;
  const base = hours < 1 ? `${Math.round(hours * 60)}m` : `${fixed(hours % 1 === 0 ? 0 : 1).format(hours)}h`;
  return continuous ? `${base} (continuous)` : base;
}

const COMPACT: ReadonlyArray<readonly [limit: number, suffix: string]> = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'K'],
];

/** A USD amount, compact: 1_598_240_000 → "$1.60B", 950 → "$950". */
export function formatUsdCompact(usd: number | null | undefined): string {
  if (usd === null || usd === undefined || !Number.isFinite(usd)) return DASH;
  const sign = usd < 0 ? '-' : '';
  const abs = Math.abs(usd);
  for (const [limit, suffix] of COMPACT) {
    if (abs >= limit) return `${sign}$${fixed(2).format(abs / limit)}${suffix}`;
  }
  return `${sign}$${fixed(0).format(abs)}`;
}

/**
 * A price per base unit with places that suit its size (the venue's tick is unknown here):
 * 94934.937 → "94,934.94", 1.38572 → "1.3857", 0.0000123456 → "0.00001235".
 */
export function formatUnitPrice(price: number | null | undefined): string {
  if (price === null || price === undefined || !Number.isFinite(price)) return DASH;
  const abs = Math.abs(price);
  const decimals = abs >= 1000 ? 2 : abs >= 1 ? 4 : abs === 0 ? 2 : Math.min(12, 3 - Math.floor(Math.log10(abs)));
  return fixed(decimals).format(price);
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * Time left until a settlement: "07:59:03" under a day, "1d 07h" beyond; "now" once due (the
 * venue settles and publishes the next time a moment later).
 */
export function formatCountdown(msLeft: number | null | undefined): string {
  if (msLeft === null || msLeft === undefined || !Number.isFinite(msLeft)) return DASH;
  if (msLeft <= 0) return 'now';
  const totalSec = Math.floor(msLeft / 1000);
  const days = Math.floor(totalSec / 86_400);
  const hours = Math.floor((totalSec % 86_400) / 3600);
  if (days > 0) return `${days}d ${pad2(hours)}h`;
  const minutes = Math.floor((totalSec % 3600) / 60);
  return `${pad2(hours)}:${pad2(minutes)}:${pad2(totalSec % 60)}`;
}

/** APR magnitude at which the colour scale saturates. */
export const APR_COLOR_CAP_PCT = 50;

export interface AprTone {
  /** Positive funding (longs pay shorts) is green, negative red, |APR| < 0.005% neutral. */
  sign: 'pos' | 'neg' | 'zero';
  /** 0..1 along a square-root scale, so small APRs are still visibly tinted. */
  intensity: number;
}

export function aprTone(aprPct: number | null | undefined, capPct = APR_COLOR_CAP_PCT): AprTone {
  if (aprPct === null || aprPct === undefined || !Number.isFinite(aprPct) || Math.abs(aprPct) < 0.005) {
    return { sign: 'zero', intensity: 0 };
  }
  const intensity = Math.sqrt(Math.min(1, Math.abs(aprPct) / capPct));
  return { sign: aprPct > 0 ? 'pos' : 'neg', intensity };
}

const TONE_RGB = { pos: '18, 184, 134', neg: '250, 82, 82' } as const;

/** Cell background for an APR: a translucent tint that reads on dark and light schemes. */
export function aprBackground(aprPct: number | null | undefined, capPct = APR_COLOR_CAP_PCT): string | undefined {
  const tone = aprTone(aprPct, capPct);
  if (tone.sign === 'zero') return undefined;
  const alpha = Math.round((0.06 + 0.34 * tone.intensity) * 100) / 100;
  return `rgba(${TONE_RGB[tone.sign]}, ${alpha})`;
}

/** Text colour (Mantine colour name) for an APR or spread figure. */
export function aprTextColor(aprPct: number | null | undefined): 'teal' | 'red' | 'dimmed' {
  const { sign } = aprTone(aprPct);
  return sign === 'pos' ? 'teal' : sign === 'neg' ? 'red' : 'dimmed';
}

/**
 * Whether data last updated at `lastUpdateMs` is older than its refresh promises: one missed
 * refresh plus a grace for a slow run. Null (nothing yet) is not stale, it is empty.
 */
export function isStale(lastUpdateMs: number | null, nowMs: number, expectedRefreshMs: number): boolean {
  if (lastUpdateMs === null) return false;
  return nowMs - lastUpdateMs > 2 * expectedRefreshMs + 30_000;
}
