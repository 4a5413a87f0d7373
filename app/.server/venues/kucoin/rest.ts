// KuCoin Futures REST client: a thin shell of HTTP calls around the pure parsers in parse.ts, plus
// the contract table (multipliers) that the book, kline and open-interest conversions need.
import {
  ParseError,
  type BookEvent,
  type Candle,
  type CandleInterval,
  type FundingHistoryQuery,
  type FundingRateRow,
  type Instrument,
} from '~/.server/market/types';
import { clampLimit } from '~/.server/venues/http';
import { createRestCalls, type VenueRestOptions } from '~/.server/venues/rest-calls';
import {
  KUCOIN_DEFAULT_FUNDING_INTERVAL_HOURS,
  KUCOIN_FUNDING_HISTORY_DEFAULT_LIMIT,
  KUCOIN_FUNDING_HISTORY_LIMIT_MAX,
  KUCOIN_KLINE_GRANULARITY_MIN,
  KUCOIN_KLINE_LIMIT_MAX,
  KUCOIN_PATHS,
} from './constants';
import { KucoinContractSizes } from './contract-sizes';
import {
  kucoinContractSpecs,
  kucoinFundingSnapshots,
  kucoinInstruments,
  parseKucoinBullet,
  parseKucoinContracts,
  parseKucoinDepthSnapshot,
  parseKucoinFundingHistory,
  parseKucoinKlines,
  type KucoinBullet,
  type KucoinContract,
  type KucoinFundingSnapshot,
} from './parse';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

export interface KucoinRestOptions extends VenueRestOptions {
  /** `https://api-futures.kucoin.com`, or the simulator's HTTP origin. */
  restUrl: string;
  /** Clock for countdowns and open-ended windows; injectable for tests. */
  now?: () => number;
  /** How long the contract table is trusted before a connection refreshes it. */
  contractsTtlMs?: number;
}

export type { FundingHistoryQuery };

export interface KucoinRest {
  /** `POST /api/v1/bullet-public`, body as KuCoin sent it (HTTP errors still throw): for passing through. */
  fetchBulletPublic(signal?: AbortSignal): Promise<unknown>;
  /** The same call, parsed: token, endpoints, ping interval and timeout. */
  fetchBullet(signal?: AbortSignal): Promise<KucoinBullet>;
  /** Every listed contract; refreshes the contract table as a side effect. */
  fetchContracts(): Promise<KucoinContract[]>;
  fetchInstruments(): Promise<Instrument[]>;
  /** Every linear perpetual's funding from one `contracts/active` call. */
  fetchFundingSnapshots(): Promise<KucoinFundingSnapshot[]>;
  fetchFundingHistory(symbol: string, query?: FundingHistoryQuery): Promise<FundingRateRow[]>;
  /** Oldest first, volume in base units. */
  fetchCandles(symbol: string, interval: CandleInterval, limit: number): Promise<Candle[]>;
  /** Full-depth book, sizes in base units, `seq` = the snapshot's `sequence`. */
  fetchDepthSnapshot(symbol: string, signal?: AbortSignal): Promise<BookEvent>;
  /** Multipliers per contract, shared with the stream spec built on this client. */
  readonly contractSizes: KucoinContractSizes;
}

export function createKucoinRest(options: KucoinRestOptions): KucoinRest {
  const now = options.now ?? Date.now;
  const { get, post } = createRestCalls('kucoin', options);

  const loadContracts = async (): Promise<{ contracts: KucoinContract[]; receivedAtMs: number }> => {
    const body = await get(KUCOIN_PATHS.contractsActive);
    // The countdown in the body was measured moments before this.
    const receivedAtMs = now();
    const contracts = parseKucoinContracts(body);
    contractSizes.update(kucoinContractSpecs(contracts));
    return { contracts, receivedAtMs };
  };

  const contractSizes: KucoinContractSizes = new KucoinContractSizes({
    load: async () => kucoinContractSpecs((await loadContracts()).contracts),
    ttlMs: options.contractsTtlMs,
    now,
  });

  const fetchBulletPublic = (signal?: AbortSignal) => post(KUCOIN_PATHS.bulletPublic, undefined, signal);

  /** Null for a contract no longer listed (history outlives listings) or one without the field. */
  const fundingIntervalMs = async (symbol: string): Promise<number | null> => {
    try {
      return (await contractSizes.require(symbol)).fundingIntervalMs;
    } catch (err) {
      if (err instanceof ParseError) return null;
      throw err;
    }
  };

  return {
    contractSizes,
    fetchBulletPublic,

    async fetchBullet(signal) {
      return parseKucoinBullet(await fetchBulletPublic(signal));
    },

    async fetchContracts() {
      return (await loadContracts()).contracts;
    },

    async fetchInstruments() {
      return kucoinInstruments((await loadContracts()).contracts);
    },

    async fetchFundingSnapshots() {
      const { contracts, receivedAtMs } = await loadContracts();
      return kucoinFundingSnapshots(contracts, receivedAtMs);
    },

    async fetchFundingHistory(symbol, { startTime, endTime, limit } = {}) {
      // KuCoin wants both ends of the window.
      const to = endTime ?? now();
      const historyFrom = async (from: number) =>
        parseKucoinFundingHistory(await get(KUCOIN_PATHS.fundingHistory, { symbol, from, to }));
      if (startTime !== undefined) {
        const history = await historyFrom(startTime);
        return limit === undefined ? history : history.slice(0, clampLimit(limit, KUCOIN_FUNDING_HISTORY_LIMIT_MAX));
      }
      // Without a start: the newest `limit` settlements, in a window sized by the contract's own interval.
      const rows = clampLimit(limit ?? KUCOIN_FUNDING_HISTORY_DEFAULT_LIMIT, KUCOIN_FUNDING_HISTORY_LIMIT_MAX);
      const intervalMs = (await fundingIntervalMs(symbol)) ?? KUCOIN_DEFAULT_FUNDING_INTERVAL_HOURS * HOUR_MS;
      return (await historyFrom(to - rows * intervalMs)).slice(-rows);
    },

    async fetchCandles(symbol, interval, limit) {
      const granularity = KUCOIN_KLINE_GRANULARITY_MIN[interval];
      const rows = clampLimit(limit, KUCOIN_KLINE_LIMIT_MAX);
      // A window of `rows` candles ending now; KuCoin returns at most 500 per call.
      const to = now();
      const from = to - rows * granularity * MINUTE_MS;
      const [spec, body] = await Promise.all([
        contractSizes.require(symbol),
        get(KUCOIN_PATHS.kline, { symbol, granularity, from, to }),
      ]);
      return parseKucoinKlines(body, spec.multiplier).slice(-rows);
    },

    async fetchDepthSnapshot(symbol, signal) {
      const [spec, body] = await Promise.all([
        contractSizes.require(symbol, signal),
        get(KUCOIN_PATHS.level2Snapshot, { symbol }, signal),
      ]);
      return parseKucoinDepthSnapshot(symbol, body, spec.multiplier);
    },
  };
}
