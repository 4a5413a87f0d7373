import { describe, expect, it } from 'vitest';
import { ParseError, VenueError } from '~/.server/market/types';
import rest from './fixtures/rest-market.json';
import ws from './fixtures/ws-frames.json';
import {
  parseParadexBinaryFrame,
  parseParadexControl,
  parseParadexFrame,
  parseParadexFundingDataPage,
  parseParadexKlines,
  parseParadexMarkets,
  parseParadexOrderbook,
  parseParadexSummaries,
  usdVolumeToBase,
} from './parse';
import { encodeSbeBook, encodeSbeFundingData, encodeSbeHeartbeat } from './sbe-encode';

const frame = (message: unknown) => JSON.stringify(message);
const snapshotMessage = ws.bookSnapshot.message;
const snapshotData = snapshotMessage.params.data;

/**
 * No real JSON delta exists in the notes (`bookDelta: null`). This one is assembled by the project
 * from the documented schema (asyncapi ResponsesPriceBookUpdate: inserts/updates/deletes of
 * {side, price, size}) on top of the recorded snapshot's envelope.
 */
const deltaMessage = {
  ...snapshotMessage,
  params: {
    channel: 'order_book.BTC-USD-PERP.deltas@15@50ms',
    data: {
      ...snapshotData,
      seq_no: snapshotData.seq_no + 1,
      last_updated_at: snapshotData.last_updated_at + 50,
      update_type: 'd',
      inserts: [{ side: 'BUY', price: '67629.8', size: '0.5' }],
      updates: [{ side: 'SELL', price: '69378.6', size: '1.25' }],
      deletes: [{ side: 'BUY', price: '67629.7', size: '0' }],
    },
  },
};

describe('parseParadexFrame (JSON encoding)', () => {
  it('reads the recorded order_book snapshot: inserts split by side, seq_no, last_updated_at', () => {
    expect(parseParadexFrame(frame(snapshotMessage))).toEqual([
      {
        kind: 'snapshot',
        symbol: 'BTC-USD-PERP',
        bids: [[67629.7, 0.992]],
        asks: [[69378.6, 3.137]],
        seq: 14127815,
        ts: 1718267837265,
      },
    ]);
  });

  it('reads a delta: inserts and updates with their size, deletes as size 0, deletes first', () => {
    expect(parseParadexFrame(frame(deltaMessage))).toEqual([
      {
        kind: 'delta',
        symbol: 'BTC-USD-PERP',
        bids: [
          [67629.7, 0],
          [67629.8, 0.5],
        ],
        asks: [[69378.6, 1.25]],
        seq: 14127816,
        ts: 1718267837315,
      },
    ]);
  });

  it('removes a deleted level whatever size the delete carries', () => {
    const withSize = {
      ...deltaMessage,
      params: {
        ...deltaMessage.params,
        data: { ...deltaMessage.params.data, deletes: [{ side: 'SELL', price: '1', size: '7' }] },
      },
    };
    expect(parseParadexFrame(frame(withSize))?.[0]?.asks).toContainEqual([1, 0]);
  });

  it('returns null for acks, requests, other channels and errors', () => {
    expect(parseParadexFrame(frame(ws.subscribeAck.message))).toBeNull();
    expect(parseParadexFrame(frame(ws.subscribeRequest.message))).toBeNull();
    expect(parseParadexFrame(frame(ws.fundingWs.message))).toBeNull();
    expect(parseParadexFrame(frame(ws.marketsSummaryWs.message))).toBeNull();
    expect(parseParadexFrame('{"jsonrpc":"2.0","error":{"code":-32600,"message":"bad"},"id":1}')).toBeNull();
  });

  it('throws ParseError on malformed or incomplete book frames', () => {
    const withData = (data: Record<string, unknown>) =>
      frame({ ...snapshotMessage, params: { ...snapshotMessage.params, data: { ...snapshotData, ...data } } });
    expect(() => parseParadexFrame('{"jsonrpc":"2.0","method":"subscription",')).toThrow(ParseError);
    expect(() => parseParadexFrame('[1]')).toThrow(ParseError);
    expect(() => parseParadexFrame(withData({ seq_no: '14127815' }))).toThrow(/seq_no/);
    expect(() => parseParadexFrame(withData({ market: '' }))).toThrow(/market/);
    expect(() => parseParadexFrame(withData({ update_type: 'x' }))).toThrow(/update_type/);
    expect(() => parseParadexFrame(withData({ inserts: null }))).toThrow(/inserts/);
    expect(() => parseParadexFrame(withData({ inserts: [{ side: 'BID', price: '1', size: '1' }] }))).toThrow(/side/);
    expect(() => parseParadexFrame(withData({ updates: [{ side: 'BUY', price: '', size: '1' }] }))).toThrow(ParseError);
    expect(() => parseParadexFrame(withData({ inserts: [{ side: 'SELL', price: '1', size: '-2' }] }))).toThrow(
      ParseError,
    );
    expect(() => parseParadexFrame(frame({ ...snapshotMessage, params: { channel: 'order_book.X' } }))).toThrow(
      /without data/,
    );
  });
});

describe('parseParadexBinaryFrame (SBE encoding)', () => {
  it('maps a BookEvent to a book event, microseconds to milliseconds', () => {
    const bytes = encodeSbeBook({
      tsUs: 1718267837265_123,
      seq: 14127816,
      pkgType: 'delta',
      bids: [
        ['67629.8', '0.5'],
        ['67629.7', '0'],
      ],
      asks: [['69378.6', '1.25']],
      market: 'BTC-USD-PERP',
    });
    expect(parseParadexBinaryFrame(bytes)).toEqual([
      {
        kind: 'delta',
        symbol: 'BTC-USD-PERP',
        bids: [
          [67629.8, 0.5],
          [67629.7, 0],
        ],
        asks: [[69378.6, 1.25]],
        seq: 14127816,
        ts: 1718267837265,
      },
    ]);
  });

  it('returns null for heartbeats and funding data, throws ParseError on a cut frame', () => {
    expect(parseParadexBinaryFrame(encodeSbeHeartbeat({ tsUs: 1, seq: 1 }))).toBeNull();
    const funding = encodeSbeFundingData({
      tsUs: 1,
      seq: 1,
      fundingRate: '0.0001',
      fundingIndex: '1',
      createdAtUs: 1,
      fundingPremium: '0',
      fundingRate8h: '0.0001',
      fundingPeriodHours: 8,
      market: 'BTC-USD-PERP',
    });
    expect(parseParadexBinaryFrame(funding)).toBeNull();
    const book = encodeSbeBook({ tsUs: 1, seq: 1, pkgType: 'snapshot', bids: [], asks: [], market: 'BTC-USD-PERP' });
    expect(() => parseParadexBinaryFrame(book.subarray(0, book.length - 3))).toThrow(ParseError);
  });
});

describe('parseParadexControl', () => {
  it('recognises the documented subscribe ack and JSON-RPC errors', () => {
    expect(parseParadexControl(frame(ws.subscribeAck.message))).toEqual({
      type: 'ack',
      id: 1,
      channel: 'CHANNEL_NAME',
    });
    expect(parseParadexControl('{"jsonrpc":"2.0","error":{"code":-32602,"message":"invalid channel"},"id":7}')).toEqual(
      { type: 'error', id: 7, code: -32602, message: 'invalid channel' },
    );
    expect(parseParadexControl(frame(snapshotMessage))).toBeNull();
    expect(parseParadexControl(frame(ws.subscribeRequest.message))).toBeNull();
  });
});

describe('REST parsers on recorded bodies', () => {
  it('reads /v1/markets: PERP only, USD quote, 8 h when funding_period_hours is absent (pre-2025 capture)', () => {
    expect(parseParadexMarkets(rest.marketsRest.response, 1_720_000_000_000)).toEqual([
      {
        venue: 'paradex',
        symbol: 'BTC-USD-PERP',
        baseAsset: 'BTC',
        quoteAsset: 'USD',
        multiplier: 1,
        contractSize: 1,
        tickSize: 0.1,
        lotSize: 0.001,
        fundingIntervalHours: 8,
        active: true,
      },
    ]);
  });

  it('takes funding_period_hours when given, skips options, and marks unopened markets inactive', () => {
    const btc = rest.marketsRest.response.results[0]!;
    const body = {
      results: [
        { ...btc, symbol: 'WIF-USD-PERP', base_currency: 'WIF', funding_period_hours: 24 },
        { ...btc, symbol: 'BTC-USD-100000-C', asset_kind: 'PERP_OPTION' },
        { ...btc, symbol: 'NEW-USD-PERP', base_currency: 'NEW', open_at: 1_800_000_000_000 },
      ],
    };
    expect(
      parseParadexMarkets(body, 1_720_000_000_000).map((i) => [i.symbol, i.fundingIntervalHours, i.active]),
    ).toEqual([
      ['WIF-USD-PERP', 24, true],
      ['NEW-USD-PERP', 8, false],
    ]);
  });

  it('reads /v1/markets/summary: rate per period, no next funding time, OI valued at mark', () => {
    const [snap] = parseParadexSummaries(rest.fundingRest.response, new Map([['BTC-USD-PERP', 8]]));
    expect(snap).toEqual({
      venue: 'paradex',
      symbol: 'BTC-USD-PERP',
      rate: 0.00749938923192,
      intervalHours: 8,
      nextFundingTime: null,
      markPrice: 67307.7225876,
      indexPrice: 66806.71304318,
      volume24hQuote: 2611476.262600002,
      openInterestQuote: 152.777 * 67307.7225876,
    });
  });

  it('leaves out markets that are not perps and rows without a funding rate', () => {
    const row = rest.fundingRest.response.results[0]!;
    const body = {
      results: [
        row,
        { ...row, symbol: 'BTC-USD-100000-C', funding_rate: '' },
        { ...row, symbol: 'ETH-USD-PERP', funding_rate: '' },
      ],
    };
    const periods = new Map([
      ['BTC-USD-PERP', 8],
      ['ETH-USD-PERP', 8],
    ]);
    expect(parseParadexSummaries(body, periods).map((s) => s.symbol)).toEqual(['BTC-USD-PERP']);
  });

  it('reads a /v1/funding/data page (project-assembled body around the recorded funding_data object)', () => {
    expect(parseParadexFundingDataPage(rest.fundingDataRest.response)).toEqual({
      rows: [{ venue: 'paradex', symbol: 'TRUMP-USD-PERP', fundingTime: 1771506636154, rate: -0.00014969570582 }],
      next: null,
    });
    expect(parseParadexFundingDataPage({ ...rest.fundingDataRest.response, next: 'abc' }).next).toBe('abc');
  });

  it('reads klines oldest first and turns USD volume into base units at the typical price', () => {
    expect(parseParadexKlines(rest.klineRest.response)).toEqual([
      { t: 1719993660000, o: 60823.3, h: 60823.3, l: 60823.3, c: 60823.3, v: 4561 / 60823.3 },
    ]);
    const two = {
      results: [
        [2000, 2, 4, 1, 3, 25],
        [1000, 1, 1, 1, 1, 0],
      ],
    };
    expect(parseParadexKlines(two)).toEqual([
      { t: 1000, o: 1, h: 1, l: 1, c: 1, v: 0 },
      { t: 2000, o: 2, h: 4, l: 1, c: 3, v: 10 },
    ]);
    expect(usdVolumeToBase(100, 0)).toBe(0);
  });

  it('reads the REST order book as a snapshot with its seq_no', () => {
    const ev = parseParadexOrderbook(rest.bookRest.response);
    expect(ev).toMatchObject({ kind: 'snapshot', symbol: 'BTC-USD-PERP', seq: 14139427, ts: 1718377985388 });
    expect(ev.bids[0]).toEqual([66810, 0.078]);
    expect(ev.asks).toEqual([
      [67643.2, 3.734],
      [79981, 0.5],
      [83681, 0.5],
    ]);
  });

  it('throws ParseError when a body changes shape, VenueError for an {error, message} body', () => {
    expect(() => parseParadexMarkets({ results: [{ symbol: 'X' }] })).toThrow(ParseError);
    expect(() => parseParadexKlines({ results: [[1, 'a', 1, 1, 1, 1]] })).toThrow(ParseError);
    expect(() => parseParadexOrderbook({ ...rest.bookRest.response, bids: [['1']] })).toThrow(ParseError);
    const refused = () => parseParadexSummaries({ error: 'INVALID_SYMBOL', message: 'market not found' }, new Map());
    expect(refused).toThrow(VenueError);
    expect(refused).toThrow(/market not found \(INVALID_SYMBOL\)/);
  });
});
