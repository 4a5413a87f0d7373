// Pacing of REST calls per venue: one token bucket per venue shared by every job in the process,
// so a 30-day backfill and the minute snapshots never add up past the venue's limit. Several app
// processes split each budget between them (process-share.ts sets each one's share).
import type { VenueId } from '~/lib/venues';
import {
  COINGECKO_RATE_BUDGET,
  isLoopbackUrl,
  LOCAL_RATE_BUDGET,
  VENUE_RATE_BUDGETS,
  type RateBudget,
} from './venue-policy';

export class TokenBucket {
  private tokens: number;
  private lastRefillMs: number;
  private blockedUntilMs = 0;
  private readonly waiters: (() => void)[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** This process's part of the venue's budget (1 / the number of app processes). */
  private share = 1;

  constructor(
    readonly budget: RateBudget,
    private readonly now: () => number = Date.now,
  ) {
    if (!(budget.perSecond > 0) || !(budget.burst >= 1))
      throw new RangeError('rate budget needs perSecond > 0 and burst >= 1');
    this.tokens = budget.burst;
    this.lastRefillMs = now();
  }

  /** Requests per second this bucket lets through now. */
  get perSecond(): number {
    return this.budget.perSecond * this.share;
  }

  private get burst(): number {
    return Math.max(1, this.budget.burst * this.share);
  }

  /** Take `share` (0 < share ≤ 1) of the budget from now on: other processes use the rest. */
  setShare(share: number): void {
    if (!(share > 0 && share <= 1)) throw new RangeError(`share must be in (0, 1], got ${share}`);
    this.refill(this.now());
    this.share = share;
    this.tokens = Math.min(this.tokens, this.burst);
  }

  /** Resolves when a request may go. */
  acquire(): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.drain();
    });
  }

  /** Nothing goes for `ms` (the venue said 429 with Retry-After). */
  block(ms: number): void {
    this.blockedUntilMs = Math.max(this.blockedUntilMs, this.now() + Math.max(0, ms));
    this.tokens = 0;
  }

  /** Requests waiting for a token. */
  get waiting(): number {
    return this.waiters.length;
  }

  private refill(nowMs: number): void {
    const elapsed = Math.max(0, nowMs - Math.max(this.lastRefillMs, this.blockedUntilMs));
    this.tokens = Math.min(this.burst, this.tokens + (elapsed / 1000) * this.perSecond);
    this.lastRefillMs = Math.max(nowMs, this.lastRefillMs);
  }

  private drain(): void {
    const nowMs = this.now();
    if (nowMs >= this.blockedUntilMs) this.refill(nowMs);
    while (this.waiters.length > 0 && nowMs >= this.blockedUntilMs && this.tokens >= 1) {
      this.tokens -= 1;
      this.waiters.shift()!();
    }
    if (this.waiters.length === 0 || this.timer) return;
    const waitMs =
      nowMs < this.blockedUntilMs
        ? this.blockedUntilMs - nowMs
        : Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.drain();
      },
      Math.max(1, waitMs),
    );
    // A pending wait must not keep a stopping process alive.
    this.timer.unref();
  }
}

export type LimiterKey = VenueId | 'coingecko';

/** One bucket per venue (and one for CoinGecko), with the 429 handling every caller needs. */
export class VenueLimiters {
  private readonly buckets = new Map<LimiterKey, TokenBucket>();
  private share = 1;

  constructor(budgets: Partial<Record<LimiterKey, RateBudget>>) {
    for (const [key, budget] of Object.entries(budgets) as [LimiterKey, RateBudget][]) {
      this.buckets.set(key, new TokenBucket(budget));
    }
  }

  /** Run `call` once a token is free; a 429/418 with Retry-After pauses the whole venue that long. */
  async schedule<T>(key: LimiterKey, call: () => Promise<T>): Promise<T> {
    const bucket = this.bucket(key);
    await bucket.acquire();
    try {
      return await call();
    } catch (err) {
      const pause = retryPauseMs(err);
      if (pause !== null) bucket.block(pause);
      throw err;
    }
  }

  bucket(key: LimiterKey): TokenBucket {
    let b = this.buckets.get(key);
    if (!b) {
      b = new TokenBucket(key === 'coingecko' ? COINGECKO_RATE_BUDGET : VENUE_RATE_BUDGETS[key]);
      b.setShare(this.share);
      this.buckets.set(key, b);
    }
    return b;
  }

  /** Every budget split `processes` ways: this process takes its part. */
  shareWith(processes: number): void {
    this.share = 1 / Math.max(1, Math.floor(processes));
    for (const b of this.buckets.values()) b.setShare(this.share);
  }

  get processes(): number {
    return Math.round(1 / this.share);
  }
}

/**
 * Venue budgets for real hosts, the local budget for hosts on this machine (simulators, tests),
 * so the demo fills in seconds while production stays polite.
 */
export function createVenueLimiters(
  urls: Partial<Record<VenueId, { restUrl: string }>>,
  coingeckoUrl: string,
): VenueLimiters {
  const budgets: Partial<Record<LimiterKey, RateBudget>> = {};
  for (const [venue, u] of Object.entries(urls) as [VenueId, { restUrl: string }][]) {
    budgets[venue] = isLoopbackUrl(u.restUrl) ? LOCAL_RATE_BUDGET : VENUE_RATE_BUDGETS[venue];
  }
  budgets.coingecko = isLoopbackUrl(coingeckoUrl) ? LOCAL_RATE_BUDGET : COINGECKO_RATE_BUDGET;
  return new VenueLimiters(budgets);
}

/** Milliseconds to hold off after a refusal that says so (429/418); null for anything else. */
export function retryPauseMs(err: unknown): number | null {
  if (!(err instanceof Error)) return null;
  const e = err as Error & { status?: unknown; retryAfterMs?: unknown };
  if (e.name !== 'VenueError' && e.name !== 'CoingeckoError') return null;
  if (e.status !== 429 && e.status !== 418) return null;
  return typeof e.retryAfterMs === 'number' ? e.retryAfterMs : 10_000;
}

/** Run `fn` over `items` with at most `limit` in flight; results in input order. Rejections are returned, not thrown. */
export async function mapSettled<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const out: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        out[i] = { status: 'fulfilled', value: await fn(items[i]!) };
      } catch (reason) {
        out[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}
