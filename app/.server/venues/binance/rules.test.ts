import { describe, expect, it } from 'vitest';
import type { BookEvent } from '~/.server/market/types';
import ws from './fixtures/ws-frames.json';
import { parseBinanceFrame } from './parse';
import { binanceRules } from './rules';

// Sequences built from the ids of the real capture: U=475776377463, u=475776380184, pu=475776377452.
function realDelta(): BookEvent {
  const [ev] = parseBinanceFrame(JSON.stringify(ws.bookDelta.message)) ?? [];
  if (!ev) throw new Error('fixture did not parse');
  return ev;
}

/** The next diff on the same stream: its pu is the previous u. */
function next(prev: BookEvent, span: number): BookEvent {
  return { ...prev, firstSeq: prev.seq + 1, seq: prev.seq + span, prevSeq: prev.seq };
}

describe('binanceRules', () => {
  const ev = realDelta();
  const U = ev.firstSeq!;
  const u = ev.seq;

  it('takes its snapshots from REST', () => {
    expect(binanceRules.snapshotFrom).toBe('rest');
  });

  it('bridges a snapshot when U <= lastUpdateId <= u', () => {
    expect(binanceRules.bridge(U, ev)).toBe('apply');
    expect(binanceRules.bridge(U + 1000, ev)).toBe('apply');
    expect(binanceRules.bridge(u, ev)).toBe('apply');
  });

  it('skips events the snapshot already contains (u < lastUpdateId)', () => {
    expect(binanceRules.bridge(u + 1, ev)).toBe('skip');
  });

  it('reports a gap when the first event starts after the snapshot (U > lastUpdateId)', () => {
    expect(binanceRules.bridge(U - 1, ev)).toBe('gap');
  });

  it('applies the documented example only inside its [U, u] window', () => {
    const [doc] = parseBinanceFrame(JSON.stringify(ws.bookDeltaDoc.message)) ?? [];
    expect(doc && binanceRules.bridge(158, doc)).toBe('apply');
    expect(doc && binanceRules.bridge(156, doc)).toBe('gap');
    expect(doc && binanceRules.bridge(161, doc)).toBe('skip');
  });

  it('applies an event whose pu is the previous u', () => {
    const e2 = next(ev, 50);
    expect(binanceRules.follows(ev, e2)).toBe('apply');
    expect(binanceRules.follows(e2, next(e2, 7))).toBe('apply');
  });

  it('skips a repeated or older event', () => {
    expect(binanceRules.follows(ev, ev)).toBe('skip');
    const e2 = next(ev, 50);
    expect(binanceRules.follows(e2, ev)).toBe('skip');
  });

  it('reports a gap when pu does not chain, even if ids only move forward by one', () => {
    const e2 = next(ev, 50);
    const lost = next(e2, 10);
    expect(binanceRules.follows(ev, lost)).toBe('gap');
    // Spot-style continuity (U == prev.u + 1) is not enough on futures: pu decides.
    const spotLike: BookEvent = { ...ev, firstSeq: u + 1, seq: u + 5, prevSeq: u - 3 };
    expect(binanceRules.follows(ev, spotLike)).toBe('gap');
  });
});
