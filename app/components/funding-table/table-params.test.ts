import { describe, expect, it } from 'vitest';
import {
  clampPage,
  DEFAULT_FILTERS,
  parseTableFilters,
  sortByKey,
  sortChange,
  tableFiltersToParams,
  tableHref,
  type TableFilters,
} from './table-params';

const parse = (qs: string) => parseTableFilters(new URLSearchParams(qs));

describe('URL params → table filters', () => {
  it('gives the defaults for an empty URL', () => {
    expect(parse('')).toEqual(DEFAULT_FILTERS);
  });

  it('reads every field', () => {
    expect(
      parse('q=btc&exchanges=bybit,binance&period=7d&mode=live&sort=kucoin&order=asc&page=3&page_size=100'),
    ).toEqual({
      q: 'btc',
      venues: ['binance', 'bybit'],
      period: '7d',
      mode: 'live',
      sort: 'kucoin',
      order: 'asc',
      page: 3,
      pageSize: 100,
    } satisfies TableFilters);
  });

  it('accepts repeated and differently cased venues, drops unknown ones', () => {
    expect(parse('exchanges=Binance&exchanges=HYPERLIQUID&exchanges=ftx').venues).toEqual(['binance', 'hyperliquid']);
  });

  it('treats all seven venues as no filter', () => {
    expect(parse('exchanges=binance,bybit,kucoin,bitget,coinex,paradex,hyperliquid').venues).toEqual([]);
  });

  it('falls back to defaults for bad values instead of failing', () => {
    const f = parse('period=2w&mode=x&sort=price&order=up&page=-1&page_size=33');
    expect(f).toEqual(DEFAULT_FILTERS);
    expect(parse('page=1.5').page).toBe(1);
  });

  it('orders names A→Z and numbers high→low unless told', () => {
    expect(parse('sort=symbol').order).toBe('asc');
    expect(parse('sort=volume').order).toBe('desc');
  });

  it('trims the search to what the API takes', () => {
    expect(parse(`q=${'x'.repeat(60)}`).q).toHaveLength(40);
    expect(parse('q=%20eth%20').q).toBe('eth');
  });
});

describe('table filters → URL params', () => {
  it('leaves defaults out', () => {
    expect(tableFiltersToParams(DEFAULT_FILTERS).toString()).toBe('');
  });

  it('round-trips any view', () => {
    const views: TableFilters[] = [
      {
        ...DEFAULT_FILTERS,
        q: 'pepe',
        venues: ['bybit', 'paradex'],
        period: '30d',
        mode: 'live',
        sort: 'binance',
        order: 'asc',
        page: 2,
        pageSize: 25,
      },
      { ...DEFAULT_FILTERS, sort: 'symbol', order: 'desc' },
      { ...DEFAULT_FILTERS, sort: 'spread', order: 'asc' },
      { ...DEFAULT_FILTERS, sort: 'market_cap' },
    ];
    for (const v of views) expect(parseTableFilters(tableFiltersToParams(v))).toEqual(v);
  });

  it('goes back to page 1 when a filter changes, not when the page does', () => {
    const onPage3 = { ...DEFAULT_FILTERS, page: 3 };
    expect(tableHref(onPage3, { q: 'sol' })).toBe('?q=sol');
    expect(tableHref(onPage3, { page: 4 })).toBe('?page=4');
    expect(tableHref(onPage3, { page: 1 })).toBe('?');
  });
});

describe('sorting', () => {
  it('flips the order on the same column and starts a new column in its natural order', () => {
    expect(sortChange(DEFAULT_FILTERS, 'spread')).toEqual({ sort: 'spread', order: 'asc' });
    expect(sortChange({ ...DEFAULT_FILTERS, order: 'asc' }, 'spread')).toEqual({ sort: 'spread', order: 'desc' });
    expect(sortChange(DEFAULT_FILTERS, 'symbol')).toEqual({ sort: 'symbol', order: 'asc' });
    expect(sortChange(DEFAULT_FILTERS, 'bybit')).toEqual({ sort: 'bybit', order: 'desc' });
  });

  it('sorts by a key with missing values last either way and ties by symbol', () => {
    const rows = [
      { s: 'B', k: 1 },
      { s: 'A', k: null },
      { s: 'C', k: 5 },
      { s: 'D', k: 1 },
    ];
    const run = (order: 'asc' | 'desc') =>
      sortByKey(
        rows,
        (r) => r.k,
        (r) => r.s,
        order,
      ).map((r) => r.s);
    expect(run('desc')).toEqual(['C', 'B', 'D', 'A']);
    expect(run('asc')).toEqual(['B', 'D', 'C', 'A']);
  });

  it('clamps a page past the end to the last page', () => {
    expect(clampPage(9, 120, 50)).toBe(3);
    expect(clampPage(2, 0, 50)).toBe(1);
    expect(clampPage(2, 120, 50)).toBe(2);
  });
});
