// Cross-venue symbol normalisation: one table of per-venue rules that turns a native symbol
// (BTCUSDT, 1000PEPEUSDT, XBTUSDTM, BTC-USD-PERP, kPEPE, xyz:XYZ100) into the base asset, the
// multiplier the venue quotes in, and the quote asset, so books and funding compare per base unit.
import type { VenueId } from '~/lib/venues';

export interface SymbolInfo {
  /** Canonical base asset: XBT → BTC, 1000PEPE → PEPE, kPEPE → PEPE. */
  baseAsset: string;
  /** Base units per unit the venue quotes prices and sizes in (1000PEPEUSDT, kPEPE → 1000). */
  multiplier: number;
  /** Quote (or settle) asset kept apart from the base: USDT, USDC, USD. */
  quoteAsset: string;
  /** Hyperliquid HIP-3 (builder-deployed) perp: the deployer's dex, `xyz` in `xyz:XYZ100`. */
  hip3Dex?: string;
}

/** The venue's own fields for the instrument, when the caller has them (exchangeInfo, instruments-info). */
export interface SymbolHint {
  baseAsset?: string;
  quoteAsset?: string;
}

type Rule = (symbol: string, hint: SymbolHint) => SymbolInfo | null;

// Only exact powers of ten followed by a letter are multipliers: 1INCH is a token, 1000PEPE is ×1000.
const POWER_OF_TEN_PREFIX = /^(1000000|100000|10000|1000)(?=[A-Z])/;

/** Tickers a venue spells in its own way, checked before the generic prefix rule. */
const ALIASES: Partial<Record<VenueId, Record<string, { baseAsset: string; multiplier: number }>>> = {
  binance: { '1MBABYDOGE': { baseAsset: 'BABYDOGE', multiplier: 1_000_000 } },
  bybit: { SHIB1000: { baseAsset: 'SHIB', multiplier: 1000 } },
  kucoin: { XBT: { baseAsset: 'BTC', multiplier: 1 } },
};

/** Split a venue base (`1000PEPE`, `XBT`, `1INCH`) into canonical base and multiplier. */
export function splitBase(venue: VenueId, rawBase: string): { baseAsset: string; multiplier: number } {
  const alias = ALIASES[venue]?.[rawBase];
  if (alias) return { ...alias };
  const prefix = POWER_OF_TEN_PREFIX.exec(rawBase)?.[1];
  if (prefix) {
    const rest = rawBase.slice(prefix.length);
    // KuCoin could list a multiplied XBT; the alias still applies after the prefix.
    const inner = ALIASES[venue]?.[rest];
    return inner
      ? { baseAsset: inner.baseAsset, multiplier: Number(prefix) * inner.multiplier }
      : { baseAsset: rest, multiplier: Number(prefix) };
  }
  return { baseAsset: rawBase, multiplier: 1 };
}

/** Suffix → quote asset, longest first so USDT wins over USD. */
type QuoteSuffixes = ReadonlyArray<readonly [suffix: string, quote: string]>;

function bySuffix(venue: VenueId, suffixes: QuoteSuffixes, stripDated: RegExp | null): Rule {
  return (symbol, hint) => {
    const core = stripDated ? symbol.replace(stripDated, '') : symbol;
    const match = suffixes.find(([suffix]) => core.length > suffix.length && core.endsWith(suffix));
    const rawBase = hint.baseAsset ?? (match ? core.slice(0, -match[0].length) : null);
    const quote = hint.quoteAsset ?? match?.[1] ?? null;
    if (!rawBase || !quote) return null;
    return withHintedMultiplier(venue, rawBase, symbol, quote);
  };
}

/**
 * A venue's base field may leave the multiplier out (`PEPE` for 1000PEPEUSDT); then the
 * multiplier still comes from the symbol's own prefix.
 */
function withHintedMultiplier(venue: VenueId, rawBase: string, symbol: string, quoteAsset: string): SymbolInfo {
  const base = splitBase(venue, rawBase);
  if (base.multiplier === 1) {
    const fromSymbol = POWER_OF_TEN_PREFIX.exec(symbol)?.[1];
    if (fromSymbol && symbol.slice(fromSymbol.length).startsWith(rawBase)) {
      return { baseAsset: base.baseAsset, multiplier: Number(fromSymbol), quoteAsset };
    }
  }
  return { ...base, quoteAsset };
}

const USDT_USDC: QuoteSuffixes = [
  ['USDT', 'USDT'],
  ['USDC', 'USDC'],
];

function paradexRule(symbol: string, hint: SymbolHint): SymbolInfo | null {
  // BTC-USD-PERP; options and dated products carry other suffixes and are not perps.
  const parts = symbol.split('-');
  if (parts.length !== 3 || parts[2] !== 'PERP' || !parts[0] || !parts[1]) return null;
  return withHintedMultiplier('paradex', hint.baseAsset ?? parts[0], symbol, hint.quoteAsset ?? parts[1]);
}

function hyperliquidRule(symbol: string, hint: SymbolHint): SymbolInfo | null {
  // Spot pairs (`@107`, `PURR/USDC`) are not perps.
  if (symbol.startsWith('@') || symbol.includes('/')) return null;
  const colon = symbol.indexOf(':');
  const dex = colon > 0 ? symbol.slice(0, colon) : undefined;
  const coin = hint.baseAsset ?? (colon > 0 ? symbol.slice(colon + 1) : symbol);
  if (!coin) return null;
  // A lower-case k before an upper-case ticker is x1000 (kPEPE); KAITO is a ticker. Test before any upper-casing.
  const thousand = /^k(?=[A-Z])/.test(coin);
  const info: SymbolInfo = {
    baseAsset: thousand ? coin.slice(1) : coin,
    multiplier: thousand ? 1000 : 1,
    // Main-dex perps are USDC-margined; HIP-3 dexes may settle in other stablecoins, so say USD.
    quoteAsset: hint.quoteAsset ?? (dex ? 'USD' : 'USDC'),
  };
  if (dex) info.hip3Dex = dex;
  return info;
}

const binanceRule = bySuffix('binance', USDT_USDC, /_\d{6}$/);
const bybitPerpRule = bySuffix('bybit', [...USDT_USDC, ['PERP', 'USDC']], null);
const bybitFutureRule = bySuffix('bybit', USDT_USDC, null);
const kucoinRule = bySuffix(
  'kucoin',
  [
    ['USDTM', 'USDT'],
    ['USDCM', 'USDC'],
    ['USDM', 'USD'],
  ],
  null,
);
const bitgetRule = bySuffix(
  'bitget',
  [
    ['USDT', 'USDT'],
    ['USDC', 'USDC'],
    ['PERP', 'USDC'],
    ['USD', 'USD'],
  ],
  /_(\d{6}|UMCBL|DMCBL|CMCBL)$/,
);
const coinexRule = bySuffix(
  'coinex',
  [
    ['USDT', 'USDT'],
    ['USDC', 'USDC'],
    ['USD', 'USD'],
  ],
  null,
);

/** The table: one rule per venue. */
const RULES: Record<VenueId, Rule> = {
  // BTCUSDT, ETHUSDC, dated BTCUSDT_250926.
  binance: binanceRule,
  // BTCUSDT, USDC perps as BTCPERP, dated BTCUSDT-26DEC25 and BTC-26DEC25 (the bare base is USDC-settled).
  bybit: (symbol, hint) => {
    const dash = symbol.indexOf('-');
    if (dash <= 0) return bybitPerpRule(symbol, hint);
    const head = symbol.slice(0, dash);
    return (
      bybitFutureRule(head, hint) ??
      withHintedMultiplier('bybit', hint.baseAsset ?? head, symbol, hint.quoteAsset ?? 'USDC')
    );
  },
  // XBTUSDTM, XBTUSDCM, inverse XBTUSDM; `.XBTUSDTMFPI8H` is an index series, not an instrument.
  kucoin: (symbol, hint) => (symbol.startsWith('.') ? null : kucoinRule(symbol, hint)),
  // BTCUSDT (USDT-FUTURES), BTCPERP (USDC-FUTURES), BTCUSD (COIN-FUTURES), dated ETHUSD_231229, legacy _UMCBL.
  bitget: bitgetRule,
  // BTCUSDT linear, BTCUSD inverse; ETHUSD_SIGNPRICE-style index markets are not instruments.
  coinex: (symbol, hint) => (symbol.includes('_') ? null : coinexRule(symbol, hint)),
  paradex: paradexRule,
  hyperliquid: hyperliquidRule,
};

/**
 * Base asset, multiplier and quote of a venue's native symbol; null when the symbol is not a
 * perp or future this venue's rule understands (index series, spot pairs). A hint (the venue's
 * own base/quote fields, or just the base as a string) takes precedence over parsing the text.
 */
export function normaliseSymbol(venue: VenueId, nativeSymbol: string, hint?: string | SymbolHint): SymbolInfo | null {
  const h: SymbolHint = typeof hint === 'string' ? { baseAsset: hint } : (hint ?? {});
  return RULES[venue](nativeSymbol, h);
}

/**
 * The venue's USDT (Paradex: USD, Hyperliquid: USDC) perpetual for a base asset and multiplier,
 * where the spelling is unambiguous; null where the venue has no such naming (Hyperliquid ×1e6)
 * or the name cannot be derived (Bybit USDC perps, multiplier on Paradex).
 */
export function toNativeSymbol(venue: VenueId, baseAsset: string, multiplier = 1): string | null {
  const alias = Object.entries(ALIASES[venue] ?? {}).find(
    ([, a]) => a.baseAsset === baseAsset && a.multiplier === multiplier && multiplier !== 1,
  );
  const prefixed = (base: string): string | null => {
    if (alias) return alias[0];
    if (multiplier === 1) return base;
    return [1000, 10_000, 100_000, 1_000_000].includes(multiplier) ? `${multiplier}${base}` : null;
  };
  switch (venue) {
    case 'binance':
    case 'bybit':
    case 'bitget':
    case 'coinex': {
      const base = prefixed(baseAsset);
      return base && `${base}USDT`;
    }
    case 'kucoin': {
      const base = prefixed(baseAsset === 'BTC' ? 'XBT' : baseAsset);
      return base && `${base}USDTM`;
    }
    case 'paradex':
      return multiplier === 1 ? `${baseAsset}-USD-PERP` : null;
    case 'hyperliquid':
      return multiplier === 1 ? baseAsset : multiplier === 1000 ? `k${baseAsset}` : null;
  }
}

/** A venue price (per `multiplier` base units) as a price per one base unit. */
export function toBaseUnitPrice(price: number, multiplier: number): number {
  return price / multiplier;
}

/**
 * A venue size as base units: `multiplier` base units per quoted unit, and `contractSize` quoted
 * units per contract where the venue counts contracts (KuCoin); 1 elsewhere.
 */
export function toBaseUnitSize(size: number, multiplier: number, contractSize = 1): number {
  return size * contractSize * multiplier;
}
