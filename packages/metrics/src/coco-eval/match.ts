import type { CocoEvalImage } from './types.js';

/** What one detection is at one IoU threshold and area range; accumulate reads only this. */
export const FALSE_POSITIVE = 0;
export const TRUE_POSITIVE = 1;
export const IGNORED = 2;

/**
 * One (image, category) pair, flattened; ground truths in file order, detections in score order.
 * The arrays may be longer (reused scratch): only the first G (ground truths) or D (detections)
 * entries are read.
 */
export interface MatchInput {
  G: number;
  D: number;
  /** D×G row-major (empty when either side is). */
  ious: Float64Array;
  gtId: Float64Array;
  gtArea: Float64Array;
  gtCrowd: Uint8Array;
  /** `ignore` as evaluation sees it: `iscrowd` (pycocotools) or `ignore || iscrowd` (strict). */
  gtIgnore: Uint8Array;
  dtId: Float64Array;
  dtArea: Float64Array;
  dtScore: Float64Array;
}

// Scratch buffers, grown on demand and reused by every call.
let order = new Int32Array(64);
let sortedIgnore = new Uint8Array(64);
let matchedDt = new Int32Array(64);
let matchedGt = new Int32Array(64);
let rowBest = new Float64Array(64);

function grow(g: number, td: number, tg: number): void {
  if (order.length < g) {
    order = new Int32Array(g * 2);
    sortedIgnore = new Uint8Array(g * 2);
  }
  if (matchedDt.length < tg) matchedDt = new Int32Array(tg * 2);
  if (matchedGt.length < td) matchedGt = new Int32Array(td * 2);
}

/** Each detection's highest IoU (+∞ if any is NaN), so rows that cannot match at a threshold are skipped. */
function bestOfRows(ious: Float64Array, G: number, D: number): void {
  if (rowBest.length < D) rowBest = new Float64Array(D * 2);
  for (let d = 0; d < D; d++) {
    let best = Number.NEGATIVE_INFINITY;
    for (let i = d * G; i < (d + 1) * G; i++) {
      const v = ious[i];
      if (!(v <= best)) best = Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
    }
    rowBest[d] = best;
  }
}

/**
 * pycocotools `evaluateImg(img, cat, aRng, maxDets[-1])` for every IoU threshold, written as one
 * code per (threshold, detection) into `codes[t * stride + offset + d]`. Returns the number of
 * ground truths that count (not ignored) in this area range.
 *
 * Greedy matching, detections in score order: each takes the ground truth of highest IoU ≥
 * min(t, 1 - 1e-10), scanning non-ignored ground truths first; `>=` lets a later equal IoU win; a
 * matched non-crowd ground truth is skipped, a crowd one absorbs any number of detections; once a
 * non-ignored match is held the scan stops at the first ignored ground truth. A detection matched
 * to an ignored ground truth is ignored, and so is an unmatched one whose own area is out of range.
 * Without `strict`, matches are recorded as ids with 0 for "none", as pycocotools does: a ground
 * truth of id 0 never yields a true positive and one matched by a detection of id ≤ 0 stays free.
 */
export function matchGroup(
  input: MatchInput,
  lo: number,
  hi: number,
  thresholds: Float64Array,
  strict: boolean,
  codes: Uint8Array,
  offset: number,
  stride: number,
  record?: Omit<CocoEvalImage, 'imageId' | 'categoryId' | 'aRng' | 'maxDet'>,
): number {
  const { G, D, ious, gtId, gtArea, gtCrowd, gtIgnore, dtId, dtArea } = input;
  const T = thresholds.length;
  grow(G, T * D, T * G);
  // Non-ignored ground truths first, each part in file order (numpy's stable argsort of _ignore).
  let n = 0;
  for (let g = 0; g < G; g++) {
    if (!(gtIgnore[g] || gtArea[g] < lo || gtArea[g] > hi)) {
      sortedIgnore[n] = 0;
      order[n++] = g;
    }
  }
  const counted = n;
  for (let g = 0; g < G; g++) {
    if (gtIgnore[g] || gtArea[g] < lo || gtArea[g] > hi) {
      sortedIgnore[n] = 1;
      order[n++] = g;
    }
  }
  matchedDt.fill(-1, 0, T * G);
  matchedGt.fill(-1, 0, T * D);
  const withIous = ious.length > 0;
  if (withIous) bestOfRows(ious, G, D);
  for (let t = 0; t < T; t++) {
    const threshold = thresholds[t] < 1 - 1e-10 ? thresholds[t] : 1 - 1e-10;
    const taken = t * G;
    for (let d = 0; d < D; d++) {
      let m = -1;
      // A ground truth is taken only at IoU >= threshold: none can be when the row's best is below.
      if (withIous && rowBest[d] >= threshold) {
        let best = threshold;
        const row = d * G;
        for (let j = 0; j < G; j++) {
          const g = order[j];
          const previous = matchedDt[taken + j];
          if (previous >= 0 && !gtCrowd[g] && (strict || dtId[previous] > 0)) continue;
          if (m > -1 && sortedIgnore[m] === 0 && sortedIgnore[j] === 1) break;
          const iou = ious[row + g];
          if (iou < best) continue;
          best = iou;
          m = j;
        }
      }
      let code: number;
      if (m === -1) {
        code = dtArea[d] < lo || dtArea[d] > hi ? IGNORED : FALSE_POSITIVE;
      } else {
        matchedDt[taken + m] = d;
        matchedGt[t * D + d] = m;
        const counts = strict || gtId[order[m]] !== 0;
        if (sortedIgnore[m] === 1) code = IGNORED;
        else if (counts) code = TRUE_POSITIVE;
        else code = dtArea[d] < lo || dtArea[d] > hi ? IGNORED : FALSE_POSITIVE;
      }
      codes[t * stride + offset + d] = code;
    }
  }
  if (record !== undefined) fillRecord(record, input, T, G, D, codes, offset, stride);
  return counted;
}

function fillRecord(
  record: Omit<CocoEvalImage, 'imageId' | 'categoryId' | 'aRng' | 'maxDet'>,
  input: MatchInput,
  T: number,
  G: number,
  D: number,
  codes: Uint8Array,
  offset: number,
  stride: number,
): void {
  for (let j = 0; j < G; j++) {
    record.gtIds[j] = input.gtId[order[j]];
    record.gtIgnore[j] = sortedIgnore[j];
  }
  for (let t = 0; t < T; t++) {
    for (let j = 0; j < G; j++) {
      const d = matchedDt[t * G + j];
      record.gtMatches[t * G + j] = d >= 0 ? input.dtId[d] : 0;
    }
    for (let d = 0; d < D; d++) {
      const m = matchedGt[t * D + d];
      record.dtMatches[t * D + d] = m >= 0 ? input.gtId[order[m]] : 0;
      record.dtIgnore[t * D + d] = codes[t * stride + offset + d] === IGNORED ? 1 : 0;
    }
  }
  for (let d = 0; d < D; d++) {
    record.dtIds[d] = input.dtId[d];
    record.dtScores[d] = input.dtScore[d];
  }
}
