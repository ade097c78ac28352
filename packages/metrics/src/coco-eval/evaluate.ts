import { SegkitError } from '@segkit/core';
import { accumulateCategory, type CategoryMatches } from './accumulate.js';
import { buildGroups, type EvalGroup } from './groups.js';
import { groupIou } from './iou.js';
import { type MatchInput, matchGroup } from './match.js';
import { resolveParams } from './params.js';
import { perClassResults, summarizeStats } from './summarize.js';
import type {
  CocoEvalImage,
  CocoEvalOptions,
  CocoEvalParams,
  CocoEvalResult,
  EvalAnnotation,
  EvalGroundTruth,
  EvalImage,
} from './types.js';

/** The flat per-pair record matching reads; `iscrowd`/`ignore` read as truthy flags, missing = 0. */
function matchInput(
  group: EvalGroup,
  gts: readonly EvalAnnotation[],
  dts: readonly EvalAnnotation[],
  image: EvalImage,
  params: CocoEvalParams,
): MatchInput {
  const G = group.gt.length;
  const D = group.dt.length;
  const input: MatchInput = {
    ious: new Float64Array(0),
    gtId: new Float64Array(G),
    gtArea: new Float64Array(G),
    gtCrowd: new Uint8Array(G),
    gtIgnore: new Uint8Array(G),
    dtId: new Float64Array(D),
    dtArea: new Float64Array(D),
    dtScore: new Float64Array(D),
  };
  group.gt.forEach((index, g) => {
    const ann = gts[index];
    input.gtId[g] = ann.id;
    input.gtArea[g] = ann.area;
    input.gtCrowd[g] = ann.iscrowd ? 1 : 0;
    // pycocotools _prepare: gt['ignore'] = 'iscrowd' in gt and gt['iscrowd'], whatever `ignore` said;
    // boundary-iou-api's: gt['ignore'] = gt['ignore'] or iscrowd.
    input.gtIgnore[g] = ann.iscrowd || (params.ignoreFlag && ann.ignore) ? 1 : 0;
  });
  group.dt.forEach((index, d) => {
    const ann = dts[index];
    input.dtId[d] = ann.id;
    input.dtArea[d] = ann.area;
    input.dtScore[d] = ann.score as number;
  });
  input.ious = groupIou(group, gts, dts, input.gtCrowd, image, params.iouType, params.dilationRatio);
  return input;
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
 * pycocotools `COCOeval(gt, dt, iouType)` then `evaluate()`, `accumulate()` and `summarize()`, to the
 * last bit, for iouType `segm` and `bbox` (boundary-iou-api's COCOeval for `boundary`). `dts` are
 * detections as `COCO.loadRes` leaves them (see `loadResultsForEval`): ids, areas and boxes are used
 * as given.
 *
 * Also returns detectron2's per-category AP. With `strict`, two known quirks are fixed (see
 * `CocoEvalOptions.strict`); everything else stays pycocotools' behaviour, including area ranges
 * read from the `area` fields. Differences from pycocotools, where it would crash or silently give
 * IoU -1: a missing `iscrowd` reads as 0, and a mask whose size is not its image's is an error.
 *
 * Cost: one IoU matrix per (image, category) pair through @segkit/core (run-walking, box
 * prefiltered), then O(T·D·G) greedy matching per pair and area range, and one score sort per category.
 */
export function evaluateCoco(
  gt: EvalGroundTruth,
  dts: readonly EvalAnnotation[],
  options: CocoEvalOptions,
): CocoEvalResult {
  if (gt === null || typeof gt !== 'object' || !Array.isArray(gt.images) || !Array.isArray(gt.annotations)) {
    throw new SegkitError('INVALID_DATASET', 'the ground truth needs "images" and "annotations" lists');
  }
  if (!Array.isArray(gt.categories)) throw new SegkitError('INVALID_DATASET', 'the ground truth needs "categories"');
  if (!Array.isArray(dts)) throw new SegkitError('INVALID_DATASET', 'detections must be a list');
  const params = resolveParams(gt, options);
  const { byCell } = buildGroups(gt, dts, params);
  const images = new Map(gt.images.map((image) => [image.id, image]));
  const { iouThrs, recThrs, maxDets, areaRng, imgIds, catIds } = params;
  const T = iouThrs.length;
  const R = recThrs.length;
  const K = catIds.length;
  const A = areaRng.length;
  const M = maxDets.length;
  const I = imgIds.length;
  const precision = new Float64Array(T * R * K * A * M).fill(-1);
  const recall = new Float64Array(T * K * A * M).fill(-1);
  const scores = new Float64Array(T * R * K * A * M).fill(-1);
  const evalImgs: (CocoEvalImage | null)[] | undefined = options.keepEvalImgs
    ? new Array(K * A * I).fill(null)
    : undefined;
  const nGt = new Float64Array(K);
  const nDt = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let N = 0;
    for (let i = 0; i < I; i++) N += byCell[k * I + i]?.dt.length ?? 0;
    const matches: CategoryMatches = {
      count: N,
      scores: new Float64Array(N),
      rank: new Int32Array(N),
      codes: new Uint8Array(A * T * N),
      counted: new Float64Array(A),
      present: false,
    };
    let offset = 0;
    for (let i = 0; i < I; i++) {
      const group = byCell[k * I + i];
      if (group === undefined) continue;
      matches.present = true;
      const image = images.get(imgIds[i]) as EvalImage;
      const input = matchInput(group, gt.annotations, dts, image, params);
      const D = group.dt.length;
      matches.scores.set(input.dtScore, offset);
      for (let d = 0; d < D; d++) matches.rank[offset + d] = d;
      for (let a = 0; a < A; a++) {
        const record = evalImgs ? emptyRecord(T, group.gt.length, D) : undefined;
        const [lo, hi] = areaRng[a];
        matches.counted[a] += matchGroup(
          input,
          lo,
          hi,
          iouThrs,
          params.strict,
          matches.codes,
          a * T * N + offset,
          N,
          record,
        );
        if (evalImgs && record) {
          const aRng = areaRng[a];
          evalImgs[(k * A + a) * I + i] = {
            imageId: imgIds[i],
            categoryId: catIds[k],
            aRng,
            maxDet: maxDets[M - 1],
            ...record,
          };
        }
      }
      nDt[k] += group.dtTotal;
      offset += D;
    }
    nGt[k] = matches.counted[0];
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
  const names = new Map<number, string>();
  for (const category of gt.categories) if (typeof category.name === 'string') names.set(category.id, category.name);
  const result: CocoEvalResult = {
    iouType: params.iouType,
    params,
    stats: summarizeStats(params, precision, recall),
    precision,
    recall,
    scores,
    perClass: perClassResults(params, precision, recall, names, { nGt, nDt }),
  };
  if (evalImgs) result.evalImgs = evalImgs;
  return result;
}
