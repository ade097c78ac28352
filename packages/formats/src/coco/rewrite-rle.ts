import { SegkitError, segmentationToCocoRle } from '@segkit/core';
import { annotationLabel, type CocoDataset, checkCocoDataset } from './dataset.js';

/** How many segmentations of each kind a rewrite met. */
export interface RleRewriteStats {
  images: number;
  annotations: number;
  polygons: number;
  uncompressedRle: number;
  compressedRle: number;
}

/**
 * Rewrites every annotation's `segmentation` as compressed COCO RLE `{size: [h, w], counts}`, exactly
 * what pycocotools' `COCO.annToRLE` returns (polygon parts merged, uncompressed RLE compressed,
 * compressed RLE passed through), with h and w from the annotation's image. Every other field, and
 * the order of keys, is kept. Works in place on the parsed document; throws a SegkitError naming
 * the annotation before anything is written.
 */
export function rewriteSegmentationsAsRle(document: unknown): { dataset: CocoDataset; stats: RleRewriteStats } {
  const { dataset, sizes } = checkCocoDataset(document);
  const stats: RleRewriteStats = {
    images: dataset.images.length,
    annotations: dataset.annotations.length,
    polygons: 0,
    uncompressedRle: 0,
    compressedRle: 0,
  };
  const annotations = dataset.annotations;
  for (let i = 0; i < annotations.length; i++) {
    const annotation = annotations[i];
    try {
      if (annotation === null || typeof annotation !== 'object') {
        throw new SegkitError('INVALID_DATASET', 'not an object');
      }
      const size = sizes.get(annotation.image_id);
      if (size === undefined) {
        throw new SegkitError('INVALID_DATASET', `image_id ${JSON.stringify(annotation.image_id)} is not in "images"`);
      }
      const { segmentation } = annotation;
      if (segmentation === undefined) throw new SegkitError('INVALID_DATASET', 'has no "segmentation"');
      if (Array.isArray(segmentation)) stats.polygons++;
      else if (typeof (segmentation as { counts?: unknown })?.counts === 'string') stats.compressedRle++;
      else stats.uncompressedRle++;
      annotation.segmentation = segmentationToCocoRle(segmentation, size[0], size[1]);
    } catch (error) {
      if (error instanceof SegkitError) throw error.withContext(annotationLabel(annotation, i));
      throw error;
    }
  }
  return { dataset, stats };
}
