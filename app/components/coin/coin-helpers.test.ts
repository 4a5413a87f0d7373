import { describe, expect, it } from 'vitest';
import { bucketHistories, mergeHistories, seriesName } from './history-series';
import { widestPair } from './widest-pair';

describe('mergeHistories', () => {
  it('makes one row per time with each venue that settled then, oldest first', () => {
    const rows = mergeHistories([
      {
        exchange: 'binance',
        symbol: 'BTCUSDT',
        points: [
          { t: '2026-01-01T08:00:00Z', v: 10 },
          { t: '2026-01-01T00:00:00Z', v: 5 },
        ],
      },
      {
        exchange: 'hyperliquid',
        symbol: 'BTC',
        points: [
          { t: '2026-01-01T00:00:00Z', v: 7 },
          { t: '2026-01-01T01:00:00Z', v: 8 },
        ],
      },
    ]);
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    expect(rows).toEqual([
      { t: t0, binance: 5, hyperliquid: 7 },
      { t: t0 + 3_600_000, hyperliquid: 8 },
      { t: t0 + 8 * 3_600_000, binance: 10 },
    ]);
  });

  it('drops outliers and names two contracts on one venue apart', () => {
    const histories = [
      { exchange: 'hyperliquid' as const, symbol: 'PEPE', points: [{ t: '2026-01-01T00:00:00Z', v: 1 }] },
      {
        exchange: 'hyperliquid' as const,
        symbol: 'kPEPE',
        points: [{ t: '2026-01-01T00:00:00Z', v: 999, outlier: true as const }],
      },
    ];
    expect(seriesName(histories[0]!, histories)).toBe('hyperliquid:PEPE');
    expect(mergeHistories(histories)).toEqual([{ t: Date.parse('2026-01-01T00:00:00Z'), 'hyperliquid:PEPE': 1 }]);
  });
});

describe('widestPair', () => {
  it('goes long the lowest and short the highest fresh APR', () => {
    expect(
      widestPair([
        { exchange: 'binance', current_apr: 5, stale: false },
        { exchange: 'bybit', current_apr: -3, stale: false },
        { exchange: 'kucoin', current_apr: 40, stale: true },
        { exchange: 'paradex', current_apr: 12, stale: false },
      ]),
    ).toEqual({ long: 'bybit', short: 'paradex' });
  });
  it('needs two venues', () => {
    expect(widestPair([{ exchange: 'binance', current_apr: 5, stale: false }])).toBeNull();
  });
});

describe('bucketHistories', () => {
  it('averages each venue per window, stamped at the window start, and drops outliers', () => {
    const out = bucketHistories(
      [
        {
          exchange: 'hyperliquid',
          symbol: 'BTC',
          points: [
            { t: '2026-01-01T00:00:00Z', v: 10 },
            { t: '2026-01-01T01:00:00Z', v: 20 },
            { t: '2026-01-01T02:00:00Z', v: 900, outlier: true },
            { t: '2026-01-01T08:00:00Z', v: -6 },
          ],
        },
      ],
      8 * 3_600_000,
    );
    expect(out[0]!.points).toEqual([
      { t: '2026-01-01T00:00:00.000Z', v: 15 },
      { t: '2026-01-01T08:00:00.000Z', v: -6 },
    ]);
  });
});
