import { describe, expect, it } from 'vitest';
import { ParseError, VenueError } from '~/.server/market/types';
import rest from './fixtures/rest-market.json';
import ws from './fixtures/ws-frames.json';
import {
  parseBybitControl,
  parseBybitFrame,
  parseBybitFundingHistory,
  parseBybitInstrumentsPage,
  parseBybitKlines,
  parseBybitTickers,
  unwrapBybitEnvelope,
} from './parse';

const frame = (message: unknown) => JSON.stringify(message);

describe('parseBybitFrame', () => {
  it('reads an orderbook.50 snapshot with seq = data.u and ts = ts', () => {
    expect(parseBybitFrame(frame(ws.bookSnapshot.message))).toEqual([
      {
        kind: 'snapshot',
        symbol: 'BTCUSDT',
        bids: [
          [16493.5, 0.006],
          [16493, 0.1],
        ],
        asks: [
          [16611, 0.029],
          [16612, 0.213],
        ],
        seq: 18521288,
        ts: 1672304484978,
      },
    ]);
  });

  it('reads a delta with absolute sizes, zeros included', () => {
    const [ev] = parseBybitFrame(frame(ws.bookDelta.message)) ?? [];
    expect(ev).toMatchObject({ kind: 'delta', symbol: 'BTCUSDT', seq: 177400507, ts: 1687940967466 });
    expect(ev?.bids).toHaveLength(5);
    expect(ev?.bids[4]).toEqual([30240, 0]);
    expect(ev?.asks[0]).toEqual([30248.7, 0]);
  });

  it('reads the recorded USDC-perp (BTCPERP) snapshot and its next delta', () => {
    const [snap] = parseBybitFrame(frame(ws.bookSnapshotReal.message)) ?? [];
    const [delta] = parseBybitFrame(frame(ws.bookDeltaReal.message)) ?? [];
    expect(snap).toEqual({
      kind: 'snapshot',
      symbol: 'BTCPERP',
      bids: [[28555.2, 0.597]],
      asks: [[28555.3, 0.225]],
      seq: 20683568,
      ts: 1680673821591,
    });
    expect(delta).toMatchObject({ kind: 'delta', seq: 20683569, bids: [[28555.2, 0.677]], asks: [[28555.3, 0.029]] });
  });

  it('accepts an empty side (recorded orderbook.1 delta)', () => {
    const [ev] = parseBybitFrame(frame(ws.bookL1DeltaReal.message)) ?? [];
    expect(ev?.asks).toEqual([]);
    expect(ev?.bids).toEqual([[28552, 0.012]]);
  });

  it('treats a delta with u == 1 as a snapshot (Bybit restarted the topic)', () => {
    const restart = { ...ws.bookDelta.message, data: { ...ws.bookDelta.message.data, u: 1 } };
    expect(parseBybitFrame(frame(restart))?.[0]?.kind).toBe('snapshot');
  });

  it('falls back to cts when ts is missing', () => {
    const { ts: _ts, ...noTs } = ws.bookSnapshot.message;
    expect(parseBybitFrame(frame(noTs))?.[0]?.ts).toBe(1672304484976);
  });

  it('returns null for acks, pongs and other topics', () => {
    expect(parseBybitFrame(frame(ws.pongLinear.message))).toBeNull();
    expect(parseBybitFrame(frame(ws.subscribeAckLegacy.message))).toBeNull();
    expect(parseBybitFrame(frame(ws.subscribeRejected.message))).toBeNull();
    expect(parseBybitFrame(frame(ws.tickerWsSnapshotReal.message))).toBeNull();
    expect(parseBybitFrame('{"success":true,"ret_msg":"","conn_id":"c","req_id":"sub-1","op":"subscribe"}')).toBeNull();
  });

  it('throws ParseError on malformed frames', () => {
    expect(() => parseBybitFrame('{"topic":"orderbook.50.BTCUSDT",')).toThrow(ParseError);
    expect(() => parseBybitFrame('[1,2]')).toThrow(ParseError);
    const badType = { ...ws.bookDelta.message, type: 'update' };
    expect(() => parseBybitFrame(frame(badType))).toThrow(/type/);
    const { u: _u, ...noU } = ws.bookDelta.message.data;
    expect(() => parseBybitFrame(frame({ ...ws.bookDelta.message, data: noU }))).toThrow(/data\.u/);
    const badLevel = { ...ws.bookDelta.message, data: { ...ws.bookDelta.message.data, a: [['30248.70']] } };
    expect(() => parseBybitFrame(frame(badLevel))).toThrow(ParseError);
    const noData = { ...ws.bookDelta.message, data: null };
    expect(() => parseBybitFrame(frame(noData))).toThrow(ParseError);
  });
});

describe('parseBybitControl', () => {
  it('recognises pongs', () => {
    expect(parseBybitControl(frame(ws.pongLinear.message))).toEqual({ type: 'pong' });
    expect(parseBybitControl(frame(ws.subscribeRejectedWithReqId.pong))).toEqual({ type: 'pong' });
    expect(parseBybitControl('{"req_id":"1","op":"pong","args":["1675418560633"],"conn_id":"x"}')).toEqual({
      type: 'pong',
    });
  });

  it('reports a refused subscription with the venue message and the topic it names', () => {
    expect(parseBybitControl(frame(ws.subscribeRejected.message))).toEqual({
      type: 'ack',
      op: 'subscribe',
      success: false,
      message: 'error:handler not found,topic:publicTrade.NOTASYMBOL',
      args: ['publicTrade.NOTASYMBOL'],
    });
    expect(parseBybitControl(frame(ws.subscribeRejectedWithReqId.message))).toMatchObject({
      success: false,
      reqId: '2XXN2rHDDOBDbEQH-WsRa',
      args: ['getOrderBook.1.BTCUSDT'],
    });
  });

  it('reports successful acks, including the legacy shape that echoes the request', () => {
    expect(parseBybitControl('{"success":true,"ret_msg":"","conn_id":"c","req_id":"sub-3","op":"subscribe"}')).toEqual({
      type: 'ack',
      op: 'subscribe',
      success: true,
      message: '',
      reqId: 'sub-3',
    });
    expect(parseBybitControl(frame(ws.subscribeAckLegacy.message))).toEqual({
      type: 'ack',
      op: 'subscribe',
      success: true,
      message: '',
      args: ['trade.BTCUSD'],
    });
  });

  it('returns null for data frames and throws on malformed JSON', () => {
    expect(parseBybitControl(frame(ws.bookSnapshot.message))).toBeNull();
    expect(() => parseBybitControl('pong')).toThrow(ParseError);
  });
});

describe('REST body parsers', () => {
  it('rejects a non-zero retCode as a VenueError with retMsg', () => {
    const refuse = () =>
      unwrapBybitEnvelope({ retCode: 10001, retMsg: 'params error: symbol invalid', result: {} }, 'kline');
    expect(refuse).toThrow(VenueError);
    expect(refuse).toThrow('params error: symbol invalid (retCode 10001)');
    expect(() => unwrapBybitEnvelope({ result: {} }, 'kline')).toThrow(ParseError);
  });

  it('reads LinearPerpetual instruments with the interval in hours from minutes', () => {
    const page = parseBybitInstrumentsPage(rest.instrumentsInfoRest.response);
    expect(page).toEqual({
      instruments: [
        {
          venue: 'bybit',
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
      ],
      nextCursor: null,
    });
  });

  it('drops dated futures, maps multiplied symbols and passes the cursor on', () => {
    // Derived from the BTCUSDT item: a dated future, a 1000x memecoin on a 1 h interval.
    const btc = rest.instrumentsInfoRest.response.result.list[0]!;
    const dated = { ...btc, symbol: 'BTC-26DEC25', contractType: 'LinearFutures', fundingInterval: 0 };
    const pepe = { ...btc, symbol: '1000PEPEUSDT', baseCoin: '1000PEPE', fundingInterval: 60, status: 'PreLaunch' };
    const body = {
      ...rest.instrumentsInfoRest.response,
      result: { category: 'linear', list: [btc, dated, pepe], nextPageCursor: 'next%3D2' },
    };
    const page = parseBybitInstrumentsPage(body);
    expect(page.nextCursor).toBe('next%3D2');
    expect(
      page.instruments.map((i) => [i.symbol, i.baseAsset, i.multiplier, i.fundingIntervalHours, i.active]),
    ).toEqual([
      ['BTCUSDT', 'BTC', 1, 8, true],
      ['1000PEPEUSDT', 'PEPE', 1000, 1, false],
    ]);
  });

  it('reads funding snapshots from tickers, with the interval from fundingIntervalHour', () => {
    expect(parseBybitTickers(rest.fundingRest.response)).toEqual([
      {
        venue: 'bybit',
        symbol: 'BTCUSD',
        rate: 0.0001,
        intervalHours: 8,
        nextFundingTime: 1760371200000,
        markPrice: 114898.43,
        indexPrice: 114890.92,
        volume24hQuote: 115.6907,
        openInterestQuote: 2089.79,
      },
    ]);
  });

  it('defaults the interval to 8 h on captures older than the field and leaves dated futures out', () => {
    const perp = rest.fundingRestLinearCcxtComment.response.result.list[0]!;
    // Derived: a dated future as the linear list carries it (delivery time set, empty funding).
    const dated = {
      ...perp,
      symbol: 'BTC-26DEC25',
      fundingRate: '',
      nextFundingTime: '',
      deliveryTime: '1766736000000',
    };
    const hourly = { ...perp, symbol: 'ETHUSDT', fundingIntervalHour: '1' };
    const body = {
      ...rest.fundingRestLinearCcxtComment.response,
      result: { category: 'linear', list: [perp, dated, hourly] },
    };
    expect(
      parseBybitTickers(body).map((s) => [s.symbol, s.rate, s.intervalHours, s.nextFundingTime, s.openInterestQuote]),
    ).toEqual([
      ['BTCUSDT', 0.0001, 8, 1663689600000, null],
      ['ETHUSDT', 0.0001, 1, 1663689600000, null],
    ]);
  });

  it('rejects a garbled rate', () => {
    const perp = rest.fundingRestLinearCcxtComment.response.result.list[0]!;
    const body = { retCode: 0, retMsg: 'OK', result: { list: [{ ...perp, fundingRate: 'n/a' }] } };
    expect(() => parseBybitTickers(body)).toThrow(/fundingRate/);
  });

  it('reads funding history oldest first', () => {
    const row = rest.fundingHistoryRest.response.result.list[0]!;
    const later = { ...row, fundingRate: '-0.00005', fundingRateTimestamp: '1672070400000' };
    const body = { ...rest.fundingHistoryRest.response, result: { category: 'linear', list: [later, row] } };
    expect(parseBybitFundingHistory(body)).toEqual([
      { venue: 'bybit', symbol: 'ETHPERP', fundingTime: 1672041600000, rate: 0.0001 },
      { venue: 'bybit', symbol: 'ETHPERP', fundingTime: 1672070400000, rate: -0.00005 },
    ]);
  });

  it('reverses kline rows (newest first on the wire) into oldest-first candles', () => {
    const candles = parseBybitKlines(rest.klineRest.response);
    expect(candles.map((c) => c.t)).toEqual([1670601600000, 1670605200000, 1670608800000]);
    expect(candles[2]).toEqual({ t: 1670608800000, o: 17071, h: 17073, l: 17027, c: 17055.5, v: 268611 });
    expect(() => parseBybitKlines({ retCode: 0, result: { list: [['1670608800000', '1']] } })).toThrow(ParseError);
  });
});
