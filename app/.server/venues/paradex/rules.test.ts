import { describe, expect, it } from 'vitest';
import type { BookEvent } from '~/.server/market/types';
import ws from './fixtures/ws-frames.json';
import { parseParadexFrame } from './parse';
import { paradexRules } from './rules';

// Built from the recorded snapshot (seq_no 14127815); no real delta exists, so deltas are that
// event with the kind and seq_no changed.
function parse(message: unknown): BookEvent {
  const [ev] = parseParadexFrame(JSON.stringify(message)) ?? [];
  if (!ev) throw new Error('fixture did not parse');
  return ev;
}

const snapshot = parse(ws.bookSnapshot.message);
const delta = (seq: number): BookEvent => ({ ...snapshot, kind: 'delta', seq });

describe('paradexRules', () => {
  it('takes its snapshots from the stream', () => {
    expect(paradexRules.snapshotFrom).toBe('stream');
  });

  it('applies the delta whose seq_no is the previous one + 1', () => {
    expect(paradexRules.follows(snapshot, delta(14127816))).toBe('apply');
    expect(paradexRules.follows(delta(14127816), delta(14127817))).toBe('apply');
  });

  it('skips a repeated or older seq_no', () => {
    expect(paradexRules.follows(delta(14127816), delta(14127816))).toBe('skip');
    expect(paradexRules.follows(delta(14127816), delta(14127000))).toBe('skip');
  });

  it('reports a gap when a push is missing', () => {
    expect(paradexRules.follows(snapshot, delta(14127817))).toBe('gap');
  });

  it('bridges from a snapshot seq_no by the same +1 rule', () => {
    expect(paradexRules.bridge(14127815, delta(14127816))).toBe('apply');
    expect(paradexRules.bridge(14127815, delta(14127815))).toBe('skip');
    expect(paradexRules.bridge(14127815, delta(14127818))).toBe('gap');
  });
});
