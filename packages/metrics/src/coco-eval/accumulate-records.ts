import { SegkitError } from '@segkit/core';
import { accumulateCategory, type CategoryMatches } from './accumulate.js';
import type { CocoImageRecords } from './evaluate-share.js';
import type { CocoEvalPlan } from './plan.js';
import { perClassResults, summarizeStats } from './summarize.js';
import type { CocoEvalImage, CocoEvalResult } from './types.js';

/** Category k's matches over all shares, concatenated in image order (a view when there is one share). */
function categoryMatches(records: readonly CocoImageRecords[], k: number, A: number, T: number): CategoryMatches {
  const starts = records.map((r) => {
    let start = 0;
    for (let j = 0; j < k; j++) start += r.count[j];
    return start;
  });
  if (records.length === 1) {
    const [r] = records;
    const s = starts[0];
    const N = r.count[k];
    return {
      count: N,
      scores: r.scores.subarray(s, s + N),
      rank: r.rank.subarray(s, s + N),
      codes: r.codes.subarray(A * T * s, A * T * (s + N)),
      counted: r.counted.slice(k * A, (k + 1) * A),
      present: r.present[k] === 1,
    };
  }
  let N = 0;
  for (const r of records) N += r.count[k];
  const matches: CategoryMatches = {
    count: N,
    scores: new Float64Array(N),
    rank: new Int32Array(N),
    codes: new Uint8Array(A * T * N),
    counted: new Float64Array(A),
    present: false,
  };
  let offset = 0;
  records.forEach((r, share) => {
    const s = starts[share];
    const n = r.count[k];
    matches.scores.set(r.scores.subarray(s, s + n), offset);
    matches.rank.set(r.rank.subarray(s, s + n), offset);
    for (let row = 0; row < A * T; row++) {
      const from = A * T * s + row * n;
      matches.codes.set(r.codes.subarray(from, from + n), row * N + offset);
    }
    // Sums of integer counts: exact in any order.
    for (let a = 0; a < A; a++) matches.counted[a] += r.counted[k * A + a];
    if (r.present[k]) matches.present = true;
    offset += n;
  });
  return matches;
}

/**
 * pycocotools `accumulate()` and `summarize()` over the records of shares that cover the plan's
 * images in order (`evaluateCocoShare` on `cocoEvalShare(plan, from, to)` for consecutive ranges).
 * Detections are concatenated in image order, so the result is the same bits for any split.
 */
export function accumulateCoco(plan: CocoEvalPlan, records: readonly CocoImageRecords[]): CocoEvalResult {
  const { params } = plan;
  const { iouThrs, recThrs, maxDets, areaRng, imgIds, catIds } = params;
  const T = iouThrs.length;
  const R = recThrs.length;
  const K = catIds.length;
  const A = areaRng.length;
  const M = maxDets.length;
  const I = imgIds.length;
  let next = 0;
  for (const r of records) {
    if (r.from !== next || r.to < r.from || r.count.length !== K || r.counted.length !== K * A) {
      throw new SegkitError(
        'UNSUPPORTED',
        `records must cover images [0, ${I}) in order with ${K} categories; got [${r.from}, ${r.to}) after ${next}`,
      );
    }
    next = r.to;
  }
  if (next !== I) throw new SegkitError('UNSUPPORTED', `records cover images [0, ${next}) of ${I}`);
  const precision = new Float64Array(T * R * K * A * M).fill(-1);
  const recall = new Float64Array(T * K * A * M).fill(-1);
  const scores = new Float64Array(T * R * K * A * M).fill(-1);
  const nGt = new Float64Array(K);
  const nDt = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    const matches = categoryMatches(records, k, A, T);
    nGt[k] = matches.counted[0];
    for (const r of records) nDt[k] += r.dtTotal[k];
    accumulateCategory(matches, {
      k,
      K,
      thresholds: iouThrs,
      recallThresholds: recThrs,
      maxDets,
      areaCount: A,
      precision,
      recall,
      scores,
    });
  }
  const result: CocoEvalResult = {
    iouType: params.iouType,
    params,
    stats: summarizeStats(params, precision, recall),
    precision,
    recall,
    scores,
    perClass: perClassResults(params, precision, recall, plan.names, { nGt, nDt }),
  };
  if (plan.keepEvalImgs) {
    const evalImgs: (CocoEvalImage | null)[] = new Array(K * A * I).fill(null);
    for (const r of records) {
      const n = r.to - r.from;
      const entries = r.evalImgs ?? [];
      for (let ka = 0; ka < K * A; ka++) {
        for (let li = 0; li < n; li++) evalImgs[ka * I + r.from + li] = entries[ka * n + li] ?? null;
      }
    }
    result.evalImgs = evalImgs;
  }
  return result;
}
