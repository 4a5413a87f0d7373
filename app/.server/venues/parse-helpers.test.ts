import { describe, expect, it } from 'vitest';
import { ParseError } from '~/.server/market/types';
import {
  failParse,
  isJsonObject,
  isSafeInt,
  parseDecimalLevels,
  parseJsonFrame,
  parseJsonObjectFrame,
  SAMPLE_CHARS,
  sampleOf,
  toDecimal,
  toInstrument,
} from './parse-helpers';
import { thrownBy } from './test-support/thrown';

const parseErrorOf = (fn: () => unknown) => thrownBy(fn, ParseError);

describe('failParse', () => {
  it('throws a ParseError naming the venue, with the start of the sample', () => {
    const err = parseErrorOf(() => failParse('bybit', 'book frame without data', 'x'.repeat(1000)));
    expect(err.venue).toBe('bybit');
    expect(err.message).toBe('bybit: book frame without data');
    expect(err.sample).toBe('x'.repeat(SAMPLE_CHARS));
  });

  it('builds a lazy sample only when it fails', () => {
    let built = 0;
    const sample = () => {
      built++;
      return '{"bids":[]}';
    };
    expect(parseDecimalLevels('binance', [['1', '2']], 'bids', sample, { container: 'depth' })).toEqual([[1, 2]]);
    expect(built).toBe(0);
    expect(parseErrorOf(() => failParse('binance', 'broken', sample)).sample).toBe('{"bids":[]}');
    expect(built).toBe(1);
  });
});

describe('sampleOf', () => {
  it('stringifies bodies of any kind, bounded', () => {
    expect(sampleOf({ a: 1 })).toBe('{"a":1}');
    expect(sampleOf(undefined)).toBe('undefined');
    expect(sampleOf('x'.repeat(1000))).toHaveLength(SAMPLE_CHARS);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(sampleOf(circular)).toBe('[object Object]');
  });
});

describe('value guards', () => {
  it('tells plain objects from null, arrays and scalars', () => {
    expect([{}, { a: 1 }].map(isJsonObject)).toEqual([true, true]);
    expect([null, [], 'x', 1, undefined].map(isJsonObject)).toEqual([false, false, false, false, false]);
  });

  it('accepts only integers a double holds exactly', () => {
    expect([0, 1570255790655, -3].map(isSafeInt)).toEqual([true, true, true]);
    expect([1.5, 2 ** 53, '12', Number.NaN, null].map(isSafeInt)).toEqual([false, false, false, false, false]);
  });

  it('reads decimals from text or numbers, and empty text as NaN rather than 0', () => {
    expect([toDecimal('35729.77'), toDecimal(0.5), toDecimal('0')]).toEqual([35729.77, 0.5, 0]);
    expect([toDecimal(''), toDecimal('abc'), toDecimal(null), toDecimal(undefined), toDecimal([1])]).toEqual([
      Number.NaN,
      Number.NaN,
      Number.NaN,
      Number.NaN,
      Number.NaN,
    ]);
  });
});

describe('parseJsonFrame / parseJsonObjectFrame', () => {
  it('parses any JSON, or only objects', () => {
    expect(parseJsonFrame('kucoin', '[1,2]')).toEqual([1, 2]);
    expect(parseJsonObjectFrame('kucoin', '{"type":"welcome"}')).toEqual({ type: 'welcome' });
  });

  it('names the venue and keeps the frame as the sample', () => {
    const malformed = parseErrorOf(() => parseJsonFrame('paradex', '{"method":'));
    expect(malformed.message).toBe('paradex: malformed JSON frame');
    expect(malformed.sample).toBe('{"method":');
    expect(parseErrorOf(() => parseJsonObjectFrame('coinex', '{"method":')).message).toBe(
      'coinex: malformed JSON frame',
    );
    for (const frame of ['[1,2]', 'null', '42', '"text"']) {
      const err = parseErrorOf(() => parseJsonObjectFrame('hyperliquid', frame));
      expect(err.message).toBe('hyperliquid: frame is not a JSON object');
      expect(err.sample).toBe(frame);
    }
  });
});

describe('parseDecimalLevels', () => {
  const depth = { container: 'depth' };

  it('reads text or numbers, ignoring entries after price and size', () => {
    expect(
      parseDecimalLevels(
        'binance',
        [
          ['35729.77', '1.600'],
          [35730, 0],
          ['35731.5', '0.002', 'x'],
        ],
        'b',
        's',
        depth,
      ),
    ).toEqual([
      [35729.77, 1.6],
      [35730, 0],
      [35731.5, 0.002],
    ]);
    expect(parseDecimalLevels('binance', [], 'b', 's', depth)).toEqual([]);
  });

  it('names the venue, the container and the field of what it refuses', () => {
    expect(parseErrorOf(() => parseDecimalLevels('binance', null, 'b', 's', depth)).message).toBe(
      'binance: depth field `b` is not an array',
    );
    expect(parseErrorOf(() => parseDecimalLevels('bybit', {}, 'a', 's', { container: 'book' })).message).toBe(
      'bybit: book field `a` is not an array',
    );
    expect(parseErrorOf(() => parseDecimalLevels('binance', [['1']], 'bids', 's', depth)).message).toBe(
      'binance: bad level in `bids`',
    );
    expect(parseErrorOf(() => parseDecimalLevels('binance', ['1,2'], 'bids', 's', depth)).message).toBe(
      'binance: bad level in `bids`',
    );
    expect(parseErrorOf(() => parseDecimalLevels('binance', [['0', '1']], 'asks', 's', depth)).message).toBe(
      'binance: bad level in `asks`: ["0","1"]',
    );
  });

  it('refuses non-positive prices, negative sizes and empty or junk text', () => {
    for (const level of [
      ['0', '1'],
      ['-1', '1'],
      ['1', '-1'],
      ['', '1'],
      ['1', ''],
      ['abc', '1'],
      [null, '1'],
    ]) {
      expect(() => parseDecimalLevels('binance', [level], 'b', 's', depth)).toThrow(ParseError);
    }
  });

  it('refuses a zero size where levels must be resting ones', () => {
    const resting = { container: 'book', positiveSize: true };
    expect(parseDecimalLevels('paradex', [['66810', '0.078']], 'bids', 's', resting)).toEqual([[66810, 0.078]]);
    expect(parseErrorOf(() => parseDecimalLevels('paradex', [['66810', '0']], 'bids', 's', resting)).message).toBe(
      'paradex: bad level in `bids`: ["66810","0"]',
    );
  });
});

describe('toInstrument', () => {
  it('puts the normalised names first, then the venue figures, in one field order', () => {
    const names = { baseAsset: 'PEPE', quoteAsset: 'USDT', multiplier: 1000, hip3Dex: undefined };
    const figures = { contractSize: 1, tickSize: 1e-7, lotSize: 1, fundingIntervalHours: 4, active: true };
    const inst = toInstrument('binance', '1000PEPEUSDT', names, figures);
    expect(inst).toEqual({
      venue: 'binance',
      symbol: '1000PEPEUSDT',
      baseAsset: 'PEPE',
      quoteAsset: 'USDT',
      multiplier: 1000,
      ...figures,
    });
    expect(Object.keys(inst)).toEqual([
      'venue',
      'symbol',
      'baseAsset',
      'quoteAsset',
      'multiplier',
      'contractSize',
      'tickSize',
      'lotSize',
      'fundingIntervalHours',
      'active',
    ]);
  });
});
