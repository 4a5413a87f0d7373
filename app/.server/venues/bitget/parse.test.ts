import { describe, expect, it } from 'vitest';
import { ParseError, VenueError } from '~/.server/market/types';
import rest from './fixtures/rest-market.json';
import ws from './fixtures/ws-frames.json';
import {
  mergeBitgetFunding,
  parseBitgetCandles,
  parseBitgetContracts,
  parseBitgetControl,
  parseBitgetCurrentFundRates,
  parseBitgetFrame,
  parseBitgetFundingHistory,
  parseBitgetTickers,
  unwrapBitgetEnvelope,
} from './parse';

const frame = (message: unknown) => JSON.stringify(message);
/** The recorded `books` snapshot relabelled, to exercise fields the recordings lack. */
const snapshotWith = (data: Record<string, unknown>) => ({
  ...ws.bookSnapshot.message,
  data: [{ ...ws.bookSnapshot.message.data[0], ...data }],
});
const updateWith = (data: Record<string, unknown>) => ({
  ...ws.bookDelta.message,
  data: [{ ...ws.bookDelta.message.data[0], ...data }],
});

describe('parseBitgetFrame', () => {
  it('reads the recorded books snapshot, keeping the level text and leaving the 0 checksum out', () => {
    expect(parseBitgetFrame(frame(ws.bookSnapshot.message))).toEqual([
      {
        kind: 'snapshot',
        symbol: 'BELUSDT',
        bids: [
          [0.542, 468],
          [0.5419, 1576],
        ],
        asks: [[0.5426, 51]],
        seq: 0,
        ts: 1730332800303,
        text: {
          bids: [
            ['0.5420', '468'],
            ['0.5419', '1576'],
          ],
          asks: [['0.5426', '51']],
        },
      },
    ]);
  });

  it('reads the recorded update with its signed checksum as unsigned 32-bit', () => {
    const [ev] = parseBitgetFrame(frame(ws.bookDelta.message)) ?? [];
    expect(ev).toMatchObject({
      kind: 'delta',
      symbol: 'AXSUSDT',
      bids: [[5.081, 536.2]],
      asks: [[5.085, 144.6]],
      seq: 0,
      ts: 1730332859988,
      checksum: 3036348268,
      text: { bids: [['5.081', '536.2']], asks: [['5.085', '144.6']] },
    });
    expect(ev?.checksum).toBe(-1258619028 >>> 0);
  });

  it('takes seq (number or digit string) and pseq where present', () => {
    const [docSnap] =
      parseBitgetFrame(frame({ ...ws.bookSnapshotDoc.message, arg: ws.bookSnapshot.message.arg })) ?? [];
    expect(docSnap?.seq).toBe(123);
    const [ev] = parseBitgetFrame(frame(updateWith({ seq: '1730332860001', pseq: 1730332859990 }))) ?? [];
    expect(ev).toMatchObject({ seq: 1730332860001, prevSeq: 1730332859990 });
    // A seq that does not fit a double exactly is no ordering information at all.
    const [big] = parseBitgetFrame(frame(updateWith({ seq: '1343064377779269632' }))) ?? [];
    expect(big?.seq).toBe(0);
  });

  it('falls back to the frame ts when data[0].ts is missing', () => {
    const { ts: _ts, ...rest_ } = ws.bookDelta.message.data[0]!;
    const [ev] = parseBitgetFrame(frame({ ...ws.bookDelta.message, data: [rest_] })) ?? [];
    expect(ev?.ts).toBe(1730332859991);
  });

  it('accepts an empty side and a zero size (a deletion)', () => {
    const [ev] = parseBitgetFrame(frame(updateWith({ asks: [], bids: [['5.081', '0']] }))) ?? [];
    expect(ev?.asks).toEqual([]);
    expect(ev?.bids).toEqual([[5.081, 0]]);
  });

  it('returns null for pong, acks, errors, tickers and the snapshot-only book channels', () => {
    expect(parseBitgetFrame('pong')).toBeNull();
    expect(parseBitgetFrame(frame(ws.subscribeAckReal.message))).toBeNull();
    expect(parseBitgetFrame(frame(ws.subscribeAckDoc.message))).toBeNull();
    expect(parseBitgetFrame(frame(ws.errorCcxtComment.message))).toBeNull();
    expect(parseBitgetFrame(frame(ws.tickerWs.message))).toBeNull();
    expect(parseBitgetFrame(frame(ws.books1Snapshot.message))).toBeNull();
    expect(parseBitgetFrame(frame(ws.books15Snapshot.message))).toBeNull();
    expect(parseBitgetFrame(frame(ws.bookSnapshotDoc.message))).toBeNull(); // books5
  });

  it('throws ParseError on malformed frames', () => {
    expect(() => parseBitgetFrame('{"action":"update",')).toThrow(ParseError);
    expect(() => parseBitgetFrame('ping?')).toThrow(ParseError);
    expect(() => parseBitgetFrame('[1,2]')).toThrow(ParseError);
    expect(() => parseBitgetFrame(frame({ ...ws.bookDelta.message, action: 'delta' }))).toThrow(/action/);
    expect(() => parseBitgetFrame(frame({ ...ws.bookDelta.message, data: [] }))).toThrow(/data\[0\]/);
    expect(() => parseBitgetFrame(frame(updateWith({ checksum: '-1258619028' })))).toThrow(/checksum/);
    expect(() => parseBitgetFrame(frame(updateWith({ asks: [['5.085']] })))).toThrow(ParseError);
    expect(() => parseBitgetFrame(frame(updateWith({ bids: [['', '1']] })))).toThrow(ParseError);
    expect(() => parseBitgetFrame(frame(updateWith({ bids: [['5.081', '-1']] })))).toThrow(ParseError);
    expect(() => parseBitgetFrame(frame(updateWith({ bids: null })))).toThrow(/bids/);
    const noInst = { ...ws.bookDelta.message, arg: { instType: 'USDT-FUTURES', channel: 'books' } };
    expect(() => parseBitgetFrame(frame(noInst))).toThrow(/instId/);
  });

  it('parses a snapshot whose checksum is not 0 without asking for verification', () => {
    const [ev] = parseBitgetFrame(frame(snapshotWith({ checksum: -1367582038 }))) ?? [];
    expect(ev?.kind).toBe('snapshot');
    expect(ev?.checksum).toBeUndefined();
  });
});

describe('parseBitgetControl', () => {
  it('recognises the plain-text pong', () => {
    expect(parseBitgetControl(ws.pong.text)).toEqual({ type: 'pong' });
  });

  it('reports subscribe acks with the channel and instrument they name', () => {
    expect(parseBitgetControl(frame(ws.subscribeAckReal.message))).toEqual({
      type: 'ack',
      op: 'subscribe',
      success: true,
      message: '',
      channel: 'trade',
      args: ['LTCUSDT'],
    });
    expect(parseBitgetControl(frame({ event: 'unsubscribe', arg: ws.subscribeAckDoc.message.arg }))).toMatchObject({
      op: 'unsubscribe',
      success: true,
      args: ['BTCUSDT'],
    });
  });

  it('reports an error with its code and the instrument quoted in the message', () => {
    expect(parseBitgetControl(frame(ws.errorCcxtComment.message))).toEqual({
      type: 'ack',
      op: 'error',
      success: false,
      message: "instType:sp,channel:candleundefined,instId:BTCUSDT doesn't exist",
      code: '30001',
      args: ['BTCUSDT'],
    });
  });

  it('returns null for data frames and throws on other plain text', () => {
    expect(parseBitgetControl(frame(ws.bookDelta.message))).toBeNull();
    expect(() => parseBitgetControl('hello')).toThrow(ParseError);
  });
});

describe('REST body parsers', () => {
  it('rejects a code other than "00000" as a VenueError with msg and code', () => {
    const refuse = () =>
      unwrapBitgetEnvelope({ code: '40034', msg: 'Parameter NOPEUSDT does not exist', data: null }, 'candles');
    expect(refuse).toThrow(VenueError);
    expect(refuse).toThrow('Parameter NOPEUSDT does not exist (code 40034)');
    expect(() => unwrapBitgetEnvelope({ data: [] }, 'candles')).toThrow(ParseError);
    expect(unwrapBitgetEnvelope(rest.klineRest.response, 'candles')).toBe(rest.klineRest.response.data);
  });

  it('reads the documented contract with tick from pricePlace/priceEndStep and lot from sizeMultiplier', () => {
    expect(parseBitgetContracts(rest.contractsRest.response)).toEqual([
      {
        venue: 'bitget',
        symbol: 'BTCUSDT',
        baseAsset: 'BTC',
        quoteAsset: 'USDT',
        multiplier: 1,
        contractSize: 1,
        tickSize: 0.1,
        lotSize: 0.01,
        fundingIntervalHours: 8,
        takerFeeRate: 0.0006,
        makerFeeRate: 0.0004,
        active: true,
      },
    ]);
    expect(parseBitgetContracts(rest.contractsRestCcxtComment.response)[0]).toMatchObject({
      lotSize: 0.001,
      makerFeeRate: 0.0002,
    });
  });

  it('keeps perpetuals only, strips numeric prefixes, reads 1/2/4 h intervals and non-normal status', () => {
    // Derived from the documented BTCUSDT item.
    const btc = rest.contractsRest.response.data[0]!;
    const body = {
      ...rest.contractsRest.response,
      data: [
        { ...btc, symbol: 'ETHUSDT', baseCoin: 'ETH', pricePlace: '2', priceEndStep: '5', fundInterval: '4' },
        { ...btc, symbol: '1000SATSUSDT', baseCoin: '1000SATS', pricePlace: '7', fundInterval: '1' },
        { ...btc, symbol: 'PEPEUSDT', baseCoin: 'PEPE', pricePlace: '10', sizeMultiplier: '1', fundInterval: '2' },
        { ...btc, symbol: 'BTCUSDT_250328', symbolType: 'delivery', deliveryTime: '1743148800000' },
        { ...btc, symbol: 'NEWUSDT', baseCoin: 'NEW', symbolStatus: 'listed', fundInterval: '' },
        { ...btc, symbol: 'OLDUSDT', baseCoin: 'OLD', symbolStatus: 'maintain' },
      ],
    };
    expect(
      parseBitgetContracts(body).map((i) => [
        i.symbol,
        i.baseAsset,
        i.multiplier,
        i.tickSize,
        i.lotSize,
        i.fundingIntervalHours,
        i.active,
      ]),
    ).toEqual([
      ['ETHUSDT', 'ETH', 1, 0.05, 0.01, 4, true],
      ['1000SATSUSDT', 'SATS', 1000, 0.0000001, 0.01, 1, true],
      ['PEPEUSDT', 'PEPE', 1, 1e-10, 1, 2, true],
      ['NEWUSDT', 'NEW', 1, 0.1, 0.01, null, false],
      ['OLDUSDT', 'OLD', 1, 0.1, 0.01, 8, false],
    ]);
  });

  it('rejects a garbled price step', () => {
    const btc = rest.contractsRest.response.data[0]!;
    expect(() => parseBitgetContracts({ code: '00000', data: [{ ...btc, pricePlace: '1.5' }] })).toThrow(/pricePlace/);
  });

  it('reads every perpetual of current-fund-rate with interval and next settlement', () => {
    expect(parseBitgetCurrentFundRates(rest.fundingRest.response)).toEqual([
      { symbol: 'BTCUSDT', rate: 0.000068, intervalHours: 8, nextFundingTime: 1743062400000 },
    ]);
    expect(parseBitgetCurrentFundRates(rest.fundingRestCcxtComment.response)[0]?.rate).toBe(-0.000024);
    expect(() => parseBitgetCurrentFundRates({ code: '00000', data: [{ symbol: 'X', fundingRate: 'n/a' }] })).toThrow(
      /fundingRate/,
    );
  });

  it('reads tickers and leaves dated contracts out (documented COIN-FUTURES example)', () => {
    expect(parseBitgetTickers(rest.tickersRest.response)).toEqual([
      {
        symbol: 'BTCUSD',
        fundingRate: -0.0007,
        markPrice: 12345,
        indexPrice: 29132.353333,
        volume24hQuote: 0,
        openInterestBase: 125.6844,
      },
    ]);
    // An older capture without funding fields still parses, with nulls.
    expect(parseBitgetTickers(rest.tickersRestUsdtCcxtComment.response)).toEqual([
      {
        symbol: 'LINKUSDT',
        fundingRate: null,
        markPrice: null,
        indexPrice: null,
        volume24hQuote: 7008612.42986561,
        openInterestBase: null,
      },
    ]);
  });

  it('merges current-fund-rate (rate, interval, next time) with tickers (prices, volume, open interest)', () => {
    const rates = parseBitgetCurrentFundRates({
      code: '00000',
      data: [
        { ...rest.fundingRest.response.data[0], symbol: 'BTCUSDT' },
        { ...rest.fundingRest.response.data[0], symbol: 'WIFUSDT', fundingRate: '-0.0001', fundingRateInterval: '1' },
      ],
    });
    const tickers = parseBitgetTickers({
      code: '00000',
      data: [
        { ...rest.tickersRest.response.data[0], symbol: 'BTCUSDT', usdtVolume: '1000000', markPrice: '100' },
        { ...rest.tickersRest.response.data[0], symbol: 'ORPHANUSDT', fundingRate: '0.0002' },
      ],
    });
    expect(mergeBitgetFunding(rates, tickers)).toEqual([
      {
        venue: 'bitget',
        symbol: 'BTCUSDT',
        rate: 0.000068,
        intervalHours: 8,
        nextFundingTime: 1743062400000,
        markPrice: 100,
        indexPrice: 29132.353333,
        volume24hQuote: 1000000,
        openInterestQuote: 12568.44,
      },
      {
        venue: 'bitget',
        symbol: 'WIFUSDT',
        rate: -0.0001,
        intervalHours: 1,
        nextFundingTime: 1743062400000,
        markPrice: null,
        indexPrice: null,
        volume24hQuote: null,
        openInterestQuote: null,
      },
      {
        venue: 'bitget',
        symbol: 'ORPHANUSDT',
        rate: 0.0002,
        intervalHours: 8,
        nextFundingTime: null,
        markPrice: 12345,
        indexPrice: 29132.353333,
        volume24hQuote: 0,
        openInterestQuote: 125.6844 * 12345,
      },
    ]);
  });

  it('reads funding history oldest first (newest first on the wire)', () => {
    expect(parseBitgetFundingHistory(rest.fundingHistoryRest.response)).toEqual([
      { venue: 'bitget', symbol: 'BTCUSDT', fundingTime: 1695715200000, rate: 0.000013 },
      { venue: 'bitget', symbol: 'BTCUSDT', fundingTime: 1695776400000, rate: 0.0005 },
    ]);
    expect(parseBitgetFundingHistory(rest.fundingHistoryCcxtComment.response)).toEqual([
      { venue: 'bitget', symbol: 'BTCUSDT', fundingTime: 1652396400000, rate: -0.0003 },
    ]);
  });

  it('reads candles oldest first with the base volume', () => {
    const candles = parseBitgetCandles(rest.klineRest.response);
    expect(candles).toEqual([
      { t: 1695835800000, o: 26210.5, h: 26210.5, l: 26194.5, c: 26194.5, v: 26.26 },
      { t: 1695836100000, o: 26194.5, h: 26194.5, l: 26171, c: 26171, v: 17.98 },
    ]);
    const reversed = { ...rest.klineRest.response, data: [...rest.klineRest.response.data].reverse() };
    expect(parseBitgetCandles(reversed).map((c) => c.t)).toEqual([1695835800000, 1695836100000]);
    expect(parseBitgetCandles({ code: '00000', data: [rest.candleRowCcxtComment.row] })[0]?.v).toBe(35.526);
    expect(() => parseBitgetCandles({ code: '00000', data: [['1695835800000', '1']] })).toThrow(ParseError);
  });
});
