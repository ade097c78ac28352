import { SegkitError, showValue } from '@segkit/core';
import type { CocoEvalOptions, CocoEvalParams, EvalGroundTruth } from './types.js';

/** numpy `linspace(start, stop, num)`: `i * ((stop - start) / (num - 1)) + start`, the last forced to `stop`. */
function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  const step = (stop - start) / (num - 1);
  for (let i = 0; i < num; i++) out[i] = i * step + start;
  out[num - 1] = stop;
  return out;
}

/** pycocotools `Params.iouThrs`: 0.5, 0.55, …, 0.8999999999999999, 0.95 (bit-exact with numpy). */
export const IOU_THRESHOLDS: Float64Array = linspace(0.5, 0.95, 10);

/** pycocotools `Params.recThrs`: 101 points `i * 0.01` (0.35000000000000003, not 0.35), the last 1. */
export const RECALL_THRESHOLDS: Float64Array = linspace(0, 1, 101);

/** Area ranges in px², both ends inclusive (area 1024 is small and medium). */
export const AREA_RANGES: readonly (readonly [number, number])[] = [
  [0, 1e10],
  [0, 32 ** 2],
  [32 ** 2, 96 ** 2],
  [96 ** 2, 1e10],
];
export const AREA_LABELS: readonly string[] = ['all', 'small', 'medium', 'large'];

export const DEFAULT_MAX_DETS: readonly number[] = [1, 10, 100];

/** Sorted, deduplicated ids (numpy `unique`). */
function uniqueSorted(ids: Iterable<unknown>, what: string): number[] {
  const unique = new Set<number>();
  for (const id of ids) {
    if (typeof id !== 'number' || Number.isNaN(id)) {
      throw new SegkitError('INVALID_DATASET', `${what} must be numbers, got ${showValue(id)}`);
    }
    unique.add(id);
  }
  return [...unique].sort((a, b) => a - b);
}

/** Options → the parameters pycocotools' `evaluate()` would run with, checked against the ground truth. */
export function resolveParams(gt: EvalGroundTruth, options: CocoEvalOptions): CocoEvalParams {
  const { iouType } = options;
  if (iouType !== 'segm' && iouType !== 'bbox' && iouType !== 'boundary') {
    throw new SegkitError('UNSUPPORTED', `iouType must be 'segm', 'bbox' or 'boundary', got ${showValue(iouType)}`);
  }
  const dilationRatio = options.dilationRatio ?? 0.02;
  if (typeof dilationRatio !== 'number' || !Number.isFinite(dilationRatio)) {
    throw new SegkitError('UNSUPPORTED', `dilationRatio must be a finite number, got ${showValue(dilationRatio)}`);
  }
  const imageIds = gt.images.map((image) => image.id);
  const imgIds = uniqueSorted(options.imgIds ?? imageIds, 'image ids');
  const known = new Set(imageIds);
  const unknown = imgIds.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new SegkitError('INVALID_DATASET', `imgIds ${unknown.slice(0, 5).join(', ')} are not in the ground truth`);
  }
  const catIds = uniqueSorted(options.catIds ?? (gt.categories ?? []).map((c) => c.id), 'category ids');
  const maxDets = [...(options.maxDets ?? DEFAULT_MAX_DETS)].sort((a, b) => a - b);
  if (maxDets.length < 3 || maxDets.some((m, i) => !Number.isInteger(m) || m < 1 || maxDets[i - 1] === m)) {
    // summarize() reads maxDets[0..2]; duplicates would select one slot twice.
    throw new SegkitError(
      'INVALID_DATASET',
      `maxDets must be at least 3 distinct positive integers, got ${showValue(options.maxDets)}`,
    );
  }
  return {
    iouType,
    strict: options.strict === true,
    ignoreFlag: options.ignoreFlag ?? (options.strict === true || iouType === 'boundary'),
    dilationRatio,
    imgIds,
    catIds,
    iouThrs: IOU_THRESHOLDS,
    recThrs: RECALL_THRESHOLDS,
    maxDets,
    areaRng: AREA_RANGES,
    areaRngLbl: AREA_LABELS,
  };
}
