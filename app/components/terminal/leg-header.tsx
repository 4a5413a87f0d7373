import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { memo } from 'react';
import { TOOLTIP_EVENTS } from '~/components/market/tooltip-events';
import { formatPercent } from '~/lib/format';

export interface LegHeaderProps {
  role: 'long' | 'short';
  venueName: string;
  symbol: string | null;
  takerRate: number;
  feeSource: string;
}

/** Which side this is, where, the native symbol, and the taker fee the estimates use. */
export const LegHeader = memo(function LegHeader({ role, venueName, symbol, takerRate, feeSource }: LegHeaderProps) {
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap">
      <Group gap="xs" wrap="nowrap" miw={0}>
        <Badge color={role === 'long' ? 'teal' : 'red'} variant="filled" style={{ flexShrink: 0 }}>
          {role}
        </Badge>
        <Text fw={600} style={{ flexShrink: 0 }}>
          {venueName}
        </Text>
        {symbol && (
          <Text size="sm" c="dimmed" ff="monospace" truncate data-testid="leg-symbol">
            {symbol}
          </Text>
        )}
      </Group>
      <Tooltip events={TOOLTIP_EVENTS} label={`Taker fee from ${feeSource}`} withArrow>
        <Text size="xs" c="dimmed" tabIndex={0} style={{ whiteSpace: 'nowrap', flexShrink: 0 }}>
          taker {formatPercent(takerRate, 3)}
        </Text>
      </Tooltip>
    </Group>
  );
});
