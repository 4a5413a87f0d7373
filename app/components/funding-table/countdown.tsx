import { Text, type TextProps } from '@mantine/core';
import { formatCountdown } from '~/lib/funding-format';
import { useNow } from './use-now';

/** Time left until `atIso` (a settlement), ticking on the page's shared clock. */
export function Countdown({ atIso, ...props }: { atIso: string | null } & TextProps) {
  const now = useNow();
  const at = atIso ? Date.parse(atIso) : Number.NaN;
  const text = now === null || !Number.isFinite(at) ? '—' : formatCountdown(at - now);
  return (
    <Text span ff="monospace" size="xs" {...props} data-testid="countdown">
      {text}
    </Text>
  );
}
