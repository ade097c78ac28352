/**
 * The COCO records every segkit package reads and writes: one declaration, used by formats, metrics,
 * scope and the command line. Only the fields segkit reads are named; every other field of a record
 * (`license`, `coco_url`, `supercategory`, `segments_info`, …) is carried through untouched.
 *
 * `checkCocoDataset` turns a parsed JSON value into a `CocoDocument` (the same objects, checked and
 * indexed); `loadCocoResults` reads a results file as pycocotools' `COCO.loadRes` does. Segmentations
 * are checked where they are read (`segmentationToRle`), not here: a whole-file pass would decode every
 * mask twice.
 */

/** An image or annotation id. COCO files use integers; pycocotools accepts any hashable, so strings too. */
export type CocoId = number | string;

export interface CocoImage {
  id: CocoId;
  /** A positive integer (see `cocoImageSizeProblem`). */
  width: number;
  height: number;
  file_name?: string;
  [field: string]: unknown;
}

export interface CocoCategory {
  /** An integer, unique in the file. */
  id: number;
  name?: string;
  supercategory?: string;
  [field: string]: unknown;
}

/** A ground-truth annotation (instances file). */
export interface CocoAnnotation {
  /** Needed by evaluation (pycocotools indexes annotations by it); converters number missing ones. */
  id?: CocoId;
  /** One of the file's image ids. */
  image_id: CocoId;
  /** An integer; needed by evaluation and every per-class view, not by a format conversion. */
  category_id?: number;
  /** Polygon parts or an RLE (`CocoSegmentation`), checked where it is read. */
  segmentation?: unknown;
  /** Used as stored (pycocotools never recomputes it). */
  area?: number;
  /** `[x, y, w, h]`, four finite numbers. */
  bbox?: number[];
  iscrowd?: number | boolean;
  /** Read by evaluation only with `ignoreFlag` (pycocotools overwrites it with `iscrowd`). */
  ignore?: number | boolean;
  /** Detections only (see `CocoResult`). */
  score?: number;
  [field: string]: unknown;
}

/** A detection as `loadCocoResults` leaves it: numbered from 1, scored, with an area. */
export interface CocoResult extends CocoAnnotation {
  id: number;
  category_id: number;
  score: number;
  area: number;
}

export interface CocoDataset {
  images: CocoImage[];
  annotations: CocoAnnotation[];
  /** Optional here as in pycocotools; evaluation needs it. */
  categories?: CocoCategory[];
  [field: string]: unknown;
}

/** A checked dataset: the same objects, typed, with the look-ups every reader needs. */
export interface CocoDocument {
  dataset: CocoDataset;
  /** The file errors name, if one was given. */
  file?: string;
  /** Each image by id. */
  images: Map<CocoId, CocoImage>;
  /** `[height, width]` of each image by id. */
  sizes: Map<CocoId, [height: number, width: number]>;
  /** Each category by id (empty when the file has no `categories`). */
  categories: Map<number, CocoCategory>;
}
