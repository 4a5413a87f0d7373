// What the KuCoin parsers need to know about each contract beyond its symbol: the multiplier (base
// units per contract) that turns contracts into base units, and the funding interval that sizes
// history windows. Cached from `/api/v1/contracts/active`. The WS parser is synchronous, so the
// table is loaded before a connection opens and read without I/O; new listings are picked up on demand.
import { ParseError } from '~/.server/market/types';
import { KUCOIN_CONTRACTS_TTL_MS } from './constants';

export interface KucoinContractSpec {
  /** Base units per contract: 0.001 for XBTUSDTM. */
  multiplier: number;
  /** `fundingRateGranularity`; null for dated futures or lists older than the field. */
  fundingIntervalMs: number | null;
}

export interface KucoinContractSizesOptions {
  /** Fetches the current table (every linear contract). */
  load: () => Promise<Map<string, KucoinContractSpec>>;
  /** A table older than this is refreshed before the next connection. */
  ttlMs?: number;
  /** Least time between two loads caused by an unknown symbol, so a bogus one cannot hammer the venue. */
  minReloadMs?: number;
  now?: () => number;
}

export class KucoinContractSizes {
  private table = new Map<string, KucoinContractSpec>();
  private loadedAtMs: number | null = null;
  private inflight: Promise<void> | null = null;
  private readonly ttlMs: number;
  private readonly minReloadMs: number;
  private readonly now: () => number;

  constructor(private readonly opts: KucoinContractSizesOptions) {
    this.ttlMs = opts.ttlMs ?? KUCOIN_CONTRACTS_TTL_MS;
    this.minReloadMs = opts.minReloadMs ?? 10_000;
    this.now = opts.now ?? Date.now;
  }

  /** Base units per contract, or undefined when the table does not list the symbol (yet). */
  get(symbol: string): number | undefined {
    return this.table.get(symbol)?.multiplier;
  }

  get size(): number {
    return this.table.size;
  }

  /** Takes a table fetched elsewhere (every contracts/active call refreshes it for free). */
  update(table: Map<string, KucoinContractSpec>): void {
    this.table = table;
    this.loadedAtMs = this.now();
  }

  /**
   * Loads the table when it was never loaded or is older than the TTL. A failed refresh of a table
   * we already have keeps the old one (multipliers do not change); a failed first load throws.
   */
  async ensureFresh(): Promise<void> {
    if (this.loadedAtMs !== null && this.now() - this.loadedAtMs < this.ttlMs) return;
    try {
      await this.reload();
    } catch (err) {
      if (this.loadedAtMs === null) throw err;
    }
  }

  /**
   * The contract's entry, reloading the table once when the symbol is new to it. Throws ParseError
   * when KuCoin does not list the contract, or the venue/network error of the load.
   */
  async require(symbol: string, signal?: AbortSignal): Promise<KucoinContractSpec> {
    const known = this.table.get(symbol);
    if (known !== undefined) return known;
    const recent = this.loadedAtMs !== null && this.now() - this.loadedAtMs < this.minReloadMs;
    if (!recent) await abortable(this.reload(), signal);
    const loaded = this.table.get(symbol);
    if (loaded === undefined) throw new ParseError('kucoin', `no active linear contract ${symbol} in contracts/active`);
    return loaded;
  }

  /** One load at a time; concurrent callers share it. */
  private reload(): Promise<void> {
    this.inflight ??= this.opts
      .load()
      .then((table) => this.update(table))
      .finally(() => {
        this.inflight = null;
      });
    return this.inflight;
  }
}

/** Waits for a shared promise, but lets one caller give up on it without cancelling it for the others. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err as Error);
      },
    );
  });
}
