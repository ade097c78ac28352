import { SegkitError } from '../errors.js';
import { checkSize } from '../size.js';

/** Python 3's `round(x)` on a double: the nearest integer, halves to even (2.5 → 2, 3.5 → 4). */
function roundHalfEven(x: number): number {
  const r = Math.round(x); // halves up
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * The boundary width d, in pixels, that boundary-iou-api's `mask_to_boundary(mask, dilation_ratio)`
 * uses for an image of `height` × `width` pixels: `int(round(dilation_ratio * sqrt(h² + w²)))`, at
 * least 1. The diagonal is the image's, not the object's, and `round` is Python's (half to even), so
 * a 75×100 image (diagonal 125, 0.02 · 125 = 2.5) gets d = 2 and a 45×60 image (1.5) gets d = 2.
 * (faster-coco-eval's `std::round(x - 1e-10)` gives 1 there.) Any finite ratio is accepted; ratios
 * at or below 1 / (2 · diagonal), negative ones included, give d = 1 as in the reference.
 */
export function boundaryDilation(height: number, width: number, dilationRatio = 0.02): number {
  checkSize(height, width);
  if (typeof dilationRatio !== 'number' || !Number.isFinite(dilationRatio)) {
    throw new SegkitError('UNSUPPORTED', `dilation ratio must be a finite number, got ${dilationRatio}`);
  }
  const d = roundHalfEven(dilationRatio * Math.sqrt(height * height + width * width));
  return d < 1 ? 1 : d;
}
