// Cross-site request forgery guard for state-changing requests: a browser names the page that
// sent a request in `Origin` (or at least `Referer`); when it names another host, refuse.
// Requests carrying neither header come from non-browser clients, which CSRF cannot drive.
import type { AppLoadContext } from '@remix-run/node';
import { apiError } from '~/.server/http/api';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function hostAndPort(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : '');
  return `${url.hostname.toLowerCase()}:${port}`;
}

/**
 * The foreign origin a request claims to come from, or null when it is same-host, safe, or
 * says nothing. An unparseable or opaque (`null`) origin counts as foreign.
 */
export function foreignOrigin(request: Request, trustProxy: boolean): string | null {
  if (SAFE_METHODS.has(request.method)) return null;
  const claimed = request.headers.get('origin') ?? request.headers.get('referer');
  if (claimed === null) return null;
  let source: URL;
  try {
    source = new URL(claimed);
  } catch {
    return claimed;
  }
  const hosts = [request.headers.get('host')];
  if (trustProxy) hosts.push(request.headers.get('x-forwarded-host')?.split(',').at(-1)?.trim() ?? null);
  const ok = hosts.some((h) => {
    if (!h) return false;
    try {
      return hostAndPort(new URL(`${source.protocol}//${h}`)) === hostAndPort(source);
    } catch {
      return false;
    }
  });
  return ok ? null : source.origin;
}

/** For page actions (cookie sessions): a cross-site post gets a 403 page. */
export function assertSameOriginForm(request: Request, context: AppLoadContext): void {
  if (foreignOrigin(request, context.services.config.trustProxy) !== null) {
    throw new Response('This form was sent from another site, so it was refused.', {
      status: 403,
      statusText: 'Forbidden',
    });
  }
}

/**
 * For /api posts: 403 JSON with DRF's wording. Calls that carry an Authorization header are
 * exempt: a cross-site page cannot attach one (it would need a CORS preflight we never grant),
 * and bearer tokens are not sent automatically the way cookies are.
 */
export function assertSameOriginApi(request: Request, context: AppLoadContext): void {
  if (request.headers.has('authorization')) return;
  const foreign = foreignOrigin(request, context.services.config.trustProxy);
  if (foreign !== null) {
    throw apiError(403, {
      detail: `CSRF Failed: Origin checking failed - ${foreign} does not match any trusted origins.`,
    });
  }
}
