// For tests that assert on an error's fields (venue, status, sample), not only its message.

/** The error `fn` throws, which must be an instance of `type`. */
export function thrownBy<E extends Error>(fn: () => unknown, type: abstract new (...args: never[]) => E): E {
  try {
    fn();
  } catch (err) {
    if (err instanceof type) return err;
    throw err;
  }
  throw new Error(`expected a ${type.name}`);
}
