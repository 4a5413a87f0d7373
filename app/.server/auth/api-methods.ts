// The loader or action of an /api route for methods it does not serve, so e.g. a GET on a
// POST-only route is a 405 JSON with Allow instead of Remix's HTML error.
import { apiError } from '~/.server/http/api';

export function methodNotAllowed(...allowed: string[]) {
  return ({ request }: { request: Request }): Response =>
    apiError(405, { detail: `method ${request.method} not allowed` }, { Allow: allowed.join(', ') });
}
