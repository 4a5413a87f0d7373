// The Paradex simulator's REST side: /v1/markets, /v1/markets/summary, /v1/funding/data,
// /v1/markets/klines and /v1/orderbook/{market}, over the synthetic market, with Paradex's
// `{error, message}` error bodies. Independent of the client modules.
import { trimDecimal, type SimMarket } from '~/.server/venues/sim/market';
import { json, type SimRequest, type SimResponse, type SimServer } from '~/.server/venues/sim/server';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/**
 * Funding history sample spacing. Paradex records the accruing rate far more often; five minutes
 * keeps simulated histories small while still looking continuous next to 1-8 h settlement venues.
 */
export const SIM_FUNDING_SAMPLE_MS = 5 * MINUTE_MS;
const FUNDING_PAGE_SIZE_DEFAULT = 100;
const FUNDING_PAGE_SIZE_MAX = 5000;
const KLINE_RESOLUTIONS_MIN = new Set([1, 3, 5, 15, 30, 60]);
/** Rows one klines answer holds at most (the docs give no figure; the simulator keeps the earliest ones). */
export const SIM_KLINES_MAX_ROWS = 1000;
const ORDERBOOK_DEPTH_DEFAULT = 20;
const ORDERBOOK_DEPTH_MAX = 100;

/** A perpetual option listed next to the perps, so clients are seen to keep only asset_kind PERP. */
export const SIM_OPTION_SYMBOL = 'BTC-USD-100000-C';
const OPTION_UNDERLYING = 'BTC-USD-PERP';
const OPTION_STRIKE = 100_000;

export function paradexError(status: number, error: string, message: string): SimResponse {
  return json({ error, message }, status);
}

/** Body of an injected HTTP fault, in Paradex's error shape. */
export function paradexFaultBody(status: number): unknown {
  if (status === 429) {
    // The error id Paradex uses for rate limiting is not in the notes; the message is what clients show.
    return { error: 'RATE_LIMIT_EXCEEDED', message: 'rate limit exceeded, retry later' };
  }
  if (status >= 500)
    return { error: status === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_ERROR', message: 'internal error' };
  return { error: 'VALIDATION_ERROR', message: 'request refused' };
}

/**
 * Cumulative funding index per symbol: funding accrues every instant at rate × mark / period, so
 * the index is an integral over time. Knots are hourly, anchored at the simulator's start and
 * extended lazily in both directions; between knots the index moves linearly.
 */
class FundingIndex {
  private readonly anchorHour: number;
  private readonly knots = new Map<string, { forward: number[]; backward: number[] }>();

  constructor(
    private readonly market: SimMarket,
    anchorMs: number,
  ) {
    this.anchorHour = Math.floor(anchorMs / HOUR_MS);
  }

  at(symbol: string, tMs: number): number {
    const hour = Math.floor(tMs / HOUR_MS);
    return this.knot(symbol, hour) + (this.perHour(symbol, hour) * (tMs - hour * HOUR_MS)) / HOUR_MS;
  }

  /** Index accrued per hour over the hour starting at `hour`. */
  private perHour(symbol: string, hour: number): number {
    const f = this.market.funding(symbol, hour * HOUR_MS);
    return (f.rate * f.markPrice) / f.intervalHours;
  }

  private knot(symbol: string, hour: number): number {
    let k = this.knots.get(symbol);
    if (!k) this.knots.set(symbol, (k = { forward: [0], backward: [0] }));
    if (hour >= this.anchorHour) {
      const n = hour - this.anchorHour;
      while (k.forward.length <= n) {
        const j = k.forward.length - 1;
        k.forward.push(k.forward[j]! + this.perHour(symbol, this.anchorHour + j));
      }
      return k.forward[n]!;
    }
    const n = this.anchorHour - hour;
    while (k.backward.length <= n) {
      const j = k.backward.length;
      k.backward.push(k.backward[j - 1]! - this.perHour(symbol, this.anchorHour - j));
    }
    return k.backward[n]!;
  }
}

export interface ParadexRestState {
  /** The REST book's seq_no per market, advanced on every book change. */
  restSeq(symbol: string): number;
}

export function wireParadexRest(server: SimServer, market: SimMarket, state: ParadexRestState): void {
  const fundingIndex = new FundingIndex(market, Date.now());
  const hasOption = market.has(OPTION_UNDERLYING);
  const px = (symbol: string, x: number) => market.formatPrice(symbol, x);
  const qty = (symbol: string, x: number) => market.formatSize(symbol, x);

  const intParam = (req: SimRequest, name: string): number | undefined | SimResponse => {
    const raw = req.query.get(name);
    if (raw === null || raw === '') return undefined;
    return /^\d{1,16}$/.test(raw) ? Number(raw) : paradexError(400, 'VALIDATION_ERROR', `${name} must be an integer`);
  };
  const isResponse = (x: unknown): x is SimResponse =>
    typeof x === 'object' && x !== null && 'status' in x && 'body' in x;

  const marketRow = (symbol: string) => {
    const i = market.instrument(symbol);
    return {
      symbol,
      base_currency: i.baseAsset,
      quote_currency: i.quoteAsset,
      settlement_currency: 'USDC',
      order_size_increment: i.lotSize,
      price_tick_size: i.tickSize,
      min_notional: '10',
      open_at: i.launchTimeMs,
      expiry_at: 0,
      asset_kind: 'PERP',
      market_kind: 'cross',
      position_limit: qty(symbol, 20_000_000 / i.price),
      price_bands_width: '0.05',
      max_open_orders: 100,
      max_funding_rate: trimDecimal(i.fundingRateCap, 8),
      delta1_cross_margin_params: { imf_base: '0.02', imf_shift: '180000', imf_factor: '0.00007', mmf_factor: '0.5' },
      oracle_ewma_factor: '0.2',
      max_order_size: qty(symbol, 5_000_000 / i.price),
      max_funding_rate_change: '0.0005',
      max_tob_spread: '0.2',
      interest_rate: '0.0001',
      clamp_rate: '0.05',
      funding_period_hours: i.fundingIntervalHours,
      funding_multiplier: 1,
      tags: [],
    };
  };

  const optionMarketRow = () => ({
    ...marketRow(OPTION_UNDERLYING),
    symbol: SIM_OPTION_SYMBOL,
    asset_kind: 'PERP_OPTION',
    option_type: 'CALL',
    strike_price: String(OPTION_STRIKE),
    funding_period_hours: undefined,
  });

  server.get('/v1/markets', (req) => {
    const only = req.query.get('market');
    const all = [...market.symbols().map(marketRow), ...(hasOption ? [optionMarketRow()] : [])];
    if (!only) return json({ results: all });
    const row = all.find((m) => m.symbol === only);
    return row ? json({ results: [row] }) : paradexError(404, 'MARKET_NOT_FOUND', `market ${only} not found`);
  });

  const summaryRow = (symbol: string, nowMs: number) => {
    const t = market.ticker(symbol, nowMs);
    const f = market.funding(symbol, nowMs);
    return {
      symbol,
      oracle_price: trimDecimal(t.indexPrice, 8),
      mark_price: trimDecimal(t.markPrice, 8),
      last_traded_price: px(symbol, t.lastPrice),
      bid: t.bestBid ? px(symbol, t.bestBid[0]) : '',
      bid_size: t.bestBid ? qty(symbol, t.bestBid[1]) : '',
      ask: t.bestAsk ? px(symbol, t.bestAsk[0]) : '',
      ask_size: t.bestAsk ? qty(symbol, t.bestAsk[1]) : '',
      // USD, like every Paradex volume.
      volume_24h: trimDecimal(t.quoteVolume24h, 6),
      total_volume: trimDecimal(t.quoteVolume24h * 400, 6),
      created_at: nowMs,
      underlying_price: trimDecimal(t.indexPrice, 8),
      open_interest: qty(symbol, t.openInterest),
      funding_rate: trimDecimal(f.rate, 12),
      price_change_rate_24h: trimDecimal((t.lastPrice - t.open24h) / t.open24h, 6),
    };
  };

  /** The listed option: options carry no perpetual funding, so funding_rate is empty. */
  const optionSummaryRow = (nowMs: number) => {
    const under = market.ticker(OPTION_UNDERLYING, nowMs);
    const mark = Math.max(0, under.markPrice - OPTION_STRIKE) + 0.02 * under.indexPrice;
    return {
      symbol: SIM_OPTION_SYMBOL,
      mark_price: trimDecimal(mark, 8),
      underlying_price: trimDecimal(under.indexPrice, 8),
      last_traded_price: trimDecimal(mark, 1),
      bid: '',
      ask: '',
      volume_24h: '0',
      total_volume: '0',
      created_at: nowMs,
      open_interest: '0',
      funding_rate: '',
      price_change_rate_24h: '',
    };
  };

  server.get('/v1/markets/summary', (req) => {
    const which = req.query.get('market');
    if (!which) return paradexError(400, 'VALIDATION_ERROR', 'market is required');
    const now = Date.now();
    if (which === 'ALL') {
      return json({
        results: [...market.symbols().map((s) => summaryRow(s, now)), ...(hasOption ? [optionSummaryRow(now)] : [])],
      });
    }
    if (which === SIM_OPTION_SYMBOL && hasOption) return json({ results: [optionSummaryRow(now)] });
    if (!market.has(which)) return paradexError(400, 'INVALID_SYMBOL', `market ${which} not found`);
    return json({ results: [summaryRow(which, now)] });
  });

  const fundingRow = (symbol: string, tMs: number) => {
    const f = market.funding(symbol, tMs);
    return {
      market: symbol,
      created_at: tMs,
      funding_index: trimDecimal(fundingIndex.at(symbol, tMs), 12),
      funding_premium: trimDecimal((f.markPrice - f.indexPrice) / f.indexPrice, 12),
      funding_rate: trimDecimal(f.rate, 12),
      funding_rate_8h: trimDecimal((f.rate * 8) / f.intervalHours, 12),
      funding_period_hours: f.intervalHours,
    };
  };

  server.get('/v1/funding/data', (req) => {
    const symbol = req.query.get('market');
    if (!symbol) return paradexError(400, 'VALIDATION_ERROR', 'market is required');
    if (!market.has(symbol)) return paradexError(400, 'INVALID_SYMBOL', `market ${symbol} not found`);
    const startMs = intParam(req, 'start_at');
    const endMs = intParam(req, 'end_at');
    const pageSize = intParam(req, 'page_size') ?? FUNDING_PAGE_SIZE_DEFAULT;
    for (const p of [startMs, endMs, pageSize]) if (isResponse(p)) return p;
    const size = pageSize as number;
    if (size < 1 || size > FUNDING_PAGE_SIZE_MAX) {
      return paradexError(400, 'VALIDATION_ERROR', `page_size must be within 1..${FUNDING_PAGE_SIZE_MAX}`);
    }
    let beforeMs = Infinity;
    const cursor = req.query.get('cursor');
    if (cursor) {
      const before = decodeCursor(cursor);
      if (before === null) return paradexError(400, 'VALIDATION_ERROR', 'invalid cursor');
      beforeMs = before;
    }
    const inst = market.instrument(symbol);
    const now = Date.now();
    // Newest first: sample times in [start, end], strictly before the cursor.
    const lo = Math.ceil(
      Math.max(inst.launchTimeMs, (startMs as number | undefined) ?? -Infinity) / SIM_FUNDING_SAMPLE_MS,
    );
    const top = Math.min(now, (endMs as number | undefined) ?? Infinity, beforeMs - 1);
    const hi = Math.floor(top / SIM_FUNDING_SAMPLE_MS);
    const results = [];
    for (let k = hi; k >= lo && results.length < size; k--) results.push(fundingRow(symbol, k * SIM_FUNDING_SAMPLE_MS));
    const last = results[results.length - 1];
    const more = last !== undefined && Math.floor((last.created_at - 1) / SIM_FUNDING_SAMPLE_MS) >= lo;
    return json({ next: more ? encodeCursor(last.created_at) : null, prev: null, results });
  });

  server.get('/v1/markets/klines', (req) => {
    const symbol = req.query.get('symbol');
    if (!symbol) return paradexError(400, 'VALIDATION_ERROR', 'symbol is required');
    if (!market.has(symbol)) return paradexError(400, 'INVALID_SYMBOL', `market ${symbol} not found`);
    const resolution = Number(req.query.get('resolution'));
    if (!KLINE_RESOLUTIONS_MIN.has(resolution)) {
      return paradexError(400, 'VALIDATION_ERROR', 'resolution must be one of 1, 3, 5, 15, 30, 60');
    }
    const startMs = intParam(req, 'start_at');
    const endMs = intParam(req, 'end_at');
    for (const p of [startMs, endMs]) if (isResponse(p)) return p;
    if (startMs === undefined || endMs === undefined) {
      return paradexError(400, 'VALIDATION_ERROR', 'start_at and end_at are required');
    }
    const candles = market.candles(symbol, resolution * MINUTE_MS, {
      startMs: startMs as number,
      endMs: endMs as number,
      limit: SIM_KLINES_MAX_ROWS,
      keep: 'first',
    });
    const num = (x: number) => Number(px(symbol, x));
    return json({
      results: candles.map((c) => [
        c.openMs,
        num(c.open),
        num(c.high),
        num(c.low),
        num(c.close),
        // USD volume, as Paradex reports it.
        Math.round(c.quoteVolume * 100) / 100,
      ]),
    });
  });

  // The router matches whole paths, so each market gets its own orderbook route.
  for (const symbol of market.symbols()) {
    server.get(`/v1/orderbook/${symbol}`, (req) => {
      const depth = intParam(req, 'depth') ?? ORDERBOOK_DEPTH_DEFAULT;
      if (isResponse(depth)) return depth;
      if (depth < 1 || depth > ORDERBOOK_DEPTH_MAX) {
        return paradexError(400, 'VALIDATION_ERROR', `depth must be within 1..${ORDERBOOK_DEPTH_MAX}`);
      }
      const book = market.book(symbol, depth);
      return json({
        market: symbol,
        seq_no: state.restSeq(symbol),
        last_updated_at: book.tsMs,
        asks: book.text.asks,
        bids: book.text.bids,
      });
    });
  }
}

function encodeCursor(beforeMs: number): string {
  return Buffer.from(JSON.stringify({ before: beforeMs })).toString('base64url');
}

function decodeCursor(cursor: string): number | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const before = v && typeof v === 'object' ? (v as { before?: unknown }).before : undefined;
    return typeof before === 'number' && Number.isSafeInteger(before) ? before : null;
  } catch {
    return null;
  }
}
