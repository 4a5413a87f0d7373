// A funding API answer from the AnswerCache as an HTTP response: the gzip made with the answer
// when the client accepts it (browsers always do), so the per-request work is a lookup.
import type { Answer } from './answer-cache';

export function answerResponse(request: Request, answer: Answer<unknown>): Response {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=utf-8',
    Vary: 'Accept-Encoding',
  };
  const acceptsGzip = /\bgzip\b/i.test(request.headers.get('accept-encoding') ?? '');
  if (!acceptsGzip || !answer.gzip) return new Response(answer.json, { status: 200, headers });
  // Already encoded: the compression middleware leaves it alone.
  return new Response(answer.gzip, { status: 200, headers: { ...headers, 'Content-Encoding': 'gzip' } });
}
