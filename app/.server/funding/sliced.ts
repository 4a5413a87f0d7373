// Long computations written as generators that `yield` at safe points, so one function can either
// run to the end at once (a page loader) or in slices that hand the event loop back between them
// (the API's answers, which must not hold up the requests queued behind them).

/** A computation that yields between steps and returns a T. */
export type Work<T> = Generator<void, T, void>;

/** Run `work` to its end now. */
export function runNow<T>(work: Work<T>): T {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}

/**
 * Run `work` in slices of about `sliceMs` (a slice ends at the first yield after that), with a
 * setImmediate between slices so I/O and timers queued meanwhile run first.
 */
export function runSliced<T>(work: Work<T>, sliceMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const slice = () => {
      const until = performance.now() + sliceMs;
      try {
        for (;;) {
          const step = work.next();
          if (step.done) return resolve(step.value);
          if (performance.now() >= until) break;
        }
      } catch (err) {
        return reject(err);
      }
      setImmediate(slice);
    };
    slice();
  });
}
