import { Avatar, Button, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from '@remix-run/react';
import { FavoriteStar } from '~/components/favorite-star';
import { terminalHref } from '~/components/opportunities/best-params';
import { formatUsdCompact } from '~/lib/funding-format';
import type { VenueId } from '~/lib/venues';

export function CoinHeader({
  asset,
  favorite,
  pair,
}: {
  asset: { symbol: string; name: string; image: string | null; market_cap: number | null; volume: number | null };
  favorite: boolean;
  /** Widest current pair, for the terminal button. */
  pair: { long: VenueId; short: VenueId } | null;
}) {
  return (
    <Group justify="space-between" align="center">
      <Group gap="sm">
        <Avatar src={asset.image} alt="" size={44} radius="xl" />
        <Stack gap={0}>
          <Group gap={6}>
            <Title order={2} data-testid="coin-symbol">
              {asset.symbol}
            </Title>
            <FavoriteStar assetSymbol={asset.symbol} initial={favorite} />
          </Group>
          <Text c="dimmed" size="sm">
            {asset.name} · market cap {formatUsdCompact(asset.market_cap)} · 24 h volume{' '}
            {formatUsdCompact(asset.volume)}
          </Text>
        </Stack>
      </Group>
      {pair && (
        <Button
          component={Link}
          to={terminalHref(asset.symbol, pair.long, pair.short)}
          variant="light"
          data-testid="coin-terminal"
        >
          Trade the widest spread in the terminal
        </Button>
      )}
    </Group>
  );
}
