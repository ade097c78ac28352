/**
 * COCO detection evaluation, exact with pycocotools' COCOeval (iouType `segm` and `bbox`).
 *
 * ```ts
 * const dts = loadCocoResults(resultsJson, gtJson); // pycocotools COCO.loadRes (@segkit/core)
 * const { stats, perClass } = evaluateCoco(gtJson, dts, { iouType: 'segm' });
 * stats[0]; // AP @[IoU=0.50:0.95 | area=all | maxDets=100], as summarize() prints it
 * ```
 */

// The one loadRes port lives in core (formats reads results too); this is its evaluation-side name.
export { loadCocoResults as loadResultsForEval } from '@segkit/core';
export { evaluateCoco } from './evaluate.js';
export { type CocoEvalReport, cocoEvalReport } from './json.js';
export { AREA_LABELS, AREA_RANGES, DEFAULT_MAX_DETS, IOU_THRESHOLDS, RECALL_THRESHOLDS } from './params.js';
export { type CocoEvalPlan, planCocoEval } from './plan.js';
export { summaryLines } from './summary-text.js';
export type {
  CocoClassResult,
  CocoEvalImage,
  CocoEvalOptions,
  CocoEvalParams,
  CocoEvalResult,
  EvalAnnotation,
  EvalCategory,
  EvalDetection,
  EvalGroundTruth,
  EvalImage,
  EvalRecord,
  IouType,
} from './types.js';
