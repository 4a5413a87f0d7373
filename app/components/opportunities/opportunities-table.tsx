import { Table } from '@mantine/core';
import { formatQuote } from '~/lib/format';
import { useStableRows } from '~/components/funding-table/stable-rows';
import type { Opportunity } from './opportunity-types';
import { OpportunityRow } from './opportunity-row';

/** Pairs that stream both books live from the browser (two subscriptions each; the hub allows 50). */
export const LIVE_BOOK_ROWS = 8;

const pairKey = (p: Opportunity) => p.symbol;

export function OpportunitiesTable({
  pairs,
  firstRank,
  notionalUsd,
  horizonDays,
}: {
  pairs: Opportunity[];
  firstRank: number;
  notionalUsd: number;
  horizonDays: number;
}) {
  const rows = useStableRows(pairs, pairKey);
  return (
    <Table.ScrollContainer minWidth={1100} type="native">
      <Table highlightOnHover verticalSpacing={4} horizontalSpacing="xs" stickyHeader data-testid="pairs-table">
        <Table.Thead style={{ whiteSpace: 'nowrap' }}>
          <Table.Tr>
            <Table.Th ta="right">#</Table.Th>
            <Table.Th>Asset</Table.Th>
            <Table.Th>Long (pays least)</Table.Th>
            <Table.Th>Short (earns most)</Table.Th>
            <Table.Th ta="right" title="Short-leg APR minus long-leg APR">
              Gross APR
            </Table.Th>
            <Table.Th ta="right" title={`Round-trip taker fees of both legs, spread over ${horizonDays} days`}>
              Fees ({horizonDays}d)
            </Table.Th>
            <Table.Th ta="right" title="Gross APR minus fees; the ranking">
              Net APR ▼
            </Table.Th>
            <Table.Th ta="right" title="Short-leg price over long-leg price">
              Basis
            </Table.Th>
            <Table.Th ta="right" title="Entry: sell the short leg's bid against the long leg's ask; exit: the reverse">
              Cross spread
            </Table.Th>
            <Table.Th
              ta="right"
              title={`Slippage of both legs walking the books for ${formatQuote(notionalUsd, 'USD')}`}
            >
              Slippage
            </Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((pair, i) => (
            <OpportunityRow
              key={pair.symbol}
              pair={pair}
              rank={firstRank + i}
              notionalUsd={notionalUsd}
              liveBooks={i < LIVE_BOOK_ROWS}
            />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
