import { Anchor, Button, Card, Group, Table, Text, Title } from '@mantine/core';
import { Link } from '@remix-run/react';
import { parseVenueId, VENUE_NAMES } from '~/lib/venues';

/** The fields of a /api/best-opportunities pair this card shows. */
export interface TopPair {
  symbol: string;
  long: { exchange: string; symbol: string; apr: number | null };
  short: { exchange: string; symbol: string; apr: number | null };
  spread_apr: number | null;
  fees_apr: number | null;
  net_apr: number | null;
}

function venueName(id: string): string {
  const v = parseVenueId(id);
  return v ? VENUE_NAMES[v] : id;
}

function pct(x: number | null): string {
  return x === null ? '—' : `${x > 0 ? '+' : ''}${x.toFixed(2)}%`;
}

/** The terminal on this pair, with both legs' native symbols. */
export function terminalHref(p: TopPair): string {
  const q = new URLSearchParams({
    asset: p.symbol,
    long: `${p.long.exchange}:${p.long.symbol}`,
    short: `${p.short.exchange}:${p.short.symbol}`,
  });
  return `/terminal?${q}`;
}

/**
 * The best long/short pairs after fees (the head of /best). `pairs` null means the funding data
 * is not available yet: an empty state that says so, never made-up rows.
 */
export function TopOpportunities({
  pairs,
  period,
  horizonDays,
}: {
  pairs: TopPair[] | null;
  period: string;
  horizonDays: number;
}) {
  return (
    <Card withBorder data-testid="top-opportunities">
      <Group justify="space-between" mb="xs">
        <Title order={4}>Top opportunities</Title>
        <Button component={Link} to="/best" variant="light" size="xs">
          All opportunities
        </Button>
      </Group>
      {!pairs?.length ? (
        <Text size="sm" c="dimmed" data-testid="top-opportunities-empty">
          {pairs === null
            ? 'Funding data is not available yet: the first snapshots are still being collected.'
            : 'No pair of venues lists a common asset with funding yet.'}{' '}
          The full ranking is on Best opportunities.
        </Text>
      ) : (
        <>
          <Table.ScrollContainer minWidth={520}>
            <Table fz="sm" striped highlightOnHover style={{ fontVariantNumeric: 'tabular-nums' }}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Asset</Table.Th>
                  <Table.Th>Long</Table.Th>
                  <Table.Th>Short</Table.Th>
                  <Table.Th ta="right">Spread APR</Table.Th>
                  <Table.Th ta="right">Net APR</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {pairs.map((p) => (
                  <Table.Tr key={`${p.symbol}:${p.long.exchange}:${p.short.exchange}`} data-testid="top-pair">
                    <Table.Td>
                      <Anchor component={Link} to={terminalHref(p)} fw={600}>
                        {p.symbol}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      {venueName(p.long.exchange)}{' '}
                      <Text span size="xs" c="dimmed">
                        {pct(p.long.apr)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {venueName(p.short.exchange)}{' '}
                      <Text span size="xs" c="dimmed">
                        {pct(p.short.apr)}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">{pct(p.spread_apr)}</Table.Td>
                    <Table.Td ta="right" fw={600} c={p.net_apr !== null && p.net_apr >= 0 ? 'teal.5' : 'red.5'}>
                      {pct(p.net_apr)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Text size="xs" c="dimmed" mt="xs">
            {period} average funding; net of round-trip taker fees over {horizonDays} days. The asset opens the pair in
            the terminal.
          </Text>
        </>
      )}
    </Card>
  );
}
