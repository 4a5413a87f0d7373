// SVG path data for a small sparkline: values (nulls and non-finite values are gaps) scaled into a
// box, each unbroken run drawn as a monotone cubic curve (d3's curveMonotoneX: it never overshoots
// between points, so the line stays inside the box) with the area under it closed to the bottom.
// Pure, so the same markup renders on the server and in the browser.

export interface SparklineBox {
  width: number;
  height: number;
  /** Room kept above the highest and below the lowest point, for the stroke's width. */
  inset: number;
}

export interface SparklinePaths {
  /** The line: one subpath per run; a lone point is a zero-length subpath (a dot with round caps). */
  line: string;
  /** The area under the runs of two points or more, closed along the box's bottom edge. */
  area: string;
  /** How many values are drawn (not gaps). */
  points: number;
}

interface Point {
  x: number;
  y: number;
}

/** Two decimals are finer than a pixel and keep the server-rendered markup short. */
const n = (v: number) => String(Math.round(v * 100) / 100);

/** Tangent at a middle point from the slopes either side (Steffen's method, as d3 does it). */
function innerTangent(prev: Point, at: Point, next: Point): number {
  const h0 = at.x - prev.x;
  const h1 = next.x - at.x;
  const s0 = (at.y - prev.y) / h0;
  const s1 = (next.y - at.y) / h1;
  const p = (s0 * h1 + s1 * h0) / (h0 + h1);
  const sign = (v: number) => (v < 0 ? -1 : 1);
  return (sign(s0) + sign(s1)) * Math.min(Math.abs(s0), Math.abs(s1), 0.5 * Math.abs(p)) || 0;
}

/** `M…C…` through the run's points: cubic segments whose control points follow the tangents. */
function curve(run: Point[]): string {
  const first = run[0]!;
  if (run.length === 1) return `M${n(first.x)},${n(first.y)}h0`;
  if (run.length === 2) return `M${n(first.x)},${n(first.y)}L${n(run[1]!.x)},${n(run[1]!.y)}`;
  const t = run.map((p, i) => (i === 0 || i === run.length - 1 ? 0 : innerTangent(run[i - 1]!, p, run[i + 1]!)));
  // End tangents: the one-sided estimate d3 uses, so the curve leaves its ends without a kink.
  const endTangent = (a: Point, b: Point, inner: number) => (3 * (b.y - a.y)) / (b.x - a.x) / 2 - inner / 2;
  t[0] = endTangent(run[0]!, run[1]!, t[1]!);
  t[run.length - 1] = endTangent(run[run.length - 2]!, run[run.length - 1]!, t[run.length - 2]!);
  let d = `M${n(first.x)},${n(first.y)}`;
  for (let i = 1; i < run.length; i++) {
    const a = run[i - 1]!;
    const b = run[i]!;
    const dx = (b.x - a.x) / 3;
    d += `C${n(a.x + dx)},${n(a.y + dx * t[i - 1]!)},${n(b.x - dx)},${n(b.y - dx * t[i]!)},${n(b.x)},${n(b.y)}`;
  }
  return d;
}

export function sparklinePaths(values: readonly (number | null)[], box: SparklineBox): SparklinePaths {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (present.length === 0) return { line: '', area: '', points: 0 };
  const min = Math.min(...present);
  const max = Math.max(...present);
  const top = box.inset;
  const bottom = box.height - box.inset;
  // A flat series sits at mid height rather than on an edge.
  const y = (v: number) => (max === min ? box.height / 2 : bottom - ((v - min) / (max - min)) * (bottom - top));
  // Positions follow the index, gaps included, so a gap keeps its width in time.
  const x = (i: number) => (values.length === 1 ? box.width / 2 : (i * box.width) / (values.length - 1));

  const runs: Point[][] = [];
  let run: Point[] = [];
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      if (run.length) runs.push(run);
      run = [];
    } else {
      run.push({ x: x(i), y: y(v) });
    }
  });
  if (run.length) runs.push(run);

  const line = runs.map(curve).join('');
  const area = runs
    .filter((r) => r.length >= 2)
    .map((r) => `${curve(r)}L${n(r[r.length - 1]!.x)},${n(box.height)}L${n(r[0]!.x)},${n(box.height)}Z`)
    .join('');
  return { line, area, points: present.length };
}
