import type { Bbox } from '@segkit/core';

/**
 * A set of pixels of an image, as the fill-like tools return it: a row-major mask of the whole image
 * (1 inside, 0 outside; pixel (x, y) at `y * width + x`), its tight box and its pixel count.
 * The box lets a caller walk only `bbox` instead of the whole mask; an empty region has bbox
 * `[0, 0, 0, 0]` and 0 pixels.
 */
export interface Region {
  readonly mask: Uint8Array;
  readonly bbox: Bbox;
  readonly pixels: number;
}
