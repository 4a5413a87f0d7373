import { describe, expect, it } from 'vitest';
import { paginate, PageOutOfRange } from './pagination';

const items = Array.from({ length: 45 }, (_, i) => i + 1);

describe('DRF pagination', () => {
  it('returns count, total pages, the current page and its results', () => {
    expect(paginate(items, 1, 20)).toEqual({ count: 45, total_pages: 3, current_page: 1, results: items.slice(0, 20) });
    expect(paginate(items, 3, 20).results).toEqual([41, 42, 43, 44, 45]);
  });

  it('has exactly full pages when the count divides evenly', () => {
    expect(paginate(items.slice(0, 40), 2, 20)).toMatchObject({ total_pages: 2, results: items.slice(20, 40) });
    expect(() => paginate(items.slice(0, 40), 3, 20)).toThrow(PageOutOfRange);
  });

  it('keeps page 1 of an empty list (total_pages 1) and refuses page 2', () => {
    expect(paginate([], 1, 50)).toEqual({ count: 0, total_pages: 1, current_page: 1, results: [] });
    expect(() => paginate([], 2, 50)).toThrow(/page 2 is out of range; there is 1 page/);
  });

  it('a page size larger than the list is one page', () => {
    expect(paginate(items, 1, 200)).toMatchObject({ total_pages: 1, count: 45 });
  });

  it('refuses non-positive pages and sizes', () => {
    expect(() => paginate(items, 0, 10)).toThrow(RangeError);
    expect(() => paginate(items, 1, 0)).toThrow(RangeError);
    expect(() => paginate(items, 1.5, 10)).toThrow(RangeError);
  });
});
