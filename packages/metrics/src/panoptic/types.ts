/**
 * The records panoptic quality reads and writes. Segments and categories keep the COCO panoptic
 * JSON field names, so `segments_info` and `categories` can be passed as parsed.
 */

/** A segment id map: one id per pixel, row-major, id = R + 256·G + 256²·B of the PNG; 0 is VOID. */
export interface SegmentIdMap {
  height: number;
  width: number;
  data: Uint8Array | Uint16Array | Uint32Array;
}

/** One entry of `segments_info`. */
export interface PanopticSegment {
  id: number;
  category_id: number;
  /** 1 marks a crowd region (ground truth only; ignored in predictions, as panopticapi does). */
  iscrowd?: number;
  /** Required in the ground truth, where it is used as stored; a prediction's area is counted from its pixels. */
  area?: number;
}

export interface PanopticCategory {
  id: number;
  name: string;
  /** 1 (or true) for things, 0 (or false) for stuff. */
  isthing: number | boolean;
}

/** One side of an image pair: the PNG's ids and the JSON's `segments_info`. */
export interface PanopticImage {
  ids: SegmentIdMap;
  segments: readonly PanopticSegment[];
}

/** The ground truth and the prediction for one image; `name` locates errors (e.g. the PNG file name). */
export interface PanopticPair {
  name: string;
  gt: PanopticImage;
  pred: PanopticImage;
}

/** The mean over the categories of a group that have any TP, FP or FN (`n` of them). */
export interface PqSummary {
  pq: number;
  sq: number;
  rq: number;
  n: number;
}

export interface PqClassResult {
  id: number;
  name: string;
  isthing: boolean;
  pq: number;
  sq: number;
  rq: number;
  tp: number;
  fp: number;
  fn: number;
}

export interface PqResult {
  all: PqSummary;
  things: PqSummary;
  stuff: PqSummary;
  /** Every category, in the order given; 0 for those with tp + fp + fn = 0 (not counted in `n`). */
  perClass: PqClassResult[];
}
