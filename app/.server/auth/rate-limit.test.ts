import { describe, expect, it } from 'vitest';
import { retryAfterSec } from './rate-limit';

describe('retryAfterSec', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  const ago = (sec: number) => new Date(now.getTime() - sec * 1000);

  it('is 0 below the limit', () => {
    expect(retryAfterSec([ago(1), ago(2)], 3, 900, now)).toBe(0);
    expect(retryAfterSec([], 1, 900, now)).toBe(0);
  });

  it('waits until the limit-th newest failure leaves the window', () => {
    // Newest first: the 3rd newest is 600 s old, so it leaves a 900 s window in 300 s.
    expect(retryAfterSec([ago(10), ago(300), ago(600), ago(700)], 3, 900, now)).toBe(300);
  });

  it('rounds up partial seconds and never goes negative', () => {
    expect(retryAfterSec([new Date(now.getTime() - 899_500)], 1, 900, now)).toBe(1);
    expect(retryAfterSec([ago(1000)], 1, 900, now)).toBe(0);
  });
});
