// The failures every venue REST client must sort the same way (they all go through fetchJson), as
// one set of tests each venue runs against its own client and fixture server: rate limiting with
// Retry-After, a 5xx, a truncated body, a refused connection, a venue that never answers, and the
// caller cancelling. Each case names the call it makes, so a venue covers its different call paths
// (GET and POST, one request or several); venue-only failures stay in the venue's test file.
import { describe, expect, it } from 'vitest';
import { NetworkError, ParseError, VenueError } from '~/.server/market/types';
import { HANG_MODE, refusedOrigin, type FixtureServer } from './fixture-server';

type Call<C> = (client: C) => Promise<unknown>;

export interface RestFailureCases<C> {
  server: FixtureServer;
  /**
   * A client of the fixture server in `mode`, with this call timeout (or the test file's default).
   * The venue's handler answers mode `429` with its rate-limit body and a Retry-After header, `500`
   * with a 5xx, and `garbage` with a 200 whose JSON is cut short; `hang` is the server's own.
   */
  client(mode: string, timeoutMs?: number): C;
  /** A client of any origin with the default timeout, cancelled by `signal`. */
  clientAt(restUrl: string, signal?: AbortSignal): C;
  rateLimited: {
    call: Call<C>;
    retryAfterMs: number;
    /** The venue's own words that must reach the error: text it contains, or a pattern it matches. */
    message?: string | RegExp;
  };
  serverError: Call<C>;
  /** `sample`: text the ParseError's sample must contain. */
  garbage: { call: Call<C>; sample?: string };
  refused: Call<C>;
  /** `ms`: the client's call timeout in this case. */
  timeout: { call: Call<C>; ms: number };
  aborted: Call<C>;
}

/** A timed-out call must fail well before this, whatever its own timeout. */
const TIMEOUT_REPORTED_WITHIN_MS = 2000;
/** How long the in-flight cancellation waits, so the request has reached the server. */
const IN_FLIGHT_MS = 20;

export function describeRestFailures<C>(name: string, cases: RestFailureCases<C>): void {
  const failure = (call: Call<C>, client: C) => call(client).catch((e: unknown) => e);

  describe(`${name}: failures every venue sorts alike`, () => {
    it('429 with Retry-After → VenueError carrying the wait', async () => {
      const { call, retryAfterMs, message } = cases.rateLimited;
      const err = await failure(call, cases.client('429'));
      expect(err).toBeInstanceOf(VenueError);
      expect(err).toMatchObject({ status: 429, retryAfterMs });
      if (typeof message === 'string') expect((err as Error).message).toContain(message);
      else if (message) expect((err as Error).message).toMatch(message);
    });

    it('5xx → NetworkError', async () => {
      await expect(cases.serverError(cases.client('500'))).rejects.toBeInstanceOf(NetworkError);
    });

    it('a 200 with garbage JSON → ParseError', async () => {
      const err = await failure(cases.garbage.call, cases.client('garbage'));
      expect(err).toBeInstanceOf(ParseError);
      if (cases.garbage.sample !== undefined) expect((err as ParseError).sample).toContain(cases.garbage.sample);
    });

    it('a refused connection → NetworkError', async () => {
      const err = await failure(cases.refused, cases.clientAt(await refusedOrigin()));
      expect(err).toBeInstanceOf(NetworkError);
      expect((err as Error).message).toMatch(/ECONNREFUSED/);
    });

    it('a server that never answers → NetworkError after the timeout', async () => {
      const { call, ms } = cases.timeout;
      const started = Date.now();
      const err = await failure(call, cases.client(HANG_MODE, ms));
      expect(err).toBeInstanceOf(NetworkError);
      expect((err as Error).message).toMatch(new RegExp(`timeout after ${ms} ms`));
      expect(Date.now() - started).toBeLessThan(TIMEOUT_REPORTED_WITHIN_MS);
    });

    it("the caller's abort is rethrown as is, not dressed up as a network failure", async () => {
      const hang = cases.server.urlFor(HANG_MODE);
      // Cancelled before the request is out, and while it waits for an answer.
      const early = new AbortController();
      const pendingEarly = cases.aborted(cases.clientAt(hang, early.signal));
      const earlyReason = new Error('shutting down');
      early.abort(earlyReason);
      await expect(pendingEarly).rejects.toBe(earlyReason);

      const late = new AbortController();
      const pendingLate = cases.aborted(cases.clientAt(hang, late.signal));
      const lateReason = new Error('shutting down');
      setTimeout(() => late.abort(lateReason), IN_FLIGHT_MS);
      await expect(pendingLate).rejects.toBe(lateReason);
    });
  });
}
