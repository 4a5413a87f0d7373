import { describe, expect, it } from 'vitest';
import { buildAssetRows } from './funding-table';
import { basisBps, bestPair, feesAprPct, pairJson, rankPairs, rankSingles, singleJson } from './opportunities';
import { makeView } from './view-fixture';

const NOW = 1_800_000_000_000;

describe('fee maths', () => {
  it('amortises round-trip taker fees of both legs over the horizon', () => {
    // (2 × 0.05 % + 2 × 0.055 %) = 0.21 % of notional, 365/7 times a year → 10.95 % APR.
    expect(feesAprPct(0.0005, 0.00055, 7)).toBeCloseTo(10.95, 9);
    // Over 30 days: 0.21 % × 365 / 30 = 2.555 %.
    expect(feesAprPct(0.0005, 0.00055, 30)).toBeCloseTo(2.555, 9);
    expect(feesAprPct(0, 0, 7)).toBe(0);
    expect(() => feesAprPct(0.0005, 0.0005, 0)).toThrow(RangeError);
  });

  it('measures the basis in bps of the long leg', () => {
    expect(basisBps(100, 100.5)).toBeCloseTo(50, 9);
    expect(basisBps(100, 99)).toBeCloseTo(-100, 9);
    expect(basisBps(null, 100)).toBeNull();
  });
});

describe('pairing', () => {
  const view = makeView(
    [
      // X: Hyperliquid −5 %, Binance 10 %, Bybit 30 % (period averages).
      {
        id: 1,
        venue: 'binance',
        symbol: 'XUSDT',
        asset: 'X',
        rate: 0,
        hist: { '7d': 10 },
        takerFeeRate: 0.0005,
        markPrice: 2.0,
      },
      {
        id: 2,
        venue: 'bybit',
        symbol: 'XUSDT',
        asset: 'X',
        rate: 0,
        hist: { '7d': 30 },
        takerFeeRate: 0.00055,
        markPrice: 2.01,
      },
      {
        id: 3,
        venue: 'hyperliquid',
        symbol: 'X',
        asset: 'X',
        rate: 0,
        hist: { '7d': -5 },
        takerFeeRate: 0.00045,
        markPrice: 2.0,
      },
      // Y: the lowest APR sits on a venue with a ruinous fee, so the best pair after fees avoids it.
      { id: 4, venue: 'kucoin', symbol: 'YUSDTM', asset: 'Y', rate: 0, hist: { '7d': -2 }, takerFeeRate: 0.005 },
      { id: 5, venue: 'bitget', symbol: 'YUSDT', asset: 'Y', rate: 0, hist: { '7d': 0 }, takerFeeRate: 0.0002 },
      { id: 6, venue: 'coinex', symbol: 'YUSDT', asset: 'Y', rate: 0, hist: { '7d': 20 }, takerFeeRate: 0.0002 },
      // Z: a single venue, no pair.
      { id: 7, venue: 'binance', symbol: 'ZUSDT', asset: 'Z', rate: 0.0001 },
      // W: two venues but a negative net after fees.
      { id: 8, venue: 'binance', symbol: 'WUSDT', asset: 'W', rate: 0, hist: { '7d': 1 } },
      { id: 9, venue: 'bybit', symbol: 'WUSDT', asset: 'W', rate: 0, hist: { '7d': 2 } },
    ],
    [],
    NOW,
  );
  const rows = buildAssetRows(view, { period: '7d', venues: null, nowMs: NOW });
  const rowOf = (s: string) => rows.find((r) => r.asset.symbol === s)!;

  it('goes long where funding is lowest and short where it is highest, net of fees', () => {
    const p = bestPair(rowOf('X').asset, rowOf('X').legs, 7)!;
    expect(p.long.exchange).toBe('hyperliquid');
    expect(p.short.exchange).toBe('bybit');
    expect(p.spreadAprPct).toBeCloseTo(35, 9);
    // (2 × 0.045 % + 2 × 0.055 %) × 365 / 7 = 10.428571… %.
    expect(p.feesAprPct).toBeCloseTo(10.4285714286, 8);
    expect(p.netAprPct).toBeCloseTo(24.5714285714, 8);
    // Short mark 2.01 vs long 2.00: +50 bps.
    expect(p.basisBps).toBeCloseTo(50, 9);
  });

  it('picks the pair worth most after fees, not merely the widest spread', () => {
    const p = bestPair(rowOf('Y').asset, rowOf('Y').legs, 7)!;
    // KuCoin long / CoinEx short: 22 % gross − 54.23 % fees. Bitget long: 20 % − 4.17 % = 15.83 %.
    expect(p.long.exchange).toBe('bitget');
    expect(p.short.exchange).toBe('coinex');
    expect(p.netAprPct).toBeCloseTo(20 - feesAprPct(0.0002, 0.0002, 7), 9);
  });

  it('ranks pairs by net APR, applies the minimum gross spread, and skips single-venue assets', () => {
    const ranked = rankPairs(rows, { horizonDays: 7 });
    expect(ranked.map((p) => p.asset.symbol)).toEqual(['X', 'Y', 'W']);
    expect(ranked[2]!.netAprPct).toBeLessThan(0);
    expect(rankPairs(rows, { horizonDays: 7, minSpreadAprPct: 25 }).map((p) => p.asset.symbol)).toEqual(['X']);
    // A longer horizon spreads the fees thinner: W turns positive over a year.
    const w = rankPairs(rows, { horizonDays: 365 }).find((p) => p.asset.symbol === 'W')!;
    expect(w.netAprPct).toBeCloseTo(1 - 0.2, 9);
  });

  it('serialises a pair with both legs, gross, fees, net and the mark basis', () => {
    const json = pairJson(bestPair(rowOf('X').asset, rowOf('X').legs, 7)!, null);
    expect(json).toMatchObject({
      symbol: 'X',
      long: { exchange: 'hyperliquid', symbol: 'X', apr: -5, apr_source: 'hist', interval_h: 8 },
      short: { exchange: 'bybit', symbol: 'XUSDT', apr: 30 },
      spread_apr: 35,
      fees_apr: 10.4286,
      net_apr: 24.5714,
      basis_bps: 50,
      basis_source: 'mark',
      book: null,
    });
  });

  it('lists single legs with the side that earns the funding (the original mode)', () => {
    const all = rankSingles(rows, 'ALL').map(singleJson);
    expect(all[0]).toMatchObject({ symbol: 'X', exchange: 'bybit', apr: 30, side: 'SHORT' });
    expect(all.find((s) => s.exchange === 'hyperliquid')).toMatchObject({ side: 'LONG', apr: -5 });
    // Zero funding earns nothing either way: listed LONG (SHORT only when positive).
    expect(all.find((s) => s.symbol === 'Y' && s.exchange === 'bitget')!.side).toBe('LONG');
    const longs = rankSingles(rows, 'LONG');
    expect(longs.every((s) => s.side === 'LONG' && s.leg.aprPct <= 0)).toBe(true);
    const shorts = rankSingles(rows, 'SHORT');
    expect(shorts.every((s) => s.side === 'SHORT' && s.leg.aprPct > 0)).toBe(true);
    expect(longs.length + shorts.length).toBe(all.length);
  });
});
