import { type Limits, SegkitError, segmentationToCocoRle, showValue } from '@segkit/core';
import { annotationLabel, type CocoDataset, checkCocoDataset } from './dataset.js';

/** How many segmentations of each kind a rewrite met. */
export interface RleRewriteStats {
  images: number;
  annotations: number;
  polygons: number;
  uncompressedRle: number;
  compressedRle: number;
}

export function emptyRewriteStats(dataset: CocoDataset): RleRewriteStats {
  return {
    images: dataset.images.length,
    annotations: dataset.annotations.length,
    polygons: 0,
    uncompressedRle: 0,
    compressedRle: 0,
  };
}

/**
 * Rewrites `segmentation` of annotations [start, end) in place as compressed COCO RLE
 * `{size: [h, w], counts}`, exactly what pycocotools' `COCO.annToRLE` returns (polygon parts
 * merged, uncompressed RLE compressed, compressed RLE passed through), h and w from the
 * annotation's image. Adds to `stats`; throws a SegkitError naming the first bad annotation.
 */
export function rewriteAnnotationRange(
  dataset: CocoDataset,
  sizes: Map<unknown, [number, number]>,
  start: number,
  end: number,
  stats: RleRewriteStats,
): void {
  const annotations = dataset.annotations;
  for (let i = start; i < end; i++) {
    const annotation = annotations[i];
    try {
      if (annotation === null || typeof annotation !== 'object') {
        throw new SegkitError('INVALID_DATASET', 'not an object');
      }
      const size = sizes.get(annotation.image_id);
      if (size === undefined) {
        throw new SegkitError('INVALID_DATASET', `image_id ${showValue(annotation.image_id)} is not in "images"`);
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
}

/**
 * Every annotation of a parsed COCO document rewritten as compressed RLE (see
 * `rewriteAnnotationRange`). Works in place; every other field, and the order of keys, is kept.
 * Nothing is half-done on error: callers write the document only when this returns. Images and
 * polygons over `limits` are refused before anything is rasterized.
 */
export function rewriteSegmentationsAsRle(
  document: unknown,
  limits?: Partial<Limits>,
): { dataset: CocoDataset; stats: RleRewriteStats } {
  const { dataset, sizes } = checkCocoDataset(document, { limits });
  const stats = emptyRewriteStats(dataset);
  rewriteAnnotationRange(dataset, sizes, 0, dataset.annotations.length, stats);
  return { dataset, stats };
}
