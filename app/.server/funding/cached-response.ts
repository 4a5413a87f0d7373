// JSON answers of the funding API served from the store's per-version cache, gzipped once per
// version when the client accepts it (browsers always do): the per-request work is a lookup.
import { gzipSync } from 'node:zlib';
import type { FundingStore } from './store';

/** Below this a gzip round is not worth its CPU. */
const GZIP_MIN_BYTES = 1024;

export function cachedJson(
  request: Request,
  store: FundingStore,
  key: string,
  epoch: number,
  compute: () => string,
): Response {
  const body = store.cachedBody(key, epoch, compute);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=utf-8',
    Vary: 'Accept-Encoding',
  };
  const acceptsGzip = /\bgzip\b/i.test(request.headers.get('accept-encoding') ?? '');
  if (!acceptsGzip || body.length < GZIP_MIN_BYTES) return new Response(body, { status: 200, headers });
  // Already encoded: the compression middleware leaves it alone.
  const gz = store.cachedBody(`${key}|gzip`, epoch, () => gzipSync(body, { level: 6 }));
  return new Response(gz, { status: 200, headers: { ...headers, 'Content-Encoding': 'gzip' } });
}
