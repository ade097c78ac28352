/**
 * The cursor footprint: the image pixels the current tool would paint, as a mask over their bounding
 * box. The renderers outline exactly these pixels (the edge band of each side whose neighbour is not in
 * the footprint, rules.ts), so the cursor is the stroke at every zoom. Pure: no DOM.
 *
 * Example: footprintFromPixels([[5, 5], [6, 5], [5, 6]]) is { x: 5, y: 5, width: 2, height: 2,
 * mask: [1, 1, 1, 0] }.
 */
import { SegkitError } from '@segkit/core';
import type { Footprint } from './types.js';

/** The footprint of a list of image pixels (duplicates allowed); null for none. */
export function footprintFromPixels(pixels: Iterable<readonly [number, number]>): Footprint | null {
  const list = [...pixels];
  if (list.length === 0) return null;
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const [x, y] of list) {
    if (!Number.isInteger(x) || !Number.isInteger(y)) {
      throw new SegkitError('INVALID_MASK', `footprint pixel ${x},${y} is not at integer coordinates`);
    }
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  const width = x1 - x0 + 1;
  const height = y1 - y0 + 1;
  const mask = new Uint8Array(width * height);
  for (const [x, y] of list) mask[(y - y0) * width + (x - x0)] = 1;
  return { x: x0, y: y0, width, height, mask };
}

/** A footprint the renderers can draw: integer box, a mask of its size, at most `maxSide` a side. */
export function checkFootprint(footprint: Footprint, maxSide: number): void {
  const { x, y, width, height, mask } = footprint;
  if (![x, y, width, height].every(Number.isInteger) || width < 1 || height < 1) {
    throw new SegkitError('INVALID_MASK', `footprint box ${x},${y} ${width} × ${height} is not a positive integer box`);
  }
  if (mask.length !== width * height) {
    throw new SegkitError('SIZE_MISMATCH', `footprint is ${width} × ${height} but its mask holds ${mask.length} bytes`);
  }
  if (width > maxSide || height > maxSide) {
    throw new SegkitError('LIMIT', `footprint is ${width} × ${height}, more than ${maxSide} pixels a side`);
  }
}
