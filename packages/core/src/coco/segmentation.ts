import { SegkitError } from '../errors.js';
import { polygonToRle } from '../polygon/rasterize.js';
import { merge } from '../rle/merge.js';
import { fromCocoRle, rleToString } from '../rle/string-codec.js';
import type { CocoRle, CocoUncompressedRle, Rle } from '../rle/types.js';
import { showValue } from '../show-value.js';

/** A COCO annotation's `segmentation`: polygon parts, or an RLE in either form. */
export type CocoSegmentation = number[][] | CocoRle | CocoUncompressedRle;

/**
 * A COCO `segmentation` → RLE on an image of `height`×`width`, the same mask as pycocotools'
 * `COCO.annToRLE`: polygon parts are rasterized and union-merged; RLEs are taken as they are (their
 * `size` must be the image's). pycocotools' input quirks are kept where they are well defined: an odd
 * trailing coordinate is ignored and a later part of 2 points is rasterized (to a line of no area).
 * What pycocotools rejects or mis-reads is an error here: no parts, a first part of fewer than 3
 * points (pycocotools would read the list as boxes), a part of fewer than 2, a non-finite coordinate.
 */
export function segmentationToRle(segmentation: unknown, height: number, width: number): Rle {
  if (Array.isArray(segmentation)) return polygonsToRle(segmentation, height, width);
  if (segmentation !== null && typeof segmentation === 'object' && 'counts' in segmentation) {
    const rle = fromCocoRle(segmentation as CocoRle | CocoUncompressedRle);
    if (rle.height !== height || rle.width !== width) {
      throw new SegkitError(
        'SIZE_MISMATCH',
        `RLE size is [${rle.height}, ${rle.width}] but the image is [${height}, ${width}]`,
      );
    }
    return rle;
  }
  throw new SegkitError(
    'INVALID_POLYGON',
    `segmentation must be a list of polygons or an RLE {size, counts}, got ${describe(segmentation)}`,
  );
}

/** Polygon parts → one RLE, each part rasterized then all union-merged (pycocotools `frPyObjects` + `merge`). */
export function polygonsToRle(parts: readonly unknown[], height: number, width: number): Rle {
  if (parts.length === 0) throw new SegkitError('INVALID_POLYGON', 'segmentation is an empty list of polygons');
  const rles: Rle[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (!Array.isArray(part)) {
      throw new SegkitError('INVALID_POLYGON', `polygon part ${i} is ${describe(part)}, not a list of numbers`);
    }
    try {
      rles.push(polygonToRle(part, height, width, i === 0 ? 3 : 2));
    } catch (error) {
      throw error instanceof SegkitError ? error.withContext(`polygon part ${i}`) : error;
    }
  }
  return merge(rles, 'union');
}

/**
 * The compressed COCO form of a segmentation, exactly as `COCO.annToRLE` returns it: a compressed
 * RLE is checked and passed through unchanged (even a non-canonical string), anything else is encoded.
 */
export function segmentationToCocoRle(segmentation: unknown, height: number, width: number): CocoRle {
  const rle = segmentationToRle(segmentation, height, width);
  const original = (segmentation as { counts?: unknown }).counts;
  const counts = typeof original === 'string' ? original : rleToString(rle);
  return { size: [height, width], counts };
}

function describe(value: unknown): string {
  return Array.isArray(value) ? `a list of ${value.length}` : showValue(value);
}
