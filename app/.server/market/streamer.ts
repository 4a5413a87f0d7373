// Refcounted venue book streams: one BookSync per (venue, symbol) that somebody holds, fed
// from as few VenueSockets as the venue's per-connection limit allows, resynced from REST or
// from the stream when the sequence rules say a book broke, and released after a grace
// period when nobody holds it any more.
import { BookSync, RESYNC_REASONS, type BookSyncOptions, type ResyncReason, type SyncResult } from './book-sync';
import { silentLogger, type Logger } from './logger';
import {
  backoffDelayMs,
  errorMessage,
  VenueSocket,
  type BackoffOptions,
  type SocketState,
  type VenueSocketOptions,
} from './socket';
import { ParseError, VenueError, type BookEvent, type VenueId, type VenueStreamSpec } from './types';

/** What the hub shows: `stale` while the book's connection is down, `resyncing` while it rebuilds. */
export type BookStatus = 'live' | 'resyncing' | 'stale';

export interface BookUpdate {
  venue: VenueId;
  symbol: string;
  sync: BookSync;
  status: BookStatus;
  /** Our receive time of the frame behind the last change, ms since epoch (0 before the first). */
  recvMs: number;
}

export interface StreamError {
  kind: 'network' | 'venue';
  source: 'socket' | 'snapshot';
  message: string;
  at: number;
}

export interface VenueStatus {
  venue: VenueId;
  /** Worst state over the venue's connections; `idle` when no book is held. */
  state: SocketState | 'idle';
  connections: number;
  /** Highest consecutive-failure count over the connections. */
  attempt: number;
  lastMessageAgeMs: number | null;
  resyncs: { total: number; byReason: Record<ResyncReason, number> };
  /** Inbound frames per second over the last ~10 s. */
  messagesPerSec: number;
  parseErrors: number;
  /** Books held (including those in their grace period). */
  symbols: number;
  lastError: StreamError | null;
}

type SocketTuning = Pick<
  VenueSocketOptions,
  | 'connectTimeoutMs'
  | 'maxOutboundPerSec'
  | 'symbolsPerFrame'
  | 'backoff'
  | 'healthyAfterMs'
  | 'venueErrorDelayMs'
  | 'random'
>;

export interface StreamerOptions {
  specs: Partial<Record<VenueId, VenueStreamSpec>>;
  /** How long a book with no holder keeps streaming, so a quick re-acquire finds it warm. */
  graceMs?: number;
  /** A connection with no inbound frame for this long is replaced. */
  staleMs?: number;
  logger?: Logger;
  /** Least time between two REST snapshot calls to one venue (request weight); one value or per venue. */
  snapshotIntervalMs?: number | Partial<Record<VenueId, number>>;
  snapshotTimeoutMs?: number;
  /** Retry pacing of snapshots that failed or did not take. */
  snapshotBackoff?: Partial<BackoffOptions>;
  /** REST-snapshot venues: fetch once the first stream event is buffered, or after this long if the connection is not silent. */
  firstEventWaitMs?: number;
  /** Stream-snapshot venues: ask again when no snapshot arrived within this long (doubling, capped at 60 s). */
  streamResyncTimeoutMs?: number;
  /** At most one parse-error log line per venue per this period. */
  parseErrorLogIntervalMs?: number;
  socket?: SocketTuning;
  bookSync?: BookSyncOptions;
}

type SnapshotPhase = 'idle' | 'waiting-first-event' | 'queued' | 'in-flight' | 'backoff';

interface BookEntry {
  readonly symbol: string;
  readonly sync: BookSync;
  readonly socket: VenueSocket;
  refs: number;
  dropped: boolean;
  recvMs: number;
  graceTimer: NodeJS.Timeout | null;
  snapshot: {
    phase: SnapshotPhase;
    /** Snapshots taken since the book was last live; paces retries. */
    attempt: number;
    timer: NodeJS.Timeout | null;
    abort: AbortController | null;
  };
  watchdog: { timer: NodeJS.Timeout | null; delayMs: number };
}

const DEFAULT_SNAPSHOT_BACKOFF: BackoffOptions = { baseMs: 1000, factor: 2, maxMs: 30_000 };
const MAX_WATCHDOG_MS = 60_000;

export class Streamer {
  private readonly lanes = new Map<VenueId, VenueLane>();
  private readonly listeners = new Set<(u: BookUpdate) => void>();
  private readonly log: Logger;
  private closed = false;

  constructor(opts: StreamerOptions) {
    this.log = opts.logger ?? silentLogger;
    const emit = (u: BookUpdate) => this.emit(u);
    for (const [venue, spec] of Object.entries(opts.specs) as [VenueId, VenueStreamSpec | undefined][]) {
      if (spec) this.lanes.set(venue, new VenueLane(spec, opts, this.log, emit));
    }
  }

  /** Venues this streamer has a stream spec for. */
  venues(): VenueId[] {
    return [...this.lanes.keys()];
  }

  hasVenue(venue: VenueId): boolean {
    return this.lanes.has(venue);
  }

  /**
   * Holds the book of (venue, symbol) until the returned function is called (once; later calls
   * do nothing). The first holder starts the upstream subscription. Throws for a venue without a spec.
   */
  acquire(venue: VenueId, symbol: string): () => void {
    if (this.closed) throw new Error('streamer is closed');
    const lane = this.lanes.get(venue);
    if (!lane) throw new Error(`no stream spec for venue "${venue}"`);
    const entry = lane.hold(symbol);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      lane.release(entry);
    };
  }

  onBook(listener: (u: BookUpdate) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  getBook(venue: VenueId, symbol: string): BookSync | undefined {
    return this.lanes.get(venue)?.get(symbol)?.sync;
  }

  /** The book with its status and receive time, as onBook would report it now. */
  getUpdate(venue: VenueId, symbol: string): BookUpdate | undefined {
    return this.lanes.get(venue)?.update(symbol);
  }

  status(): VenueStatus[] {
    return [...this.lanes.values()].map((lane) => lane.status());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    await Promise.all([...this.lanes.values()].map((lane) => lane.close()));
  }

  private emit(u: BookUpdate): void {
    for (const listener of this.listeners) {
      try {
        listener(u);
      } catch (err) {
        this.log.error('book listener threw', { venue: u.venue, symbol: u.symbol, error: errorMessage(err) });
      }
    }
  }
}

/** Everything about one venue: its sockets, its books, its snapshot queue and its counters. */
class VenueLane {
  private readonly venue: VenueId;
  private readonly entries = new Map<string, BookEntry>();
  private sockets: VenueSocket[] = [];
  private readonly graceMs: number;
  private readonly staleMs: number;
  private readonly snapshotIntervalMs: number;
  private readonly snapshotTimeoutMs: number;
  private readonly snapshotBackoff: BackoffOptions;
  private readonly firstEventWaitMs: number;
  private readonly streamResyncTimeoutMs: number;
  private readonly parseErrorLogIntervalMs: number;
  private readonly random: () => number;

  private readonly resyncs: Record<ResyncReason, number> = Object.fromEntries(
    RESYNC_REASONS.map((r) => [r, 0]),
  ) as Record<ResyncReason, number>;
  private resyncTotal = 0;
  private parseErrors = 0;
  private parseErrorsUnlogged = 0;
  private lastParseLogAt = -Infinity;
  private readonly meter = new RateMeter(10);
  private lastError: StreamError | null = null;

  private snapshotQueue: BookEntry[] = [];
  private nextSnapshotAt = 0;
  private snapshotTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly spec: VenueStreamSpec,
    private readonly opts: StreamerOptions,
    private readonly log: Logger,
    private readonly emitUpdate: (u: BookUpdate) => void,
  ) {
    this.venue = spec.venue;
    this.graceMs = opts.graceMs ?? 5000;
    this.staleMs = opts.staleMs ?? 30_000;
    const interval = opts.snapshotIntervalMs;
    this.snapshotIntervalMs = (typeof interval === 'number' ? interval : interval?.[spec.venue]) ?? 250;
    this.snapshotTimeoutMs = opts.snapshotTimeoutMs ?? 10_000;
    this.snapshotBackoff = { ...DEFAULT_SNAPSHOT_BACKOFF, ...opts.snapshotBackoff };
    this.firstEventWaitMs = opts.firstEventWaitMs ?? 1000;
    this.streamResyncTimeoutMs = opts.streamResyncTimeoutMs ?? 5000;
    this.parseErrorLogIntervalMs = opts.parseErrorLogIntervalMs ?? 10_000;
    this.random = opts.socket?.random ?? Math.random;
  }

  get(symbol: string): BookEntry | undefined {
    return this.entries.get(symbol);
  }

  update(symbol: string): BookUpdate | undefined {
    const entry = this.entries.get(symbol);
    return entry && this.updateOf(entry);
  }

  hold(symbol: string): BookEntry {
    const existing = this.entries.get(symbol);
    if (existing) {
      existing.refs++;
      clearTimer(existing.graceTimer);
      existing.graceTimer = null;
      return existing;
    }
    const max = Math.max(1, this.spec.maxSymbolsPerConnection);
    const socket = this.sockets.find((s) => s.symbols.size < max) ?? this.openSocket();
    const entry: BookEntry = {
      symbol,
      sync: new BookSync(symbol, this.spec.rules, this.opts.bookSync),
      socket,
      refs: 1,
      dropped: false,
      recvMs: 0,
      graceTimer: null,
      snapshot: { phase: 'idle', attempt: 0, timer: null, abort: null },
      watchdog: { timer: null, delayMs: this.streamResyncTimeoutMs },
    };
    this.entries.set(symbol, entry);
    // The subscribe frame goes out now or on connect; onSubscribed then starts the snapshot flow.
    socket.subscribe([symbol]);
    this.log.debug('book acquired', { venue: this.venue, symbol, connections: this.sockets.length });
    return entry;
  }

  release(entry: BookEntry): void {
    if (entry.dropped || entry.refs <= 0) return;
    entry.refs--;
    if (entry.refs > 0) return;
    entry.graceTimer = setTimeout(() => {
      entry.graceTimer = null;
      if (entry.refs === 0) this.drop(entry);
    }, this.graceMs);
  }

  status(): VenueStatus {
    const now = Date.now();
    const statuses = this.sockets.map((s) => s.status());
    const lastMessageAt = Math.max(0, ...statuses.map((s) => s.lastMessageAt ?? 0));
    let lastError = this.lastError;
    for (const s of statuses) {
      if (s.lastError && (!lastError || s.lastError.at > lastError.at)) {
        lastError = { kind: s.lastError.kind, source: 'socket', message: s.lastError.message, at: s.lastError.at };
      }
    }
    return {
      venue: this.venue,
      state: worstState(statuses.map((s) => s.state)),
      connections: this.sockets.length,
      attempt: Math.max(0, ...statuses.map((s) => s.attempt)),
      lastMessageAgeMs: lastMessageAt > 0 ? now - lastMessageAt : null,
      resyncs: { total: this.resyncTotal, byReason: { ...this.resyncs } },
      messagesPerSec: this.meter.perSec(now),
      parseErrors: this.parseErrors,
      symbols: this.entries.size,
      lastError,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const entry of this.entries.values()) {
      entry.dropped = true;
      clearTimer(entry.graceTimer);
      this.cancelSnapshot(entry);
      this.clearWatchdog(entry);
    }
    this.entries.clear();
    clearTimer(this.snapshotTimer);
    this.snapshotTimer = null;
    this.snapshotQueue = [];
    const sockets = this.sockets;
    this.sockets = [];
    await Promise.all(sockets.map((s) => s.close()));
  }

  private openSocket(): VenueSocket {
    const socket: VenueSocket = new VenueSocket({
      ...this.opts.socket,
      spec: this.spec,
      staleMs: this.staleMs,
      logger: this.log,
      onFrame: (frame, recvMs) => this.onFrame(socket, frame, recvMs),
      onSubscribed: (symbols) => this.onSubscribed(socket, symbols),
      onOpen: () => this.onSocketChange(socket),
      onDisconnect: (failure) => this.onDisconnect(socket, failure.cause === 'stale' ? 'stale' : 'reconnect'),
      onDecodeError: (err) => this.countParseError(err, undefined),
    });
    this.sockets.push(socket);
    socket.start();
    return socket;
  }

  private drop(entry: BookEntry): void {
    entry.dropped = true;
    this.cancelSnapshot(entry);
    this.clearWatchdog(entry);
    this.entries.delete(entry.symbol);
    entry.socket.unsubscribe([entry.symbol]);
    if (entry.socket.symbols.size === 0) {
      this.sockets = this.sockets.filter((s) => s !== entry.socket);
      void entry.socket.close();
    }
    this.log.debug('book released', { venue: this.venue, symbol: entry.symbol, connections: this.sockets.length });
  }

  private onFrame(socket: VenueSocket, frame: string | Buffer, recvMs: number): void {
    this.meter.add(recvMs);
    // A sample for the parse-error log: binary frames as a short hex prefix.
    const text = typeof frame === 'string' ? frame : `<binary ${frame.length} B> ${frame.subarray(0, 48).toString('hex')}`;
    let events: BookEvent[] | null;
    try {
      events = typeof frame === 'string' ? this.spec.parse(frame) : this.spec.parseBinary!(frame);
    } catch (err) {
      this.countParseError(err, text);
      return;
    }
    if (!events) return;
    for (const ev of events) {
      const entry = this.entries.get(ev.symbol);
      if (!entry || entry.socket !== socket) continue;
      entry.recvMs = recvMs;
      const before = entry.sync.state;
      let result: SyncResult;
      try {
        result = entry.sync.onStreamEvent(ev);
      } catch (err) {
        // A rules function threw on this event: treat it like a frame we could not read.
        this.countParseError(err, text);
        continue;
      }
      if (entry.snapshot.phase === 'waiting-first-event') this.requestSnapshot(entry);
      this.afterSync(entry, before, result, true);
    }
  }

  /** Counts a resync, starts recovery, and tells listeners when the book or its state changed. */
  private afterSync(entry: BookEntry, before: BookSync['state'], result: SyncResult, fromStream: boolean): void {
    if (result.resync) {
      this.countResync(result.resync);
      this.log.debug('book resync', { venue: this.venue, symbol: entry.symbol, reason: result.resync });
      this.recover(entry);
    }
    if (entry.sync.state === 'live') {
      // A snapshot is only proven once a stream delta chained onto it; until then retries stay paced.
      if (fromStream && result.changed) entry.snapshot.attempt = 0;
      this.clearWatchdog(entry);
      entry.watchdog.delayMs = this.streamResyncTimeoutMs;
    }
    if (result.changed || entry.sync.state !== before) this.emitUpdate(this.updateOf(entry));
  }

  private onSubscribed(socket: VenueSocket, symbols: string[]): void {
    for (const symbol of symbols) {
      const entry = this.entries.get(symbol);
      if (!entry || entry.socket !== socket) continue;
      if (this.spec.rules.snapshotFrom === 'rest') {
        // Binance's algorithm: stream first, buffer, then the snapshot the buffer can bridge.
        this.cancelSnapshot(entry);
        entry.snapshot.attempt = 0;
        entry.snapshot.phase = 'waiting-first-event';
        this.waitForFirstEvent(entry, Date.now());
      } else {
        // The subscription itself brings the snapshot; the watchdog covers one that never comes.
        this.clearWatchdog(entry);
        entry.watchdog.delayMs = this.streamResyncTimeoutMs;
        this.armWatchdog(entry);
      }
    }
  }

  /**
   * A quiet symbol may send no event for a while, so after `firstEventWaitMs` the snapshot goes
   * without one, but only once the connection has delivered some frame since the subscribe (the
   * venue's ack will do). On a connection silent since then the snapshot would be served as a live
   * book that nothing keeps current; instead the book stays resyncing until the stale check
   * replaces the connection.
   */
  private waitForFirstEvent(entry: BookEntry, subscribedAt: number): void {
    entry.snapshot.timer = setTimeout(() => {
      entry.snapshot.timer = null;
      if (entry.snapshot.phase !== 'waiting-first-event') return;
      const heardAt = entry.socket.status().lastMessageAt;
      if (heardAt === null || heardAt < subscribedAt) this.waitForFirstEvent(entry, subscribedAt);
      else this.requestSnapshot(entry);
    }, this.firstEventWaitMs);
  }

  private onSocketChange(socket: VenueSocket): void {
    for (const entry of this.entries.values()) {
      if (entry.socket === socket) this.emitUpdate(this.updateOf(entry));
    }
  }

  /** The connection behind these books is gone: they are broken until the new one resyncs them. */
  private onDisconnect(socket: VenueSocket, reason: 'stale' | 'reconnect'): void {
    for (const entry of this.entries.values()) {
      if (entry.socket !== socket) continue;
      this.cancelSnapshot(entry);
      this.clearWatchdog(entry);
      const before = entry.sync.state;
      const result = entry.sync.markResync(reason);
      if (result.resync) this.countResync(result.resync);
      if (result.resync)
        this.log.debug('book resync', { venue: this.venue, symbol: entry.symbol, reason: result.resync, was: before });
      // Emitted even when the state did not change: the status turned stale.
      this.emitUpdate(this.updateOf(entry));
    }
  }

  private recover(entry: BookEntry): void {
    if (this.spec.rules.snapshotFrom === 'rest') this.requestSnapshot(entry);
    else this.sendResyncFrames(entry);
  }

  // ---- REST snapshots: at most one in flight per symbol, spaced per venue, retried with backoff.

  private requestSnapshot(entry: BookEntry): void {
    const snap = entry.snapshot;
    if (
      entry.dropped ||
      this.closed ||
      snap.phase === 'queued' ||
      snap.phase === 'in-flight' ||
      snap.phase === 'backoff'
    )
      return;
    clearTimer(snap.timer);
    snap.timer = null;
    if (!entry.socket.connected) {
      snap.phase = 'idle'; // the reconnect restarts the flow once the stream is back
      return;
    }
    if (snap.attempt > 0) {
      snap.phase = 'backoff';
      snap.timer = setTimeout(
        () => {
          snap.timer = null;
          snap.phase = 'idle';
          this.enqueueSnapshot(entry);
        },
        backoffDelayMs(snap.attempt, this.snapshotBackoff, this.random),
      );
      return;
    }
    this.enqueueSnapshot(entry);
  }

  private enqueueSnapshot(entry: BookEntry): void {
    if (entry.dropped || this.closed || !entry.socket.connected) return;
    entry.snapshot.phase = 'queued';
    this.snapshotQueue.push(entry);
    this.pumpSnapshots();
  }

  private pumpSnapshots(): void {
    if (this.snapshotTimer || this.closed) return;
    while (this.snapshotQueue.length) {
      const now = Date.now();
      if (now < this.nextSnapshotAt) {
        this.snapshotTimer = setTimeout(() => {
          this.snapshotTimer = null;
          this.pumpSnapshots();
        }, this.nextSnapshotAt - now);
        return;
      }
      const entry = this.snapshotQueue.shift()!;
      if (entry.dropped || entry.snapshot.phase !== 'queued') continue;
      this.nextSnapshotAt = now + this.snapshotIntervalMs;
      void this.fetchSnapshot(entry);
    }
  }

  private async fetchSnapshot(entry: BookEntry): Promise<void> {
    const snap = entry.snapshot;
    const ctrl = new AbortController();
    snap.phase = 'in-flight';
    snap.abort = ctrl;
    snap.attempt++;
    const timeout = setTimeout(
      () => ctrl.abort(new Error(`snapshot timeout after ${this.snapshotTimeoutMs} ms`)),
      this.snapshotTimeoutMs,
    );
    try {
      if (!this.spec.fetchSnapshot) throw new Error('venue spec says snapshotFrom rest but has no fetchSnapshot');
      const ev = await this.spec.fetchSnapshot(entry.symbol, ctrl.signal);
      if (snap.abort !== ctrl) return; // cancelled: released or disconnected meanwhile
      snap.abort = null;
      snap.phase = 'idle';
      entry.recvMs = Date.now();
      const before = entry.sync.state;
      this.afterSync(entry, before, entry.sync.onRestSnapshot(ev), false);
    } catch (err) {
      if (snap.abort !== ctrl) return;
      snap.abort = null;
      snap.phase = 'idle';
      const cause = ctrl.signal.aborted ? ctrl.signal.reason : err;
      const venueSaidNo = cause instanceof VenueError;
      this.lastError = {
        kind: venueSaidNo ? 'venue' : 'network',
        source: 'snapshot',
        message: errorMessage(cause),
        at: Date.now(),
      };
      if (venueSaidNo && cause.retryAfterMs) {
        // A 429 is per IP: the whole venue's snapshot queue waits, not just this symbol.
        this.nextSnapshotAt = Math.max(this.nextSnapshotAt, Date.now() + cause.retryAfterMs);
      }
      this.log.warn('book snapshot failed', {
        venue: this.venue,
        symbol: entry.symbol,
        attempt: snap.attempt,
        error: errorMessage(cause),
      });
      this.requestSnapshot(entry);
    } finally {
      clearTimeout(timeout);
    }
  }

  private cancelSnapshot(entry: BookEntry): void {
    const snap = entry.snapshot;
    clearTimer(snap.timer);
    snap.timer = null;
    const ctrl = snap.abort;
    snap.abort = null;
    ctrl?.abort(new Error('snapshot cancelled'));
    snap.phase = 'idle'; // a queued entry in idle phase is skipped by the pump
  }

  // ---- Stream-snapshot venues: resubscribe, and again if no snapshot comes.

  private sendResyncFrames(entry: BookEntry): void {
    if (entry.dropped || entry.watchdog.timer || !entry.socket.connected) return;
    let frames: string[];
    try {
      frames = this.spec.resyncFrames
        ? this.spec.resyncFrames(entry.symbol)
        : [...this.spec.unsubscribeFrames([entry.symbol]), ...this.spec.subscribeFrames([entry.symbol])];
    } catch (err) {
      this.log.error('venue spec failed to build resync frames', { venue: this.venue, error: errorMessage(err) });
      return;
    }
    entry.socket.send(frames);
    this.armWatchdog(entry);
  }

  private armWatchdog(entry: BookEntry): void {
    const w = entry.watchdog;
    if (w.timer) return;
    w.timer = setTimeout(() => {
      w.timer = null;
      if (entry.dropped || entry.sync.state === 'live') return;
      w.delayMs = Math.min(MAX_WATCHDOG_MS, w.delayMs * 2);
      this.log.debug('book snapshot overdue, resubscribing', { venue: this.venue, symbol: entry.symbol });
      this.sendResyncFrames(entry);
    }, w.delayMs);
  }

  private clearWatchdog(entry: BookEntry): void {
    clearTimer(entry.watchdog.timer);
    entry.watchdog.timer = null;
  }

  // ---- Counters.

  private countResync(reason: ResyncReason): void {
    this.resyncs[reason]++;
    this.resyncTotal++;
  }

  private countParseError(err: unknown, frame: string | undefined): void {
    this.parseErrors++;
    this.parseErrorsUnlogged++;
    const now = Date.now();
    if (now - this.lastParseLogAt < this.parseErrorLogIntervalMs) return;
    const sample = err instanceof ParseError && err.sample !== undefined ? err.sample : frame;
    this.log.warn('venue frame rejected', {
      venue: this.venue,
      error: errorMessage(err),
      sample: sample?.slice(0, 300),
      sinceLastLog: this.parseErrorsUnlogged,
      total: this.parseErrors,
    });
    this.lastParseLogAt = now;
    this.parseErrorsUnlogged = 0;
  }

  private updateOf(entry: BookEntry): BookUpdate {
    let status: BookStatus = 'live';
    if (entry.sync.state !== 'live') status = entry.socket.status().state === 'reconnecting' ? 'stale' : 'resyncing';
    return { venue: this.venue, symbol: entry.symbol, sync: entry.sync, status, recvMs: entry.recvMs };
  }
}

/** Frames per second over a rolling window of whole-second buckets. */
class RateMeter {
  private readonly counts: number[];
  private readonly seconds: number[];
  private readonly startedAt = Date.now();

  constructor(private readonly windowSec: number) {
    this.counts = new Array<number>(windowSec).fill(0);
    this.seconds = new Array<number>(windowSec).fill(-1);
  }

  add(nowMs: number): void {
    const sec = Math.floor(nowMs / 1000);
    const i = sec % this.windowSec;
    if (this.seconds[i] !== sec) {
      this.seconds[i] = sec;
      this.counts[i] = 0;
    }
    this.counts[i]!++;
  }

  perSec(nowMs: number): number {
    const sec = Math.floor(nowMs / 1000);
    let sum = 0;
    for (let i = 0; i < this.windowSec; i++) {
      if (this.seconds[i]! > sec - this.windowSec) sum += this.counts[i]!;
    }
    // The window covers the last windowSec-1 whole seconds plus the current partial one.
    const spanMs = Math.min((this.windowSec - 1) * 1000 + (nowMs % 1000), nowMs - this.startedAt);
    return spanMs > 0 ? Math.round((sum / spanMs) * 1000 * 10) / 10 : 0;
  }
}

const STATE_RANK: Record<SocketState, number> = { connected: 0, connecting: 1, reconnecting: 2, closed: 3 };

function worstState(states: SocketState[]): SocketState | 'idle' {
  if (!states.length) return 'idle';
  return states.reduce((worst, s) => (STATE_RANK[s] > STATE_RANK[worst] ? s : worst));
}

function clearTimer(t: NodeJS.Timeout | null): void {
  if (t) clearTimeout(t);
}
