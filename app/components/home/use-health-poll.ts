import { useEffect, useState } from 'react';
import type { StreamStatusLite } from './venue-health';

export interface HealthSnapshot {
  db: { ok: boolean; error?: string };
  worker: { ok: boolean };
  venues: (StreamStatusLite & { venue: string })[];
  /** Browser (or server-render) time this snapshot was taken, ms. */
  fetchedAt: number;
}

export interface HealthPoll {
  health: HealthSnapshot;
  /** The last refresh failed: the snapshot is older than it should be. */
  failing: string | null;
}

function isSnapshotBody(v: unknown): v is Omit<HealthSnapshot, 'fetchedAt'> {
  if (typeof v !== 'object' || v === null) return false;
  const b = v as Record<string, unknown>;
  return (
    typeof b.db === 'object' &&
    b.db !== null &&
    typeof b.worker === 'object' &&
    b.worker !== null &&
    Array.isArray(b.venues)
  );
}

/**
 * Keeps the home page's status fresh from /healthz every `intervalMs` while the tab is visible.
 * (Not a loader revalidation: a failed revalidation would replace the page with the error
 * boundary, while a status page should say it is out of date and keep what it had.)
 */
export function useHealthPoll(initial: HealthSnapshot, intervalMs = 10_000): HealthPoll {
  const [state, setState] = useState<HealthPoll>({ health: initial, failing: null });
  useEffect(() => {
    let cancelled = false;
    let inFlight: AbortController | null = null;
    const poll = async () => {
      if (document.hidden || inFlight) return;
      inFlight = new AbortController();
      try {
        const res = await fetch('/healthz', { headers: { Accept: 'application/json' }, signal: inFlight.signal });
        // 503 still carries the body: it says which part is degraded.
        const body: unknown = await res.json();
        if (!isSnapshotBody(body)) throw new Error('unexpected /healthz answer');
        if (!cancelled)
          setState({
            health: { db: body.db, worker: body.worker, venues: body.venues, fetchedAt: Date.now() },
            failing: null,
          });
      } catch (err) {
        if (!cancelled) setState((s) => ({ ...s, failing: err instanceof Error ? err.message : String(err) }));
      } finally {
        inFlight = null;
      }
    };
    const timer = setInterval(() => void poll(), intervalMs);
    const onVisible = () => {
      if (!document.hidden) void poll();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      cancelled = true;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
      inFlight?.abort();
    };
  }, [intervalMs]);
  return state;
}
