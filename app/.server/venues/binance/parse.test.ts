import { describe, expect, it } from 'vitest';
import { ParseError } from '~/.server/market/types';
import depth from './fixtures/rest-depth.json';
import exchangeInfo from './fixtures/rest-exchange-info.json';
import funding from './fixtures/rest-funding.json';
import klines from './fixtures/rest-klines.json';
import ticker from './fixtures/rest-ticker-24hr.json';
import ws from './fixtures/ws-frames.json';
import {
  parseBinanceDepthSnapshot,
  parseBinanceExchangeInfo,
  parseBinanceFrame,
  parseBinanceFundingHistory,
  parseBinanceFundingInfo,
  parseBinanceKlines,
  parseBinancePremiumIndex,
  parseBinanceTicker24h,
} from './parse';

const frame = (message: unknown) => JSON.stringify(message);

describe('parseBinanceFrame', () => {
  it('reads a combined-stream depthUpdate (real BTCUSDT capture) into one delta with numbers', () => {
    const events = parseBinanceFrame(frame(ws.bookDelta.message));
    expect(events).toEqual([
      {
        kind: 'delta',
        symbol: 'BTCUSDT',
        bids: [
          [35729.77, 1.6],
          [35750, 5.106],
        ],
        asks: [
          [35819.2, 0.211],
          [35820.31, 0.001],
        ],
        seq: 475776380184,
        firstSeq: 475776377463,
        prevSeq: 475776377452,
        ts: 1622371244687,
      },
    ]);
  });

  it('reads the same event from a raw /ws frame', () => {
    const raw = parseBinanceFrame(frame(ws.bookDelta.message.data));
    expect(raw).toEqual(parseBinanceFrame(frame(ws.bookDelta.message)));
  });

  it('reads the documented raw example with its U/u/pu', () => {
    const [ev] = parseBinanceFrame(frame(ws.bookDeltaDoc.message)) ?? [];
    expect(ev).toMatchObject({ symbol: 'BTCUSDT', firstSeq: 157, seq: 160, prevSeq: 149, ts: 123456788 });
    expect(ev?.bids).toEqual([[0.0024, 10]]);
    expect(ev?.asks).toEqual([[0.0026, 100]]);
  });

  it('marks a partial-depth stream (full top-N book) as a snapshot', () => {
    const [ev] = parseBinanceFrame(frame(ws.bookPartialDepth20.message)) ?? [];
    expect(ev?.kind).toBe('snapshot');
    expect(ev?.symbol).toBe('ETHUSDT');
    expect(ev?.bids).toHaveLength(3);
    expect(ev?.seq).toBe(1437010882721);
  });

  it('returns null for acks, errors and frames that are not depth', () => {
    expect(parseBinanceFrame(frame(ws.subscribeAck.message))).toBeNull();
    expect(parseBinanceFrame('{"error":{"code":2,"msg":"Invalid request"},"id":3}')).toBeNull();
    expect(parseBinanceFrame(frame(ws.markPriceWs.message))).toBeNull();
    expect(parseBinanceFrame(frame(ws.markPriceAllWs.message))).toBeNull();
    expect(parseBinanceFrame(frame(ws.markPriceAllWs.message.data))).toBeNull();
    expect(parseBinanceFrame(frame(ws.bookTickerWs.message))).toBeNull();
  });

  it('throws ParseError on malformed JSON and non-objects', () => {
    expect(() => parseBinanceFrame('{"stream":"btcusdt@depth@100ms","data":{')).toThrow(ParseError);
    expect(() => parseBinanceFrame('42')).toThrow(ParseError);
  });

  it('throws ParseError for a depthUpdate missing a field or with a bad level', () => {
    const { pu: _pu, ...noPu } = ws.bookDelta.message.data;
    expect(() => parseBinanceFrame(frame(noPu))).toThrow(/U\/u\/pu/);
    const { s: _s, ...noSymbol } = ws.bookDelta.message.data;
    expect(() => parseBinanceFrame(frame(noSymbol))).toThrow(ParseError);
    const { b: _b, ...noBids } = ws.bookDelta.message.data;
    expect(() => parseBinanceFrame(frame(noBids))).toThrow(ParseError);
    const badPrice = { ...ws.bookDelta.message.data, a: [['', '1.0']] };
    expect(() => parseBinanceFrame(frame(badPrice))).toThrow(ParseError);
    const badSize = { ...ws.bookDelta.message.data, b: [['35729.77', 'x']] };
    expect(() => parseBinanceFrame(frame(badSize))).toThrow(ParseError);
  });

  it('keeps a sample of the offending frame on the ParseError', () => {
    try {
      parseBinanceFrame('not json');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ParseError);
      expect((err as ParseError).venue).toBe('binance');
      expect((err as ParseError).sample).toBe('not json');
    }
  });
});

describe('parseBinanceDepthSnapshot', () => {
  it('turns a real /fapi/v1/depth body into a snapshot keyed on lastUpdateId', () => {
    const ev = parseBinanceDepthSnapshot('BTCUSDT', depth.bookSnapshot.message);
    expect(ev).toEqual({
      kind: 'snapshot',
      symbol: 'BTCUSDT',
      bids: [
        [30430.8, 0.482],
        [30430, 0.012],
        [30429.9, 0.001],
      ],
      asks: [
        [30430.9, 1.685],
        [30431, 0.001],
        [30431.3, 0.361],
      ],
      seq: 1570255790655,
      ts: 1654232606695,
    });
    expect(parseBinanceDepthSnapshot('ETHUSDT', depth.bookSnapshotCcxtComment.message).seq).toBe(333598053905);
  });

  it('throws ParseError when lastUpdateId or a level is wrong', () => {
    const { lastUpdateId: _id, ...noId } = depth.bookSnapshot.message;
    expect(() => parseBinanceDepthSnapshot('BTCUSDT', noId)).toThrow(ParseError);
    const badLevel = { ...depth.bookSnapshot.message, bids: [['abc', '1']] };
    expect(() => parseBinanceDepthSnapshot('BTCUSDT', badLevel)).toThrow(ParseError);
    expect(() => parseBinanceDepthSnapshot('BTCUSDT', { code: -1121, msg: 'Invalid symbol.' })).toThrow(ParseError);
  });
});

describe('REST body parsers', () => {
  const symbols = exchangeInfo.exchangeInfo.response.symbols;
  const btc = symbols[0]!;

  it('keeps PERPETUAL contracts only, with tick/lot from the filters and the default 8 h', () => {
    const instruments = parseBinanceExchangeInfo(exchangeInfo.exchangeInfo.response, new Map());
    expect(instruments).toEqual([
      {
        venue: 'binance',
        symbol: 'BTCUSDT',
        baseAsset: 'BTC',
        quoteAsset: 'USDT',
        multiplier: 1,
        contractSize: 1,
        tickSize: 0.1,
        lotSize: 0.001,
        fundingIntervalHours: 8,
        active: true,
      },
    ]);
  });

  it('takes the interval from fundingInfo and the multiplier from a prefixed baseAsset', () => {
    // Derived from the BTCUSDT entry: Binance reports baseAsset "1000PEPE" for 1000PEPEUSDT.
    const pepe = { ...btc, symbol: '1000PEPEUSDT', pair: '1000PEPEUSDT', baseAsset: '1000PEPE', status: 'SETTLING' };
    const [btcOut, pepeOut] = parseBinanceExchangeInfo({ symbols: [btc, pepe] }, new Map([['1000PEPEUSDT', 4]]));
    expect(btcOut?.fundingIntervalHours).toBe(8);
    expect(pepeOut).toMatchObject({ baseAsset: 'PEPE', multiplier: 1000, fundingIntervalHours: 4, active: false });
  });

  it('throws ParseError when a perpetual lacks its PRICE_FILTER', () => {
    const noFilters = { ...btc, filters: btc.filters.filter((f) => f.filterType !== 'PRICE_FILTER') };
    expect(() => parseBinanceExchangeInfo({ symbols: [noFilters] }, new Map())).toThrow(/PRICE_FILTER/);
    expect(() => parseBinanceExchangeInfo({ rateLimits: [] }, new Map())).toThrow(ParseError);
  });

  it('reads fundingInfo intervals (real capture)', () => {
    const intervals = parseBinanceFundingInfo(funding.fundingInfoRest.response);
    expect([...intervals]).toEqual([
      ['BLZUSDT', 4],
      ['GTCUSDT', 8],
      ['LPTUSDT', 4],
      ['UNFIUSDT', 4],
    ]);
  });

  it('reads premiumIndex with numbers or strings as times, joining intervals and volume', () => {
    const body = [funding.fundingRest.response[0], { ...funding.fundingRestCcxtComment.response, symbol: 'LPTUSDT' }];
    const intervals = parseBinanceFundingInfo(funding.fundingInfoRest.response);
    const volumes = parseBinanceTicker24h(ticker.ticker24hAll.response);
    expect(parseBinancePremiumIndex(body, intervals, volumes)).toEqual([
      {
        venue: 'binance',
        symbol: 'BTCUSDT',
        rate: 0.00038246,
        intervalHours: 8,
        nextFundingTime: 1597392000000,
        markPrice: 11793.63104562,
        indexPrice: 11781.8049597,
        volume24hQuote: 15.3,
      },
      {
        venue: 'binance',
        symbol: 'LPTUSDT',
        rate: 0.00063521,
        intervalHours: 4,
        nextFundingTime: 1621267200000,
        markPrice: 45802.81129892,
        indexPrice: 45745.47701915,
        volume24hQuote: null,
      },
    ]);
  });

  it('leaves dated contracts (no funding rate) out and rejects a garbled rate', () => {
    const dated = {
      ...funding.fundingRest.response[0],
      symbol: 'BTCUSDT_250926',
      lastFundingRate: '',
      nextFundingTime: 0,
    };
    const out = parseBinancePremiumIndex([dated, funding.fundingRest.response[0]], new Map());
    expect(out.map((s) => s.symbol)).toEqual(['BTCUSDT']);
    expect(out[0]).not.toHaveProperty('volume24hQuote');
    const garbled = { ...funding.fundingRest.response[0], lastFundingRate: 'abc' };
    expect(() => parseBinancePremiumIndex([garbled], new Map())).toThrow(/lastFundingRate/);
  });

  it('reads funding history (string fundingTime) oldest first', () => {
    const row = funding.fundingHistoryRest.response[0]!;
    const earlier = { ...row, fundingRate: '-0.0001', fundingTime: 1621238400000 };
    expect(parseBinanceFundingHistory([row, earlier])).toEqual([
      { venue: 'binance', symbol: 'BTCUSDT', fundingTime: 1621238400000, rate: -0.0001 },
      { venue: 'binance', symbol: 'BTCUSDT', fundingTime: 1621267200000, rate: 0.00063521 },
    ]);
  });

  it('reads kline rows into candles and rejects short rows', () => {
    expect(parseBinanceKlines(klines.klineRest.response)).toEqual([
      { t: 1591478520000, o: 0.025013, h: 0.025018, l: 0.025, c: 0.025, v: 22.19 },
    ]);
    expect(() => parseBinanceKlines([[1591478520000, '1', '2']])).toThrow(ParseError);
  });
});
