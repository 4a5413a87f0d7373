// A real HTTP server on 127.0.0.1 for the venue REST client tests, serving recorded bodies. The
// first path segment of a request picks the behaviour (`/ok/...`, `/429/...`), so each client is
// pointed at `${origin}/<mode>`; mode `hang` never answers (such requests end when the server closes
// after the file's tests). Every request is recorded as the venue would have seen it.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

/** The mode whose requests are never answered: timeouts and cancellation are tested against it. */
export const HANG_MODE = 'hang';

export interface FixtureRequest {
  /** The first path segment. */
  mode: string;
  /** The path after the mode: `/fapi/v1/depth`. */
  path: string;
  /** Path and query after the mode, on 127.0.0.1 (`url.search`, `url.searchParams`). */
  url: URL;
  method: string;
  headers: IncomingHttpHeaders;
  /** The request body as text, '' when there is none. */
  body: string;
}

export interface FixtureReply {
  /** `body` as JSON. */
  json(status: number, body: unknown, headers?: Record<string, string>): void;
  /** `text` as it is, labelled `application/json` unless `headers` say otherwise. */
  text(status: number, text: string, headers?: Record<string, string>): void;
  /** For answers the two above cannot give (headers now, a body that never ends). */
  raw: ServerResponse;
}

export type FixtureHandler = (req: FixtureRequest, reply: FixtureReply) => void;

export interface FixtureServer {
  /** `http://127.0.0.1:<port>`, once the server listens (in the file's tests, not at import). */
  readonly origin: string;
  /** Every request so far, oldest first; tests may empty it. */
  readonly requests: FixtureRequest[];
  /** The REST URL that puts a client in `mode`. */
  urlFor(mode: string): string;
}

/** Starts a server answering with `handler` before the file's tests and closes it after them. */
export function serveFixtures(handler: FixtureHandler): FixtureServer {
  const server = createServer((req, res) => void serve(req, res));
  const requests: FixtureRequest[] = [];
  let origin = '';

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const full = new URL(req.url ?? '/', 'http://127.0.0.1');
    const [, mode = '', ...rest] = full.pathname.split('/');
    const path = `/${rest.join('/')}`;
    const request: FixtureRequest = {
      mode,
      path,
      url: new URL(`${path}${full.search}`, 'http://127.0.0.1'),
      method: req.method ?? '',
      headers: req.headers,
      body: await readBody(req),
    };
    requests.push(request);
    if (mode === HANG_MODE) return;
    const text = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body);
    };
    handler(request, {
      json: (status, body, headers) => text(status, JSON.stringify(body), headers),
      text,
      raw: res,
    });
  }

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  return {
    get origin() {
      return origin;
    },
    requests,
    urlFor: (mode) => `${origin}/${mode}`,
  };
}

/** An origin nothing listens on: a port that was free a moment ago, so connecting is refused. */
export async function refusedOrigin(): Promise<string> {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
