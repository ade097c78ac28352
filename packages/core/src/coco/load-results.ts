import { SegkitError } from '../errors.js';
import { checkPixelLimit, checkPolygonVertices, type Limits } from '../limits.js';
import { area, bbox } from '../rle/measure.js';
import { fromCocoRle } from '../rle/string-codec.js';
import type { CocoRle, CocoUncompressedRle, Rle } from '../rle/types.js';
import { showValue } from '../show-value.js';
import { isCocoDocument } from './check-dataset.js';
import type { CocoDataset, CocoDocument, CocoId, CocoResult } from './document.js';
import { isBox, isCocoId, isFiniteNumber, isObject } from './values.js';

export interface CocoResultsOptions {
  /** The results file errors name first (`dt.json: result 3: …`); none when omitted. */
  file?: string;
  /**
   * Resource limits (DEFAULT_LIMITS where absent): a mask whose RLE size passes `maxPixels`, or a
   * polygon part over `maxVertices`, is a LimitError before anything decodes or rasterizes it.
   */
  limits?: Partial<Limits>;
}

/**
 * A parsed COCO results list (`[{image_id, category_id, score, segmentation | bbox | keypoints}]`) →
 * detections as pycocotools' `COCO.loadRes` makes them, which evaluation depends on. The branch is
 * chosen by the FIRST result, as loadRes chooses it:
 * - a non-empty `bbox`: every result is a box; `area` is w·h (even when evaluating masks: the area
 *   ranges then use box areas) and a missing segmentation becomes the box's polygon
 *   `[[x, y, x, y+h, x+w, y+h, x+w, y]]`;
 * - else a `segmentation`: every result needs an RLE; `area` is its pixel count and a missing `bbox`
 *   is the mask's box;
 * - else `keypoints` `[x1, y1, v1, …]`: `bbox` is the keypoints' extent and `area` its w·h (loadRes
 *   leaves `iscrowd` unset there);
 * in every branch `id` is the position + 1, and in the first two `iscrowd` is 0.
 * Every result's `image_id` must be an image of the ground truth (loadRes asserts the subset).
 * Errors name the result (`result 3`). The input objects are not modified: each result is a shallow
 * copy, unknown fields included.
 */
export function loadCocoResults(
  value: unknown,
  groundTruth: CocoDataset | CocoDocument,
  options: CocoResultsOptions = {},
): CocoResult[] {
  const { file, limits } = options;
  const withinLimit = (check: () => void, where: string): void => {
    try {
      check();
    } catch (error) {
      const located = (error as SegkitError).withContext(where);
      throw file === undefined ? located : located.withContext(file);
    }
  };
  const fail = (code: 'INVALID_DATASET' | 'INVALID_BBOX', message: string, where?: string): never => {
    throw new SegkitError(
      code,
      message,
      [file, where].filter((part): part is string => part !== undefined),
    );
  };
  if (!Array.isArray(value)) return fail('INVALID_DATASET', 'a COCO results file is a JSON list of detections');
  // A checked document has its image index; a bare dataset (as parsed) gives its ids here.
  const imageIds: ReadonlySet<unknown> | ReadonlyMap<CocoId, unknown> = isCocoDocument(groundTruth)
    ? groundTruth.images
    : new Set(Array.isArray(groundTruth.images) ? groundTruth.images.map((image) => image?.id) : []);
  const branch = resultBranch(value[0]);
  const out: CocoResult[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const entry: unknown = value[i];
    const where = `result ${i}`;
    if (!isObject(entry)) return fail('INVALID_DATASET', 'not an object', where);
    const { image_id: imageId, category_id: categoryId, score } = entry;
    if (!isCocoId(imageId) || !imageIds.has(imageId)) {
      return fail('INVALID_DATASET', `image_id ${showValue(imageId)} is not in the ground truth`, where);
    }
    if (typeof categoryId !== 'number') {
      return fail('INVALID_DATASET', `"category_id" must be a number, got ${showValue(categoryId)}`, where);
    }
    if (typeof score !== 'number' || !Number.isFinite(score)) {
      return fail('INVALID_DATASET', `"score" must be a finite number, got ${showValue(score)}`, where);
    }
    // Object.assign, not spread: V8 builds `{ ...entry, id }` several times slower (measured, Node 20).
    const result: CocoResult = Object.assign({}, entry, {
      id: i + 1,
      image_id: imageId,
      category_id: categoryId,
      score,
      area: 0,
    });
    if (branch === undefined) {
      return fail('INVALID_DATASET', 'the first result has no "bbox", "segmentation" or "keypoints"', 'result 0');
    }
    if (branch === 'bbox') {
      const box = entry.bbox;
      if (!isBox(box)) return fail('INVALID_BBOX', `"bbox" must be [x, y, w, h], got ${showValue(box)}`, where);
      const [x, y, w, h] = box;
      if (!('segmentation' in entry)) result.segmentation = [[x, y, x, y + h, x + w, y + h, x + w, y]];
      else withinLimit(() => checkPolygonVertices(entry.segmentation, limits), where);
      result.area = w * h;
      result.iscrowd = 0;
    } else if (branch === 'segm') {
      const mask = resultMask(entry.segmentation, where, file);
      withinLimit(() => checkPixelLimit(mask.width, mask.height, limits, 'its mask'), where);
      result.area = area(mask);
      const box = entry.bbox;
      if (box === undefined) result.bbox = bbox(mask);
      // Kept as given, as loadRes keeps it (even `[]`, which chose this branch), but typed honestly.
      else if (!Array.isArray(box) || !box.every(isFiniteNumber)) {
        return fail('INVALID_BBOX', `"bbox" must be [x, y, w, h], got ${showValue(box)}`, where);
      }
      result.iscrowd = 0;
    } else {
      const extent = keypointBox(entry.keypoints);
      if (extent === undefined) {
        return fail('INVALID_DATASET', `"keypoints" must be a non-empty list of finite [x, y, v] triples`, where);
      }
      result.bbox = extent;
      result.area = extent[2] * extent[3];
    }
    out[i] = result;
  }
  return out;
}

/** loadRes's choice, made on the first result: a non-empty bbox, else a segmentation, else keypoints. */
function resultBranch(first: unknown): 'bbox' | 'segm' | 'keypoints' | undefined {
  if (!isObject(first)) return 'bbox'; // the loop names result 0 as "not an object"
  if (Array.isArray(first.bbox) && first.bbox.length > 0) return 'bbox';
  if ('segmentation' in first) return 'segm';
  if ('keypoints' in first) return 'keypoints';
  return undefined;
}

/** The RLE of a segm result (loadRes calls `maskUtils.area` on it, so a polygon is refused). */
function resultMask(segmentation: unknown, where: string, file: string | undefined): Rle {
  try {
    // fromCocoRle checks the value itself (object, size, counts) and says what is wrong.
    return fromCocoRle(segmentation as CocoRle | CocoUncompressedRle);
  } catch (error) {
    if (!(error instanceof SegkitError)) throw error;
    const located = error.withContext(where);
    throw file === undefined ? located : located.withContext(file);
  }
}

/** `[x0, y0, x1 - x0, y1 - y0]` over the keypoints' x (`s[0::3]`) and y (`s[1::3]`), as loadRes. */
function keypointBox(keypoints: unknown): number[] | undefined {
  if (!Array.isArray(keypoints) || keypoints.length < 2 || !keypoints.every(isFiniteNumber)) return undefined;
  let x0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < keypoints.length; k += 3) {
    if (keypoints[k] < x0) x0 = keypoints[k];
    if (keypoints[k] > x1) x1 = keypoints[k];
  }
  let y0 = Number.POSITIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (let k = 1; k < keypoints.length; k += 3) {
    if (keypoints[k] < y0) y0 = keypoints[k];
    if (keypoints[k] > y1) y1 = keypoints[k];
  }
  return [x0, y0, x1 - x0, y1 - y0];
}
