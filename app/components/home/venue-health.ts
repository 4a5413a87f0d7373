// One badge per venue from its stream status and its instrument catalog. Pure, so the server
// render and the browser's refresh (from /healthz) agree.
import { formatDuration } from '~/lib/format';

/** The fields of the streamer's VenueStatus this needs (as /healthz serialises it). */
export interface StreamStatusLite {
  state: 'connecting' | 'connected' | 'reconnecting' | 'closed' | 'idle';
  attempt: number;
  lastMessageAgeMs: number | null;
  lastError: { message: string; at: number } | null;
  symbols: number;
  messagesPerSec: number;
}

export interface CatalogStatusLite {
  verified: boolean;
  count: number;
  lastError: string | null;
}

/**
 * live: streaming and recent; idle: reachable (instruments loaded) with no book open, so nothing
 * to stream; connecting: first connection or first instrument load under way; reconnecting: the
 * stream dropped and is retrying; stale: connected but silent past the stale limit; down: closed,
 * or the venue could not even list its instruments.
 */
export type VenueHealthState = 'live' | 'idle' | 'connecting' | 'reconnecting' | 'stale' | 'down';

export interface VenueHealth {
  state: VenueHealthState;
  /** Why, for the badge's tooltip. */
  reason: string;
}

export const HEALTH_COLOR: Record<VenueHealthState, string> = {
  live: 'teal',
  idle: 'gray',
  connecting: 'blue',
  reconnecting: 'orange',
  stale: 'yellow',
  down: 'red',
};

/** Venues that are up: streaming, or reachable with nothing to stream. */
export function isUp(state: VenueHealthState): boolean {
  return state === 'live' || state === 'idle';
}

export function venueHealth(
  stream: StreamStatusLite | null,
  catalog: CatalogStatusLite | null,
  staleMs: number,
): VenueHealth {
  if (!stream) return { state: 'down', reason: 'No stream for this venue on this server.' };
  const listed = catalog?.verified ? `${catalog.count} instruments listed.` : '';
  const err = stream.lastError?.message;
  switch (stream.state) {
    case 'closed':
      return { state: 'down', reason: join('Stream closed.', err && `Last error: ${err}`) };
    case 'reconnecting':
      return {
        state: 'reconnecting',
        reason: join(`Connection lost; retry ${stream.attempt}.`, err && `Last error: ${err}`),
      };
    case 'connecting':
      return { state: 'connecting', reason: join('Opening the stream.', listed) };
    case 'connected':
      if (stream.lastMessageAgeMs === null || stream.lastMessageAgeMs > staleMs) {
        return {
          state: 'stale',
          reason: `Connected, but no message for ${stream.lastMessageAgeMs === null ? 'ever' : formatDuration(stream.lastMessageAgeMs)} (limit ${formatDuration(staleMs)}).`,
        };
      }
      return {
        state: 'live',
        reason: join(
          `${stream.symbols} book${stream.symbols === 1 ? '' : 's'} streaming, ${stream.messagesPerSec} msg/s.`,
          listed,
        ),
      };
    case 'idle':
      if (catalog?.verified) return { state: 'idle', reason: join('Reachable; no order book open right now.', listed) };
      if (catalog?.lastError) return { state: 'down', reason: `Instrument list failed: ${catalog.lastError}` };
      return { state: 'connecting', reason: 'Loading the instrument list.' };
  }
}

function join(...parts: (string | null | undefined | false | '')[]): string {
  return parts.filter(Boolean).join(' ');
}
