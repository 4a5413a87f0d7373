// Helpers for the JSON API under /api: every failure is a JSON body with a 4xx status that
// says what is wrong (DRF-style `{field: [messages]}` for validation, `{detail}` otherwise);
// anything unexpected becomes a logged 500 JSON, never an HTML page or a crash.
import type { AppLoadContext } from '@remix-run/node';
import type { z } from 'zod';

export type FieldErrors = Record<string, string[]>;

/** Throwable JSON response. */
export function jsonResponse(body: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(body, { status, headers });
}

export function apiError(status: number, body: Record<string, unknown>, headers?: HeadersInit): Response {
  return jsonResponse(body, status, headers);
}

/** zod issues → `{field: [messages]}`; issues without a path go under `non_field_errors` (DRF's name). */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : 'non_field_errors';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** Parse query parameters with a schema; repeated keys arrive as arrays. Throws a 400 naming each bad parameter. */
export function parseQuery<T extends z.ZodTypeAny>(request: Request, schema: T): z.infer<T> {
  const params = new URL(request.url).searchParams;
  const raw: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    raw[key] = all.length > 1 ? all : all[0]!;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw apiError(400, fieldErrors(parsed.error));
  return parsed.data;
}

/** Read a JSON (or form-encoded) body and validate it. Throws 400 for bad JSON or bad fields, 415 for other types. */
export async function parseBody<T extends z.ZodTypeAny>(request: Request, schema: T): Promise<z.infer<T>> {
  const type = request.headers.get('content-type') ?? '';
  let raw: unknown;
  if (type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data')) {
    raw = Object.fromEntries(await request.formData());
  } else if (type.includes('application/json') || type === '') {
    const text = await request.text();
    if (text.length > 64 * 1024) throw apiError(413, { detail: 'request body is larger than 64 KiB' });
    try {
      raw = text ? JSON.parse(text) : {};
    } catch {
      throw apiError(400, { detail: 'request body is not valid JSON' });
    }
  } else {
    throw apiError(415, { detail: `unsupported content type ${JSON.stringify(type)}; send application/json` });
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw apiError(400, { detail: 'request body must be a JSON object' });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw apiError(400, fieldErrors(parsed.error));
  return parsed.data;
}

/** Only these methods: others get 405 with Allow. */
export function requireMethod(request: Request, ...methods: string[]): void {
  if (!methods.includes(request.method)) {
    throw apiError(405, { detail: `method ${request.method} not allowed` }, { Allow: methods.join(', ') });
  }
}

/**
 * Wrap an API loader/action: thrown Responses pass through; anything else is logged and turned
 * into a 500 JSON body without internals.
 */
export function apiHandler<A extends { request: Request; context: AppLoadContext }>(
  fn: (args: A) => Promise<Response> | Response,
): (args: A) => Promise<Response> {
  return async (args) => {
    try {
      return await fn(args);
    } catch (err) {
      if (err instanceof Response) return err;
      args.context.services.log.error('api handler failed', {
        path: new URL(args.request.url).pathname,
        error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
      });
      return apiError(500, { detail: 'internal server error' });
    }
  };
}
