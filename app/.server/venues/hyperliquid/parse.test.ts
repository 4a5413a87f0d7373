import { describe, expect, it } from 'vitest';
import { ParseError, VenueError } from '~/.server/market/types';
import rest from './fixtures/rest-info.json';
import ws from './fixtures/ws-frames.json';
import {
  hyperliquidNextFundingTime,
  parseHyperliquidCandles,
  parseHyperliquidFrame,
  parseHyperliquidFundingHistory,
  parseHyperliquidFundingSnapshots,
  parseHyperliquidInstruments,
  parseHyperliquidL2Book,
  parseHyperliquidMessage,
} from './parse';

const frame = (message: unknown) => JSON.stringify(message);
const HOUR_MS = 3_600_000;

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('parseHyperliquidFrame on recorded l2Book pushes', () => {
  it('reads a full snapshot with seq = ts = data.time', () => {
    expect(parseHyperliquidFrame(frame(ws.bookSnapshot.message))).toEqual([
      {
        kind: 'snapshot',
        symbol: 'BANANA',
        bids: [
          [59.8, 3.4],
          [59.778, 1.6],
        ],
        asks: [
          [59.811, 2.9],
          [59.832, 17.6],
        ],
        seq: 1730160007687,
        ts: 1730160007687,
      },
    ]);
  });

  it('reads the empty book of an illiquid coin', () => {
    expect(parseHyperliquidFrame(frame(ws.bookSnapshotEmpty.message))).toEqual([
      { kind: 'snapshot', symbol: 'SHIA', bids: [], asks: [], seq: 1730160007687, ts: 1730160007687 },
    ]);
  });

  it('reads prices written with a trailing .0', () => {
    const [ev] = parseHyperliquidFrame(frame(ws.bookSnapshotCcxtComment.message)) ?? [];
    expect(ev).toMatchObject({ symbol: 'BTC', bids: [[68674, 0.97139]], asks: [[68675, 0.04396]], seq: 1710131872708 });
  });
});

describe('parseHyperliquidMessage', () => {
  it('classifies the greeting, pongs, acks, errors and channels it does not read', () => {
    expect(parseHyperliquidMessage(ws.connectionEstablished.text)).toEqual({ type: 'welcome' });
    expect(parseHyperliquidMessage(frame(ws.pong.message))).toEqual({ type: 'pong' });
    expect(parseHyperliquidMessage(frame(ws.subscriptionAck.message))).toEqual({
      type: 'ack',
      method: 'unsubscribe',
      subscription: { type: 'l2Book', coin: 'BTC' },
    });
    expect(parseHyperliquidMessage(frame(ws.errorShape.message))).toEqual({
      type: 'error',
      message: 'Error parsing JSON into valid websocket request: { "type": "allMids" }',
    });
    expect(parseHyperliquidMessage(frame(ws.fundingWs.message))).toEqual({ type: 'other', channel: 'activeAssetCtx' });
    expect(parseHyperliquidMessage(frame(ws.bboWs.message))).toEqual({ type: 'other', channel: 'bbo' });
  });

  it('gives no book events for anything but l2Book', () => {
    for (const text of [
      ws.connectionEstablished.text,
      frame(ws.pong.message),
      frame(ws.subscriptionAck.message),
      frame(ws.errorShape.message),
      frame(ws.fundingWs.message),
      frame(ws.bboWs.message),
    ]) {
      expect(parseHyperliquidFrame(text)).toBeNull();
    }
  });

  it('throws ParseError on malformed frames', () => {
    const data = ws.bookSnapshot.message.data;
    const book = (d: unknown) => frame({ channel: 'l2Book', data: d });
    const bad = [
      '{"channel":"l2Book","data":{"coin":"BTC",',
      'Websocket connection established', // not the exact greeting
      '[1,2]',
      frame({ data: data }),
      book(null),
      book({ ...data, time: '1730160007687' }),
      book({ ...data, coin: '' }),
      book({ ...data, levels: [data.levels[0]] }),
      book({ ...data, levels: [data.levels[0], { px: '1', sz: '1' }] }),
      // Bybit-style [price, size] arrays are not Hyperliquid levels.
      book({ ...data, levels: [[['59.8', '3.4']], []] }),
      book({ ...data, levels: [[{ px: '', sz: '1', n: 1 }], []] }),
      book({ ...data, levels: [[{ px: '59.8', sz: '-1', n: 1 }], []] }),
      book({ ...data, levels: [[], [{ px: 'abc', sz: '1', n: 1 }]] }),
      frame({ channel: 'subscriptionResponse', data: { method: 'subscribe' } }),
    ];
    for (const text of bad) expect(() => parseHyperliquidMessage(text), text).toThrow(ParseError);
  });
});

describe('parseHyperliquidL2Book (POST /info l2Book)', () => {
  it('reads the recorded 20-level book', () => {
    const ev = parseHyperliquidL2Book(rest.bookRest.response);
    expect(ev).toMatchObject({ kind: 'snapshot', symbol: 'DYDX', seq: 1689630203930, ts: 1689630203930 });
    expect(ev.bids).toHaveLength(20);
    expect(ev.asks).toHaveLength(20);
    expect(ev.bids[0]).toEqual([2.111, 134.4]);
    expect(ev.asks[19]).toEqual([2.1518, 62]);
  });

  it('treats null (an unknown coin) as the venue saying no', () => {
    expect(caught(() => parseHyperliquidL2Book(null))).toBeInstanceOf(VenueError);
  });
});

// A multi-asset answer derived from the recorded ones: the 2026 universe (BTC, ETH, ATOM, delisted
// HPOS) paired with contexts shaped like the recorded BTC one, plus kPEPE, KAITO and a HIP-3 name.
const btcCtx = rest.fundingRestReal2026.response[1][0]!;
const derivedCtx = (over: Record<string, unknown>) => ({ ...btcCtx, ...over });
const multiAsset = [
  {
    ...rest.metaUniverseReal2026.response,
    universe: [
      ...rest.metaUniverseReal2026.response.universe,
      { szDecimals: 0, name: 'kPEPE', maxLeverage: 10, marginTableId: 10 },
      { szDecimals: 0, name: 'KAITO', maxLeverage: 5, marginTableId: 5 },
      { szDecimals: 2, name: 'xyz:XYZ100', maxLeverage: 20, marginTableId: 20 },
    ],
  },
  [
    btcCtx,
    derivedCtx({ funding: '0.00001', markPx: '3301.2', oraclePx: '3300.0', openInterest: '1000.0' }),
    derivedCtx({ funding: '-0.00002', markPx: '4.812', oraclePx: '4.81' }),
    derivedCtx({ funding: '0.0', markPx: '0.0091', premium: null, midPx: null, impactPxs: null }),
    derivedCtx({ funding: '0.00003', markPx: '0.010523', oraclePx: '0.01052' }),
    derivedCtx({ funding: '0.0000125', markPx: '1.2345', oraclePx: '1.234' }),
    derivedCtx({ funding: '0.0001', markPx: '25000.0', oraclePx: '25010.0' }),
  ],
];

describe('metaAndAssetCtxs', () => {
  it('reads the recorded BTC answer as an hourly USDC perp with tick from the mark price and lot 10^-szDecimals', () => {
    expect(parseHyperliquidInstruments(rest.fundingRestReal2026.response)).toEqual([
      {
        venue: 'hyperliquid',
        symbol: 'BTC',
        baseAsset: 'BTC',
        quoteAsset: 'USDC',
        multiplier: 1,
        contractSize: 1,
        tickSize: 1,
        lotSize: 0.00001,
        fundingIntervalHours: 1,
        active: true,
      },
    ]);
    expect(parseHyperliquidInstruments(rest.fundingRest.response)).toMatchObject([
      { symbol: 'SOL', tickSize: 0.01, lotSize: 0.01, fundingIntervalHours: 1 },
    ]);
  });

  it('reads current funding as the hourly rate, due at the next full hour', () => {
    const now = Date.UTC(2026, 9, 6, 10, 30);
    expect(parseHyperliquidFundingSnapshots(rest.fundingRestReal2026.response, now)).toEqual([
      {
        venue: 'hyperliquid',
        symbol: 'BTC',
        rate: 0.0000125,
        intervalHours: 1,
        nextFundingTime: Date.UTC(2026, 9, 6, 11),
        markPrice: 85634,
        indexPrice: 85660,
        volume24hQuote: 1825095986.3497385979,
        openInterestQuote: 40762.72024 * 85634,
      },
    ]);
    expect(parseHyperliquidFundingSnapshots(rest.fundingRest.response, now)[0]).toMatchObject({
      symbol: 'SOL',
      rate: 0.0000198,
      markPrice: 108.04,
      indexPrice: 107.99,
    });
  });

  it('maps kPEPE to PEPE ×1000 and KAITO to itself, leaves HIP-3 perps out and keeps delisted coins inactive', () => {
    const instruments = parseHyperliquidInstruments(multiAsset);
    expect(instruments.map((i) => [i.symbol, i.baseAsset, i.multiplier, i.tickSize, i.lotSize, i.active])).toEqual([
      ['BTC', 'BTC', 1, 1, 0.00001, true],
      ['ETH', 'ETH', 1, 0.1, 0.0001, true],
      ['ATOM', 'ATOM', 1, 0.0001, 0.01, true],
      ['HPOS', 'HPOS', 1, 0.000001, 1, false],
      ['kPEPE', 'PEPE', 1000, 0.000001, 1, true],
      ['KAITO', 'KAITO', 1, 0.0001, 1, true],
    ]);
  });

  it('lists funding for listed main-dex perps only, pairing each context with its universe entry', () => {
    const snapshots = parseHyperliquidFundingSnapshots(multiAsset, 0);
    expect(snapshots.map((s) => [s.symbol, s.rate, s.markPrice])).toEqual([
      ['BTC', 0.0000125, 85634],
      ['ETH', 0.00001, 3301.2],
      ['ATOM', -0.00002, 4.812],
      ['kPEPE', 0.00003, 0.010523],
      ['KAITO', 0.0000125, 1.2345],
    ]);
    expect(snapshots[1]?.openInterestQuote).toBeCloseTo(3301200, 6);
  });

  it('rejects misaligned or garbled answers, and null', () => {
    const [meta, ctxs] = multiAsset as [unknown, unknown[]];
    expect(() => parseHyperliquidInstruments([meta, ctxs.slice(1)])).toThrow(/7 universe entries but 6/);
    expect(() =>
      parseHyperliquidFundingSnapshots([meta, [{ ...btcCtx, funding: 'n/a' }, ...ctxs.slice(1)]], 0),
    ).toThrow(/funding/);
    expect(() => parseHyperliquidInstruments({ universe: [] })).toThrow(ParseError);
    expect(caught(() => parseHyperliquidFundingSnapshots(null, 0))).toBeInstanceOf(VenueError);
  });
});

describe('hyperliquidNextFundingTime', () => {
  it('is the next full hour, strictly after now', () => {
    expect(hyperliquidNextFundingTime(10 * HOUR_MS + 1)).toBe(11 * HOUR_MS);
    expect(hyperliquidNextFundingTime(11 * HOUR_MS)).toBe(12 * HOUR_MS);
    expect(hyperliquidNextFundingTime(12 * HOUR_MS - 1)).toBe(12 * HOUR_MS);
  });
});

describe('fundingHistory and candleSnapshot', () => {
  it('reads settled rates oldest first, with the venue time kept', () => {
    const rows = parseHyperliquidFundingHistory([...rest.fundingHistoryRest.response].reverse());
    expect(rows).toEqual([
      { venue: 'hyperliquid', symbol: 'BTC', fundingTime: 1683849600048, rate: -0.00061334 },
      { venue: 'hyperliquid', symbol: 'BTC', fundingTime: 1683878400388, rate: -0.00074503 },
      { venue: 'hyperliquid', symbol: 'BTC', fundingTime: 1683907200253, rate: -0.00081798 },
    ]);
    expect(() => parseHyperliquidFundingHistory([{ coin: 'BTC', fundingRate: '0.1', time: '1683849600048' }])).toThrow(
      ParseError,
    );
  });

  it('reads candles oldest first, prices in the quoted unit (kPEPE = 1000 PEPE)', () => {
    const candles = parseHyperliquidCandles([...rest.klineRest.response].reverse());
    expect(candles.map((c) => c.t)).toEqual([1684699200000, 1684702800000, 1684706400000]);
    expect(candles[0]).toEqual({ t: 1684699200000, o: 0.001601, h: 0.001616, l: 0.001601, c: 0.001604, v: 520665683 });
    expect(() => parseHyperliquidCandles([{ t: 1684699200000, o: '0.1' }])).toThrow(ParseError);
    expect(caught(() => parseHyperliquidCandles(null))).toBeInstanceOf(VenueError);
  });
});
