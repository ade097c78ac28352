import { MAX_PIXELS } from '../size.js';

/**
 * The one rule for a COCO image's size, shared by the dataset checker and `validate`: `height` and
 * `width` are positive integers whose product fits a COCO RLE count (a uint32). Zero is refused:
 * pycocotools would rasterize every annotation of such an image to an empty mask and evaluate it as
 * a miss, which hides the broken record instead of naming it. Returns the problem, or undefined.
 */
export function cocoImageSizeProblem(height: unknown, width: unknown): string | undefined {
  if (!isPositiveInteger(height) || !isPositiveInteger(width)) {
    return `"height" and "width" must be positive integers, got ${JSON.stringify(height)} and ${JSON.stringify(width)}`;
  }
  if (height * width > MAX_PIXELS) {
    return `size ${height}×${width} has ${height * width} pixels, more than the 2^32-1 that COCO RLE counts can hold`;
  }
  return undefined;
}

const isPositiveInteger = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value > 0;
