import { describe, expect, it } from 'vitest';
import { isUp, venueHealth, type StreamStatusLite } from './venue-health';

const base: StreamStatusLite = {
  state: 'connected',
  attempt: 0,
  lastMessageAgeMs: 200,
  lastError: null,
  symbols: 2,
  messagesPerSec: 12.5,
};
const listed = { verified: true, count: 8, lastError: null };

describe('venueHealth', () => {
  it('is live while connected and recent', () => {
    const h = venueHealth(base, listed, 30_000);
    expect(h.state).toBe('live');
    expect(h.reason).toContain('2 books streaming, 12.5 msg/s');
    expect(isUp(h.state)).toBe(true);
  });

  it('is stale when connected but silent past the limit', () => {
    expect(venueHealth({ ...base, lastMessageAgeMs: 45_000 }, listed, 30_000)).toMatchObject({ state: 'stale' });
    expect(venueHealth({ ...base, lastMessageAgeMs: null }, listed, 30_000).state).toBe('stale');
  });

  it('reports reconnecting and down with the last error', () => {
    const err = { message: 'ECONNREFUSED', at: 1 };
    const r = venueHealth({ ...base, state: 'reconnecting', attempt: 3, lastError: err }, listed, 30_000);
    expect(r.state).toBe('reconnecting');
    expect(r.reason).toContain('retry 3');
    expect(r.reason).toContain('ECONNREFUSED');
    expect(venueHealth({ ...base, state: 'closed', lastError: err }, listed, 30_000)).toMatchObject({ state: 'down' });
    expect(isUp('reconnecting')).toBe(false);
  });

  it('uses the catalog when no book is open', () => {
    expect(venueHealth({ ...base, state: 'idle', symbols: 0 }, listed, 30_000)).toMatchObject({ state: 'idle' });
    expect(
      venueHealth({ ...base, state: 'idle' }, { verified: false, count: 0, lastError: 'HTTP 403' }, 30_000),
    ).toEqual({
      state: 'down',
      reason: 'Instrument list failed: HTTP 403',
    });
    expect(venueHealth({ ...base, state: 'idle' }, { verified: false, count: 0, lastError: null }, 30_000).state).toBe(
      'connecting',
    );
    expect(venueHealth(null, null, 30_000).state).toBe('down');
  });
});
