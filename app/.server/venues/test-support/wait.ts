// Waiting in the simulator tests: real sockets and timers, so tests poll for a condition with a
// deadline instead of sleeping for a guessed time.
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `cond` every `pollMs` until it holds; after `timeoutMs` throws `timed out waiting for <what>`. */
export async function pollUntil(cond: () => boolean, what: string, timeoutMs: number, pollMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(pollMs);
  }
}
