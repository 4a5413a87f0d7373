import { describe, expect, it } from 'vitest';
import { ParseError, VenueError } from '~/.server/market/types';
import rest from './fixtures/rest-market.json';
import ws from './fixtures/ws-frames.json';
import {
  coinexFollowingRate,
  coinexUpcomingFunding,
  parseCoinexControl,
  parseCoinexDepthSnapshot,
  parseCoinexFrame,
  parseCoinexFundingHistory,
  parseCoinexFundingRates,
  parseCoinexInstruments,
  parseCoinexKlines,
  parseCoinexTickers,
  toCoinexFundingSnapshots,
  unwrapCoinexEnvelope,
} from './parse';

const frame = (message: unknown) => JSON.stringify(message);
const snapshotMsg = ws.bookSnapshot.message;
// Derived from the captured snapshot: an increment as CoinEx documents it (absolute sizes,
// "0" deletes), with one side left out because it did not change.
const deltaMsg = {
  method: 'depth.update',
  data: {
    market: 'BTCUSDT',
    is_full: false,
    depth: {
      bids: [
        ['30736.00', '0'],
        ['30735.50', '1.2'],
      ],
      last: '30746.28',
      updated_at: 1689152421892,
      checksum: 123,
    },
  },
  id: null,
};
const withDepth = (depth: Record<string, unknown>) => ({
  ...snapshotMsg,
  data: { ...snapshotMsg.data, depth: { ...snapshotMsg.data.depth, ...depth } },
});

describe('parseCoinexFrame', () => {
  it('reads the captured full push as a snapshot with its text, time and unsigned checksum', () => {
    expect(parseCoinexFrame(frame(snapshotMsg))).toEqual([
      {
        kind: 'snapshot',
        symbol: 'BTCUSDT',
        bids: [[30736, 0.04857373]],
        asks: [[30740, 0.31763545]],
        seq: 1689152421692,
        ts: 1689152421692,
        checksum: 2578768879,
        text: { bids: [['30736.00', '0.04857373']], asks: [['30740.00', '0.31763545']] },
      },
    ]);
  });

  it('reads an increment with deletions and a missing side', () => {
    const [ev] = parseCoinexFrame(frame(deltaMsg)) ?? [];
    expect(ev).toMatchObject({ kind: 'delta', symbol: 'BTCUSDT', seq: 1689152421892, checksum: 123 });
    expect(ev?.bids).toEqual([
      [30736, 0],
      [30735.5, 1.2],
    ]);
    expect(ev?.asks).toEqual([]);
    expect(ev?.text?.bids[0]).toEqual(['30736.00', '0']);
  });

  it('reduces a checksum sent signed or as text to unsigned 32 bits', () => {
    expect(parseCoinexFrame(frame(withDepth({ checksum: 2578768879 - 2 ** 32 })))?.[0]?.checksum).toBe(2578768879);
    expect(parseCoinexFrame(frame(withDepth({ checksum: '2578768879' })))?.[0]?.checksum).toBe(2578768879);
  });

  it('returns null for responses, pongs and other pushes', () => {
    expect(parseCoinexFrame(frame(ws.stateWs.message))).toBeNull();
    expect(parseCoinexFrame(frame(ws.bboWs.message))).toBeNull();
    expect(parseCoinexFrame('{"id":1,"code":0,"message":"OK"}')).toBeNull();
    expect(parseCoinexFrame('{"id":1,"code":0,"data":{"result":"pong"},"message":"OK"}')).toBeNull();
  });

  it('throws ParseError when a depth push does not have the documented shape', () => {
    expect(() => parseCoinexFrame('{"method":"depth.update",')).toThrow(ParseError);
    expect(() => parseCoinexFrame('[1,2]')).toThrow(ParseError);
    expect(() => parseCoinexFrame(frame({ ...snapshotMsg, data: null }))).toThrow(/without data/);
    expect(() => parseCoinexFrame(frame({ ...snapshotMsg, data: { ...snapshotMsg.data, is_full: 'yes' } }))).toThrow(
      /is_full/,
    );
    expect(() => parseCoinexFrame(frame(withDepth({ checksum: undefined })))).toThrow(/checksum/);
    expect(() => parseCoinexFrame(frame(withDepth({ updated_at: '1689152421692' })))).toThrow(/updated_at/);
    // Numbers instead of text would make the checksum text unknowable.
    expect(() => parseCoinexFrame(frame(withDepth({ bids: [[30736, 0.1]] })))).toThrow(/non-text level/);
    expect(() => parseCoinexFrame(frame(withDepth({ asks: [['30740.00', 'abc']] })))).toThrow(/bad level/);
    // A full push must carry both sides.
    expect(() => parseCoinexFrame(frame(withDepth({ asks: undefined })))).toThrow(/asks/);
  });
});

describe('parseCoinexControl', () => {
  it('recognises the pong result, in the v2 and the v1 shape', () => {
    expect(parseCoinexControl('{"id":1,"code":0,"data":{"result":"pong"},"message":"OK"}')).toEqual({
      type: 'pong',
      id: 1,
    });
    expect(parseCoinexControl('{"id":7,"code":0,"result":"pong","message":"OK"}')).toEqual({ type: 'pong', id: 7 });
  });

  it('reports acks and refusals with CoinEx code and message', () => {
    expect(parseCoinexControl('{"id":3,"code":0,"message":"OK"}')).toEqual({
      type: 'ack',
      id: 3,
      success: true,
      code: 0,
      message: 'OK',
    });
    expect(parseCoinexControl('{"id":4,"code":20001,"message":"invalid argument"}')).toEqual({
      type: 'ack',
      id: 4,
      success: false,
      code: 20001,
      message: 'invalid argument',
    });
  });

  it('returns null for pushes and throws on malformed JSON', () => {
    expect(parseCoinexControl(frame(snapshotMsg))).toBeNull();
    expect(parseCoinexControl(frame(ws.stateWs.message))).toBeNull();
    expect(() => parseCoinexControl('pong')).toThrow(ParseError);
  });
});

describe('REST envelope', () => {
  it('turns a non-zero code into a VenueError with the message', () => {
    const refuse = () => unwrapCoinexEnvelope({ code: 4004, data: {}, message: 'Parameter error' }, 'kline');
    expect(refuse).toThrow(VenueError);
    expect(refuse).toThrow('Parameter error (code 4004)');
    expect(() => unwrapCoinexEnvelope({ data: [] }, 'kline')).toThrow(ParseError);
  });

  it('reads the captured REST depth as a snapshot with its checksum', () => {
    const ev = parseCoinexDepthSnapshot(rest.bookRest.response);
    expect(ev).toMatchObject({ kind: 'snapshot', symbol: 'BTCUSDT', checksum: 2956436260, seq: 1712824003252 });
    expect(ev.bids[0]).toEqual([70851.93, 1.0314]);
    expect(ev.asks).toHaveLength(3);
  });
});

describe('parseCoinexInstruments', () => {
  const inverse = rest.marketsRest.response.data[0]!;
  // Derived from the captured (inverse) item: linear markets as the docs list them.
  const btc = {
    ...inverse,
    market: 'BTCUSDT',
    contract_type: 'linear',
    quote_ccy: 'USDT',
    base_ccy_precision: 4,
    taker_fee_rate: '0.0005',
    maker_fee_rate: '0.0003',
  };
  const sats = {
    ...btc,
    market: '1000SATSUSDT',
    base_ccy: '1000SATS',
    base_ccy_precision: 0,
    quote_ccy_precision: 7,
    tick_size: '0.0000005',
    status: 'online',
    is_market_available: true,
  };
  const paused = { ...btc, market: 'ETHUSDT', base_ccy: 'ETH', is_market_available: false };

  it('keeps linear perpetuals only, with tick and lot from the precisions', () => {
    const body = { ...rest.marketsRest.response, data: [inverse, btc] };
    expect(parseCoinexInstruments(body)).toEqual([
      {
        venue: 'coinex',
        symbol: 'BTCUSDT',
        baseAsset: 'BTC',
        quoteAsset: 'USDT',
        multiplier: 1,
        contractSize: 1,
        tickSize: 0.01,
        lotSize: 0.0001,
        fundingIntervalHours: null,
        takerFeeRate: 0.0005,
        makerFeeRate: 0.0003,
        active: true,
      },
    ]);
    expect(parseCoinexInstruments(rest.marketsRest.response)).toEqual([]);
  });

  it('prefers tick_size, maps multiplied bases, reads availability and takes intervals from funding', () => {
    const funding = parseCoinexFundingRates({
      code: 0,
      data: [
        {
          market: '1000SATSUSDT',
          latest_funding_rate: '0',
          next_funding_rate: '0',
          latest_funding_time: 1715731200000,
          next_funding_time: 1715745600000,
        },
      ],
      message: 'OK',
    });
    const body = { code: 0, data: [sats, paused], message: 'OK' };
    expect(
      parseCoinexInstruments(body, funding).map((i) => [
        i.symbol,
        i.baseAsset,
        i.multiplier,
        i.tickSize,
        i.lotSize,
        i.fundingIntervalHours,
        i.active,
      ]),
    ).toEqual([
      ['1000SATSUSDT', 'SATS', 1000, 0.0000005, 1, 4, true],
      ['ETHUSDT', 'ETH', 1, 0.01, 0.0001, null, false],
    ]);
  });

  it('rejects a body whose items lost a documented field', () => {
    const { base_ccy: _b, ...broken } = btc;
    expect(() => parseCoinexInstruments({ code: 0, data: [broken], message: 'OK' })).toThrow(/base_ccy/);
  });
});

describe('funding', () => {
  const captured = parseCoinexFundingRates(rest.fundingRest.response);
  const tickers = parseCoinexTickers(rest.tickerRest.response);

  it('derives the interval from the two settlement times', () => {
    expect(captured).toEqual([
      {
        symbol: 'BTCUSDT',
        latestRate: 0,
        latestTime: 1715731200000,
        nextRate: 0.00021074,
        nextTime: 1715760000000,
        markPrice: 61602.22,
        intervalHours: 8,
      },
    ]);
  });

  it('takes the earliest settlement still ahead and the rate beside it', () => {
    const r = captured[0]!;
    // As the capture reads (latest already past): the next one applies.
    expect(coinexUpcomingFunding(r, 1715740000000)).toEqual({ rate: 0.00021074, time: 1715760000000 });
    // As the docs read (latest = the current period's settlement, still ahead).
    expect(coinexUpcomingFunding(r, 1715720000000)).toEqual({ rate: 0, time: 1715731200000 });
    // A stale body: both past, the later statement wins.
    expect(coinexUpcomingFunding(r, 1715800000000)).toEqual({ rate: 0.00021074, time: 1715760000000 });
  });

  it('has a prediction for the following settlement only while the coming one is latest_*', () => {
    const r = captured[0]!;
    // As the docs read: latest (0) is charged next, next_funding_rate is the prediction after it.
    expect(coinexFollowingRate(r, 1715720000000)).toBe(0.00021074);
    // As the capture reads: next_funding_rate is the coming settlement's own rate; nothing beyond it.
    expect(coinexFollowingRate(r, 1715740000000)).toBeNull();
    expect(coinexFollowingRate(r, 1715800000000)).toBeNull();
    const [docsReading] = toCoinexFundingSnapshots([r], tickers, 1715720000000);
    expect(docsReading).toMatchObject({ rate: 0, predictedRate: 0.00021074, nextFundingTime: 1715731200000 });
  });

  it('builds snapshots from one funding and one ticker body, leaving inverse and index markets out', () => {
    const body = {
      ...rest.fundingRest.response,
      data: [
        ...rest.fundingRest.response.data,
        { ...rest.fundingRest.response.data[0]!, market: 'BTCUSD' },
        {
          ...rest.fundingRest.response.data[0]!,
          market: 'ETHUSD_SIGNPRICE',
          latest_funding_time: 0,
          next_funding_time: 0,
        },
      ],
    };
    expect(toCoinexFundingSnapshots(parseCoinexFundingRates(body), tickers, 1715740000000)).toEqual([
      {
        venue: 'coinex',
        symbol: 'BTCUSDT',
        rate: 0.00021074,
        predictedRate: null,
        intervalHours: 8,
        nextFundingTime: 1715760000000,
        markPrice: 61602.22,
        indexPrice: 62443.05,
        volume24hQuote: 180226025.69791713,
        // The captured ticker has no open_interest_volume.
        openInterestQuote: null,
      },
    ]);
  });

  it('values open interest at the mark price and falls back to 8 h without usable times', () => {
    const t = { ...rest.tickerRest.response.data[0]!, open_interest_volume: '10' };
    const row = { ...rest.fundingRest.response.data[0]!, latest_funding_time: 0 };
    const [snap] = toCoinexFundingSnapshots(
      parseCoinexFundingRates({ code: 0, data: [row], message: 'OK' }),
      parseCoinexTickers({ code: 0, data: [t], message: 'OK' }),
      1715740000000,
    );
    expect(snap).toMatchObject({ intervalHours: 8, openInterestQuote: 616022.2, nextFundingTime: 1715760000000 });
  });

  it('rejects a garbled rate', () => {
    const row = { ...rest.fundingRest.response.data[0]!, next_funding_rate: 'n/a' };
    expect(() => parseCoinexFundingRates({ code: 0, data: [row], message: 'OK' })).toThrow(/next_funding_rate/);
  });

  it('reads history oldest first with the actually charged rate', () => {
    const row = rest.fundingHistoryRest.response.data[0]!;
    // Derived: the settlement before it, newest first as listed.
    const earlier = {
      ...row,
      funding_time: 1715702421000,
      actual_funding_rate: '-0.0001',
      theoretical_funding_rate: '-0.00012',
    };
    expect(parseCoinexFundingHistory({ ...rest.fundingHistoryRest.response, data: [row, earlier] })).toEqual([
      { venue: 'coinex', symbol: 'BTCUSDT', fundingTime: 1715702421000, rate: -0.0001 },
      { venue: 'coinex', symbol: 'BTCUSDT', fundingTime: 1715731221761, rate: 0 },
    ]);
  });
});

describe('parseCoinexKlines', () => {
  const row = rest.klineRest.response.data[0]!;

  it('reads the captured candle, where `value` is the base amount', () => {
    expect(parseCoinexKlines({ code: 0, data: [row], message: 'OK' })).toEqual([
      { t: 1713934620000, o: 66988.53, h: 66999.95, l: 66988.53, c: 66999.95, v: 0.1572393 },
    ]);
  });

  it('reads a documented candle, where `volume` is the base amount, and sorts oldest first', () => {
    // The docs' example (LATUSDT): volume 807714 LAT worth 6689 USDT at ~0.0083.
    const doc = {
      market: 'LATUSDT',
      created_at: 1701761760000,
      open: '0.008286',
      close: '0.008157',
      high: '0.008390',
      low: '0.008106',
      volume: '807714.49139758',
      value: '6689.21644207',
    };
    const earlier = { ...doc, created_at: 1701675360000 };
    const candles = parseCoinexKlines({ code: 0, data: [doc, earlier], message: 'OK' });
    expect(candles.map((c) => c.t)).toEqual([1701675360000, 1701761760000]);
    expect(candles[1]?.v).toBe(807714.49139758);
  });

  it('rejects rows without prices', () => {
    const { close: _c, ...broken } = row;
    expect(() => parseCoinexKlines({ code: 0, data: [broken], message: 'OK' })).toThrow(ParseError);
  });
});
