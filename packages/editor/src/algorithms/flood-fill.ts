/**
 * Fill: the 4-connected region of pixels carrying the same value as the seed pixel in a label map
 * (class or instance ids, one element per pixel, row-major), as the editor contract's fill tool
 * paints it ("whose pixels carry the same label").
 * Example: in the 3×1 label map [2, 2, 5] a click on x = 0 selects pixels 0 and 1.
 * Cost: O(pixels selected) plus one clear of `out` (w·h bytes).
 */
import { checkBufferLength, checkImageSize, checkPixel } from './check.js';
import type { Region } from './region.js';
import { scanlineFill } from './scanline-fill.js';

export type LabelMap = Uint8Array | Uint16Array | Uint32Array | Int32Array;

export function floodFill(
  labels: LabelMap,
  width: number,
  height: number,
  x: number,
  y: number,
  out?: Uint8Array,
): Region {
  const what = 'flood fill';
  checkImageSize(what, width, height);
  checkBufferLength(what, 'labels', labels, width, height, 1);
  checkPixel(what, x, y, width, height);
  const mask = out ?? new Uint8Array(width * height);
  checkBufferLength(what, 'out', mask, width, height, 1);
  const seed = y * width + x;
  const value = labels[seed];
  return scanlineFill(width, height, seed, (i) => labels[i] === value, mask);
}
