import { Alert, Button, Group, Loader, Text } from '@mantine/core';
import type { CandlestickData, IChartApi, ISeriesApi, Time, UTCTimestamp } from 'lightweight-charts';
import { useEffect, useRef, useState } from 'react';
import { formatLocalTime, formatPrice } from '~/lib/format';
import { applyMid, INTERVAL_MS, isKlineRows, toBars, type Bar, type ChartInterval } from './candles';

export interface CandleChartProps {
  exchange: string;
  symbol: string;
  multiplier: number;
  priceDecimals: number;
  interval: ChartInterval;
  /** Live book mid per base unit; moves the last candle between fetches. Null while not live. */
  mid: number | null;
  label: string;
  height?: number;
  testId?: string;
}

type ChartState =
  { kind: 'loading' } | { kind: 'ready'; bars: number } | { kind: 'empty' } | { kind: 'error'; message: string };

const CANDLE_LIMIT = 300;
// The live mid moves the last candle; this re-fetch reconciles it with the venue's own candles.
const REFETCH_MS = 60_000;
const LIVE_CANDLE_MS = 500;
const UP = '#12b886';
const DOWN = '#fa5252';

/**
 * Candles from GET /api/proxy/kline/, drawn by lightweight-charts. The library is imported in an
 * effect: it needs a DOM, and it stays out of every other route's bundle.
 */
export function CandleChart({
  exchange,
  symbol,
  multiplier,
  priceDecimals,
  interval,
  mid,
  label,
  height = 260,
  testId,
}: CandleChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const series = useRef<ISeriesApi<'Candlestick'> | null>(null);
  const lastBar = useRef<Bar | null>(null);
  const [state, setState] = useState<ChartState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const decimalsRef = useRef(priceDecimals);
  decimalsRef.current = priceDecimals;

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    let disposed = false;
    let chart: IChartApi | null = null;
    let refetch: ReturnType<typeof setInterval> | undefined;
    const abort = new AbortController();
    setState({ kind: 'loading' });

    const load = async (first: boolean) => {
      const params = new URLSearchParams({ exchange, symbol, interval, limit: String(CANDLE_LIMIT) });
      const res = await fetch(`/api/proxy/kline/?${params}`, {
        signal: abort.signal,
        headers: { Accept: 'application/json' },
      });
      const body: unknown = await res.json().catch(() => null);
      if (!res.ok) throw new Error(errorText(body, res.status));
      if (!isKlineRows(body)) throw new Error('the candle endpoint answered in an unexpected shape');
      if (disposed || !series.current) return;
      const bars = toBars(body, multiplier);
      series.current.setData(bars.map(toChartBar));
      lastBar.current = bars[bars.length - 1] ?? null;
      if (first) chart?.timeScale().scrollToRealTime();
      setState(bars.length ? { kind: 'ready', bars: bars.length } : { kind: 'empty' });
    };

    void (async () => {
      try {
        const lib = await import('lightweight-charts');
        if (disposed) return;
        chart = lib.createChart(el, {
          autoSize: true,
          layout: {
            background: { type: lib.ColorType.Solid, color: 'transparent' },
            textColor: '#a6a7ab',
            fontSize: 11,
          },
          grid: { vertLines: { color: 'rgba(128,128,128,0.12)' }, horzLines: { color: 'rgba(128,128,128,0.12)' } },
          rightPriceScale: { borderVisible: false },
          timeScale: {
            borderVisible: false,
            timeVisible: true,
            secondsVisible: false,
            // The chart counts in UTC; labels are the reader's local time.
            tickMarkFormatter: (time: Time, type: number) => tickLabel(time, type),
          },
          localization: {
            timeFormatter: (time: Time) => formatLocalTime(toMs(time), { withDate: true }),
            priceFormatter: (p: number) => formatPrice(p, decimalsRef.current),
          },
        });
        series.current = chart.addSeries(lib.CandlestickSeries, {
          upColor: UP,
          downColor: DOWN,
          borderVisible: false,
          wickUpColor: UP,
          wickDownColor: DOWN,
          priceFormat: {
            type: 'price',
            precision: Math.min(priceDecimals, 12),
            minMove: 10 ** -Math.min(priceDecimals, 12),
          },
        });
        await load(true);
        refetch = setInterval(() => {
          load(false).catch(() => {
            // A failed reconcile keeps the chart as it is; the next one retries.
          });
        }, REFETCH_MS);
      } catch (err) {
        if (disposed || abort.signal.aborted) return;
        setState({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
      }
    })();

    return () => {
      disposed = true;
      abort.abort();
      clearInterval(refetch);
      series.current = null;
      lastBar.current = null;
      chart?.remove();
    };
    // priceDecimals is read at creation only; a change of instrument re-creates the chart anyway.
  }, [exchange, symbol, interval, multiplier, attempt]); // eslint-disable-line react-hooks/exhaustive-deps

  // The mid changes every frame; the candle needs far less. Apply the latest one twice a second.
  const midRef = useRef(mid);
  midRef.current = mid;
  useEffect(() => {
    let applied: number | null = null;
    const timer = setInterval(() => {
      const m = midRef.current;
      if (m === null || m === applied || !series.current) return;
      const bar = applyMid(lastBar.current, m, Date.now(), INTERVAL_MS[interval]);
      applied = m;
      if (!bar) return;
      lastBar.current = bar;
      series.current.update(toChartBar(bar));
    }, LIVE_CANDLE_MS);
    return () => clearInterval(timer);
  }, [interval]);

  return (
    <div
      style={{ position: 'relative', height }}
      data-testid={testId}
      data-state={state.kind}
      data-bars={state.kind === 'ready' ? state.bars : 0}
    >
      <div
        ref={container}
        style={{ position: 'absolute', inset: 0 }}
        role="img"
        aria-label={`${label} candles, ${interval}`}
      />
      {state.kind === 'loading' && (
        <Group pos="absolute" inset={0} justify="center" role="status">
          <Loader size="sm" />
          <Text size="sm" c="dimmed">
            Loading candles…
          </Text>
        </Group>
      )}
      {state.kind === 'empty' && (
        <Group pos="absolute" inset={0} justify="center" role="status">
          <Text size="sm" c="dimmed">
            No candles for {symbol} at {interval} yet.
          </Text>
        </Group>
      )}
      {state.kind === 'error' && (
        <Group pos="absolute" inset={0} justify="center" p="md">
          <Alert color="red" variant="light" title="Candles unavailable" maw={360}>
            <Text size="sm" mb="xs">
              {state.message}
            </Text>
            <Button size="xs" variant="default" onClick={() => setAttempt((a) => a + 1)}>
              Retry
            </Button>
          </Alert>
        </Group>
      )}
    </div>
  );
}

function toChartBar(bar: Bar): CandlestickData<UTCTimestamp> {
  return { time: bar.time as UTCTimestamp, open: bar.open, high: bar.high, low: bar.low, close: bar.close };
}

function toMs(time: Time): number {
  if (typeof time === 'number') return time * 1000;
  if (typeof time === 'string') return Date.parse(time);
  return Date.UTC(time.year, time.month - 1, time.day);
}

// TickMarkType: 0 year, 1 month, 2 day of month, 3 time, 4 time with seconds.
function tickLabel(time: Time, type: number): string {
  const d = new Date(toMs(time));
  switch (type) {
    case 0:
      return String(d.getFullYear());
    case 1:
      return d.toLocaleDateString(undefined, { month: 'short' });
    case 2:
      return d.toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
    case 4:
      return d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    default:
      return d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  }
}

/** The API's error body (`{detail}` or `{field: [messages]}`) as one line. */
function errorText(body: unknown, status: number): string {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    if (typeof b.detail === 'string') return typeof b.error === 'string' ? `${b.detail}: ${b.error}` : b.detail;
    const messages = Object.values(b).flatMap((v) =>
      Array.isArray(v) ? v.filter((m): m is string => typeof m === 'string') : [],
    );
    if (messages.length) return messages.join('; ');
  }
  return status === 404 ? 'the candle endpoint is not available on this server' : `the server answered HTTP ${status}`;
}
