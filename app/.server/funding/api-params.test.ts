import { describe, expect, it } from 'vitest';
import { parseQuery } from '~/.server/http/api';
import { coinDetailQuery, fundingTableQuery, opportunitiesQuery, pageOr400 } from './api-params';

const req = (qs: string) => new Request(`http://x/api/funding-table/?${qs}`);

async function badParams(schema: Parameters<typeof parseQuery>[1], qs: string): Promise<Record<string, string[]>> {
  try {
    parseQuery(req(qs), schema);
  } catch (err) {
    expect(err).toBeInstanceOf(Response);
    const res = err as Response;
    expect(res.status).toBe(400);
    return (await res.json()) as Record<string, string[]>;
  }
  throw new Error(`expected ${qs} to be refused`);
}

describe('funding API parameters', () => {
  it('has defaults', () => {
    const q = parseQuery(req(''), fundingTableQuery);
    expect(q).toMatchObject({ period: '1d', q: '', sort: 'spread', page: 1, page_size: 50 });
    expect(q.exchanges).toBeUndefined();
    const o = parseQuery(req(''), opportunitiesQuery);
    expect(o).toMatchObject({ mode: 'pairs', side: 'ALL', notional: 10_000, horizon_days: 7 });
  });

  it('reads repeated and comma-separated exchanges, case-insensitively', () => {
    const q = parseQuery(req('exchanges=Binance&exchanges=bybit,KUCOIN'), fundingTableQuery);
    expect([...q.exchanges!].sort()).toEqual(['binance', 'bybit', 'kucoin']);
  });

  it.each([
    ['period=2w', 'period'],
    ['sort=price', 'sort'],
    ['order=up', 'order'],
    ['exchanges=binance&exchanges=ftx', 'exchanges'],
    ['page=0', 'page'],
    ['page=two', 'page'],
    ['page_size=201', 'page_size'],
    ['page_size=0', 'page_size'],
    ['q=' + 'x'.repeat(41), 'q'],
    ['period=1d&period=7d', 'period'],
  ])('refuses %s naming %s', async (qs, name) => {
    const body = await badParams(fundingTableQuery, qs);
    expect(Object.keys(body)).toEqual([name]);
    expect(body[name]![0]).toMatch(new RegExp(name));
  });

  it.each([
    ['side=BOTH', 'side'],
    ['notional=lots', 'notional'],
    ['notional=-5', 'notional'],
    ['horizon_days=0', 'horizon_days'],
    ['min_spread=abc', 'min_spread'],
    ['mode=triples', 'mode'],
  ])('best-opportunities refuses %s naming %s', async (qs, name) => {
    const body = await badParams(opportunitiesQuery, qs);
    expect(Object.keys(body)).toEqual([name]);
  });

  it('accepts side in any case and numbers for the pair figures', () => {
    const o = parseQuery(req('side=short&notional=2500.5&horizon_days=30&min_spread=-1'), opportunitiesQuery);
    expect(o).toMatchObject({ side: 'SHORT', notional: 2500.5, horizon_days: 30, min_spread: -1 });
  });

  it('names days in coin detail', async () => {
    expect(Object.keys(await badParams(coinDetailQuery, 'days=ten'))).toEqual(['days']);
  });

  it('a page past the last is a 400 naming page', async () => {
    try {
      pageOr400([1, 2, 3], 2, 3);
      throw new Error('expected a 400');
    } catch (err) {
      const res = err as Response;
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ page: ['page 2 is out of range; there is 1 page'] });
    }
  });
});
