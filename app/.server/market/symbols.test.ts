import { describe, expect, it } from 'vitest';
import type { VenueId } from '~/lib/venues';
import {
  normaliseSymbol,
  splitBase,
  toBaseUnitPrice,
  toBaseUnitSize,
  toNativeSymbol,
  type SymbolInfo,
} from './symbols';

// Symbols as they appear in the wire samples and notes of exchange-protocols/<venue>.json
// (and the PROTOCOLS.md symbol table). Each row: native symbol, optional venue base field, result.
type Row = [symbol: string, hint: string | undefined, expected: SymbolInfo | null];
const info = (baseAsset: string, quoteAsset: string, multiplier = 1): SymbolInfo => ({
  baseAsset,
  multiplier,
  quoteAsset,
});

const CASES: Record<VenueId, Row[]> = {
  binance: [
    ['BTCUSDT', undefined, info('BTC', 'USDT')],
    ['ETHUSDT', 'ETH', info('ETH', 'USDT')],
    ['BLZUSDT', undefined, info('BLZ', 'USDT')],
    ['UNFIUSDT', undefined, info('UNFI', 'USDT')],
    ['ETHUSDC', undefined, info('ETH', 'USDC')],
    ['BTCUSDT_250926', undefined, info('BTC', 'USDT')],
    ['1000PEPEUSDT', undefined, info('PEPE', 'USDT', 1000)],
    // exchangeInfo's baseAsset keeps the prefix; it is parsed out of the field as well.
    ['1000PEPEUSDT', '1000PEPE', info('PEPE', 'USDT', 1000)],
    ['1000SHIBUSDT', '1000SHIB', info('SHIB', 'USDT', 1000)],
    ['1000000MOGUSDT', '1000000MOG', info('MOG', 'USDT', 1_000_000)],
    ['1MBABYDOGEUSDT', '1MBABYDOGE', info('BABYDOGE', 'USDT', 1_000_000)],
    // Not a power-of-ten prefix: the token 1INCH.
    ['1INCHUSDT', undefined, info('1INCH', 'USDT')],
    ['1INCHUSDT', '1INCH', info('1INCH', 'USDT')],
    ['XAUUSDT', 'XAU', info('XAU', 'USDT')],
    ['USDT', undefined, null],
  ],
  bybit: [
    ['BTCUSDT', 'BTC', info('BTC', 'USDT')],
    ['BTCPERP', undefined, info('BTC', 'USDC')],
    ['ETHPERP', undefined, info('ETH', 'USDC')],
    ['1000PEPEUSDT', '1000PEPE', info('PEPE', 'USDT', 1000)],
    ['10000LADYSUSDT', undefined, info('LADYS', 'USDT', 10_000)],
    ['1000000MOGUSDT', undefined, info('MOG', 'USDT', 1_000_000)],
    ['SHIB1000USDT', 'SHIB1000', info('SHIB', 'USDT', 1000)],
    // A base field without the prefix still gets the symbol's multiplier.
    ['1000PEPEUSDT', 'PEPE', info('PEPE', 'USDT', 1000)],
    ['BTC-26DEC25', undefined, info('BTC', 'USDC')],
    ['BTCUSDT-26DEC25', undefined, info('BTC', 'USDT')],
    // Inverse (not linear): no linear quote suffix.
    ['BTCUSD', undefined, null],
  ],
  kucoin: [
    ['XBTUSDTM', undefined, info('BTC', 'USDT')],
    ['XBTUSDTM', 'XBT', info('BTC', 'USDT')],
    ['XBTUSDCM', undefined, info('BTC', 'USDC')],
    ['XBTUSDM', undefined, info('BTC', 'USD')],
    ['MYROUSDTM', undefined, info('MYRO', 'USDT')],
    ['AUCTIONUSDTM', undefined, info('AUCTION', 'USDT')],
    ['1000PEPEUSDTM', undefined, info('PEPE', 'USDT', 1000)],
    ['.XBTUSDTMFPI8H', undefined, null],
  ],
  bitget: [
    ['BTCUSDT', undefined, info('BTC', 'USDT')],
    ['STORJUSDT', undefined, info('STORJ', 'USDT')],
    ['YGGUSDT', 'YGG', info('YGG', 'USDT')],
    ['BTCPERP', undefined, info('BTC', 'USDC')],
    ['BTCUSD', undefined, info('BTC', 'USD')],
    ['ETHUSD_231229', undefined, info('ETH', 'USD')],
    ['BTCUSDT_UMCBL', undefined, info('BTC', 'USDT')],
    ['1000SATSUSDT', undefined, info('SATS', 'USDT', 1000)],
  ],
  coinex: [
    ['BTCUSDT', undefined, info('BTC', 'USDT')],
    ['BTCUSD', 'BTC', info('BTC', 'USD')],
    ['ETHUSD_SIGNPRICE', undefined, null],
  ],
  paradex: [
    ['BTC-USD-PERP', undefined, info('BTC', 'USD')],
    ['ORDI-USD-PERP', undefined, info('ORDI', 'USD')],
    ['TRUMP-USD-PERP', 'TRUMP', info('TRUMP', 'USD')],
    ['BTC-USD-100000-C', undefined, null],
  ],
  hyperliquid: [
    ['BTC', undefined, info('BTC', 'USDC')],
    ['MOODENG', undefined, info('MOODENG', 'USDC')],
    ['kPEPE', undefined, info('PEPE', 'USDC', 1000)],
    ['kBONK', undefined, info('BONK', 'USDC', 1000)],
    // Upper-case K is part of the ticker.
    ['KAITO', undefined, info('KAITO', 'USDC')],
    ['@107', undefined, null],
    ['PURR/USDC', undefined, null],
  ],
};

describe('normaliseSymbol', () => {
  for (const [venue, rows] of Object.entries(CASES) as Array<[VenueId, Row[]]>) {
    it(`maps ${venue} symbols`, () => {
      for (const [symbol, hint, expected] of rows) {
        expect([symbol, hint, normaliseSymbol(venue, symbol, hint)]).toEqual([symbol, hint, expected]);
      }
    });
  }

  it('marks Hyperliquid HIP-3 perps with their dex and a USD quote', () => {
    expect(normaliseSymbol('hyperliquid', 'xyz:XYZ100')).toEqual({
      baseAsset: 'XYZ100',
      multiplier: 1,
      quoteAsset: 'USD',
      hip3Dex: 'xyz',
    });
    expect(normaliseSymbol('hyperliquid', 'flx:CRCL')).toMatchObject({ baseAsset: 'CRCL', hip3Dex: 'flx' });
    expect(normaliseSymbol('hyperliquid', 'BTC')).not.toHaveProperty('hip3Dex');
  });

  it('takes a quote hint over the suffix', () => {
    expect(normaliseSymbol('binance', 'BTCUSDT', { baseAsset: 'BTC', quoteAsset: 'USDT' })).toEqual(
      info('BTC', 'USDT'),
    );
    expect(normaliseSymbol('paradex', 'BTC-USD-PERP', { quoteAsset: 'USDC' })).toEqual(info('BTC', 'USDC'));
  });

  it('maps every venue spelling of one market to the same base asset', () => {
    const pepe = [
      normaliseSymbol('binance', '1000PEPEUSDT', '1000PEPE'),
      normaliseSymbol('bybit', '1000PEPEUSDT'),
      normaliseSymbol('hyperliquid', 'kPEPE'),
    ];
    expect(new Set(pepe.map((p) => `${p?.baseAsset}x${p?.multiplier}`))).toEqual(new Set(['PEPEx1000']));
    const btc = [
      normaliseSymbol('kucoin', 'XBTUSDTM'),
      normaliseSymbol('paradex', 'BTC-USD-PERP'),
      normaliseSymbol('hyperliquid', 'BTC'),
      normaliseSymbol('coinex', 'BTCUSDT'),
    ];
    expect(new Set(btc.map((b) => b?.baseAsset))).toEqual(new Set(['BTC']));
  });
});

describe('splitBase', () => {
  it('strips exact powers of ten followed by a letter only', () => {
    expect(splitBase('binance', '1000PEPE')).toEqual({ baseAsset: 'PEPE', multiplier: 1000 });
    expect(splitBase('bybit', '10000SATS')).toEqual({ baseAsset: 'SATS', multiplier: 10_000 });
    expect(splitBase('bybit', '100000X')).toEqual({ baseAsset: 'X', multiplier: 100_000 });
    expect(splitBase('binance', '1INCH')).toEqual({ baseAsset: '1INCH', multiplier: 1 });
    expect(splitBase('binance', '100PEPE')).toEqual({ baseAsset: '100PEPE', multiplier: 1 });
    expect(splitBase('binance', '1000')).toEqual({ baseAsset: '1000', multiplier: 1 });
    expect(splitBase('kucoin', 'XBT')).toEqual({ baseAsset: 'BTC', multiplier: 1 });
    // XBT is only KuCoin's spelling.
    expect(splitBase('binance', 'XBT')).toEqual({ baseAsset: 'XBT', multiplier: 1 });
  });
});

describe('toNativeSymbol', () => {
  it('spells the USDT perpetual of each venue and round-trips through normaliseSymbol', () => {
    const cases: Array<[VenueId, string, number, string]> = [
      ['binance', 'BTC', 1, 'BTCUSDT'],
      ['binance', 'PEPE', 1000, '1000PEPEUSDT'],
      ['binance', 'MOG', 1_000_000, '1000000MOGUSDT'],
      ['binance', 'BABYDOGE', 1_000_000, '1MBABYDOGEUSDT'],
      ['bybit', 'SHIB', 1000, 'SHIB1000USDT'],
      ['bybit', 'LADYS', 10_000, '10000LADYSUSDT'],
      ['kucoin', 'BTC', 1, 'XBTUSDTM'],
      ['kucoin', 'ETH', 1, 'ETHUSDTM'],
      ['bitget', 'BTC', 1, 'BTCUSDT'],
      ['coinex', 'BTC', 1, 'BTCUSDT'],
      ['paradex', 'BTC', 1, 'BTC-USD-PERP'],
      ['hyperliquid', 'BTC', 1, 'BTC'],
      ['hyperliquid', 'PEPE', 1000, 'kPEPE'],
    ];
    for (const [venue, base, multiplier, native] of cases) {
      expect([venue, toNativeSymbol(venue, base, multiplier)]).toEqual([venue, native]);
      expect(normaliseSymbol(venue, native)).toMatchObject({ baseAsset: base, multiplier });
    }
  });

  it('returns null where the venue has no such spelling', () => {
    expect(toNativeSymbol('binance', 'PEPE', 500)).toBeNull();
    expect(toNativeSymbol('paradex', 'PEPE', 1000)).toBeNull();
    expect(toNativeSymbol('hyperliquid', 'MOG', 1_000_000)).toBeNull();
  });
});

describe('per-base-unit conversion', () => {
  it('divides prices and multiplies sizes by the multiplier (and KuCoin contract sizes)', () => {
    // 1000PEPEUSDT at 0.01234 per 1000 PEPE, 5 units of 1000 PEPE.
    expect(toBaseUnitPrice(0.01234, 1000)).toBeCloseTo(0.00001234, 12);
    expect(toBaseUnitSize(5, 1000)).toBe(5000);
    // XBTUSDTM: 12 contracts of 0.001 BTC.
    expect(toBaseUnitSize(12, 1, 0.001)).toBeCloseTo(0.012, 12);
    expect(toBaseUnitPrice(86378.69, 1)).toBe(86378.69);
  });
});
