import { lazy, memo, Suspense } from 'react';
import { useHydrated } from './use-hydrated';

// Loaded after the table is on screen: keeps recharts out of the page's first JavaScript.
const SparklineChart = lazy(() => import('./sparkline-chart'));

const placeholder = <div style={{ width: 96, height: 26 }} aria-hidden />;

/**
 * The 7-day spread history of a row; memoised on its values so live refreshes rarely redraw it.
 * Client-only: recharts draws nothing on the server anyway, and a lazy component inside a
 * hydrating boundary would be thrown back to client rendering by the first live update.
 */
export const SpreadSparkline = memo(
  function SpreadSparkline({ values }: { values: (number | null)[] }) {
    const hydrated = useHydrated();
    const points = values.filter((v) => v !== null).length;
    if (points < 2) return <span aria-label="not enough history">—</span>;
    if (!hydrated) return placeholder;
    return (
      <Suspense fallback={placeholder}>
        <SparklineChart values={values} label={`Spread over 7 days, ${points} points`} />
      </Suspense>
    );
  },
  (a, b) => a.values.length === b.values.length && a.values.every((v, i) => v === b.values[i]),
);
