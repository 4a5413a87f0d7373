// DRF-style page-number pagination, the shape the original's clients read:
// `{count, total_pages, current_page, results}`.

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export interface Page<T> {
  count: number;
  total_pages: number;
  current_page: number;
  results: T[];
}

export class PageOutOfRange extends Error {
  name = 'PageOutOfRange';
  constructor(
    readonly page: number,
    readonly totalPages: number,
  ) {
    super(`page ${page} is out of range; there ${totalPages === 1 ? 'is 1 page' : `are ${totalPages} pages`}`);
  }
}

/**
 * One page of `items`. An empty list still has page 1 (DRF's allow_empty_first_page), so
 * `total_pages` is at least 1; a page past the last throws PageOutOfRange.
 */
export function paginate<T>(items: readonly T[], page: number, pageSize: number): Page<T> {
  if (!Number.isInteger(page) || page < 1) throw new RangeError('page must be a positive integer');
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError('page size must be a positive integer');
  const totalPages = Math.max(1, Math.ceil(items.length / pageSize));
  if (page > totalPages) throw new PageOutOfRange(page, totalPages);
  const start = (page - 1) * pageSize;
  return {
    count: items.length,
    total_pages: totalPages,
    current_page: page,
    results: items.slice(start, start + pageSize),
  };
}
