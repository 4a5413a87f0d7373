import { Group, Pagination, Text } from '@mantine/core';
import { Link } from '@remix-run/react';
import { formatCount } from '~/lib/format';

/** Page links (plain anchors, so they work before hydration) and which items the page covers. */
export function TablePagination({
  page,
  pageSize,
  count,
  totalPages,
  shown,
  noun,
  hrefFor,
}: {
  page: number;
  pageSize: number;
  count: number;
  totalPages: number;
  /** Items on this page. */
  shown: number;
  /** Plural: "assets", "pairs". */
  noun: string;
  hrefFor: (page: number) => string;
}) {
  const first = count === 0 ? 0 : (page - 1) * pageSize + 1;
  const link = (p: number) => ({ component: Link, to: hrefFor(p) });
  const controlPage = { first: 1, last: totalPages, previous: page - 1, next: page + 1 } as const;
  return (
    <Group justify="space-between" data-testid="pagination">
      <Text size="sm" c="dimmed" data-testid="page-count">
        {count === 0
          ? `No ${noun}`
          : `${formatCount(first)}–${formatCount(first + shown - 1)} of ${formatCount(count)} ${noun}`}
      </Text>
      {totalPages > 1 && (
        <Pagination
          total={totalPages}
          value={page}
          size="sm"
          withEdges
          getItemProps={link}
          getControlProps={(control) => {
            const p = controlPage[control];
            return p >= 1 && p <= totalPages ? link(p) : {};
          }}
        />
      )}
    </Group>
  );
}
