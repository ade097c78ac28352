import type { Distribution } from './types.js';

/**
 * Summary of a list of values: percentiles by linear interpolation between order statistics
 * (numpy's default), so the median of [1, 2, 3, 4] is 2.5 and its 10th percentile 1.3. An empty
 * list gives nulls.
 */
export function distribution(values: Float64Array | readonly number[]): Distribution {
  const n = values.length;
  if (n === 0) return { median: null, p10: null, p90: null, mean: null, min: null, max: null };
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  return {
    median: percentile(sorted, 50),
    p10: percentile(sorted, 10),
    p90: percentile(sorted, 90),
    mean: sum / n,
    min: sorted[0],
    max: sorted[n - 1],
  };
}

/** The p-th percentile (0–100) of ascending values, interpolated linearly. */
export function percentile(sorted: Float64Array, p: number): number {
  const position = ((sorted.length - 1) * p) / 100;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  const fraction = position - below;
  return sorted[below] + (sorted[above] - sorted[below]) * fraction;
}
