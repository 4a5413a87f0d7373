import { describe, expect, it } from 'vitest';
import { ParseError, VenueError } from '~/.server/market/types';
import rest from './fixtures/rest-market.json';
import ws from './fixtures/ws-frames.json';
import {
  kucoinContractSpecs,
  kucoinFundingSnapshots,
  kucoinInstruments,
  parseKucoinBullet,
  parseKucoinContracts,
  parseKucoinControl,
  parseKucoinDepthSnapshot,
  parseKucoinFrame,
  parseKucoinFundingHistory,
  parseKucoinKlines,
  unwrapKucoinEnvelope,
} from './parse';

const frame = (message: unknown) => JSON.stringify(message);
// XBTUSDTM is 0.001 BTC per contract (contracts/active); MYRO's multiplier is not in the samples, 10 stands in.
const multipliers: Record<string, number> = { XBTUSDTM: 0.001, MYROUSDTM: 10 };
const lookup = (symbol: string) => multipliers[symbol];

describe('parseKucoinFrame', () => {
  it('reads one level2 change as a delta in base units, seq = data.sequence', () => {
    expect(parseKucoinFrame(frame(ws.bookDelta.message), lookup)).toEqual([
      {
        kind: 'delta',
        symbol: 'XBTUSDTM',
        bids: [],
        asks: [[90631.2, 0.002]],
        seq: 1709400450243,
        ts: 1731897467182,
      },
    ]);
  });

  it('reads the recorded 2022 XBTUSDTM change: 4374 contracts are 4.374 BTC on the bid', () => {
    const [ev] = parseKucoinFrame(frame(ws.bookDeltaReal2022.message), lookup) ?? [];
    expect(ev).toEqual({
      kind: 'delta',
      symbol: 'XBTUSDTM',
      bids: [[38962, 4.374]],
      asks: [],
      seq: 1618232029293,
      ts: 1622719195286,
    });
  });

  it('reads recorded consecutive changes, a zero size (removal) included', () => {
    const events = ws.bookDeltaReal.map((s) => parseKucoinFrame(frame(s.message), lookup)?.[0]);
    expect(events.map((e) => e?.seq)).toEqual([1705411242392, 1705411242393, 1705411242394]);
    expect(events[0]).toMatchObject({ symbol: 'MYROUSDTM', asks: [[0.2166, 0]], bids: [] });
    expect(events[1]).toMatchObject({ bids: [[0.20645, 10]], asks: [] });
    expect(events[2]).toMatchObject({ bids: [[0.3, 30]] });
  });

  it('turns a price-0 change into an event without levels that still advances the sequence', () => {
    const msg = { ...ws.bookDelta.message, data: { ...ws.bookDelta.message.data, change: '0,buy,0' } };
    expect(parseKucoinFrame(frame(msg), lookup)).toEqual([
      { kind: 'delta', symbol: 'XBTUSDTM', bids: [], asks: [], seq: 1709400450243, ts: 1731897467182 },
    ]);
  });

  it('returns null for frames that are not level2 increments', () => {
    expect(parseKucoinFrame(frame(ws.control.welcome), lookup)).toBeNull();
    expect(parseKucoinFrame(frame(ws.control.ack), lookup)).toBeNull();
    expect(parseKucoinFrame(frame(ws.control.pong), lookup)).toBeNull();
    expect(parseKucoinFrame(frame(ws.errorCcxtComment.message), lookup)).toBeNull();
    // Depth50 pushes share the subject `level2` but are top-N books on another topic.
    expect(parseKucoinFrame(frame(ws.bookDepth50.message), lookup)).toBeNull();
    expect(parseKucoinFrame(frame(ws.bookDepth5Real.message), lookup)).toBeNull();
    expect(parseKucoinFrame(frame(ws.fundingWsReal[0]!.message), lookup)).toBeNull();
    expect(parseKucoinFrame(frame(ws.markIndexWsReal.message), lookup)).toBeNull();
  });

  it('throws ParseError for a level2 frame it cannot convert or read', () => {
    const base = ws.bookDelta.message;
    const bad = (data: object, extra: object = {}) => frame({ ...base, ...extra, data: { ...base.data, ...data } });
    expect(() => parseKucoinFrame(frame(base), () => undefined)).toThrow(/no contract multiplier known for XBTUSDTM/);
    expect(() => parseKucoinFrame(bad({ sequence: '1' }), lookup)).toThrow(ParseError);
    expect(() => parseKucoinFrame(bad({ change: '90631.2,sell' }), lookup)).toThrow(/price,side,size/);
    expect(() => parseKucoinFrame(bad({ change: '90631.2,ask,2' }), lookup)).toThrow(/side/);
    expect(() => parseKucoinFrame(bad({ change: '90631.2,sell,' }), lookup)).toThrow(/bad level2 change/);
    expect(() => parseKucoinFrame(bad({ change: '-1,sell,2' }), lookup)).toThrow(/bad level2 change/);
    expect(() => parseKucoinFrame(bad({}, { topic: '/contractMarket/level2:' }), lookup)).toThrow(/topic/);
    expect(() => parseKucoinFrame(frame({ ...base, data: null }), lookup)).toThrow(/without data/);
    expect(() => parseKucoinFrame('{"type":"message","topic":"/contractMarket/lev', lookup)).toThrow(/malformed JSON/);
    expect(() => parseKucoinFrame('[1,2]', lookup)).toThrow(/not a JSON object/);
  });
});

describe('parseKucoinControl', () => {
  it('reads welcome, ack, pong and error frames by id', () => {
    expect(parseKucoinControl(frame(ws.control.welcome))).toEqual({ type: 'welcome', id: 'c5a4a0b0e0f24a7c' });
    expect(parseKucoinControl(frame(ws.control.ack))).toEqual({ type: 'ack', id: '1545910660739' });
    expect(parseKucoinControl(frame(ws.control.pong))).toEqual({ type: 'pong', id: '1545910590801' });
    expect(parseKucoinControl(frame(ws.errorCcxtComment.message))).toEqual({
      type: 'error',
      id: '1',
      code: 415,
      message: 'type is not supported',
    });
  });

  it('returns null for data frames', () => {
    expect(parseKucoinControl(frame(ws.bookDelta.message))).toBeNull();
    expect(parseKucoinControl(frame(ws.control.subscribe))).toBeNull();
  });
});

describe('KuCoin REST bodies', () => {
  it('unwraps {code: "200000", data} and turns other codes into VenueError', () => {
    expect(unwrapKucoinEnvelope({ code: '200000', data: [1] }, 'x')).toEqual([1]);
    expect(() => unwrapKucoinEnvelope({ code: '400100', msg: 'Parameter Error' }, 'x')).toThrow(VenueError);
    expect(() => unwrapKucoinEnvelope({ code: '400100', msg: 'Parameter Error' }, 'x')).toThrow(/code 400100/);
    expect(() => unwrapKucoinEnvelope({ data: [] }, 'x')).toThrow(ParseError);
  });

  it('reads the bullet: token, endpoint, ping interval and timeout', () => {
    expect(parseKucoinBullet(rest.bulletPublic.response)).toEqual({
      token: rest.bulletPublic.response.data.token,
      servers: [{ endpoint: 'wss://ws-api-futures.kucoin.com/', pingIntervalMs: 18000, pingTimeoutMs: 10000 }],
    });
    const noServers = { code: '200000', data: { token: 't', instanceServers: [] } };
    expect(() => parseKucoinBullet(noServers)).toThrow(ParseError);
  });

  it('reads a recorded level2 snapshot: seq = sequence, contracts → base units, ns time → ms', () => {
    const ev = parseKucoinDepthSnapshot('XBTUSDTM', rest.bookSnapshotReal.response, 0.001);
    expect(ev).toEqual({
      kind: 'snapshot',
      symbol: 'XBTUSDTM',
      bids: [
        [29640, 13.007],
        [29639, 1.072],
        [29638, 0.169],
      ],
      asks: [
        [29641, 30.109],
        [29642, 7.922],
        [29643, 5.82],
      ],
      seq: 1645045405918,
      ts: 1654326922830,
    });
  });

  it('reads the snapshot recorded just before the MYRO deltas', () => {
    const { code, data } = rest.bookSnapshotMatchingDeltas.message;
    const ev = parseKucoinDepthSnapshot('MYROUSDTM', { code, data }, 10);
    expect(ev).toMatchObject({ seq: 1705411242391, bids: [[0.21557, 300]], asks: [[0.2166, 620]] });
  });

  it('refuses a snapshot of another symbol than asked for', () => {
    // The documented example is for the inverse XBTUSDM.
    expect(() => parseKucoinDepthSnapshot('XBTUSDTM', rest.bookSnapshot.response, 0.001)).toThrow(/XBTUSDM/);
    expect(parseKucoinDepthSnapshot('XBTUSDM', rest.bookSnapshot.response, 1).seq).toBe(1697895963339);
  });

  it('lists linear perpetuals as instruments: XBT → BTC, contract size = multiplier, interval from granularity', () => {
    expect(kucoinInstruments(parseKucoinContracts(rest.fundingRest.response))).toEqual([
      {
        venue: 'kucoin',
        symbol: 'XBTUSDTM',
        baseAsset: 'BTC',
        quoteAsset: 'USDT',
        multiplier: 1,
        contractSize: 0.001,
        tickSize: 0.1,
        lotSize: 1,
        fundingIntervalHours: 8,
        takerFeeRate: 0.0006,
        makerFeeRate: 0.0002,
        active: true,
      },
    ]);
    // The 2022 capture predates fundingRateGranularity.
    const [old] = kucoinInstruments(parseKucoinContracts(rest.fundingRestReal.response));
    expect(old).toMatchObject({ symbol: 'XBTUSDTM', fundingIntervalHours: null, tickSize: 1 });
  });

  it('leaves inverse and dated contracts out of instruments and funding, and paused ones inactive', () => {
    const btc = rest.fundingRest.response.data[0]!;
    const body = {
      code: '200000',
      data: [
        { ...btc, symbol: 'ETHUSDTM', baseCurrency: 'ETH', multiplier: 0.01, fundingRateGranularity: 14400000 },
        { ...btc, symbol: 'XBTUSDM', quoteCurrency: 'USD', multiplier: -1, isInverse: true },
        { ...btc, symbol: 'XBTMH25', type: 'FFICSX', fundingFeeRate: null, nextFundingRateTime: null },
        { ...btc, symbol: 'SOLUSDCM', baseCurrency: 'SOL', quoteCurrency: 'USDC', multiplier: 0.1, status: 'Paused' },
      ],
    };
    const contracts = parseKucoinContracts(body);
    expect(kucoinInstruments(contracts).map((i) => [i.symbol, i.baseAsset, i.quoteAsset, i.active])).toEqual([
      ['ETHUSDTM', 'ETH', 'USDT', true],
      ['SOLUSDCM', 'SOL', 'USDC', false],
    ]);
    expect(kucoinFundingSnapshots(contracts, 0).map((f) => [f.symbol, f.intervalHours])).toEqual([
      ['ETHUSDTM', 4],
      ['SOLUSDCM', 8],
    ]);
    // The contract table keeps every linear contract, dated ones too (their books convert alike).
    expect([...kucoinContractSpecs(contracts)]).toEqual([
      ['ETHUSDTM', { multiplier: 0.01, fundingIntervalMs: 14400000 }],
      ['XBTMH25', { multiplier: 0.001, fundingIntervalMs: 28800000 }],
      ['SOLUSDCM', { multiplier: 0.1, fundingIntervalMs: 28800000 }],
    ]);
  });

  it('reads funding: current rate, prediction, and the countdown turned into a settlement time', () => {
    // The documented countdown of 17,752,926 ms, received at 11:00:00.5 UTC, lands on 15:55:53 → 15:56.
    const receivedAtMs = Date.UTC(2025, 2, 1, 11, 0, 0, 500);
    const [f] = kucoinFundingSnapshots(parseKucoinContracts(rest.fundingRest.response), receivedAtMs);
    expect(f).toEqual({
      venue: 'kucoin',
      symbol: 'XBTUSDTM',
      rate: 5.2e-5,
      predictedRate: 8.3e-5,
      intervalHours: 8,
      nextFundingTime: Date.UTC(2025, 2, 1, 15, 56),
      markPrice: 86378.69,
      indexPrice: 86382.64,
      volume24hQuote: 1034643198.3265533,
      // 6,748,176 contracts × 0.001 BTC × mark.
      openInterestQuote: 6748.176 * 86378.69,
    });
  });

  it('lands an exact countdown on the settlement hour despite request latency', () => {
    const settlement = Date.UTC(2025, 2, 1, 16);
    const contracts = parseKucoinContracts(rest.fundingRest.response).map((c) => ({
      ...c,
      nextFundingRateTime: settlement - Date.UTC(2025, 2, 1, 12),
    }));
    // Received 800 ms after KuCoin measured the countdown.
    const [f] = kucoinFundingSnapshots(contracts, Date.UTC(2025, 2, 1, 12) + 800);
    expect(f?.nextFundingTime).toBe(settlement);
  });

  it('defaults the interval to 8 h for captures without fundingRateGranularity', () => {
    const [f] = kucoinFundingSnapshots(parseKucoinContracts(rest.fundingRestReal.response), 0);
    expect(f).toMatchObject({ rate: -1.3e-5, predictedRate: 4.8e-5, intervalHours: 8 });
  });

  it('reads funding history oldest first', () => {
    expect(parseKucoinFundingHistory(rest.fundingHistoryRest.response)).toEqual([
      { venue: 'kucoin', symbol: 'XBTUSDTM', fundingTime: 1702238400000, rate: 0.000452 },
      { venue: 'kucoin', symbol: 'XBTUSDTM', fundingTime: 1702267200000, rate: 0.000347 },
      { venue: 'kucoin', symbol: 'XBTUSDTM', fundingTime: 1702296000000, rate: 0.00021 },
    ]);
  });

  it('reads klines oldest first with volume converted from contracts to base units', () => {
    const candles = parseKucoinKlines(rest.klineRestReal.response, 0.001);
    expect(candles[0]).toEqual({ t: 1706630400000, o: 43375.2, h: 43514.2, l: 43219, c: 43492, v: 354.348 });
    expect(candles.map((c) => c.t)).toEqual([1706630400000, 1706634000000, 1706637600000]);
    const reversed = { ...rest.klineRest.response, data: [...rest.klineRest.response.data].reverse() };
    expect(parseKucoinKlines(reversed, 0.001).map((c) => c.v)).toEqual([5501.167, 1220.98, 3386.359]);
    expect(() => parseKucoinKlines({ code: '200000', data: [[1, 2, 3]] }, 1)).toThrow(ParseError);
  });
});
