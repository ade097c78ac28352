import { cellIou } from './iou.js';
import { type MatchInput, matchGroup } from './match.js';
import type { CocoEvalShare } from './plan.js';
import type { CocoEvalImage } from './types.js';

/**
 * What pycocotools' `evaluateImg` found in a share of images, reduced to what `accumulate()` reads,
 * in flat typed arrays (cheap to post from a worker thread: see `cocoRecordsTransferList`).
 * Per category k (K entries): `count[k]` detections kept (score order within each image, images in
 * order), `dtTotal[k]` before the maxDets cut, `present[k]` whether any image has the category,
 * `counted[k * A + a]` ground truths that count in area range a. Category k's detections are
 * `scores`/`rank` (position in its image's score order) at `[start[k], start[k] + count[k])`, and
 * their codes (FALSE_POSITIVE, TRUE_POSITIVE, IGNORED per area range and IoU threshold) are
 * `codes[A·T·start[k] + (a·T + t)·count[k] + j]`, where start[k] is the sum of the counts before k.
 */
export interface CocoImageRecords {
  from: number;
  to: number;
  count: Int32Array;
  dtTotal: Float64Array;
  present: Uint8Array;
  counted: Float64Array;
  scores: Float64Array;
  rank: Int32Array;
  codes: Uint8Array;
  /** pycocotools' evalImgs entries of the share, at `(k * A + a) * (to - from) + (i - from)`; with keepEvalImgs. */
  evalImgs?: (CocoEvalImage | null)[];
}

/** The buffers of a records object, to transfer rather than copy when posting it. */
export function cocoRecordsTransferList(records: CocoImageRecords): ArrayBuffer[] {
  const { count, dtTotal, present, counted, scores, rank, codes } = records;
  return [count, dtTotal, present, counted, scores, rank, codes].map((a) => a.buffer as ArrayBuffer);
}

const NO_IOUS = new Float64Array(0);

// Scratch of one pair, grown on demand and reused by every pair.
let gtId = new Float64Array(64);
let gtArea = new Float64Array(64);
let gtCrowd = new Uint8Array(64);
let gtIgnore = new Uint8Array(64);
let dtId = new Float64Array(128);
let dtArea = new Float64Array(128);
let dtScore = new Float64Array(128);

function grow(G: number, D: number): void {
  if (gtId.length < G) {
    gtId = new Float64Array(G * 2);
    gtArea = new Float64Array(G * 2);
    gtCrowd = new Uint8Array(G * 2);
    gtIgnore = new Uint8Array(G * 2);
  }
  if (dtId.length < D) {
    dtId = new Float64Array(D * 2);
    dtArea = new Float64Array(D * 2);
    dtScore = new Float64Array(D * 2);
  }
}

/** The flat record matching reads; `iscrowd`/`ignore` read as truthy flags, missing = 0. */
function cellInput(share: CocoEvalShare, c: number, ignoreFlag: boolean): MatchInput {
  const g0 = share.gtStart[c];
  const d0 = share.dtStart[c];
  const G = share.gtStart[c + 1] - g0;
  const D = share.dtStart[c + 1] - d0;
  grow(G, D);
  for (let g = 0; g < G; g++) {
    const ann = share.gts[g0 + g];
    gtId[g] = ann.id;
    gtArea[g] = ann.area;
    gtCrowd[g] = ann.iscrowd ? 1 : 0;
    // pycocotools _prepare: gt['ignore'] = 'iscrowd' in gt and gt['iscrowd'], whatever `ignore` said;
    // boundary-iou-api's: gt['ignore'] = gt['ignore'] or iscrowd.
    gtIgnore[g] = ann.iscrowd || (ignoreFlag && ann.ignore) ? 1 : 0;
  }
  for (let d = 0; d < D; d++) {
    const ann = share.dts[d0 + d];
    dtId[d] = ann.id;
    dtArea[d] = ann.area;
    dtScore[d] = ann.score;
  }
  return { G, D, ious: NO_IOUS, gtId, gtArea, gtCrowd, gtIgnore, dtId, dtArea, dtScore };
}

function emptyRecord(
  T: number,
  G: number,
  D: number,
): Omit<CocoEvalImage, 'imageId' | 'categoryId' | 'aRng' | 'maxDet'> {
  return {
    dtIds: new Float64Array(D),
    gtIds: new Float64Array(G),
    dtScores: new Float64Array(D),
    dtMatches: new Float64Array(T * D),
    gtMatches: new Float64Array(T * G),
    gtIgnore: new Uint8Array(G),
    dtIgnore: new Uint8Array(T * D),
  };
}

/**
 * pycocotools `computeIoU` and `evaluateImg` for every (image, category) pair of a share and every
 * area range, pairs taken category-major as `evaluate()` does. When `at` is given, `at.cell` holds
 * the pair being evaluated as `k · I + i` (I: all evaluated images), so that a caller running several
 * shares can report the failure one whole evaluation would have met first.
 */
export function evaluateCocoShare(share: CocoEvalShare, at?: { cell: number }): CocoImageRecords {
  const { params, from, to } = share;
  const { iouThrs, areaRng, maxDets, catIds, imgIds } = params;
  const n = to - from;
  const K = catIds.length;
  const A = areaRng.length;
  const T = iouThrs.length;
  const I = imgIds.length;
  const count = new Int32Array(K);
  const dtTotal = new Float64Array(K);
  const present = new Uint8Array(K);
  const start = new Int32Array(K + 1);
  for (let k = 0; k < K; k++) {
    for (let c = k * n; c < (k + 1) * n; c++) {
      count[k] += share.dtStart[c + 1] - share.dtStart[c];
      dtTotal[k] += share.dtTotal[c];
      present[k] |= share.present[c];
    }
    start[k + 1] = start[k] + count[k];
  }
  const total = start[K];
  const scores = new Float64Array(total);
  const rank = new Int32Array(total);
  const codes = new Uint8Array(A * T * total);
  const counted = new Float64Array(K * A);
  const evalImgs: (CocoEvalImage | null)[] | undefined = share.keepEvalImgs
    ? new Array(K * A * n).fill(null)
    : undefined;
  for (let k = 0; k < K; k++) {
    const N = count[k];
    let offset = start[k];
    for (let li = 0; li < n; li++) {
      const c = k * n + li;
      if (!share.present[c]) continue;
      if (at !== undefined) at.cell = k * I + from + li;
      const input = cellInput(share, c, params.ignoreFlag);
      const { G, D } = input;
      input.ious = cellIou(
        { list: share.gts, index: share.gtIndex, from: share.gtStart[c], to: share.gtStart[c + 1] },
        { list: share.dts, index: share.dtIndex, from: share.dtStart[c], to: share.dtStart[c + 1] },
        gtCrowd.subarray(0, G),
        share.images[li],
        params.iouType,
        params.dilationRatio,
      );
      for (let d = 0; d < D; d++) {
        scores[offset + d] = dtScore[d];
        rank[offset + d] = d;
      }
      const base = A * T * start[k] + (offset - start[k]);
      for (let a = 0; a < A; a++) {
        const record = evalImgs ? emptyRecord(T, G, D) : undefined;
        const [lo, hi] = areaRng[a];
        counted[k * A + a] += matchGroup(input, lo, hi, iouThrs, params.strict, codes, base + a * T * N, N, record);
        if (evalImgs && record) {
          evalImgs[(k * A + a) * n + li] = {
            imageId: imgIds[from + li],
            categoryId: catIds[k],
            aRng: areaRng[a],
            maxDet: maxDets[maxDets.length - 1],
            ...record,
          };
        }
      }
      offset += D;
    }
  }
  const records: CocoImageRecords = { from, to, count, dtTotal, present, counted, scores, rank, codes };
  if (evalImgs) records.evalImgs = evalImgs;
  return records;
}
