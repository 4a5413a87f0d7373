// Synthetic perpetual markets for the venue simulators. Pure model, no I/O: the server steps it on a
// timer and venue modules format what it returns. Two layers:
// - price paths are deterministic functions of (seed, asset, time), built from value noise at many
//   time scales, so every venue started with one seed quotes the same asset near the same price and
//   candles for any past window can be generated on demand, consistently across intervals;
// - the L2 book is a seeded random process stepped forward in time; it is the AUTHORITATIVE book
//   that tests compare clients against, kept as integer ticks/lots and formatted once, exactly.
import type { Level, TextLevel } from '~/.server/market/types';
import type { VenueId } from '~/lib/venues';
import { mulberry32 } from '~/lib/prng';

// ---------------------------------------------------------------------------------------------
// Configuration

export interface SimSymbolConfig {
  /** Native symbol as the venue spells it (BTCUSDT, 1000PEPEUSDT). */
  symbol: string;
  /** Base as the venue lists it (Binance says `1000PEPE`). */
  baseAsset: string;
  quoteAsset: string;
  /** Underlying asset; symbols of one asset share a price path across venues (PEPE for 1000PEPEUSDT). */
  asset: string;
  /** Reference price of one contract unit (already times the multiplier: 1000PEPEUSDT ≈ 0.0105). */
  price: number;
  /** Price and size steps as decimal text; published prices/sizes carry exactly these decimals. */
  tickSize: string;
  lotSize: string;
  fundingIntervalHours: number;
  /** Mean funding rate per interval (0.0001 = 0.01 %); the live rate wanders around it. */
  fundingRateMean: number;
  /** Absolute cap per interval (0.003 = ±0.3 %). */
  fundingRateCap: number;
  /** Typical daily volatility of the asset's log price (0.03 = 3 %). */
  dailyVolatility: number;
  /** Average 24 h traded value in quote currency. */
  volume24hQuote: number;
  openInterestQuote: number;
  /** Typical quote value resting on one level. */
  levelNotionalQuote: number;
  /** Levels per side the book hovers around (±10); default seeded in [80, 180]. */
  levelsPerSide?: number;
  /** Listing time; no candles or funding rows before it. */
  launchTimeMs?: number;
}

interface AssetDefaults {
  asset: string;
  /** Price of one unit of the asset. */
  unitPrice: number;
  dailyVolatility: number;
  volume24hQuote: number;
  openInterestQuote: number;
  levelNotionalQuote: number;
  launchTimeMs: number;
}

// Arguments: asset, unit price, daily volatility, 24 h volume and open interest across venues (quote),
// quote resting on a typical level, listing time.
const ASSETS: Record<string, AssetDefaults> = {
  BTC: asset('BTC', 95_000, 0.028, 12e9, 9e9, 60_000, 1569398400000),
  ETH: asset('ETH', 3_300, 0.038, 8e9, 6e9, 40_000, 1574208000000),
  SOL: asset('SOL', 180, 0.05, 2e9, 1.5e9, 15_000, 1600300800000),
  XRP: asset('XRP', 2.3, 0.05, 1.5e9, 1e9, 12_000, 1578614400000),
  DOGE: asset('DOGE', 0.17, 0.06, 1e9, 8e8, 8_000, 1594252800000),
  PEPE: asset('PEPE', 0.0000105, 0.07, 5e8, 4e8, 5_000, 1683158400000),
  WIF: asset('WIF', 1.6, 0.08, 3e8, 2.5e8, 3_000, 1705622400000),
  LINK: asset('LINK', 20, 0.05, 2e8, 2e8, 4_000, 1579046400000),
};

function asset(
  name: string,
  unitPrice: number,
  dailyVolatility: number,
  volume24hQuote: number,
  openInterestQuote: number,
  levelNotionalQuote: number,
  launchTimeMs: number,
): AssetDefaults {
  return {
    asset: name,
    unitPrice,
    dailyVolatility,
    volume24hQuote,
    openInterestQuote,
    levelNotionalQuote,
    launchTimeMs,
  };
}

/** One default listing: native symbol, asset, steps, funding, and the venue's share of the asset's activity. */
type VenueListing = [
  symbol: string,
  asset: string,
  tickSize: string,
  lotSize: string,
  fundingIntervalHours: number,
  fundingRateMean: number,
  fundingRateCap: number,
  share: number,
  multiplier?: number,
];

function listing(venue: VenueId, row: VenueListing): SimSymbolConfig {
  const [symbol, assetName, tickSize, lotSize, fundingIntervalHours, fundingRateMean, fundingRateCap, share] = row;
  const multiplier = row[8] ?? 1;
  const a = ASSETS[assetName];
  if (!a) throw new Error(`sim: unknown asset ${assetName}`);
  return {
    symbol,
    baseAsset: multiplier === 1 ? a.asset : `${multiplier}${a.asset}`,
    quoteAsset: 'USDT',
    asset: a.asset,
    price: a.unitPrice * multiplier,
    tickSize,
    lotSize,
    fundingIntervalHours,
    fundingRateMean,
    fundingRateCap,
    dailyVolatility: a.dailyVolatility,
    volume24hQuote: a.volume24hQuote * share,
    openInterestQuote: a.openInterestQuote * share,
    levelNotionalQuote: a.levelNotionalQuote * (venue === 'binance' ? 1 : 0.7),
    launchTimeMs: a.launchTimeMs,
  };
}

// Ticks and steps as the venues list them; funding means differ per venue so the demo has spreads.
const DEFAULT_LISTINGS: Partial<Record<VenueId, VenueListing[]>> = {
  binance: [
    ['BTCUSDT', 'BTC', '0.10', '0.001', 8, 0.0001, 0.003, 0.4],
    ['ETHUSDT', 'ETH', '0.01', '0.001', 8, 0.0001, 0.003, 0.4],
    ['SOLUSDT', 'SOL', '0.0100', '1', 8, 0.00012, 0.02, 0.35],
    ['XRPUSDT', 'XRP', '0.0001', '0.1', 8, 0.00008, 0.02, 0.35],
    ['DOGEUSDT', 'DOGE', '0.000010', '1', 8, 0.00015, 0.02, 0.35],
    ['1000PEPEUSDT', 'PEPE', '0.0000001', '1', 4, 0.00009, 0.02, 0.3, 1000],
    ['WIFUSDT', 'WIF', '0.0001', '0.1', 1, -0.00003, 0.005, 0.3],
    ['LINKUSDT', 'LINK', '0.001', '0.01', 8, 0.00005, 0.02, 0.3],
  ],
  bybit: [
    ['BTCUSDT', 'BTC', '0.10', '0.001', 8, 0.00008, 0.005, 0.25],
    ['ETHUSDT', 'ETH', '0.01', '0.01', 8, 0.00011, 0.005, 0.25],
    ['SOLUSDT', 'SOL', '0.010', '0.1', 8, 0.00005, 0.005, 0.2],
    ['XRPUSDT', 'XRP', '0.0001', '1', 8, 0.00014, 0.005, 0.2],
    ['DOGEUSDT', 'DOGE', '0.00001', '1', 8, 0.0001, 0.005, 0.2],
    ['1000PEPEUSDT', 'PEPE', '0.0000001', '100', 4, 0.00003, 0.01, 0.2, 1000],
    ['WIFUSDT', 'WIF', '0.0001', '1', 1, 0.00002, 0.005, 0.2],
    ['LINKUSDT', 'LINK', '0.001', '0.1', 2, 0.00004, 0.01, 0.2],
  ],
};

/** The default symbol set of a venue, in its native symbols. Throws for venues without a simulator yet. */
export function defaultSymbols(venue: VenueId): SimSymbolConfig[] {
  const listings = DEFAULT_LISTINGS[venue];
  if (!listings) throw new Error(`sim: no default symbols for venue ${venue}`);
  return listings.map((l) => listing(venue, l));
}

// ---------------------------------------------------------------------------------------------
// Decimal text: prices and sizes live as integer ticks/lots and are formatted exactly once.

export interface DecimalStep {
  text: string;
  decimals: number;
  /** The step as an integer count of 10^-decimals: "0.10" → 10, "100" → 100. */
  units: number;
  value: number;
}

export function parseStep(text: string): DecimalStep {
  if (!/^\d+(\.\d+)?$/.test(text)) throw new Error(`sim: bad step "${text}"`);
  const [intPart = '', frac = ''] = text.split('.');
  const units = Number(intPart + frac);
  if (!(units > 0)) throw new Error(`sim: step must be positive, got "${text}"`);
  return { text, decimals: frac.length, units, value: Number(text) };
}

/** An integer count of 10^-decimals as fixed-point text: (950001, 1) → "95000.1". */
export function formatUnits(units: number, decimals: number): string {
  const digits = String(Math.abs(units));
  const sign = units < 0 ? '-' : '';
  if (decimals === 0) return sign + digits;
  const padded = digits.padStart(decimals + 1, '0');
  return `${sign}${padded.slice(0, -decimals)}.${padded.slice(-decimals)}`;
}

/** Fixed decimals without trailing zeros ("0.00010000" → "0.0001"), as Bybit prints rates. */
export function trimDecimal(x: number, maxDecimals: number): string {
  const s = x.toFixed(maxDecimals);
  if (!s.includes('.')) return s;
  const t = s.replace(/0+$/, '').replace(/\.$/, '');
  return t === '-0' ? '0' : t;
}

// ---------------------------------------------------------------------------------------------
// Seeded randomness

/** FNV-1a, to turn names into seeds. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function mix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function hash3(a: number, b: number, c: number): number {
  return mix32(mix32(mix32(a + 0x9e3779b9) ^ b) ^ c);
}

function gauss(rng: () => number): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** Smoothly interpolated random knots every `periodMs`, in [-1, 1]: a deterministic function of time. */
function valueNoise(seed: number, tMs: number, periodMs: number): number {
  const x = tMs / periodMs;
  const i = Math.floor(x);
  const f = x - i;
  const s = f * f * (3 - 2 * f);
  const a = knot(seed, i);
  return a + (knot(seed, i + 1) - a) * s;
}

function knot(seed: number, i: number): number {
  const hi = Math.floor(i / 4294967296);
  return (hash3(seed, i >>> 0, hi >>> 0) / 4294967296) * 2 - 1;
}

interface Octave {
  seed: number;
  periodMs: number;
  amplitude: number;
}

function octaves(
  seed: number,
  firstPeriodMs: number,
  count: number,
  amplitude: (periodMs: number) => number,
): Octave[] {
  const out: Octave[] = [];
  for (let k = 0, p = firstPeriodMs; k < count; k++, p *= 4)
    out.push({ seed: hash3(seed, k, 0x51ed), periodMs: p, amplitude: amplitude(p) });
  return out;
}

function fractal(oct: readonly Octave[], tMs: number): number {
  let sum = 0;
  for (const o of oct) sum += o.amplitude * valueNoise(o.seed, tMs, o.periodMs);
  return sum;
}

// ---------------------------------------------------------------------------------------------
// Price, funding and activity paths of one symbol: pure functions of time.

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

class SymbolPaths {
  private readonly asset: Octave[];
  private readonly basis: Octave[];
  private readonly markNoise: Octave[];
  private readonly fundingShared: Octave[];
  private readonly fundingOwn: Octave[];
  private readonly activity: Octave[];
  private readonly oi: Octave[];
  private readonly fundingAmplitude: number;

  constructor(
    private readonly cfg: SimSymbolConfig,
    seed: number,
    venue: string,
  ) {
    const assetSeed = hash3(seed, hashString(cfg.asset), 1);
    const ownSeed = hash3(seed, hashString(`${venue}:${cfg.symbol}`), 2);
    // Value-noise knot differences have variance 2a²/3; matching a Brownian σ²·L per octave gives a = σ√(1.5 L).
    const sigmaPerMs = cfg.dailyVolatility / Math.sqrt(DAY_MS);
    this.asset = octaves(assetSeed, 1_000, 11, (p) => sigmaPerMs * Math.sqrt(1.5 * p));
    this.basis = octaves(ownSeed, 15_000, 5, () => 1.2e-4);
    this.markNoise = octaves(hash3(ownSeed, 3, 3), 5_000, 3, () => 3e-5);
    this.fundingShared = octaves(hash3(assetSeed, 4, 4), HOUR_MS, 4, () => 0.6);
    this.fundingOwn = octaves(hash3(ownSeed, 5, 5), HOUR_MS, 4, () => 0.4);
    this.activity = octaves(hash3(ownSeed, 6, 6), 60_000, 7, () => 0.25);
    this.oi = octaves(hash3(ownSeed, 7, 7), HOUR_MS, 5, () => 0.05);
    this.fundingAmplitude = Math.max(Math.abs(cfg.fundingRateMean), 0.00005) * 0.9;
  }

  /** Shared across venues: one asset quotes near one price everywhere. */
  indexAt(tMs: number): number {
    return this.cfg.price * Math.exp(fractal(this.asset, tMs));
  }

  midAt(tMs: number): number {
    return this.cfg.price * Math.exp(fractal(this.asset, tMs) + fractal(this.basis, tMs));
  }

  markAt(tMs: number): number {
    return this.midAt(tMs) * (1 + fractal(this.markNoise, tMs));
  }

  fundingRateAt(tMs: number): number {
    const wander = fractal(this.fundingShared, tMs) + fractal(this.fundingOwn, tMs);
    const rate = this.cfg.fundingRateMean + this.fundingAmplitude * wander;
    const cap = this.cfg.fundingRateCap;
    return Math.round(Math.min(cap, Math.max(-cap, rate)) * 1e8) / 1e8;
  }

  /** Traded base units per millisecond. */
  volumeRateAt(tMs: number): number {
    return (this.cfg.volume24hQuote / this.cfg.price / DAY_MS) * Math.exp(fractal(this.activity, tMs));
  }

  /** Share of volume bought by takers, around one half. */
  takerBuyShareAt(tMs: number): number {
    return 0.5 + 0.3 * fractal(this.activity, tMs + 7 * DAY_MS);
  }

  openInterestAt(tMs: number): number {
    return (this.cfg.openInterestQuote / this.cfg.price) * Math.exp(fractal(this.oi, tMs));
  }
}

// ---------------------------------------------------------------------------------------------
// One side of the authoritative book: integer ticks → integer lots, best first.

class BookSide {
  readonly prices: number[] = [];
  readonly sizes = new Map<number, number>();
  /** Lots at each price before the current step, to publish net changes only. */
  private readonly before = new Map<number, number>();

  constructor(readonly isBid: boolean) {}

  get length(): number {
    return this.prices.length;
  }

  best(): number | undefined {
    return this.prices[0];
  }

  last(): number | undefined {
    return this.prices[this.prices.length - 1];
  }

  /** `by` ticks further from the touch. */
  deeper(price: number, by: number): number {
    return this.isBid ? price - by : price + by;
  }

  private position(price: number): number {
    let lo = 0;
    let hi = this.prices.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const p = this.prices[mid]!;
      if (this.isBid ? p > price : p < price) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  set(price: number, lots: number): void {
    if (!this.before.has(price)) this.before.set(price, this.sizes.get(price) ?? 0);
    if (!this.sizes.has(price)) this.prices.splice(this.position(price), 0, price);
    this.sizes.set(price, lots);
  }

  remove(price: number): void {
    if (!this.sizes.has(price)) return;
    if (!this.before.has(price)) this.before.set(price, this.sizes.get(price) ?? 0);
    this.sizes.delete(price);
    this.prices.splice(this.position(price), 1);
  }

  /** Net [price, lots] changes since the last call, best first; 0 lots = removed. */
  takeChanges(): [number, number][] {
    const out: [number, number][] = [];
    for (const [price, was] of this.before) {
      const now = this.sizes.get(price) ?? 0;
      if (now !== was) out.push([price, now]);
    }
    this.before.clear();
    return out.sort((a, b) => (this.isBid ? b[0] - a[0] : a[0] - b[0]));
  }
}

// ---------------------------------------------------------------------------------------------
// Public shapes

export interface SimInstrument extends SimSymbolConfig {
  tick: DecimalStep;
  lot: DecimalStep;
  levelsPerSide: number;
  launchTimeMs: number;
}

/** One step of one symbol's book: every level whose size changed, absolute, zero = removed. */
export interface BookUpdate {
  symbol: string;
  /** Update ids covered by this step (Binance U..u); ids may skip between steps, prevUpdateId chains them. */
  firstUpdateId: number;
  lastUpdateId: number;
  prevUpdateId: number;
  tsMs: number;
  /** Best first; sizes as text with the lot's decimals ("0.000" removes). */
  bids: TextLevel[];
  asks: TextLevel[];
}

export interface SimBook {
  symbol: string;
  lastUpdateId: number;
  tsMs: number;
  /** Best first; numbers are exactly Number(text). */
  bids: Level[];
  asks: Level[];
  text: { bids: TextLevel[]; asks: TextLevel[] };
}

export interface SimFunding {
  symbol: string;
  /** Predicted rate for the coming settlement, per interval. */
  rate: number;
  intervalHours: number;
  nextFundingTime: number;
  cap: number;
  markPrice: number;
  indexPrice: number;
  /** Interest component per interval (0.01 % per 8 h, scaled). */
  interestRate: number;
  estimatedSettlePrice: number;
}

export interface SimFundingRow {
  symbol: string;
  fundingTime: number;
  rate: number;
  markPrice: number;
}

export interface SimCandle {
  openMs: number;
  /** Last millisecond of the candle (Binance convention: open + interval − 1). */
  closeMs: number;
  open: number;
  high: number;
  low: number;
  close: number;
  /** Base units, rounded to the lot. */
  volume: number;
  quoteVolume: number;
  trades: number;
  takerBuyVolume: number;
  takerBuyQuoteVolume: number;
}

export interface CandleQuery {
  startMs?: number;
  endMs?: number;
  limit: number;
  /** Which end of a window longer than `limit` to keep: Binance keeps the start, Bybit the newest. */
  keep?: 'first' | 'last';
  /** Alignment offset of the buckets (weekly candles open on Monday: 4 days after the epoch). */
  alignOffsetMs?: number;
}

export interface FundingQuery {
  startMs?: number;
  endMs?: number;
  limit: number;
  keep?: 'first' | 'last';
}

export interface SimTicker {
  symbol: string;
  lastPrice: number;
  /** Base size of the last trade. */
  lastQty: number;
  bestBid: Level | null;
  bestAsk: Level | null;
  openTime: number;
  closeTime: number;
  open24h: number;
  high24h: number;
  low24h: number;
  prevPrice1h: number;
  volume24h: number;
  quoteVolume24h: number;
  trades24h: number;
  openInterest: number;
  markPrice: number;
  indexPrice: number;
}

export interface SimMarketOptions {
  seed?: number;
  /** Decorrelates the books and bases of venues that list the same symbol name. */
  venue?: string;
  /** Time source for queries and default steps; tests pass a fake clock. */
  clock?: () => number;
}

// ---------------------------------------------------------------------------------------------
// The market

interface SymbolState {
  inst: SimInstrument;
  paths: SymbolPaths;
  rng: () => number;
  bids: BookSide;
  asks: BookSide;
  lastUpdateId: number;
  tsMs: number;
  meanLots: number;
  meanGapTicks: number;
}

export class SimMarket {
  private readonly states = new Map<string, SymbolState>();
  readonly seed: number;
  readonly clock: () => number;

  constructor(configs: readonly SimSymbolConfig[], options: SimMarketOptions = {}) {
    this.seed = (options.seed ?? 1) >>> 0;
    this.clock = options.clock ?? Date.now;
    const venue = options.venue ?? 'sim';
    const now = this.clock();
    for (const cfg of configs) {
      if (this.states.has(cfg.symbol)) throw new Error(`sim: duplicate symbol ${cfg.symbol}`);
      const symbolSeed = hash3(this.seed, hashString(`${venue}:${cfg.symbol}`), 9);
      const rng = mulberry32(symbolSeed);
      const tick = parseStep(cfg.tickSize);
      const lot = parseStep(cfg.lotSize);
      const levelsPerSide = cfg.levelsPerSide ?? 80 + Math.floor(rng() * 100);
      if (levelsPerSide < 20) throw new Error(`sim: ${cfg.symbol} needs at least 20 levels per side`);
      const inst: SimInstrument = {
        ...cfg,
        tick,
        lot,
        levelsPerSide,
        launchTimeMs: cfg.launchTimeMs ?? now - 3 * 365 * DAY_MS,
      };
      const st: SymbolState = {
        inst,
        paths: new SymbolPaths(cfg, this.seed, venue),
        rng,
        bids: new BookSide(true),
        asks: new BookSide(false),
        lastUpdateId: 1_000_000_000_000 + Math.floor(rng() * 500_000_000_000),
        tsMs: now,
        meanLots: Math.max(1, Math.round(cfg.levelNotionalQuote / (cfg.price * lot.value))),
        // ~0.4 % of price covered by the book on each side, at most one level per tick.
        meanGapTicks: Math.max(1, Math.round((cfg.price * 0.004) / tick.value / levelsPerSide)),
      };
      this.states.set(cfg.symbol, st);
      this.moveTouch(st, now);
      st.bids.takeChanges();
      st.asks.takeChanges();
    }
  }

  // -- instruments and formatting

  symbols(): string[] {
    return [...this.states.keys()];
  }

  has(symbol: string): boolean {
    return this.states.has(symbol);
  }

  instrument(symbol: string): SimInstrument {
    return this.state(symbol).inst;
  }

  instruments(): SimInstrument[] {
    return [...this.states.values()].map((s) => s.inst);
  }

  /** A price rounded to the symbol's tick, with the tick's decimals. */
  formatPrice(symbol: string, price: number): string {
    const { tick } = this.state(symbol).inst;
    return formatUnits(Math.round(price / tick.value) * tick.units, tick.decimals);
  }

  /** A size rounded to the symbol's lot, with the lot's decimals. */
  formatSize(symbol: string, size: number): string {
    const { lot } = this.state(symbol).inst;
    return formatUnits(Math.round(size / lot.value) * lot.units, lot.decimals);
  }

  // -- the book

  /** Advance every book to `nowMs`; returns one update per symbol whose book changed. */
  step(nowMs: number = this.clock()): BookUpdate[] {
    const out: BookUpdate[] = [];
    for (const st of this.states.values()) {
      const u = this.stepSymbol(st, nowMs);
      if (u) out.push(u);
    }
    return out;
  }

  lastUpdateId(symbol: string): number {
    return this.state(symbol).lastUpdateId;
  }

  /** The authoritative book, best first, up to `depth` levels per side. */
  book(symbol: string, depth = Infinity): SimBook {
    const st = this.state(symbol);
    const side = (s: BookSide) => {
      const text: TextLevel[] = [];
      const n = Math.min(depth, s.length);
      for (let i = 0; i < n; i++) {
        const p = s.prices[i]!;
        text.push([this.priceText(st, p), this.sizeText(st, s.sizes.get(p) ?? 0)]);
      }
      return text;
    };
    const bids = side(st.bids);
    const asks = side(st.asks);
    const num = (t: TextLevel[]): Level[] => t.map(([p, q]) => [Number(p), Number(q)]);
    return {
      symbol,
      lastUpdateId: st.lastUpdateId,
      tsMs: st.tsMs,
      bids: num(bids),
      asks: num(asks),
      text: { bids, asks },
    };
  }

  private priceText(st: SymbolState, ticks: number): string {
    return formatUnits(ticks * st.inst.tick.units, st.inst.tick.decimals);
  }

  private sizeText(st: SymbolState, lots: number): string {
    return formatUnits(lots * st.inst.lot.units, st.inst.lot.decimals);
  }

  private stepSymbol(st: SymbolState, nowMs: number): BookUpdate | null {
    const { rng, bids, asks } = st;
    this.moveTouch(st, nowMs);

    // A burst of changes, mostly within the first few levels.
    const bursts = 1 + Math.floor(rng() * 6);
    for (let i = 0; i < bursts; i++) {
      const side = rng() < 0.5 ? bids : asks;
      if (side.length === 0) continue;
      const idx = rng() < 0.9 ? Math.min(side.length - 1, geometric(rng, 0.2)) : Math.floor(rng() * side.length);
      const price = side.prices[idx]!;
      const r = rng();
      if (r < 0.6 || idx === 0) {
        const lots = side.sizes.get(price) ?? 1;
        side.set(price, Math.max(1, Math.round(lots * Math.exp(0.5 * gauss(rng)))));
      } else if (r < 0.8) {
        side.remove(price);
      } else {
        const next = side.prices[idx + 1];
        const room = next === undefined ? st.meanGapTicks * 2 : Math.abs(next - price) - 1;
        if (room >= 1) {
          const p = side.deeper(price, 1 + Math.floor(rng() * room));
          if (p >= 1) side.set(p, this.levelLots(st, idx + 1));
        }
      }
    }
    // Now and then someone improves the touch inside a wide spread.
    const bb = bids.best();
    const ba = asks.best();
    if (bb !== undefined && ba !== undefined && ba - bb > 1 && rng() < 0.3) {
      if (rng() < 0.5) bids.set(bb + 1, this.levelLots(st, 0));
      else asks.set(ba - 1, this.levelLots(st, 0));
    }

    this.keepDepth(st, bids);
    this.keepDepth(st, asks);

    // Venues also publish removals of levels the client never had; clients must shrug those off.
    const ghosts: { side: BookSide; price: number }[] = [];
    if (rng() < 0.03) {
      const side = rng() < 0.5 ? bids : asks;
      const idx = Math.floor(rng() * Math.max(0, side.length - 1));
      const a = side.prices[idx];
      const b = side.prices[idx + 1];
      if (a !== undefined && b !== undefined && Math.abs(b - a) > 1) ghosts.push({ side, price: side.deeper(a, 1) });
    }

    const bidChanges = bids.takeChanges();
    const askChanges = asks.takeChanges();
    for (const g of ghosts) {
      const changes = g.side.isBid ? bidChanges : askChanges;
      if (changes.some(([p]) => p === g.price)) continue;
      changes.push([g.price, 0]);
      changes.sort((a, b) => (g.side.isBid ? b[0] - a[0] : a[0] - b[0]));
    }
    const n = bidChanges.length + askChanges.length;
    if (n === 0) return null;

    const prevUpdateId = st.lastUpdateId;
    // Ids advance by at least one per change and skip a few now and then, as on Binance (U = pu + 11 in captures).
    const firstUpdateId = prevUpdateId + 1 + (rng() < 0.5 ? 0 : 1 + Math.floor(rng() * 12));
    const lastUpdateId = firstUpdateId + n - 1 + Math.floor(rng() * n);
    st.lastUpdateId = lastUpdateId;
    st.tsMs = nowMs;
    const text = (c: [number, number][]): TextLevel[] =>
      c.map(([p, l]) => [this.priceText(st, p), this.sizeText(st, l)]);
    return {
      symbol: st.inst.symbol,
      firstUpdateId,
      lastUpdateId,
      prevUpdateId,
      tsMs: nowMs,
      bids: text(bidChanges),
      asks: text(askChanges),
    };
  }

  /** Put the touch where the price path says; levels the touch moved through are consumed. */
  private moveTouch(st: SymbolState, nowMs: number): void {
    const { rng, bids, asks } = st;
    const midTicks = st.paths.midAt(nowMs) / st.inst.tick.value;
    const spread = rng() < 0.85 ? 1 : 2 + Math.floor(rng() * 2);
    const bidTop = Math.max(1, Math.floor(midTicks - spread / 2));
    const askTop = bidTop + spread;
    for (let b = bids.best(); b !== undefined && b > bidTop; b = bids.best()) bids.remove(b);
    for (let a = asks.best(); a !== undefined && a < askTop; a = asks.best()) asks.remove(a);
    this.fillFromTouch(st, bids, bidTop);
    this.fillFromTouch(st, asks, askTop);
  }

  /** Insert levels from `top` outwards until reaching the existing book (or the target depth). */
  private fillFromTouch(st: SymbolState, side: BookSide, top: number): void {
    const stop = side.best();
    if (stop === top) return;
    // A big jump adds at most one book's worth of levels; keepDepth trims the far end afterwards.
    const limit = side.length + (stop === undefined ? st.inst.levelsPerSide : st.inst.levelsPerSide + 10);
    let p = top;
    for (let depth = 0; p >= 1 && side.length < limit; depth++) {
      if (stop !== undefined && (side.isBid ? p <= stop : p >= stop)) break;
      side.set(p, this.levelLots(st, depth));
      p = side.deeper(p, this.gapTicks(st, depth));
    }
  }

  private keepDepth(st: SymbolState, side: BookSide): void {
    const target = st.inst.levelsPerSide;
    while (side.length < target - 10) {
      const last = side.last();
      const p = last === undefined ? 0 : side.deeper(last, this.gapTicks(st, side.length));
      if (p < 1) break;
      side.set(p, this.levelLots(st, side.length));
    }
    while (side.length > target + 10) side.remove(side.last()!);
  }

  private gapTicks(st: SymbolState, depth: number): number {
    const g = st.meanGapTicks;
    if (depth < 10) return 1 + (g > 1 && st.rng() < 0.3 ? 1 : 0);
    return 1 + Math.floor(st.rng() * (2 * g - 1));
  }

  private levelLots(st: SymbolState, depth: number): number {
    const depthFactor = 0.4 + Math.min(depth, 30) / 25;
    return Math.max(1, Math.round(st.meanLots * depthFactor * Math.exp(0.8 * gauss(st.rng))));
  }

  // -- funding, prices and stats

  funding(symbol: string, nowMs: number = this.clock()): SimFunding {
    const st = this.state(symbol);
    const { fundingIntervalHours: hours, fundingRateCap: cap } = st.inst;
    const intervalMs = hours * HOUR_MS;
    const nextFundingTime = Math.floor(nowMs / intervalMs) * intervalMs + intervalMs;
    const markPrice = st.paths.markAt(nowMs);
    const indexPrice = st.paths.indexAt(nowMs);
    return {
      symbol,
      rate: st.paths.fundingRateAt(nowMs),
      intervalHours: hours,
      nextFundingTime,
      cap,
      markPrice,
      indexPrice,
      interestRate: (0.0001 * hours) / 8,
      estimatedSettlePrice: (markPrice + indexPrice) / 2,
    };
  }

  /** Settled funding rates, ascending, at multiples of the interval since the listing. */
  fundingHistory(symbol: string, q: FundingQuery, nowMs: number = this.clock()): SimFundingRow[] {
    const st = this.state(symbol);
    const intervalMs = st.inst.fundingIntervalHours * HOUR_MS;
    const first = Math.ceil(st.inst.launchTimeMs / intervalMs);
    const last = Math.floor(Math.min(nowMs, q.endMs ?? Infinity) / intervalMs);
    const from = Math.max(first, q.startMs === undefined ? -Infinity : Math.ceil(q.startMs / intervalMs));
    const [lo, hi] = window(from, last, q.limit, q.keep ?? (q.startMs === undefined ? 'last' : 'first'));
    const out: SimFundingRow[] = [];
    for (let k = lo; k <= hi; k++) {
      const t = k * intervalMs;
      out.push({ symbol, fundingTime: t, rate: st.paths.fundingRateAt(t), markPrice: st.paths.markAt(t) });
    }
    return out;
  }

  /** OHLCV buckets of `intervalMs`, ascending; the last one may still be open. */
  candles(symbol: string, intervalMs: number, q: CandleQuery, nowMs: number = this.clock()): SimCandle[] {
    const st = this.state(symbol);
    const off = q.alignOffsetMs ?? 0;
    const bucket = (t: number) => Math.floor((t - off) / intervalMs);
    const first = Math.max(
      bucket(st.inst.launchTimeMs),
      q.startMs === undefined ? -Infinity : Math.ceil((q.startMs - off) / intervalMs),
    );
    const last = bucket(Math.min(nowMs, q.endMs ?? Infinity));
    const [lo, hi] = window(first, last, q.limit, q.keep ?? (q.startMs === undefined ? 'last' : 'first'));
    const out: SimCandle[] = [];
    for (let k = lo; k <= hi; k++) out.push(this.candle(st, k * intervalMs + off, intervalMs, nowMs));
    return out;
  }

  private candle(st: SymbolState, openMs: number, intervalMs: number, nowMs: number): SimCandle {
    const { paths, inst } = st;
    // A closed candle closes at the next one's open, so close and next open agree exactly.
    const end = Math.min(openMs + intervalMs, nowMs);
    const samples = Math.min(48, Math.max(4, Math.round(intervalMs / 5_000)));
    const dt = intervalMs / samples;
    const open = paths.midAt(openMs);
    let high = open;
    let low = open;
    let close = open;
    let volume = 0;
    for (let i = 1; i <= samples; i++) {
      const t = Math.min(openMs + i * dt, end);
      const p = paths.midAt(t);
      high = Math.max(high, p);
      low = Math.min(low, p);
      close = p;
      volume += paths.volumeRateAt(t - dt / 2) * Math.max(0, Math.min(dt, end - (openMs + (i - 1) * dt)));
      if (t >= end) break;
    }
    const tick = inst.tick.value;
    const lot = inst.lot.value;
    const round = (x: number, step: number) => Math.round(x / step) * step;
    const vol = round(volume, lot);
    const typical = (open + high + low + close) / 4;
    const buyShare = paths.takerBuyShareAt(openMs);
    return {
      openMs,
      closeMs: openMs + intervalMs - 1,
      open: round(open, tick),
      high: round(high, tick),
      low: round(low, tick),
      close: round(close, tick),
      volume: vol,
      quoteVolume: vol * typical,
      trades: Math.round((vol * typical) / 1_500),
      takerBuyVolume: round(vol * buyShare, lot),
      takerBuyQuoteVolume: vol * buyShare * typical,
    };
  }

  ticker(symbol: string, nowMs: number = this.clock()): SimTicker {
    const st = this.state(symbol);
    const { paths, inst } = st;
    const openTime = nowMs - DAY_MS;
    let high = -Infinity;
    let low = Infinity;
    let volume = 0;
    let quoteVolume = 0;
    const samples = 96;
    for (let i = 0; i <= samples; i++) {
      const t = openTime + (i * DAY_MS) / samples;
      const p = paths.midAt(t);
      high = Math.max(high, p);
      low = Math.min(low, p);
      if (i > 0) {
        const v = paths.volumeRateAt(t) * (DAY_MS / samples);
        volume += v;
        quoteVolume += v * p;
      }
    }
    const round = (x: number, step: number) => Math.round(x / step) * step;
    const tick = inst.tick.value;
    const book = this.book(symbol, 1);
    const bestBid = book.bids[0] ?? null;
    const bestAsk = book.asks[0] ?? null;
    const mid = paths.midAt(nowMs);
    // The last trade hit whichever side of the touch is nearer the path.
    const lastPrice =
      bestBid && bestAsk ? (mid - bestBid[0] < bestAsk[0] - mid ? bestBid[0] : bestAsk[0]) : round(mid, tick);
    const lastQty = round(Math.max(inst.lot.value, paths.volumeRateAt(nowMs) * 50), inst.lot.value);
    return {
      symbol,
      lastPrice,
      lastQty,
      bestBid,
      bestAsk,
      openTime,
      closeTime: nowMs,
      open24h: round(paths.midAt(openTime), tick),
      high24h: round(Math.max(high, lastPrice), tick),
      low24h: round(Math.min(low, lastPrice), tick),
      prevPrice1h: round(paths.midAt(nowMs - HOUR_MS), tick),
      volume24h: round(volume, inst.lot.value),
      quoteVolume24h: quoteVolume,
      trades24h: Math.round(quoteVolume / 1_500),
      openInterest: round(paths.openInterestAt(nowMs), inst.lot.value),
      markPrice: paths.markAt(nowMs),
      indexPrice: paths.indexAt(nowMs),
    };
  }

  private state(symbol: string): SymbolState {
    const st = this.states.get(symbol);
    if (!st) throw new Error(`sim: unknown symbol ${symbol}`);
    return st;
  }
}

/** Inclusive index window [lo, hi] of at most `limit` items, keeping the first or the last ones. */
function window(from: number, to: number, limit: number, keep: 'first' | 'last'): [number, number] {
  if (!(limit > 0) || to < from) return [0, -1];
  return keep === 'first' ? [from, Math.min(to, from + limit - 1)] : [Math.max(from, to - limit + 1), to];
}

function geometric(rng: () => number, p: number): number {
  return Math.floor(Math.log(Math.max(rng(), 1e-12)) / Math.log(1 - p));
}
