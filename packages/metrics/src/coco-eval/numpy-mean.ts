/**
 * `np.mean` of a float64 vector to the last bit: numpy sums with pairwise summation (8 accumulators
 * in blocks of up to 128, halves above that; `pairwise_sum` in numpy's loops_utils.h.src), fed by
 * the reduction iterator in chunks of its 8192-element buffer, then divides by the count. A plain
 * left-to-right sum would differ in the last bits.
 */

const BLOCK = 128;
const CHUNK = 8192;

function pairwiseSum(a: Float64Array, start: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i];
    return res;
  }
  if (n <= BLOCK) {
    let r0 = a[start];
    let r1 = a[start + 1];
    let r2 = a[start + 2];
    let r3 = a[start + 3];
    let r4 = a[start + 4];
    let r5 = a[start + 5];
    let r6 = a[start + 6];
    let r7 = a[start + 7];
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const p = start + i;
      r0 += a[p];
      r1 += a[p + 1];
      r2 += a[p + 2];
      r3 += a[p + 3];
      r4 += a[p + 4];
      r5 += a[p + 5];
      r6 += a[p + 6];
      r7 += a[p + 7];
    }
    // numpy: ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7])).
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += a[start + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

/** Mean of `values[0 .. n)` exactly as `np.mean` computes it; NaN for n = 0 (callers check). */
export function numpyMean(values: Float64Array, n: number): number {
  let sum = 0;
  for (let start = 0; start < n; start += CHUNK) sum += pairwiseSum(values, start, Math.min(CHUNK, n - start));
  return sum / n;
}
