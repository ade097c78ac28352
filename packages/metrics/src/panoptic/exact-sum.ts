/**
 * Exact sums of doubles, so that a metric summed image by image does not depend on the order of the
 * images or on how they are split between workers (a plain `+=` does, in the last bits).
 *
 * Based on CPython's `math.fsum` (Modules/mathmodule.c, Shewchuk's "Adaptive Precision
 * Floating-Point Arithmetic"): the running sum is kept as `partials`, non-overlapping doubles in
 * increasing magnitude whose exact sum is the value; reading it rounds once, to nearest-even.
 * Example: adding 1e100, 1 and -1e100 leaves the partials [1, 0], read as 1 (a plain sum gives 0).
 *
 * Cost: O(number of partials) per addition; for values in (0.5, 1] (IoUs) they stay few.
 * Finite inputs only.
 */

/** Adds `x` to the exact sum held by `partials` (in place). */
export function exactSumAdd(partials: number[], x: number): void {
  let i = 0;
  for (let j = 0; j < partials.length; j++) {
    let y = partials[j];
    if (Math.abs(x) < Math.abs(y)) {
      const t = x;
      x = y;
      y = t;
    }
    const hi = x + y;
    const lo = y - (hi - x);
    if (lo !== 0) partials[i++] = lo;
    x = hi;
  }
  partials.length = i;
  partials.push(x);
}

/** The exact sum held by `partials`, correctly rounded. */
export function exactSumValue(partials: readonly number[]): number {
  let n = partials.length;
  if (n === 0) return 0;
  let hi = partials[--n];
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = partials[--n];
    hi = x + y;
    lo = y - (hi - x);
    if (lo !== 0) break;
  }
  // Round half to even: when the rest lies exactly halfway, the partials below decide the direction.
  if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
    const y = lo * 2;
    const x = hi + y;
    if (y === x - hi) hi = x;
  }
  return hi;
}
