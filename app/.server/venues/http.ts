// The one way venue REST clients talk HTTP: fetch JSON with a timeout, then sort failures into
// the market layer's error hierarchy (venue said no / network failed / body has the wrong shape).
import { z } from 'zod';
import { NetworkError, ParseError, VenueError } from '~/.server/market/types';
import type { VenueId } from '~/lib/venues';
import { SAMPLE_CHARS, sampleOf } from '~/.server/venues/parse-helpers';

export const DEFAULT_HTTP_TIMEOUT_MS = 10_000;

export type QueryValue = string | number | boolean | null | undefined;

/** `baseUrl` may carry a path prefix (`https://api.coinex.com/v2`); unset query values are left out. */
export function buildUrl(baseUrl: string, path: string, query?: Record<string, QueryValue>): string {
  const base = baseUrl.replace(/\/+$/, '');
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null) params.append(key, String(value));
  }
  const qs = params.toString();
  return `${base}${path.startsWith('/') ? path : `/${path}`}${qs ? `?${qs}` : ''}`;
}

/** Retry-After as seconds or an HTTP date, in ms from now; undefined when absent or unreadable. */
export function parseRetryAfterMs(header: string | null | undefined, nowMs = Date.now()): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** The venue's own words from an error body (`msg`, `retMsg`, `message`, ...), else the start of the text. */
export function errorMessageFromBody(bodyText: string, fallback: string): string {
  try {
    const body: unknown = JSON.parse(bodyText);
    if (body && typeof body === 'object') {
      const b = body as Record<string, unknown>;
      const nested = b.error && typeof b.error === 'object' ? (b.error as Record<string, unknown>) : undefined;
      const text = [b.msg, b.retMsg, b.message, b.error, nested?.msg, nested?.message].find(
        (v): v is string => typeof v === 'string' && v.length > 0,
      );
      const code = [b.code, b.retCode, nested?.code].find((v) => typeof v === 'number' || typeof v === 'string');
      if (text) return code !== undefined ? `${text} (code ${String(code)})` : text;
    }
  } catch {
    // not JSON: use the text itself
  }
  const trimmed = bodyText.trim().slice(0, SAMPLE_CHARS);
  return trimmed || fallback;
}

/** Non-2xx status → error: 5xx is the network's fault (retry), any 4xx is the venue refusing (back off). */
export function classifyHttpStatus(
  venue: VenueId,
  status: number,
  statusText: string,
  bodyText: string,
  retryAfter: string | null,
): VenueError | NetworkError {
  const message = errorMessageFromBody(bodyText, statusText || 'no body');
  if (status >= 500) return new NetworkError(venue, `HTTP ${status}: ${message}`);
  return new VenueError(venue, status, message, parseRetryAfterMs(retryAfter));
}

/** A row count the venue accepts: an integer in 1..max. */
export function clampLimit(limit: number, max: number): number {
  return Math.min(max, Math.max(1, Math.floor(limit)));
}

/** One signal that aborts when any of the given ones does. */
export function combineSignals(...signals: Array<AbortSignal | undefined>): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}

export interface FetchJsonOptions {
  venue: VenueId;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Caller's cancellation: when it fires, its reason is rethrown as is (not a venue or network fault). */
  signal?: AbortSignal;
  method?: 'GET' | 'POST';
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * Fetch and JSON-parse one response. Throws VenueError (4xx), NetworkError (refused, reset,
 * timeout, 5xx) or ParseError (a 2xx body that is not JSON).
 */
export async function fetchJson(url: string, options: FetchJsonOptions): Promise<unknown> {
  const { venue, timeoutMs = DEFAULT_HTTP_TIMEOUT_MS, method = 'GET' } = options;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = combineSignals(options.signal, timeout);
  const what = `${method} ${url}`;

  const failed = (err: unknown): unknown => {
    if (options.signal?.aborted) return options.signal.reason;
    if (timeout.aborted) return new NetworkError(venue, `timeout after ${timeoutMs} ms: ${what}`, { cause: err });
    return new NetworkError(venue, `${what} failed: ${describeFetchFailure(err)}`, { cause: err });
  };

  let res: Response;
  let text: string;
  try {
    res = await fetchImpl(url, {
      method,
      signal,
      headers: {
        accept: 'application/json',
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
    });
    // The body can stall too; it is read under the same timeout.
    text = await res.text();
  } catch (err) {
    throw failed(err);
  }
  if (!res.ok) throw classifyHttpStatus(venue, res.status, res.statusText, text, res.headers.get('retry-after'));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ParseError(venue, `invalid JSON from ${what}`, text.slice(0, SAMPLE_CHARS));
  }
}

function describeFetchFailure(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  // undici reports "fetch failed" and hides the useful part (ECONNREFUSED, ...) in `cause`.
  const cause = err.cause as { code?: unknown; message?: unknown } | undefined;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : '';
  return detail ? `${err.message} (${detail})` : err.message;
}

// ---- body validation shared by the venue REST parsers ----

/** A decimal the venue sends as a string (or a number); empty strings are not numbers. */
export const decimal = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const n = typeof value === 'number' ? value : value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `not a number: ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return n;
});

/** A decimal that may be absent or empty (`""`), as null. */
export const optionalDecimal = z.union([z.string(), z.number(), z.null(), z.undefined()]).transform((value, ctx) => {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `not a number: ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return n;
});

/** Validate a response body; a mismatch is the venue changing its format, so ParseError. */
export function parseBody<S extends z.ZodTypeAny>(venue: VenueId, schema: S, body: unknown, what: string): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data as z.output<S>;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  throw new ParseError(venue, `unexpected ${what} body${where}: ${issue?.message ?? 'invalid'}`, sampleOf(body));
}
