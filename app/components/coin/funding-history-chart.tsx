// Funding history of one asset: one APR line per venue over the chosen days, from each venue's
// settled rates. recharts measures its container, so the chart draws in the browser only; the
// summary table above it carries the numbers for a reader without JavaScript.
import { LineChart } from '@mantine/charts';
import { SegmentedControl, Text } from '@mantine/core';
import { useMemo } from 'react';
import { formatAprPct } from '~/lib/funding-format';
import { VENUE_NAMES } from '~/lib/venues';
import { VENUE_COLORS } from '~/components/funding-table/venue-colors';
import type { VenueHistory } from './coin-types';
import { bucketHistories, mergeHistories, seriesName } from './history-series';

export type Resolution = 'raw' | '8h' | '1d';
const RESOLUTIONS: { value: Resolution; label: string }[] = [
  { value: 'raw', label: 'Each settlement' },
  { value: '8h', label: '8 h avg' },
  { value: '1d', label: 'Daily avg' },
];
const BUCKET_MS: Record<Resolution, number | null> = { raw: null, '8h': 8 * 3_600_000, '1d': 86_400_000 };

/** Hourly venues swing far more per settlement than 8-hourly ones: averaging puts them on one scale. */
export function ResolutionPicker({ value, onChange }: { value: Resolution; onChange: (r: Resolution) => void }) {
  return (
    <SegmentedControl
      aria-label="Resolution"
      size="xs"
      data={RESOLUTIONS}
      value={value}
      onChange={(v) => onChange(v as Resolution)}
      data-testid="history-resolution"
    />
  );
}

const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const timeFormat = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

export function FundingHistoryChart({ history, resolution }: { history: VenueHistory[]; resolution: Resolution }) {
  const data = useMemo(() => {
    const bucket = BUCKET_MS[resolution];
    return mergeHistories(bucket ? bucketHistories(history, bucket) : history);
  }, [history, resolution]);
  const series = useMemo(
    () =>
      history
        .filter((h) => h.points.length > 0)
        .map((h) => {
          const name = seriesName(h, history);
          const venue = VENUE_NAMES[h.exchange];
          return { name, label: name === h.exchange ? venue : `${venue} ${h.symbol}`, color: VENUE_COLORS[h.exchange] };
        }),
    [history],
  );
  if (data.length < 2 || series.length === 0) {
    return (
      <Text c="dimmed" size="sm" data-testid="history-empty">
        No settled funding stored for this period yet — history is backfilled in the background.
      </Text>
    );
  }
  return (
    <div data-testid="history-chart" data-points={data.length} data-series={series.length}>
      <LineChart
        h={340}
        data={data}
        dataKey="t"
        series={series}
        curveType="linear"
        withDots={false}
        strokeWidth={1.5}
        connectNulls
        withLegend
        legendProps={{ verticalAlign: 'bottom', height: 40 }}
        valueFormatter={(v) => formatAprPct(v)}
        xAxisProps={{
          type: 'number',
          scale: 'time',
          domain: ['dataMin', 'dataMax'],
          tickFormatter: (t: number) => dayFormat.format(t),
          minTickGap: 40,
        }}
        yAxisProps={{ width: 70, tickFormatter: (v: number) => `${v.toFixed(0)}%` }}
        tooltipProps={{ labelFormatter: (t: number) => timeFormat.format(t) }}
        referenceLines={[{ y: 0, color: 'gray.6' }]}
        tooltipAnimationDuration={0}
        lineProps={{ isAnimationActive: false }}
      />
    </div>
  );
}
