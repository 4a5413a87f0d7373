import { memo, useId, useMemo } from 'react';
import { sparklinePaths } from './sparkline-path';

// Drawn as inline SVG: a charting library (recharts is ~100 KB gzip) would cost the table page far
// more than this 96×26 line, and plain SVG needs no measuring, so it renders on the server too.
const BOX = { width: 96, height: 26, inset: 2 };
const COLOR = 'var(--mantine-color-teal-filled)';

/** The 7-day spread history of a row; memoised on its values so live refreshes rarely redraw it. */
export const SpreadSparkline = memo(
  function SpreadSparkline({ values }: { values: (number | null)[] }) {
    // The fill's gradient needs a document-unique id; useId is the same on server and client.
    const gradientId = useId();
    const paths = useMemo(() => sparklinePaths(values, BOX), [values]);
    if (paths.points < 2) return <span aria-label="not enough history">—</span>;
    return (
      <svg
        width={BOX.width}
        height={BOX.height}
        viewBox={`0 0 ${BOX.width} ${BOX.height}`}
        role="img"
        aria-label={`Spread over 7 days, ${paths.points} points`}
        data-testid="spread-sparkline"
        style={{ display: 'block', overflow: 'visible' }}
      >
        <defs>
          <linearGradient id={gradientId} x1="0" y1="0" x2="0" y2="1">
            <stop offset="0%" style={{ stopColor: COLOR, stopOpacity: 0.25 }} />
            <stop offset="100%" style={{ stopColor: COLOR, stopOpacity: 0.01 }} />
          </linearGradient>
        </defs>
        <path d={paths.area} fill={`url(#${gradientId})`} />
        <path
          d={paths.line}
          fill="none"
          style={{ stroke: COLOR }}
          strokeWidth={1.5}
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
    );
  },
  (a, b) => a.values.length === b.values.length && a.values.every((v, i) => v === b.values[i]),
);
