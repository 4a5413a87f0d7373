// Candles on the simulated wire, the parts several venue simulators share: interval tables keyed by
// each venue's own interval names, and the kline row that Bybit and Bitget both send as text.
import { trimDecimal, type SimCandle, type SimMarket } from './market';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const WEEK_MINUTES = 7 * 1440;
/** Weeks open on Monday 00:00 UTC; the epoch was a Thursday, so Monday is 4 days after it. */
const MONDAY_OFFSET_MS = 4 * DAY_MS;

/** One candle interval: its length, and how far its buckets are shifted from the epoch's grid. */
export interface SimCandleInterval {
  ms: number;
  offsetMs?: number;
}

/**
 * The interval of `minutes`; a week is aligned to Monday. `offsetMs` shifts the buckets further
 * (Bitget's days and weeks open at midnight UTC+8).
 */
export function candleInterval(minutes: number, offsetMs?: number): SimCandleInterval {
  const ms = minutes * MINUTE_MS;
  if (minutes === WEEK_MINUTES) return { ms, offsetMs: MONDAY_OFFSET_MS + (offsetMs ?? 0) };
  return offsetMs === undefined ? { ms } : { ms, offsetMs };
}

/** A venue's interval names (`'1m'`, `'1hour'`, `'D'`) with their lengths in minutes → intervals. */
export function candleIntervals(
  minutesByName: Record<string, number>,
  offsetMs?: number,
): Record<string, SimCandleInterval> {
  return Object.fromEntries(
    Object.entries(minutesByName).map(([name, minutes]) => [name, candleInterval(minutes, offsetMs)]),
  );
}

/** `[start, open, high, low, close, base volume, quote turnover]`, all text in the symbol's own steps. */
export function textKlineRow(market: SimMarket, symbol: string, c: SimCandle): string[] {
  const px = (x: number) => market.formatPrice(symbol, x);
  return [
    String(c.openMs),
    px(c.open),
    px(c.high),
    px(c.low),
    px(c.close),
    market.formatSize(symbol, c.volume),
    trimDecimal(c.quoteVolume, 4),
  ];
}
