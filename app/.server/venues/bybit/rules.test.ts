import { describe, expect, it } from 'vitest';
import type { BookEvent } from '~/.server/market/types';
import ws from './fixtures/ws-frames.json';
import { parseBybitFrame } from './parse';
import { bybitRules } from './rules';

// Sequences built from the recorded BTCPERP pair: snapshot u=20683568, next delta u=20683569.
function parse(message: unknown): BookEvent {
  const [ev] = parseBybitFrame(JSON.stringify(message)) ?? [];
  if (!ev) throw new Error('fixture did not parse');
  return ev;
}

const withSeq = (ev: BookEvent, seq: number): BookEvent => ({ ...ev, seq });

describe('bybitRules', () => {
  const snapshot = parse(ws.bookSnapshotReal.message);
  const delta = parse(ws.bookDeltaReal.message);

  it('takes its snapshots from the stream', () => {
    expect(bybitRules.snapshotFrom).toBe('stream');
  });

  it('applies the recorded delta that follows the recorded snapshot (u + 1)', () => {
    expect(bybitRules.follows(snapshot, delta)).toBe('apply');
    expect(bybitRules.follows(delta, withSeq(delta, delta.seq + 1))).toBe('apply');
  });

  it('skips a repeated or older update', () => {
    expect(bybitRules.follows(delta, delta)).toBe('skip');
    expect(bybitRules.follows(delta, snapshot)).toBe('skip');
  });

  it('reports a gap when an update id is missing', () => {
    expect(bybitRules.follows(snapshot, withSeq(delta, snapshot.seq + 2))).toBe('gap');
  });

  it('bridges from a snapshot id by the same +1 rule', () => {
    expect(bybitRules.bridge(snapshot.seq, delta)).toBe('apply');
    expect(bybitRules.bridge(delta.seq, delta)).toBe('skip');
    expect(bybitRules.bridge(snapshot.seq - 1, delta)).toBe('gap');
  });
});
