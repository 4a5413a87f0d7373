import { useEffect, useState } from 'react';
import { formatLocalTime, formatUtc } from '~/lib/format';

/**
 * A time in the reader's locale and time zone. The server does not know them, so the server
 * render (and the first browser render, to hydrate cleanly) shows UTC; the effect swaps it.
 */
export function LocalTime({ ms, withDate = false }: { ms: number; withDate?: boolean }) {
  const [text, setText] = useState(() => formatUtc(ms));
  useEffect(() => {
    setText(formatLocalTime(ms, { withDate }));
  }, [ms, withDate]);
  return <time dateTime={new Date(ms).toISOString()}>{text}</time>;
}
