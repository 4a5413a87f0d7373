// The browser side of /ws: one shared socket per page (react-use-websocket with `share`), with
// reconnect and backoff, subscriptions refcounted across components, re-subscribed after every
// reconnect, and incoming books batched per animation frame (one React state update per frame,
// however many messages arrived). Pages use `useOrderBooks` and `useMarketChannel`.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import useWebSocketImport, { ReadyState, type Options } from 'react-use-websocket';
import { markChanges, type Level, type LevelMark } from './book-math';

// react-use-websocket ships CommonJS only: the browser bundle sees its `default` export, Node's
// ESM loader (server render) sees the whole `module.exports`. Take the function from either.
const useWebSocket: typeof useWebSocketImport =
  (useWebSocketImport as unknown as { default?: typeof useWebSocketImport }).default ?? useWebSocketImport;

/** The connection as a page should describe it. */
export type SocketState = 'connecting' | 'open' | 'reconnecting';

/** A book as the hub sends it: levels best first, or a `status` with no levels while it is not live. */
export interface BookMessage {
  exchange: string;
  symbol: string;
  b: Level[];
  a: Level[];
  ts?: number;
  recv?: number;
  seq?: number;
  status?: 'resyncing' | 'stale';
}

export type BookStatus = 'waiting' | 'live' | 'resyncing' | 'stale' | 'error';

export interface BookView {
  exchange: string;
  symbol: string;
  /** `waiting` until the first book arrives; `error` when the hub refused the subscription. */
  status: BookStatus;
  bids: Level[];
  asks: Level[];
  /** Venue time of the last event (ms, 0 when the venue gives none). */
  venueTs: number;
  /** Server receive time of the frame behind the last change (ms). */
  serverRecvMs: number;
  /** Browser time the last book message was painted (ms). */
  receivedAtMs: number;
  seq: number;
  error: string | null;
  /** Prices whose size changed recently, for the flash. */
  marks: { bids: Map<number, LevelMark>; asks: Map<number, LevelMark> };
}

export interface BookTarget {
  exchange: string;
  symbol: string;
}

export function bookKey(exchange: string, symbol: string): string {
  return `${exchange}:${symbol}`;
}

const RECONNECT_BASE_MS = 1000;
const RECONNECT_MAX_MS = 30_000;
// One jitter factor per page load: every component on this page reconnects together (they share
// the socket), while different browsers spread out after a server restart.
const PAGE_JITTER = 0.75 + Math.random() * 0.5;

export function reconnectDelayMs(attempt: number): number {
  return Math.round(Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** attempt) * PAGE_JITTER);
}

const SOCKET_OPTIONS: Options = {
  share: true,
  shouldReconnect: () => true,
  reconnectAttempts: Number.POSITIVE_INFINITY,
  reconnectInterval: reconnectDelayMs,
  // The hub answers {"action":"ping"} with {"type":"pong"}; silence for a minute means a dead link.
  heartbeat: { message: '{"action":"ping"}', returnMessage: '{"type":"pong"}', interval: 25_000, timeout: 60_000 },
  // Never store messages in React state (one render per message); handlers below batch them.
  filter: () => false,
};

// ---- Subscriptions shared by every component on the page (they share one socket).

/** Holders per subscription key (book key or `#channel`), with the depth each asked for. */
const holders = new Map<string, number[]>();

function hold(key: string, depth: number): void {
  const list = holders.get(key);
  if (list) list.push(depth);
  else holders.set(key, [depth]);
}

/** Drops one holder; true when it was the last one. */
function unhold(key: string, depth: number): boolean {
  const list = holders.get(key);
  if (!list) return false;
  const i = list.indexOf(depth);
  if (i >= 0) list.splice(i, 1);
  if (list.length) return false;
  holders.delete(key);
  return true;
}

function maxDepth(key: string, fallback: number): number {
  const list = holders.get(key);
  return list?.length ? Math.max(...list) : fallback;
}

// Every component sharing the socket gets every message: parse each one once.
const parsed = new WeakMap<MessageEvent, unknown>();

function parseMessage(event: MessageEvent): unknown {
  if (parsed.has(event)) return parsed.get(event);
  let value: unknown = null;
  if (typeof event.data === 'string') {
    try {
      value = JSON.parse(event.data);
    } catch {
      value = null;
    }
  }
  parsed.set(event, value);
  return value;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isBookMessage(v: unknown): v is BookMessage {
  return (
    isRecord(v) &&
    typeof v.exchange === 'string' &&
    typeof v.symbol === 'string' &&
    Array.isArray(v.b) &&
    Array.isArray(v.a)
  );
}

/** The /ws URL of the page's own server; null during the server render. */
function useSocketUrl(): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    setUrl(`${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/ws`);
  }, []);
  return url;
}

interface MarketSocket {
  state: SocketState;
  /** Sends now when open; otherwise drops the message (subscriptions are re-sent on open). Stable. */
  send: (msg: Record<string, unknown>) => void;
  /** True while open: for effects that send on (re)connect. */
  open: boolean;
}

/**
 * The shared socket. `onMessage` sees every parsed message (keep it cheap and do not set React
 * state from it directly; batch per frame). Exported for pages with their own message kinds.
 */
export function useMarketSocket(onMessage: (msg: unknown) => void): MarketSocket {
  const url = useSocketUrl();
  const handler = useRef(onMessage);
  handler.current = onMessage;
  const everOpen = useRef(false);
  const options = useMemo<Options>(
    () => ({
      ...SOCKET_OPTIONS,
      onMessage: (event) => handler.current(parseMessage(event)),
      onOpen: () => {
        everOpen.current = true;
      },
    }),
    [],
  );
  const { sendJsonMessage, readyState } = useWebSocket(url, options);
  const open = readyState === ReadyState.OPEN;
  // Stable across open/close, so effects that hold subscriptions do not re-run on every reconnect.
  // keep=false: sent only while the socket is open; subscriptions are re-sent when it opens again.
  const send = useCallback((msg: Record<string, unknown>) => sendJsonMessage(msg, false), [sendJsonMessage]);
  const state: SocketState = open ? 'open' : everOpen.current ? 'reconnecting' : 'connecting';
  return { state, send, open };
}

/** Calls `flush` at most once per animation frame after `schedule()`. */
function useFrameBatch(flush: () => void): () => void {
  const frame = useRef<number | null>(null);
  const flushRef = useRef(flush);
  flushRef.current = flush;
  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );
  return useCallback(() => {
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      flushRef.current();
    });
  }, []);
}

type PendingBook = { kind: 'book'; msg: BookMessage } | { kind: 'error'; message: string };

/** A BookView from the previous one and a new message (pure; exported for tests). */
export function applyBookMessage(prev: BookView | undefined, msg: BookMessage, nowMs: number): BookView {
  const live = !msg.status;
  const bids = live ? msg.b : (prev?.bids ?? []);
  const asks = live ? msg.a : (prev?.asks ?? []);
  const emptyMarks = { bids: new Map<number, LevelMark>(), asks: new Map<number, LevelMark>() };
  const wasLive = prev?.status === 'live';
  return {
    exchange: msg.exchange,
    symbol: msg.symbol,
    status: msg.status ?? 'live',
    // A book that is not live keeps its last levels so the page can show them dimmed under the overlay.
    bids,
    asks,
    venueTs: live ? (msg.ts ?? 0) : (prev?.venueTs ?? 0),
    serverRecvMs: msg.recv ?? prev?.serverRecvMs ?? 0,
    receivedAtMs: nowMs,
    seq: msg.seq ?? prev?.seq ?? 0,
    error: null,
    marks:
      live && prev
        ? {
            // After a gap (resync, reconnect) the new book is a fresh baseline: no flash.
            bids: markChanges(wasLive ? prev.bids : null, bids, prev.marks.bids, nowMs),
            asks: markChanges(wasLive ? prev.asks : null, asks, prev.marks.asks, nowMs),
          }
        : emptyMarks,
  };
}

function waitingView(target: BookTarget): BookView {
  return {
    exchange: target.exchange,
    symbol: target.symbol,
    status: 'waiting',
    bids: [],
    asks: [],
    venueTs: 0,
    serverRecvMs: 0,
    receivedAtMs: 0,
    seq: 0,
    error: null,
    marks: { bids: new Map(), asks: new Map() },
  };
}

export interface OrderBooks {
  /** By bookKey(exchange, symbol); always present for every target. */
  books: Record<string, BookView>;
  socket: SocketState;
  /** Last error from the hub that named no book (e.g. too many subscriptions). */
  error: string | null;
}

/**
 * Live books for a set of (exchange, symbol), `depth` levels per side. `initial` are books the
 * loader already had (server render), shown until the socket brings newer ones.
 */
export function useOrderBooks(
  targets: readonly BookTarget[],
  opts: { depth?: number; initial?: readonly BookMessage[] } = {},
): OrderBooks {
  const depth = opts.depth ?? 20;
  // A stable identity for the target list, whatever array the caller passes.
  const keysId = targets.map((t) => bookKey(t.exchange, t.symbol)).join('|');
  const stableTargets = useMemo(() => targets.map((t) => ({ exchange: t.exchange, symbol: t.symbol })), [keysId]); // eslint-disable-line react-hooks/exhaustive-deps
  const wanted = useRef(new Set<string>());
  wanted.current = new Set(stableTargets.map((t) => bookKey(t.exchange, t.symbol)));

  const [books, setBooks] = useState<Record<string, BookView>>(() => {
    const out: Record<string, BookView> = {};
    for (const t of stableTargets) out[bookKey(t.exchange, t.symbol)] = waitingView(t);
    for (const msg of opts.initial ?? []) {
      const key = bookKey(msg.exchange, msg.symbol);
      if (out[key]) out[key] = applyBookMessage(undefined, msg, 0);
    }
    return out;
  });
  const [error, setError] = useState<string | null>(null);
  const pending = useRef(new Map<string, PendingBook>());
  const pendingError = useRef<string | null>(null);

  const flush = useCallback(() => {
    const batch = pending.current;
    const hubError = pendingError.current;
    pending.current = new Map();
    pendingError.current = null;
    if (hubError !== null) setError(hubError);
    if (!batch.size) return;
    const now = Date.now();
    setBooks((prev) => {
      const next = { ...prev };
      for (const [key, item] of batch) {
        if (!wanted.current.has(key)) continue;
        const before = prev[key];
        if (item.kind === 'book') next[key] = applyBookMessage(before, item.msg, now);
        else if (before) next[key] = { ...before, status: 'error', error: item.message, receivedAtMs: now };
      }
      return next;
    });
  }, []);
  const schedule = useFrameBatch(flush);

  const onMessage = useCallback(
    (msg: unknown) => {
      if (isBookMessage(msg)) {
        const key = bookKey(msg.exchange, msg.symbol);
        if (!wanted.current.has(key)) return;
        pending.current.set(key, { kind: 'book', msg });
        schedule();
        return;
      }
      if (isRecord(msg) && msg.type === 'error') {
        const message = typeof msg.message === 'string' ? msg.message : 'the server refused the request';
        if (typeof msg.exchange === 'string' && typeof msg.symbol === 'string') {
          const key = bookKey(msg.exchange, msg.symbol);
          if (!wanted.current.has(key)) return;
          pending.current.set(key, { kind: 'error', message });
        } else if (msg.channel === undefined) {
          pendingError.current = message;
        }
        schedule();
      }
    },
    [schedule],
  );

  const socket = useMarketSocket(onMessage);
  const { send, open } = socket;

  // Targets changed: add waiting views for new books, drop old ones.
  useEffect(() => {
    setBooks((prev) => {
      const next: Record<string, BookView> = {};
      for (const t of stableTargets) {
        const key = bookKey(t.exchange, t.symbol);
        next[key] = prev[key] ?? waitingView(t);
      }
      return next;
    });
  }, [stableTargets]);

  // Hold the books while mounted; the last holder on the page unsubscribes.
  useEffect(() => {
    for (const t of stableTargets) hold(bookKey(t.exchange, t.symbol), depth);
    return () => {
      for (const t of stableTargets) {
        if (unhold(bookKey(t.exchange, t.symbol), depth))
          send({ action: 'unsubscribe', exchange: t.exchange, symbol: t.symbol });
      }
    };
  }, [stableTargets, depth, send]);

  // (Re)subscribe whenever the socket opens, after every reconnect, and when targets change. The
  // hub answers a repeated subscribe with the current book, which a newly mounted holder needs.
  useEffect(() => {
    if (!open) return;
    for (const t of stableTargets) {
      send({
        action: 'subscribe',
        exchange: t.exchange,
        symbol: t.symbol,
        depth: maxDepth(bookKey(t.exchange, t.symbol), depth),
      });
    }
  }, [open, stableTargets, depth, send]);

  return { books, socket: socket.state, error };
}

/**
 * The latest payload of a named hub channel (`{"channel","data","ts"}`), batched per frame.
 * Null until the first message.
 */
export function useMarketChannel<T>(channel: string): { data: T | null; ts: number | null; socket: SocketState } {
  const [state, setState] = useState<{ data: T | null; ts: number | null }>({ data: null, ts: null });
  const pending = useRef<{ data: T; ts: number } | null>(null);
  const schedule = useFrameBatch(() => {
    const p = pending.current;
    pending.current = null;
    if (p) setState(p);
  });
  const onMessage = useCallback(
    (msg: unknown) => {
      if (!isRecord(msg) || msg.channel !== channel || !('data' in msg)) return;
      pending.current = { data: msg.data as T, ts: typeof msg.ts === 'number' ? msg.ts : Date.now() };
      schedule();
    },
    [channel, schedule],
  );
  const socket = useMarketSocket(onMessage);
  const { send, open } = socket;
  const key = `#${channel}`;
  useEffect(() => {
    hold(key, 0);
    return () => {
      if (unhold(key, 0)) send({ action: 'unsubscribe', channel });
    };
  }, [key, channel, send]);
  useEffect(() => {
    if (open) send({ action: 'subscribe', channel });
  }, [open, channel, send]);
  return { ...state, socket: socket.state };
}
