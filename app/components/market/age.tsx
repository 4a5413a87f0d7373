import { Text, type TextProps } from '@mantine/core';
import { useEffect, useState } from 'react';
import { formatDuration } from '~/lib/format';

/**
 * "3 s ago", re-rendered every second on its own so a page need not. Turns orange once older
 * than `staleAfterMs` (data older than its expected refresh). Blank in the server render.
 */
export function Age({
  sinceMs,
  staleAfterMs,
  prefix = '',
  ...props
}: { sinceMs: number | null; staleAfterMs?: number; prefix?: string } & TextProps) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (now === null || !sinceMs) {
    return (
      <Text span size="xs" c="dimmed" {...props}>
        {prefix}—
      </Text>
    );
  }
  const age = Math.max(0, now - sinceMs);
  const stale = staleAfterMs !== undefined && age > staleAfterMs;
  return (
    <Text
      span
      size="xs"
      {...props}
      c={stale ? 'orange' : (props.c ?? 'dimmed')}
      title={stale ? 'Older than expected: no change received for a while' : undefined}
    >
      {prefix}
      {formatDuration(age)} ago
    </Text>
  );
}
