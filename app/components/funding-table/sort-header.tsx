import { Table, UnstyledButton } from '@mantine/core';
import { Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import { sortChange, tableHref, type TableFilters, type TableSortKey } from './table-params';

/**
 * A column header that sorts by its column: a link to the same view with the new sort, so it
 * works before hydration and the sort lands in the URL. The scroll position stays.
 */
export function SortHeader({
  filters,
  sortKey,
  children,
  align = 'right',
  title,
  adornment,
}: {
  filters: TableFilters;
  sortKey: TableSortKey;
  children: ReactNode;
  align?: 'left' | 'right';
  title?: string;
  /** Shown beside the sort link, outside it (a marker with its own tooltip must not sort). */
  adornment?: ReactNode;
}) {
  const active = filters.sort === sortKey;
  const arrow = active ? (filters.order === 'asc' ? '▲' : '▼') : '';
  return (
    <Table.Th
      ta={align}
      aria-sort={active ? (filters.order === 'asc' ? 'ascending' : 'descending') : 'none'}
      style={{ whiteSpace: 'nowrap' }}
    >
      <UnstyledButton
        component={Link}
        to={tableHref(filters, sortChange(filters, sortKey))}
        preventScrollReset
        replace
        data-testid={`sort-${sortKey}`}
        title={title ?? 'Sort by this column'}
        fw={active ? 700 : 600}
        fz="sm"
      >
        {children}
        <span aria-hidden style={{ display: 'inline-block', width: '1.1em', textAlign: 'center', fontSize: '0.7em' }}>
          {arrow}
        </span>
      </UnstyledButton>
      {adornment}
    </Table.Th>
  );
}
