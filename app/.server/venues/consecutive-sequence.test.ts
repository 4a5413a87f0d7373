import { describe, expect, it } from 'vitest';
import { nextInSequence } from './consecutive-sequence';

describe('nextInSequence', () => {
  it('applies the next number, skips repeats and older ones, and calls a jump a gap', () => {
    expect(nextInSequence(41, 42)).toBe('apply');
    expect(nextInSequence(41, 41)).toBe('skip');
    expect(nextInSequence(41, 7)).toBe('skip');
    expect(nextInSequence(41, 43)).toBe('gap');
    expect(nextInSequence(41, Number.NaN)).toBe('gap');
  });
});
