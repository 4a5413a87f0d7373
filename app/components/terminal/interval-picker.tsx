import { SegmentedControl } from '@mantine/core';
import { memo } from 'react';
import { CHART_INTERVALS, type ChartInterval } from './candles';

/** The candle interval; a radio group, so arrow keys move between intervals. */
export const IntervalPicker = memo(function IntervalPicker({
  value,
  onChange,
}: {
  value: ChartInterval;
  onChange: (v: ChartInterval) => void;
}) {
  return (
    <SegmentedControl
      size="xs"
      value={value}
      onChange={(v) => onChange(v as ChartInterval)}
      data={[...CHART_INTERVALS]}
      aria-label="Candle interval"
    />
  );
});
