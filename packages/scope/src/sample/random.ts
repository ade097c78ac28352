/**
 * Seeded draws for the sampler, so that a seed names one pick exactly on every machine (no
 * Math.random). The generator is core's `mulberry32`: one uint32 of state, period 2^32, plenty for
 * choosing a few hundred images.
 */
export { mulberry32 } from '@segkit/core';

/**
 * Index of one item drawn with probability proportional to its weight (weights ≥ 0). All weights 0:
 * uniform. Empty list: -1 (callers check for candidates first).
 */
export function weightedIndex(weights: readonly number[], random: () => number): number {
  if (weights.length === 0) return -1;
  let total = 0;
  for (const w of weights) total += w;
  if (!(total > 0)) return Math.min(weights.length - 1, Math.floor(random() * weights.length));
  let target = random() * total;
  for (let i = 0; i < weights.length; i++) {
    target -= weights[i];
    if (target < 0) return i;
  }
  // Rounding left a sliver of the total: the last item with weight.
  for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i;
  return weights.length - 1;
}

/** A seeded Fisher–Yates permutation of 0..n-1. */
export function permutation(n: number, random: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
