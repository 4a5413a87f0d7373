import { useRef } from 'react';
import { decimalsForValues, priceDecimals } from '~/lib/format';
import type { Level } from '~/lib/book-math';

/**
 * Price and size decimals for a book, per base unit. Prices use the instrument's tick when the
 * loader knew it; otherwise they are derived from the prices seen (venue prices are tick
 * multiples). Derived decimals only grow, so columns do not change width as the book moves.
 * Sizes show at most 3 decimals: a book column has no room for more.
 */
export function useStableDecimals(
  bids: readonly Level[],
  asks: readonly Level[],
  tickSize: number | null,
  multiplier: number,
): { price: number; size: number } {
  const seen = useRef({ price: 0, size: 0 });
  const venuePrices = [...bids, ...asks].map((l) => l[0]);
  const price =
    tickSize !== null
      ? priceDecimals(tickSize, multiplier)
      : Math.max(seen.current.price, decimalsForValues(venuePrices, 8) + Math.round(Math.log10(multiplier)));
  const size = Math.max(
    seen.current.size,
    decimalsForValues(
      [...bids, ...asks].map((l) => l[1] * multiplier),
      4,
    ),
  );
  seen.current = { price, size };
  return { price, size };
}
