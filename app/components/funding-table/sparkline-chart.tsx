// The recharts-backed sparkline, in its own module so the table can load it lazily (recharts is
// ~100 KB gzip; the table is usable before it arrives).
import { Sparkline } from '@mantine/charts';

export default function SparklineChart({ values, label }: { values: (number | null)[]; label: string }) {
  return (
    <Sparkline
      w={96}
      h={26}
      data={values}
      curveType="monotone"
      color="teal"
      fillOpacity={0.25}
      strokeWidth={1.5}
      aria-label={label}
      data-testid="spread-sparkline"
    />
  );
}
