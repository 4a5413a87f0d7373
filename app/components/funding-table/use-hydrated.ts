import { useSyncExternalStore } from 'react';

const noSubscribe = () => () => {};

/** False in the server render and during hydration, true after: for client-only parts. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscribe,
    () => true,
    () => false,
  );
}
