import { describe, expect, it } from 'vitest';
import { buildAssetRows, matchesQuery, sortRows, tableRowJson } from './funding-table';
import { SNAPSHOT_STALE_MS } from './state';
import { makeView } from './view-fixture';

const NOW = 1_800_000_000_000;

// PEPE on Binance as 1000PEPEUSDT (4 h), on Hyperliquid as kPEPE (1 h), on Bitget unmultiplied (8 h).
const view = makeView(
  [
    {
      id: 1,
      venue: 'binance',
      symbol: '1000PEPEUSDT',
      asset: 'PEPE',
      rate: 0.0001,
      intervalHours: 4,
      multiplier: 1000,
      markPrice: 0.0105,
      hist: { '1d': 20 },
    },
    {
      id: 2,
      venue: 'hyperliquid',
      symbol: 'kPEPE',
      asset: 'PEPE',
      rate: 0.00001,
      intervalHours: 1,
      multiplier: 1000,
      markPrice: 0.01052,
      hist: { '1d': 5 },
    },
    {
      id: 3,
      venue: 'bitget',
      symbol: 'PEPEUSDT',
      asset: 'PEPE',
      rate: 0.0003,
      intervalHours: 8,
      markPrice: 0.00001049,
      hist: { '1d': 30 },
    },
    {
      id: 4,
      venue: 'binance',
      symbol: 'BTCUSDT',
      asset: 'BTC',
      rate: 0.0001,
      markPrice: 95000,
      hist: { '1d': 10.95 },
      volume24hQuote: 5e9,
    },
    { id: 5, venue: 'bybit', symbol: 'BTCUSDT', asset: 'BTC', rate: 0.00005, markPrice: 95010, volume24hQuote: 3e9 },
    {
      id: 6,
      venue: 'bybit',
      symbol: 'SOLUSDT',
      asset: 'SOL',
      rate: 0.0001,
      markPrice: 180,
      hist: { '1d': 12 },
      volume24hQuote: null,
    },
    { id: 7, venue: 'coinex', symbol: 'DOGEUSDT', asset: 'DOGE', rate: 0.0001, markPrice: 0.17, active: false },
  ],
  [
    { symbol: 'PEPE', name: 'Pepe', marketCapUsd: 4.4e9 },
    { symbol: 'BTC', name: 'Bitcoin', marketCapUsd: 1.9e12 },
    { symbol: 'SOL', name: 'Solana', marketCapUsd: null },
  ],
  NOW,
);

const rows = buildAssetRows(view, { period: '1d', venues: null, nowMs: NOW });
const row = (symbol: string) => rows.find((r) => r.asset.symbol === symbol)!;

describe('funding table rows', () => {
  it('has one row per asset with a leg per instrument; inactive instruments are left out', () => {
    expect(rows.map((r) => r.asset.symbol).sort()).toEqual(['BTC', 'PEPE', 'SOL']);
    expect(row('PEPE').legs.map((l) => l.symbol)).toEqual(['1000PEPEUSDT', 'PEPEUSDT', 'kPEPE']);
  });

  it('shows 1000PEPEUSDT and kPEPE with comparable prices per 1 PEPE and APRs from their own intervals', () => {
    const json = tableRowJson(row('PEPE'));
    const legs = Object.fromEntries(json.exchanges_data.map((l) => [l.symbol, l]));
    expect(legs['1000PEPEUSDT']!.price).toBeCloseTo(0.0000105, 15);
    expect(legs.kPEPE!.price).toBeCloseTo(0.00001052, 15);
    expect(legs.PEPEUSDT!.price).toBeCloseTo(0.00001049, 15);
    expect(legs['1000PEPEUSDT']!.multiplier).toBe(1000);
    // 0.01 % per 4 h = 21.9 %; 0.001 % per 1 h = 8.76 %; 0.03 % per 8 h = 32.85 %.
    expect(legs['1000PEPEUSDT']!.live_apr).toBe(21.9);
    expect(legs.kPEPE!.live_apr).toBe(8.76);
    expect(legs.PEPEUSDT!.live_apr).toBe(32.85);
    expect(legs['1000PEPEUSDT']!.frequency).toBe(6);
    expect(legs.kPEPE!.frequency).toBe(24);
    expect(legs['1000PEPEUSDT']!.interval_h).toBe(4);
  });

  it('spread is max − min of the period averages (the original), live_spread of live APRs; best venues by APR', () => {
    const json = tableRowJson(row('PEPE'));
    expect(json.spread).toBe(25); // 30 − 5
    expect(json.live_spread).toBe(24.09); // 32.85 − 8.76
    expect(json.best_long).toBe('hyperliquid');
    expect(json.best_short).toBe('bitget');
  });

  it('ranks on the live APR where a leg has no history yet, and has no spread with one period average', () => {
    const btc = tableRowJson(row('BTC'));
    expect(btc.spread).toBeNull(); // only Binance has a 1 d average
    expect(btc.live_spread).toBe(5.475); // 10.95 − 5.475
    expect(btc.best_long).toBe('bybit');
    expect(btc.best_short).toBe('binance');
    expect(tableRowJson(row('SOL')).best_long).toBeNull(); // one venue: nothing to pair
  });

  it('counts only the selected venues', () => {
    const only = buildAssetRows(view, { period: '1d', venues: new Set(['binance', 'hyperliquid']), nowMs: NOW });
    const pepe = tableRowJson(only.find((r) => r.asset.symbol === 'PEPE')!);
    expect(pepe.exchanges_data.map((l) => l.exchange)).toEqual(['binance', 'hyperliquid']);
    expect(pepe.spread).toBe(15);
    expect(only.map((r) => r.asset.symbol).sort()).toEqual(['BTC', 'PEPE']);
  });

  it('shows a stale leg flagged but keeps it out of the spread and the best venues', () => {
    const stale = makeView(
      [
        { id: 1, venue: 'binance', symbol: 'ETHUSDT', asset: 'ETH', rate: 0.0001, hist: { '1d': 10 } },
        {
          id: 2,
          venue: 'bybit',
          symbol: 'ETHUSDT',
          asset: 'ETH',
          rate: 0.0005,
          hist: { '1d': 50 },
          updatedAt: NOW - SNAPSHOT_STALE_MS - 1,
        },
        { id: 3, venue: 'kucoin', symbol: 'ETHUSDTM', asset: 'ETH', rate: 0.0002, hist: { '1d': 20 } },
      ],
      [],
      NOW,
    );
    const json = tableRowJson(buildAssetRows(stale, { period: '1d', venues: null, nowMs: NOW })[0]!);
    expect(json.exchanges_data.find((l) => l.exchange === 'bybit')!.stale).toBe(true);
    expect(json.spread).toBe(10);
    expect(json.best_short).toBe('kucoin');
  });
});

describe('sorting and search', () => {
  it('sorts by spread (period spread, else live spread), descending by default, missing values last', () => {
    expect(sortRows(rows, 'spread', 'desc').map((r) => r.asset.symbol)).toEqual(['PEPE', 'BTC', 'SOL']);
    expect(sortRows(rows, 'spread', 'asc').map((r) => r.asset.symbol)).toEqual(['BTC', 'PEPE', 'SOL']);
  });

  it('sorts by market cap, volume, APR and symbol', () => {
    expect(sortRows(rows, 'market_cap', 'desc').map((r) => r.asset.symbol)).toEqual(['BTC', 'PEPE', 'SOL']);
    expect(sortRows(rows, 'market_cap', 'asc').map((r) => r.asset.symbol)).toEqual(['PEPE', 'BTC', 'SOL']);
    expect(sortRows(rows, 'volume', 'desc').map((r) => r.asset.symbol)).toEqual(['BTC', 'PEPE', 'SOL']);
    expect(sortRows(rows, 'apr', 'desc').map((r) => r.asset.symbol)).toEqual(['PEPE', 'SOL', 'BTC']);
    expect(sortRows(rows, 'symbol', 'asc').map((r) => r.asset.symbol)).toEqual(['BTC', 'PEPE', 'SOL']);
    expect(sortRows(rows, 'symbol', 'desc').map((r) => r.asset.symbol)).toEqual(['SOL', 'PEPE', 'BTC']);
  });

  it('matches the asset symbol or name anywhere and native symbols by prefix, ignoring case', () => {
    const pepe = row('PEPE');
    expect(matchesQuery(pepe.asset, pepe.legs, 'pe')).toBe(true);
    expect(matchesQuery(pepe.asset, pepe.legs, '1000pepe')).toBe(true);
    expect(matchesQuery(pepe.asset, pepe.legs, 'kpe')).toBe(true);
    expect(matchesQuery(row('BTC').asset, row('BTC').legs, 'bitco')).toBe(true);
    expect(matchesQuery(row('BTC').asset, row('BTC').legs, 'usdt')).toBe(false);
    expect(matchesQuery(row('BTC').asset, row('BTC').legs, '  ')).toBe(true);
  });
});
