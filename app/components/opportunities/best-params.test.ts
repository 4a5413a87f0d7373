import { describe, expect, it } from 'vitest';
import {
  bestFiltersToParams,
  bestHref,
  DEFAULT_BEST_FILTERS,
  parseBestFilters,
  terminalHref,
  type BestFilters,
} from './best-params';

const parse = (qs: string) => parseBestFilters(new URLSearchParams(qs));

describe('opportunity filters ⇄ URL', () => {
  it('gives defaults for an empty or bad URL', () => {
    expect(parse('')).toEqual(DEFAULT_BEST_FILTERS);
    expect(parse('notional=-5&horizon_days=0&min_spread=abc&period=9d&page=x')).toEqual(DEFAULT_BEST_FILTERS);
    expect(parse('notional=200000000').notionalUsd).toBe(DEFAULT_BEST_FILTERS.notionalUsd);
  });

  it('round-trips a view', () => {
    const view: BestFilters = {
      q: 'eth',
      venues: ['binance', 'hyperliquid'],
      period: '7d',
      notionalUsd: 250_000,
      horizonDays: 30,
      minSpreadPct: 5.5,
      page: 2,
      pageSize: 100,
    };
    expect(parseBestFilters(bestFiltersToParams(view))).toEqual(view);
    expect(bestFiltersToParams(DEFAULT_BEST_FILTERS).toString()).toBe('');
  });

  it('keeps a negative minimum spread and resets the page on a change', () => {
    expect(parse('min_spread=-2').minSpreadPct).toBe(-2);
    expect(bestHref({ ...DEFAULT_BEST_FILTERS, page: 4 }, { notionalUsd: 5000 })).toBe('?notional=5000');
  });

  it('links a pair to the terminal', () => {
    expect(terminalHref('BTC', 'binance', 'bybit')).toBe('/terminal?asset=BTC&long=binance&short=bybit');
  });
});
