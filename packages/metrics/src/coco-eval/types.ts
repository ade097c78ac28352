import type { CocoAnnotation, CocoCategory, CocoDataset, CocoImage } from '@segkit/core';

/**
 * The records COCO evaluation reads and returns. Inputs are core's COCO records (`CocoDataset`,
 * checked by `checkCocoDataset` when evaluation starts; detections from `loadCocoResults`); only the
 * fields they name are read, everything else is ignored.
 */

/** `boundary` is boundary-iou-api's Boundary IoU (min of mask and boundary IoU), see `dilationRatio`. */
export type IouType = 'segm' | 'bbox' | 'boundary';

// The evaluation names of core's records, kept for callers written against them.
export type EvalImage = CocoImage;
export type EvalCategory = CocoCategory;
/** A ground-truth annotation, or a detection once loaded (`loadCocoResults`, alias `loadResultsForEval`). */
export type EvalAnnotation = CocoAnnotation;
export type EvalGroundTruth = CocoDataset;

/** An annotation once `planCocoEval` has checked it: the id and area that matching reads are numbers. */
export interface EvalRecord extends CocoAnnotation {
  id: number;
  area: number;
}

/** A detection once checked: also a finite score (a ground truth unpacked from a share carries NaN). */
export interface EvalDetection extends EvalRecord {
  score: number;
}

export interface CocoEvalOptions {
  iouType: IouType;
  /**
   * Off (default): pycocotools parity, quirks included. On: an explicit `ignore` flag on a ground
   * truth is honoured (`ignore || iscrowd`, as boundary-iou-api does) instead of being overwritten by
   * `iscrowd`, and a ground truth or detection with id 0 matches like any other (pycocotools stores
   * matches as ids with 0 meaning "unmatched", so id 0 never counts as a true positive there).
   */
  strict?: boolean;
  /**
   * Honour an explicit `ignore` flag on ground truths: ignored when `ignore || iscrowd`, as
   * boundary-iou-api's `_prepare` does for all its iouTypes, instead of pycocotools' `ignore = iscrowd`.
   * Default: on for iouType `boundary` and in strict mode, off otherwise.
   */
  ignoreFlag?: boolean;
  /** iouType `boundary`: boundary width as a fraction of the image diagonal (default 0.02, see `boundaryDilation`). */
  dilationRatio?: number;
  /** Images to evaluate (default: every image of the ground truth); sorted and deduplicated. */
  imgIds?: readonly number[];
  /** Categories to evaluate (default: every category of the ground truth); sorted and deduplicated. */
  catIds?: readonly number[];
  /** Detections kept per image and category, at least 3 values (default [1, 10, 100]); sorted. */
  maxDets?: readonly number[];
  /** Also return the per-(category, area range, image) records of pycocotools' `evalImgs`. */
  keepEvalImgs?: boolean;
}

/** The parameters evaluation actually ran with, normalised as pycocotools `evaluate()` does. */
export interface CocoEvalParams {
  iouType: IouType;
  strict: boolean;
  ignoreFlag: boolean;
  dilationRatio: number;
  imgIds: readonly number[];
  catIds: readonly number[];
  iouThrs: Float64Array;
  recThrs: Float64Array;
  maxDets: readonly number[];
  areaRng: readonly (readonly [number, number])[];
  areaRngLbl: readonly string[];
}

/** Per-category numbers as detectron2 derives them (area `all`, last maxDets unless named); null when undefined. */
export interface CocoClassResult {
  id: number;
  name: string;
  ap: number | null;
  ap50: number | null;
  ap75: number | null;
  apSmall: number | null;
  apMedium: number | null;
  apLarge: number | null;
  ar100: number | null;
  /** Ground truths that count (not ignored, any area) in the evaluated images: recall's denominator. */
  nGt: number;
  /** Detections of the category in the evaluated images, before the maxDets cut. */
  nDt: number;
}

/**
 * One of pycocotools' `evalImgs` entries. Rows of the T×D / T×G matrices are IoU thresholds;
 * `dtMatches` holds ground-truth ids and `gtMatches` detection ids, 0 meaning "unmatched" (as in
 * pycocotools; in strict mode an id-0 match is therefore indistinguishable from no match here).
 */
export interface CocoEvalImage {
  imageId: number;
  categoryId: number;
  aRng: readonly [number, number];
  maxDet: number;
  dtIds: Float64Array;
  gtIds: Float64Array;
  dtScores: Float64Array;
  /** T×D row-major. */
  dtMatches: Float64Array;
  /** T×G row-major. */
  gtMatches: Float64Array;
  gtIgnore: Uint8Array;
  /** T×D row-major. */
  dtIgnore: Uint8Array;
}

export interface CocoEvalResult {
  iouType: IouType;
  params: CocoEvalParams;
  /** The 12 numbers of `COCOeval.summarize()`; -1 where undefined. */
  stats: number[];
  /** T×R×K×A×M row-major (pycocotools `eval['precision']`), -1 where undefined. */
  precision: Float64Array;
  /** T×K×A×M row-major (pycocotools `eval['recall']`), -1 where undefined. */
  recall: Float64Array;
  /** T×R×K×A×M row-major (pycocotools `eval['scores']`). */
  scores: Float64Array;
  /** One per evaluated category, in sorted category-id order (the K axis). */
  perClass: CocoClassResult[];
  /** pycocotools order (category, area range, image), null where it has None; only with `keepEvalImgs`. */
  evalImgs?: (CocoEvalImage | null)[];
}
