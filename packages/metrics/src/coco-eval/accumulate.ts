import { IGNORED, TRUE_POSITIVE } from './match.js';

/** numpy `np.spacing(1)`: keeps tp / (tp + fp) finite, so a perfect precision reads 0.9999999999999998. */
const EPS = 2.220446049250313e-16;

/**
 * One category's detections over all evaluated images, concatenated in image order and, within an
 * image, in score order (cut to the last maxDets), with what matching made of each.
 */
export interface CategoryMatches {
  /** Concatenated detections. */
  count: number;
  scores: Float64Array;
  /** Position of each detection in its image's score order (compared with maxDet). */
  rank: Int32Array;
  /** `codes[(a * T + t) * count + j]`: FALSE_POSITIVE, TRUE_POSITIVE or IGNORED. */
  codes: Uint8Array;
  /** Ground truths that count, per area range, summed over images. */
  counted: Float64Array;
  /** Whether any image has a ground truth or a detection of this category (pycocotools' E is not empty). */
  present: boolean;
}

export interface AccumulateTarget {
  k: number;
  K: number;
  thresholds: Float64Array;
  recallThresholds: Float64Array;
  maxDets: readonly number[];
  areaCount: number;
  /** T×R×K×A×M, T×K×A×M and T×R×K×A×M, pre-filled with -1. */
  precision: Float64Array;
  recall: Float64Array;
  scores: Float64Array;
}

// Per true positive: its position among the kept detections and the precision there. Grown on demand.
let tpAt = new Int32Array(256);
let tpPrecision = new Float64Array(256);
let kept = new Int32Array(256);

/**
 * pycocotools `accumulate()` for one category: for each area range and maxDet, detections of all
 * images stable-sorted by score (ties: image order, then score order within the image), cumulative
 * TP/FP (ignored detections count as neither but keep their place), precision made non-increasing
 * from the right and read at the first detection whose recall reaches each recall threshold (0
 * past the last). Stays -1 when no image has the category or no ground truth counts.
 *
 * Only true positives need a division: recall changes only there, so the first detection reaching
 * a recall threshold above 0 is one; and precision only rises there (an FP lowers it, an ignored
 * detection repeats it), so the right-to-left maximum over all detections from a true positive is
 * the maximum over the true positives from it. The values are the same doubles pycocotools divides.
 */
export function accumulateCategory(matches: CategoryMatches, target: AccumulateTarget): void {
  const { k, K, thresholds, recallThresholds, maxDets, areaCount: A, precision, recall, scores } = target;
  if (!matches.present) return;
  const N = matches.count;
  const T = thresholds.length;
  const R = recallThresholds.length;
  const M = maxDets.length;
  if (kept.length < N) {
    kept = new Int32Array(N * 2);
    tpAt = new Int32Array(N * 2);
    tpPrecision = new Float64Array(N * 2);
  }
  const order = new Int32Array(N);
  for (let j = 0; j < N; j++) order[j] = j;
  const s = matches.scores;
  // numpy argsort(-scores, kind='mergesort'): descending, ties in concatenation order.
  order.sort((a, b) => (s[b] > s[a] ? 1 : s[b] < s[a] ? -1 : a - b));
  const codes = matches.codes;
  for (let m = 0; m < M; m++) {
    // Sorting the whole list once and keeping each image's first maxDet gives the same order as
    // sorting the cut lists, since the sort is stable.
    const maxDet = maxDets[m];
    let nd = 0;
    for (let j = 0; j < N; j++) if (matches.rank[order[j]] < maxDet) kept[nd++] = order[j];
    for (let a = 0; a < A; a++) {
      const npig = matches.counted[a];
      if (npig === 0) continue;
      for (let t = 0; t < T; t++) {
        const base = (a * T + t) * N;
        let tp = 0;
        let fp = 0;
        for (let i = 0; i < nd; i++) {
          const code = codes[base + kept[i]];
          if (code === TRUE_POSITIVE) {
            tp++;
            tpAt[tp - 1] = i;
            tpPrecision[tp - 1] = tp / (fp + tp + EPS);
          } else if (code !== IGNORED) fp++;
        }
        recall[((t * K + k) * A + a) * M + m] = nd > 0 ? tp / npig : 0;
        for (let j = tp - 1; j > 0; j--) if (tpPrecision[j] > tpPrecision[j - 1]) tpPrecision[j - 1] = tpPrecision[j];
        // searchsorted(rc, recThrs, side='left'), walked in step since both are sorted: j true
        // positives give recall j / npig (0 before the first, where a threshold of 0 is reached at once).
        let j = 0;
        for (let r = 0; r < R; r++) {
          const at = (((t * R + r) * K + k) * A + a) * M + m;
          const threshold = recallThresholds[r];
          if (nd > 0 && threshold <= 0) {
            precision[at] = tp > 0 ? tpPrecision[0] : 0;
            scores[at] = s[kept[0]];
            continue;
          }
          while (j < tp && (j + 1) / npig < threshold) j++;
          if (j < tp) {
            precision[at] = tpPrecision[j];
            scores[at] = s[kept[tpAt[j]]];
          } else {
            precision[at] = 0;
            scores[at] = 0;
          }
        }
      }
    }
  }
}
