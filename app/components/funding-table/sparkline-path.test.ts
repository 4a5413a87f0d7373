import { describe, expect, it } from 'vitest';
import { sparklinePaths } from './sparkline-path';

const box = { width: 96, height: 26, inset: 2 };

/** Every number in a path, as [x, y] pairs (the `h0` of a dot is left out). */
function coordinates(d: string): [number, number][] {
  const nums = (d.replace(/h0/g, '').match(/-?\d+(\.\d+)?/g) ?? []).map(Number);
  const pairs: [number, number][] = [];
  for (let i = 0; i + 1 < nums.length; i += 2) pairs.push([nums[i]!, nums[i + 1]!]);
  return pairs;
}

describe('sparklinePaths', () => {
  it('draws nothing without values', () => {
    expect(sparklinePaths([], box)).toEqual({ line: '', area: '', points: 0 });
    expect(sparklinePaths([null, null, Number.NaN], box)).toEqual({ line: '', area: '', points: 0 });
  });

  it('spans the box: the lowest value at the bottom inset, the highest at the top inset', () => {
    const { line, area, points } = sparklinePaths([5, 15], box);
    expect(points).toBe(2);
    expect(line).toBe('M0,24L96,2');
    // Closed down to the bottom edge under the run.
    expect(area).toBe('M0,24L96,2L96,26L0,26Z');
  });

  it('puts a flat series at mid height', () => {
    expect(sparklinePaths([3, 3, 3], box).line).toMatch(/^M0,13C.*,96,13$/);
    expect(coordinates(sparklinePaths([3, 3, 3], box).line).every(([, y]) => y === 13)).toBe(true);
  });

  it('breaks the line at gaps and keeps their width; a lone point is a dot and has no area', () => {
    // Indices 0..4 over 96 px: x = 0, 24, 48, 72, 96.
    const { line, area, points } = sparklinePaths([1, 2, null, 4, Number.POSITIVE_INFINITY], box);
    expect(points).toBe(3);
    const subpaths = line.split('M').filter(Boolean);
    expect(subpaths).toHaveLength(2);
    expect(subpaths[0]).toBe('0,24L24,16.67');
    expect(subpaths[1]).toBe('72,2h0');
    expect(area.split('M').filter(Boolean)).toHaveLength(1);
    expect(area).toContain('L24,26L0,26Z');
  });

  it('smooths runs of three or more with cubic segments that stay inside the box', () => {
    const values = [0, 10, 2, 8, 8, 9, 1, 0, 5];
    const { line } = sparklinePaths(values, box);
    expect(line.match(/C/g)).toHaveLength(values.length - 1);
    for (const [x, y] of coordinates(line)) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(96);
      expect(y).toBeGreaterThanOrEqual(2);
      expect(y).toBeLessThanOrEqual(24);
    }
  });

  it('is monotone: each segment of a rising run keeps its control points between its ends', () => {
    const { line } = sparklinePaths([1, 2, 8, 9, 20], box);
    let start = coordinates(line.slice(0, line.indexOf('C')))[0]!;
    for (const segment of line.split('C').slice(1).map(coordinates)) {
      const end = segment[2]!;
      // SVG y grows downwards: rising values mean falling y.
      expect(end[1]).toBeLessThan(start[1]);
      for (const [, y] of segment) {
        expect(y).toBeLessThanOrEqual(start[1]);
        expect(y).toBeGreaterThanOrEqual(end[1]);
      }
      start = end;
    }
    expect(start).toEqual([96, 2]);
  });

  it('a local extremum gets a flat tangent (no overshoot past the peak)', () => {
    // Peak at index 1: both control points around it sit at the peak's height.
    const { line } = sparklinePaths([0, 10, 0], box);
    const segments = line.split('C').slice(1).map(coordinates);
    expect(segments[0]![1]![1]).toBe(2);
    expect(segments[1]![0]![1]).toBe(2);
  });
});
