import { area, bbox, fromCocoRle, SegkitError } from '@segkit/core';
import type { CocoAnnotation, CocoDataset } from './dataset.js';

/**
 * A COCO results file (detections with scores) read as pycocotools' `COCO.loadRes` reads it, which
 * evaluation depends on: ids are the position + 1 and `iscrowd` is 0; if the FIRST result has a
 * non-empty `bbox`, every result's `area` is the box's w·h (even for segm results, and a missing
 * segmentation becomes the box's polygon); otherwise `area` is the mask's pixel count and a missing
 * `bbox` is the mask's box. Errors name the result; images absent from the ground truth are refused
 * as pycocotools refuses them.
 */
export function loadResults(results: unknown, groundTruth: CocoDataset, file = 'results'): CocoAnnotation[] {
  if (!Array.isArray(results))
    throw new SegkitError('INVALID_DATASET', 'a COCO results file is a JSON list of detections', [file]);
  const imageIds = new Set(groundTruth.images.map((image) => image.id));
  const first = results[0] as Record<string, unknown> | undefined;
  const boxBranch = first !== undefined && Array.isArray(first.bbox) && first.bbox.length > 0;
  return results.map((entry, i) => {
    const where = `${file}: result ${i}`;
    if (entry === null || typeof entry !== 'object') throw new SegkitError('INVALID_DATASET', 'not an object', [where]);
    const result = { ...(entry as Record<string, unknown>) } as CocoAnnotation & { score?: unknown; bbox?: unknown };
    if (!imageIds.has(result.image_id)) {
      throw new SegkitError(
        'INVALID_DATASET',
        `image_id ${JSON.stringify(result.image_id)} is not in the ground truth`,
        [where],
      );
    }
    if (typeof result.score !== 'number' || !Number.isFinite(result.score)) {
      throw new SegkitError('INVALID_DATASET', `"score" must be a finite number, got ${JSON.stringify(result.score)}`, [
        where,
      ]);
    }
    if (boxBranch) {
      const box = result.bbox;
      if (!Array.isArray(box) || box.length !== 4 || !box.every(Number.isFinite)) {
        throw new SegkitError('INVALID_BBOX', `"bbox" must be [x, y, w, h], got ${JSON.stringify(box)}`, [where]);
      }
      const [x, y, w, h] = box as number[];
      if (result.segmentation === undefined) result.segmentation = [[x, y, x, y + h, x + w, y + h, x + w, y]];
      result.area = w * h;
    } else {
      let mask: ReturnType<typeof fromCocoRle>;
      try {
        mask = fromCocoRle(result.segmentation as never);
      } catch (error) {
        throw error instanceof SegkitError ? error.withContext(where) : error;
      }
      result.area = area(mask);
      if (result.bbox === undefined) result.bbox = bbox(mask);
    }
    result.id = i + 1;
    result.iscrowd = 0;
    return result;
  });
}
