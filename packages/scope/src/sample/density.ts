/**
 * Scene-density bins: images split by their number of regions into at most `bins` groups of about
 * equal size (quantiles), equal counts always in the same bin, so the sampler can spread its picks
 * from empty scenes to crowded ones.
 *
 * A value goes to bin floor(rank · bins / n) of its first rank in sorted order, empty bins dropped:
 *
 *   regions [0, 1, 1, 2, 5, 9, 9, 30], 4 bins: 0 (rank 0) and 1 (rank 1) → bin 1, 2 (rank 3) → bin 2,
 *   5 (rank 4) and 9 (rank 5) → bin 3, 30 (rank 7) → bin 4; ranges 0–1, 2, 5–9, 30.
 */

export interface DensityBinning {
  /** Bin of each value (0-based, same order as the input). */
  binOf: number[];
  /** Smallest and largest value of each non-empty bin, in order. */
  ranges: { min: number; max: number }[];
}

export function densityBins(values: readonly number[], bins: number): DensityBinning {
  const n = values.length;
  if (n === 0) return { binOf: [], ranges: [] };
  const sorted = [...values].sort((a, b) => a - b);
  const firstRank = new Map<number, number>();
  sorted.forEach((v, rank) => {
    if (!firstRank.has(v)) firstRank.set(v, rank);
  });
  // Raw bins may skip numbers (a value repeated over a whole quantile); renumber the used ones 0, 1, ...
  const raw = (v: number) => Math.min(bins - 1, Math.floor((firstRank.get(v)! * bins) / n));
  const used = [...new Set(sorted.map(raw))];
  const renumber = new Map(used.map((b, i) => [b, i]));
  const ranges = used.map(() => ({ min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY }));
  const binOf = values.map((v) => {
    const b = renumber.get(raw(v))!;
    ranges[b].min = Math.min(ranges[b].min, v);
    ranges[b].max = Math.max(ranges[b].max, v);
    return b;
  });
  return { binOf, ranges };
}
