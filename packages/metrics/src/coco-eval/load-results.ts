import { area, bbox, type CocoRle, type CocoUncompressedRle, fromCocoRle, SegkitError } from '@segkit/core';
import type { EvalAnnotation, EvalGroundTruth } from './types.js';

/**
 * A parsed COCO results list (`[{image_id, category_id, score, segmentation?, bbox?}]`) → detections
 * as pycocotools' `COCO.loadRes` makes them, which evaluation depends on:
 * - `id` is the position + 1 and `iscrowd` is 0;
 * - if the FIRST result has a non-empty `bbox`, every result takes the box branch: `area` is the box's
 *   w·h (even when evaluating masks: the area ranges then use box areas) and a missing segmentation
 *   becomes the box's polygon;
 * - otherwise every result needs an RLE segmentation: `area` is its pixel count and a missing `bbox`
 *   is the mask's box.
 * Results on images absent from the ground truth are refused, as pycocotools refuses them. The input
 * objects are not modified.
 */
export function loadResultsForEval(results: readonly unknown[], gt: EvalGroundTruth): EvalAnnotation[] {
  if (!Array.isArray(results)) throw new SegkitError('INVALID_DATASET', 'COCO results must be a list of detections');
  const imageIds = new Set(gt.images.map((image) => image.id));
  const first = results[0] as { bbox?: unknown } | undefined;
  const boxBranch = first !== null && typeof first === 'object' && Array.isArray(first.bbox) && first.bbox.length > 0;
  return results.map((entry, i): EvalAnnotation => {
    const where = `result ${i}`;
    if (entry === null || typeof entry !== 'object') throw new SegkitError('INVALID_DATASET', 'not an object', [where]);
    const result = entry as Record<string, unknown>;
    const { image_id: imageId, category_id: categoryId, score } = result;
    if (typeof imageId !== 'number' || !imageIds.has(imageId)) {
      throw new SegkitError('INVALID_DATASET', `image_id ${JSON.stringify(imageId)} is not in the ground truth`, [
        where,
      ]);
    }
    if (typeof categoryId !== 'number') {
      throw new SegkitError('INVALID_DATASET', `category_id must be a number, got ${JSON.stringify(categoryId)}`, [
        where,
      ]);
    }
    if (typeof score !== 'number' || !Number.isFinite(score)) {
      throw new SegkitError('INVALID_DATASET', `score must be a finite number, got ${JSON.stringify(score)}`, [where]);
    }
    let { segmentation, bbox: box } = result;
    let detectionArea: number;
    if (boxBranch) {
      if (!Array.isArray(box) || box.length !== 4 || !box.every((v) => typeof v === 'number' && Number.isFinite(v))) {
        throw new SegkitError('INVALID_BBOX', `bbox must be [x, y, w, h], got ${JSON.stringify(box)}`, [where]);
      }
      const [x, y, w, h] = box as number[];
      if (segmentation === undefined) segmentation = [[x, y, x, y + h, x + w, y + h, x + w, y]];
      detectionArea = w * h;
    } else {
      let mask: ReturnType<typeof fromCocoRle>;
      try {
        mask = fromCocoRle(segmentation as CocoRle | CocoUncompressedRle);
      } catch (error) {
        throw error instanceof SegkitError ? error.withContext(where) : error;
      }
      detectionArea = area(mask);
      if (box === undefined) box = bbox(mask);
    }
    return {
      id: i + 1,
      image_id: imageId,
      category_id: categoryId,
      score,
      area: detectionArea,
      bbox: box as number[] | undefined,
      segmentation,
      iscrowd: 0,
    };
  });
}
