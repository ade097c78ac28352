import { type CocoDocument, checkCocoDataset, isCocoDocument, SegkitError } from '@segkit/core';
import { buildGroups, type EvalGroup } from './groups.js';
import { resolveParams } from './params.js';
import type {
  CocoEvalOptions,
  CocoEvalParams,
  EvalAnnotation,
  EvalDetection,
  EvalGroundTruth,
  EvalImage,
  EvalRecord,
} from './types.js';

/**
 * An evaluation checked and grouped, ready to be cut into shares of images: the parameters it runs
 * with, the category names, and each (image, category) pair's annotations (`cocoEvalShare`).
 */
export interface CocoEvalPlan {
  params: CocoEvalParams;
  names: ReadonlyMap<number, string>;
  keepEvalImgs: boolean;
  gt: EvalGroundTruth;
  dts: readonly EvalAnnotation[];
  /** `byCell[k * I + i]`, as `buildGroups` returns it. */
  byCell: readonly (EvalGroup | undefined)[];
  /** The checked annotations of the groups, by position in `gt.annotations` / `dts` (sparse). */
  gtRecords: readonly EvalRecord[];
  dtRecords: readonly EvalDetection[];
  /** The evaluated images, in `params.imgIds` order. */
  images: readonly EvalImage[];
}

/**
 * The images `params.imgIds[from .. to)` and their annotations, as plain data that a worker thread
 * receives by structured clone (annotation objects are shared, not copied, until then). Cell
 * `c = k * (to - from) + (i - from)`, category-major as pycocotools' evalImgs: its ground truths are
 * `gts[gtStart[c] .. gtStart[c + 1])` in file order, its detections `dts[dtStart[c] .. dtStart[c + 1])`
 * best score first and cut to the last maxDets. `gtIndex`/`dtIndex` give each one's position in the
 * full lists, so errors name the same item whatever the share.
 */
export interface CocoEvalShare {
  params: CocoEvalParams;
  from: number;
  to: number;
  images: EvalImage[];
  /** 1 where the pair has any annotation (pycocotools' evalImgs entry is not None). */
  present: Uint8Array;
  gtStart: Int32Array;
  dtStart: Int32Array;
  /** Detections of the pair before the maxDets cut. */
  dtTotal: Int32Array;
  gts: EvalRecord[];
  gtIndex: Int32Array;
  dts: EvalDetection[];
  dtIndex: Int32Array;
  keepEvalImgs: boolean;
}

/**
 * Checks the inputs and groups the annotations by (image, category), as the start of pycocotools'
 * `evaluate()`; every annotation-level check (ids, areas, scores) happens here, before any share.
 * `groundTruth` is a dataset as parsed (checked here with `checkCocoDataset`) or a document that
 * `checkCocoDataset(json, { file })` already checked (its errors then name the file).
 */
export function planCocoEval(
  groundTruth: EvalGroundTruth | CocoDocument,
  dts: readonly EvalAnnotation[],
  options: CocoEvalOptions,
): CocoEvalPlan {
  const document: CocoDocument = isCocoDocument(groundTruth) ? groundTruth : checkCocoDataset(groundTruth);
  const gt = document.dataset;
  if (gt.categories === undefined) {
    const where = document.file === undefined ? [] : [document.file];
    throw new SegkitError('INVALID_DATASET', 'the ground truth needs "categories"', where);
  }
  if (!Array.isArray(dts)) throw new SegkitError('INVALID_DATASET', 'detections must be a list');
  const params = resolveParams(gt, options);
  const { byCell, gtRecords, dtRecords } = buildGroups(gt, dts, params);
  const images = params.imgIds.map((id) => {
    const image = document.images.get(id);
    if (image === undefined) throw new SegkitError('INVALID_DATASET', `image ${id} is not in the ground truth`);
    return image;
  });
  const names = new Map<number, string>();
  for (const category of document.categories.values())
    if (category.name !== undefined) names.set(category.id, category.name);
  const keepEvalImgs = options.keepEvalImgs === true;
  return { params, names, keepEvalImgs, gt, dts, byCell, gtRecords, dtRecords, images };
}

/** The share of images `[from, to)` of a plan (see `CocoEvalShare`). */
export function cocoEvalShare(plan: CocoEvalPlan, from: number, to: number): CocoEvalShare {
  const { params, byCell } = plan;
  const I = params.imgIds.length;
  const K = params.catIds.length;
  if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to && to <= I)) {
    throw new SegkitError('UNSUPPORTED', `a share needs 0 <= from <= to <= ${I}, got [${from}, ${to})`);
  }
  const n = to - from;
  const present = new Uint8Array(K * n);
  const gtStart = new Int32Array(K * n + 1);
  const dtStart = new Int32Array(K * n + 1);
  const dtTotal = new Int32Array(K * n);
  let gtCount = 0;
  let dtCount = 0;
  for (let k = 0; k < K; k++) {
    for (let i = from; i < to; i++) {
      const group = byCell[k * I + i];
      if (group === undefined) continue;
      gtCount += group.gt.length;
      dtCount += group.dt.length;
    }
  }
  const gts: EvalRecord[] = new Array(gtCount);
  const dts: EvalDetection[] = new Array(dtCount);
  const gtIndex = new Int32Array(gtCount);
  const dtIndex = new Int32Array(dtCount);
  let g = 0;
  let d = 0;
  for (let k = 0; k < K; k++) {
    for (let i = from; i < to; i++) {
      const c = k * n + (i - from);
      const group = byCell[k * I + i];
      if (group !== undefined) {
        present[c] = 1;
        dtTotal[c] = group.dtTotal;
        for (const index of group.gt) {
          gts[g] = plan.gtRecords[index];
          gtIndex[g++] = index;
        }
        for (const index of group.dt) {
          dts[d] = plan.dtRecords[index];
          dtIndex[d++] = index;
        }
      }
      gtStart[c + 1] = g;
      dtStart[c + 1] = d;
    }
  }
  return {
    params,
    from,
    to,
    images: plan.images.slice(from, to),
    present,
    gtStart,
    dtStart,
    dtTotal,
    gts,
    gtIndex,
    dts,
    dtIndex,
    keepEvalImgs: plan.keepEvalImgs,
  };
}
