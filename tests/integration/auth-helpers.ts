// Shared by the auth-*.test.ts files: start the real app with known secrets, call it over
// HTTP with or without a cookie jar, and forge tokens with the app's JWT secret.
import { base64url, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { startAppProcess, type AppProcess } from '../support/app-process';
import { testDatabaseUrl } from './helpers';

export const JWT_SECRET = 'integration-jwt-secret-0123456789abcdef';
export const SESSION_SECRET = 'integration-session-secret-0123456789ab';
const CREDENTIALS_KEY = '0'.repeat(64);

/** Every secret configured, so the app writes nothing to a data dir; debug logs so the leak check sees everything. */
export function startAuthApp(extraEnv: Record<string, string> = {}): Promise<AppProcess> {
  return startAppProcess({
    DATABASE_URL: testDatabaseUrl(),
    DEMO: '1',
    LOG_LEVEL: 'debug',
    JWT_SECRET,
    SESSION_SECRET,
    CREDENTIALS_KEY,
    ...extraEnv,
  });
}

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  json: () => unknown;
}

export async function http(
  base: string,
  method: string,
  path: string,
  opts: { json?: unknown; body?: string | URLSearchParams; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { ...opts.headers };
  let body: string | URLSearchParams | undefined = opts.body;
  if (opts.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(opts.json);
  }
  const res = await fetch(base + path, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as unknown };
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

const key = new TextEncoder().encode(JWT_SECRET);

/** A token signed with the app's secret and any claims/header we like (expired, wrong type, another algorithm…). */
export async function forgeToken(
  claims: { sub?: string; type?: string; fid?: string; jti?: string; iatSec?: number; expSec?: number },
  alg: 'HS256' | 'HS384' | 'HS512' = 'HS256',
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ type: claims.type ?? 'access', fid: claims.fid ?? randomUUID() })
    .setProtectedHeader({ alg, typ: 'JWT' })
    .setSubject(claims.sub ?? '1')
    .setJti(claims.jti ?? randomUUID())
    .setIssuedAt(claims.iatSec ?? now)
    .setExpirationTime(claims.expSec ?? now + 300)
    .sign(key);
}

/** `alg: none`: header and payload, no signature. */
export function unsignedToken(payload: Record<string, unknown>): string {
  const enc = (o: object) => base64url.encode(JSON.stringify(o));
  return `${enc({ alg: 'none', typ: 'JWT' })}.${enc(payload)}.`;
}

export function decodePayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
}

/** Keeps the session cookie across requests, as a browser would. */
export class CookieJar {
  cookie: string | null = null;
  constructor(private readonly base: string) {}

  async request(method: string, path: string, form?: Record<string, string>, headers: Record<string, string> = {}) {
    const res = await http(this.base, method, path, {
      body: form ? new URLSearchParams(form) : undefined,
      headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...headers },
    });
    const set = res.headers.get('set-cookie');
    if (set) {
      const pair = set.split(';')[0]!;
      // An expired cookie (logout) clears the jar.
      this.cookie = /max-age=0|expires=thu, 01 jan 1970/i.test(set) || pair.endsWith('=') ? null : pair;
    }
    return res;
  }
}

/** Visible text of an HTML page, roughly: enough to look for messages. */
export function pageText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}
