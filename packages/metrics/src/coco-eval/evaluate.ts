import type { CocoDocument } from '@segkit/core';
import { accumulateCoco } from './accumulate-records.js';
import { evaluateCocoShare } from './evaluate-share.js';
import { cocoEvalShare, planCocoEval } from './plan.js';
import type { CocoEvalOptions, CocoEvalResult, EvalAnnotation, EvalGroundTruth } from './types.js';

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
 * The same in steps, to spread images over threads: `planCocoEval`, then `evaluateCocoShare` on
 * `cocoEvalShare(plan, from, to)` for consecutive ranges of images (anywhere), then `accumulateCoco`
 * on the records in image order; any split gives the same bits.
 *
 * Cost: one IoU matrix per (image, category) pair through @segkit/core (run-walking, box
 * prefiltered), then O(T·D·G) greedy matching per pair and area range, and one score sort per category.
 */
export function evaluateCoco(
  gt: EvalGroundTruth | CocoDocument,
  dts: readonly EvalAnnotation[],
  options: CocoEvalOptions,
): CocoEvalResult {
  const plan = planCocoEval(gt, dts, options);
  const all = cocoEvalShare(plan, 0, plan.params.imgIds.length);
  return accumulateCoco(plan, [evaluateCocoShare(all)]);
}
