// The funding API's serialised answers (JSON, and its gzip), one per query, kept current off the
// request path. When the store changes, the answers asked for lately are recomputed one after the
// other in slices that give the event loop back every few ms (sliced.ts), gzip runs on libuv's
// thread pool, and until a query's new answer is ready its previous one is served — for at most
// `staleMaxMs` after the change that outdated it, and never across a staleness epoch. A query with
// no usable answer waits for its own computation, which goes first in the line and is sliced too,
// so the requests queued behind it are not held up.
import { gzip } from 'node:zlib';
import { runNow, runSliced, type Work } from './sliced';
import type { FundingStore } from './store';

/** On libuv's thread pool: the event loop keeps serving meanwhile. */
function gzipAsync(text: string, level: number): Promise<NonSharedBuffer> {
  return new Promise((resolve, reject) => gzip(text, { level }, (err, out) => (err ? reject(err) : resolve(out))));
}

/** Below this a gzip round is not worth its CPU. */
const GZIP_MIN_BYTES = 1024;
/** Sliced attempts overtaken by a store change before one runs at once (and so cannot be overtaken). */
const SLICED_ATTEMPTS = 3;

export interface Computed<E> {
  json: string;
  /** What the route needs besides the body (the pairs on the page, to add live books to). */
  extra: E;
}

export interface Answer<E> extends Computed<E> {
  gzip: NonSharedBuffer | null;
}

/** Computes one query's answer from the store at `nowMs`. */
export type AnswerWork<E> = (nowMs: number) => Work<Computed<E>>;

export type AnswerSource = Pick<FundingStore, 'version' | 'staleEpoch' | 'onChange'>;

export interface AnswerCacheOptions {
  now?: () => number;
  /** How long after a change its outdated answers may still be served while new ones are computed. */
  staleMaxMs?: number;
  /** Work per slice before the event loop gets a turn. */
  sliceMs?: number;
  /** Answers asked for within this long are recomputed right after a change; others on demand. */
  hotMs?: number;
  /** At most this many of them, the most recently asked (each change costs one computation each). */
  hotMax?: number;
  maxEntries?: number;
  gzipLevel?: number;
}

interface Entry {
  version: number;
  epoch: number;
  answer: Answer<unknown>;
  askedAt: number;
  work: AnswerWork<unknown>;
}

interface Job {
  work: AnswerWork<unknown>;
  promise: Promise<Answer<unknown>>;
  resolve(a: Answer<unknown>): void;
  reject(err: unknown): void;
  started: boolean;
  /** The store changed after this job started: run it again when it ends. */
  again: boolean;
}

export class AnswerCache {
  private readonly entries = new Map<string, Entry>();
  private readonly jobs = new Map<string, Job>();
  private readonly queue: string[] = [];
  private running: Promise<void> | null = null;
  /** When recent versions were replaced: the start of their answers' staleness. */
  private readonly endedAt = new Map<number, number>();
  private readonly unsubscribe: () => void;
  private readonly now: () => number;
  private readonly staleMaxMs: number;
  private readonly sliceMs: number;
  private readonly hotMs: number;
  private readonly hotMax: number;
  private readonly maxEntries: number;
  private readonly gzipLevel: number;
  /** Computations started, for tests and logs. */
  computations = 0;

  constructor(
    private readonly source: AnswerSource,
    opts: AnswerCacheOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.staleMaxMs = opts.staleMaxMs ?? 2_000;
    this.sliceMs = opts.sliceMs ?? 3;
    this.hotMs = opts.hotMs ?? 30_000;
    this.hotMax = opts.hotMax ?? 64;
    this.maxEntries = opts.maxEntries ?? 512;
    this.gzipLevel = opts.gzipLevel ?? 6;
    this.unsubscribe = source.onChange((ended) => this.changed(ended));
  }

  /** The answer to `key` (a string naming every parameter `work` depends on). */
  async get<E>(key: string, work: AnswerWork<E>): Promise<Answer<E>> {
    const now = this.now();
    const version = this.source.version;
    const epoch = this.source.staleEpoch(now);
    const entry = this.entries.get(key);
    if (entry) {
      entry.askedAt = now;
      entry.work = work;
    }
    if (entry && entry.version === version && entry.epoch === epoch) return entry.answer as Answer<E>;
    if (entry && entry.epoch === epoch && this.outdatedFor(entry.version, now) <= this.staleMaxMs) {
      this.refresh(key, work);
      return entry.answer as Answer<E>;
    }
    return this.schedule(key, work, true) as Promise<Answer<E>>;
  }

  /** Resolves once no computation is queued or running, or after `maxWaitMs`. */
  async settled(maxWaitMs = Infinity): Promise<void> {
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      if (!Number.isFinite(maxWaitMs)) return;
      timer = setTimeout(() => {
        timedOut = true;
        resolve();
      }, maxWaitMs);
    });
    while (this.running && !timedOut) await Promise.race([this.running, timeout]);
    clearTimeout(timer);
  }

  close(): void {
    this.unsubscribe();
  }

  /** Since when answers of `version` are outdated; Infinity when not known (long ago). */
  private outdatedFor(version: number, now: number): number {
    const t = this.endedAt.get(version);
    return t === undefined ? Infinity : now - t;
  }

  private changed(endedVersion: number): void {
    const now = this.now();
    this.endedAt.set(endedVersion, now);
    for (const [v, t] of this.endedAt) if (now - t > this.staleMaxMs) this.endedAt.delete(v);
    const hot = [...this.entries]
      .filter(([, e]) => now - e.askedAt <= this.hotMs)
      .sort((a, b) => b[1].askedAt - a[1].askedAt)
      .slice(0, this.hotMax);
    const keep = new Set(hot.map(([key]) => key));
    // The others are no use any more: outdated, and not worth recomputing before someone asks.
    for (const key of this.entries.keys()) if (!keep.has(key)) this.entries.delete(key);
    for (const [key, e] of hot) {
      const running = this.jobs.get(key);
      if (running?.started) running.again = true;
      else this.refresh(key, e.work);
    }
  }

  /**
   * Recompute in the background. A failure drops the answer (see drain) and is left to the next
   * request for it, which then computes and fails in its own right (a 400 or a logged 500).
   */
  private refresh(key: string, work: AnswerWork<unknown>): void {
    this.schedule(key, work, false).catch(() => {});
  }

  private schedule(key: string, work: AnswerWork<unknown>, urgent: boolean): Promise<Answer<unknown>> {
    const job = this.jobs.get(key);
    if (job) {
      job.work = work;
      if (urgent && !job.started) this.queue.unshift(...this.queue.splice(this.queue.indexOf(key), 1));
      return job.promise;
    }
    let resolve!: (a: Answer<unknown>) => void;
    let reject!: (err: unknown) => void;
    const promise = new Promise<Answer<unknown>>((res, rej) => ((resolve = res), (reject = rej)));
    this.jobs.set(key, { work, promise, resolve, reject, started: false, again: false });
    if (urgent) this.queue.unshift(key);
    else this.queue.push(key);
    this.running ??= new Promise<void>((resolve) => setImmediate(() => void this.drain().then(resolve)));
    return promise;
  }

  /** One job at a time, so background work never takes more than a slice in a row. */
  private async drain(): Promise<void> {
    for (let key = this.queue.shift(); key !== undefined; key = this.queue.shift()) {
      const job = this.jobs.get(key)!;
      job.started = true;
      try {
        const answer = await this.compute(key, job);
        this.jobs.delete(key);
        job.resolve(answer);
      } catch (err) {
        // A query that now fails (a page past the end) must not keep its old answer.
        this.jobs.delete(key);
        this.entries.delete(key);
        job.reject(err);
        continue;
      }
      if (job.again) this.refresh(key, job.work);
    }
    this.running = null;
  }

  private async compute(key: string, job: Job): Promise<Answer<unknown>> {
    for (let attempt = 1; ; attempt++) {
      job.again = false;
      const now = this.now();
      const version = this.source.version;
      const epoch = this.source.staleEpoch(now);
      const work = job.work(now);
      this.computations++;
      const computed = attempt < SLICED_ATTEMPTS ? await runSliced(work, this.sliceMs) : runNow(work);
      if (attempt < SLICED_ATTEMPTS && this.source.version !== version) continue;
      const gz = computed.json.length < GZIP_MIN_BYTES ? null : await gzipAsync(computed.json, this.gzipLevel);
      const answer: Answer<unknown> = { ...computed, gzip: gz };
      this.store(key, { version, epoch, answer, askedAt: this.entries.get(key)?.askedAt ?? now, work: job.work });
      return answer;
    }
  }

  private store(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size <= this.maxEntries) return;
    let oldest: string | null = null;
    let oldestAt = Infinity;
    for (const [k, e] of this.entries) {
      if (e.askedAt < oldestAt) {
        oldest = k;
        oldestAt = e.askedAt;
      }
    }
    if (oldest !== null) this.entries.delete(oldest);
  }
}
