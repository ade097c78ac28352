import { type CocoId, SegkitError, showValue } from '@segkit/core';
import type { CocoEvalParams, EvalAnnotation, EvalDetection, EvalGroundTruth, EvalRecord } from './types.js';

/**
 * The annotations of one (image, category) pair, as pycocotools' `_gts[img, cat]` / `_dts[img, cat]`:
 * ground truths in file order; detections stable-sorted by descending score (ties keep file order)
 * and cut to the last maxDets, as `computeIoU` and `evaluateImg` both do.
 */
export interface EvalGroup {
  imageIndex: number;
  categoryIndex: number;
  /** Indices into the ground-truth annotations. */
  gt: number[];
  /** Indices into the detections, best score first, at most maxDets[-1]. */
  dt: number[];
  /** Detections before the maxDets cut. */
  dtTotal: number;
}

export interface Groups {
  /** `byCell[k * I + i]`: the group of category k in image i, undefined when it has no annotation. */
  byCell: (EvalGroup | undefined)[];
  imageIndex: Map<CocoId, number>;
  /** The checked ground truths and detections by position, where a group holds them (sparse). */
  gtRecords: EvalRecord[];
  dtRecords: EvalDetection[];
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && !Number.isNaN(value);
const isRecord = (ann: EvalAnnotation): ann is EvalRecord => isNumber(ann.id) && isNumber(ann.area);
const isDetection = (ann: EvalAnnotation): ann is EvalDetection =>
  isRecord(ann) && typeof ann.score === 'number' && Number.isFinite(ann.score);

function checkRecord(ann: EvalAnnotation, where: string): EvalRecord {
  if (ann === null || typeof ann !== 'object') throw new SegkitError('INVALID_DATASET', 'not an object', [where]);
  if (isRecord(ann)) return ann;
  const field = isNumber(ann.id) ? 'area' : 'id';
  throw new SegkitError('INVALID_DATASET', `${field} must be a number, got ${showValue(ann[field])}`, [where]);
}

function checkDetection(ann: EvalAnnotation, where: string): EvalDetection {
  checkRecord(ann, where);
  if (isDetection(ann)) return ann;
  throw new SegkitError('INVALID_DATASET', `score must be a finite number, got ${showValue(ann.score)}`, [where]);
}

/** Sorts annotations into (image, category) groups over the evaluated images and categories. */
export function buildGroups(gt: EvalGroundTruth, dts: readonly EvalAnnotation[], params: CocoEvalParams): Groups {
  const I = params.imgIds.length;
  const imageIndex = new Map<CocoId, number>();
  params.imgIds.forEach((id, i) => {
    imageIndex.set(id, i);
  });
  const categoryIndex = new Map<number, number>();
  params.catIds.forEach((id, k) => {
    categoryIndex.set(id, k);
  });
  const byCell: (EvalGroup | undefined)[] = new Array(params.catIds.length * I);
  const cell = (ann: EvalAnnotation): EvalGroup | undefined => {
    const i = imageIndex.get(ann.image_id);
    // Without a category_id an annotation is in no evaluated category (pycocotools would stop at it).
    const k = ann.category_id === undefined ? undefined : categoryIndex.get(ann.category_id);
    if (i === undefined || k === undefined) return undefined;
    let group = byCell[k * I + i];
    if (group === undefined) {
      group = { imageIndex: i, categoryIndex: k, gt: [], dt: [], dtTotal: 0 };
      byCell[k * I + i] = group;
    }
    return group;
  };
  const gtRecords: EvalRecord[] = new Array(gt.annotations.length);
  const dtRecords: EvalDetection[] = new Array(dts.length);
  gt.annotations.forEach((ann, index) => {
    const group = cell(ann);
    if (group === undefined) return;
    gtRecords[index] = checkRecord(ann, `ground truth ${index}`);
    group.gt.push(index);
  });
  dts.forEach((ann, index) => {
    if (ann === null || typeof ann !== 'object') {
      throw new SegkitError('INVALID_DATASET', 'not an object', [`detection ${index}`]);
    }
    const group = cell(ann);
    if (group === undefined) return;
    dtRecords[index] = checkDetection(ann, `detection ${index}`);
    group.dt.push(index);
  });
  const maxDet = params.maxDets[params.maxDets.length - 1];
  for (const group of byCell) {
    if (group === undefined || group.dt.length === 0) continue;
    group.dtTotal = group.dt.length;
    // numpy argsort(-score, kind='mergesort'): stable, so equal scores keep file order (= index order).
    group.dt.sort((a, b) => {
      const sa = dtRecords[a].score;
      const sb = dtRecords[b].score;
      return sb > sa ? 1 : sb < sa ? -1 : a - b;
    });
    if (group.dt.length > maxDet) group.dt.length = maxDet;
  }
  return { byCell, imageIndex, gtRecords, dtRecords };
}
