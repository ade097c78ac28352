/**
 * The NaN conventions every semantic metric shares, with null standing for NaN (so that results
 * survive JSON): a ratio over 0 is undefined, and a mean skips undefined entries. The sums are
 * done the way the reference does them, so that the means agree to the last bit:
 * numpy (`np.nanmean`, `ndarray.sum`) sums pairwise, Cityscapes' `getScoreAverage` in order.
 */

/** numerator / denominator, or null (NaN) when the denominator is 0. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** `np.nanmean`: nulls become 0 in a numpy sum, divided by the count of non-null values. */
export function nanMean(values: readonly (number | null)[]): number | null {
  const filled = values.map((v) => v ?? 0);
  const count = values.length - values.filter((v) => v === null).length;
  return count === 0 ? null : numpySum(filled, 0, filled.length) / count;
}

/** Mean of the non-null values summed in order (Python's loop in `getScoreAverage`); null if none. */
export function orderedMean(values: readonly (number | null)[]): number | null {
  let sum = 0;
  let count = 0;
  for (const v of values) {
    if (v === null) continue;
    sum += v;
    count++;
  }
  return count === 0 ? null : sum / count;
}

/**
 * `np.sum` of a contiguous float64 array: numpy's `pairwise_sum` (numpy/_core/src/umath/
 * loops_utils.h.src), which sums blocks of up to 128 values with 8 interleaved accumulators and
 * splits longer ranges in two at a multiple of 8.
 */
export function numpySum(values: readonly number[], start: number, length: number): number {
  if (length < 8) {
    let sum = -0;
    for (let i = 0; i < length; i++) sum += values[start + i];
    return sum;
  }
  if (length <= 128) {
    const r = values.slice(start, start + 8);
    let i = 8;
    for (; i < length - (length % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j] += values[start + i + j];
    }
    let sum = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]));
    for (; i < length; i++) sum += values[start + i];
    return sum;
  }
  let half = Math.floor(length / 2);
  half -= half % 8;
  return numpySum(values, start, half) + numpySum(values, start + half, length - half);
}
