// Live refreshes bring a whole new page of rows; rows whose content did not change keep their
// previous object, so memoised row components skip them and only changed rows re-render.
import { useRef } from 'react';

export type RowCache<T> = Map<string, { signature: string; row: T }>;

/** The rows, with each unchanged one (same key, same JSON) replaced by its previous object. Pure. */
export function reuseUnchanged<T>(
  previous: RowCache<T>,
  rows: readonly T[],
  keyOf: (row: T) => string,
): { rows: T[]; cache: RowCache<T> } {
  const cache: RowCache<T> = new Map();
  const out = rows.map((row) => {
    const key = keyOf(row);
    const signature = JSON.stringify(row);
    const prev = previous.get(key);
    const kept = prev && prev.signature === signature ? prev.row : row;
    cache.set(key, { signature, row: kept });
    return kept;
  });
  return { rows: out, cache };
}

/** reuseUnchanged across renders; recomputed only when `rows` is a new array. */
export function useStableRows<T>(rows: readonly T[], keyOf: (row: T) => string): T[] {
  const state = useRef<{ input: readonly T[] | null; output: T[]; cache: RowCache<T> }>({
    input: null,
    output: [],
    cache: new Map(),
  });
  if (state.current.input !== rows) {
    const next = reuseUnchanged(state.current.cache, rows, keyOf);
    state.current = { input: rows, output: next.rows, cache: next.cache };
  }
  return state.current.output;
}
