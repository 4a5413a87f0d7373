import { describe, expect, it } from 'vitest';
import { runNow, runSliced, type Work } from './sliced';

function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

/** Sums 1..n, spending `msPerStep` per step and noting each step in `log`. */
function* sum(n: number, msPerStep: number, log: string[]): Work<number> {
  let total = 0;
  for (let i = 1; i <= n; i++) {
    busy(msPerStep);
    total += i;
    log.push(`step ${i}`);
    yield;
  }
  return total;
}

describe('sliced work', () => {
  it('gives the same result at once and in slices', async () => {
    expect(runNow(sum(100, 0, []))).toBe(5050);
    expect(await runSliced(sum(100, 0, []), 1)).toBe(5050);
  });

  it('runs at once without letting anything else in; in slices, I/O queued meanwhile runs between slices', async () => {
    const atOnce: string[] = [];
    setImmediate(() => atOnce.push('immediate'));
    runNow(sum(6, 2, atOnce));
    await new Promise((r) => setImmediate(r));
    expect(atOnce.indexOf('immediate')).toBe(6);

    const sliced: string[] = [];
    setImmediate(() => sliced.push('immediate'));
    // Each step takes 2 ms and a slice 1 ms: the callback gets in after the first step.
    await runSliced(sum(6, 2, sliced), 1);
    expect(sliced.indexOf('immediate')).toBe(1);
    expect(sliced.filter((x) => x.startsWith('step'))).toHaveLength(6);
  });

  it('rejects with what the work throws', async () => {
    function* failing(): Work<number> {
      yield;
      throw new Error('page 9 is out of range');
    }
    await expect(runSliced(failing(), 1)).rejects.toThrow('page 9 is out of range');
    expect(() => runNow(failing())).toThrow('page 9 is out of range');
  });
});
