/**
 * Per bucket, the spread across venues (max − min APR of the legs with a value in that bucket);
 * null where fewer than two legs have one. Inputs are the legs' sparkline series, oldest first,
 * aligned at their newest end (they cover the same buckets but may differ in length).
 */
export function spreadHistory(series: readonly (readonly (number | null)[])[]): (number | null)[] {
  const length = Math.max(0, ...series.map((s) => s.length));
  const out: (number | null)[] = [];
  for (let i = 0; i < length; i++) {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    let n = 0;
    for (const s of series) {
      const v = s[s.length - length + i];
      if (v === null || v === undefined || !Number.isFinite(v)) continue;
      min = Math.min(min, v);
      max = Math.max(max, v);
      n++;
    }
    out.push(n >= 2 ? Math.round((max - min) * 100) / 100 : null);
  }
  return out;
}
