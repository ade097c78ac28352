/**
 * The pixels a closed outline of pixels encloses, the edge-following lasso's paint rule: the
 * outline's own pixels plus every pixel that cannot walk out of the outline's box without stepping
 * on the outline, walking in 4-connected steps. Precisely: the outline's pixels and the
 * 4-connected components of the other pixels of the outline's box grown by one pixel that do not
 * touch the grown box's border.
 *
 *   outline (1):  . . . . . . .      enclosedPixels:  box x 1..5, y 1..4
 *                 . 1 1 1 1 . .                       1 1 1 1 .
 *                 . 1 . . . 1 .                       1 1 1 1 1
 *                 . 1 . . 1 . .                       1 1 1 1 .
 *                 . 1 1 1 . . .                       1 1 1 . .
 *                 . . . . . . .
 *
 * Why 4-connected: a closed 8-connected path (the live wire's) has diagonal steps, which a
 * 4-connected walk cannot slip through and an 8-connected one could; so every pixel inside the
 * path is enclosed, and nothing outside it is: a pixel just outside a staircase or a diagonal edge
 * reaches the border. A path that touches itself (a figure eight) encloses each of its loops; a
 * path that goes out and back along itself encloses nothing but its own pixels. The pixels need
 * not be in order or connected: the rule only asks which pixels the others fence in.
 * Cost: O(box area): one scanline flood of the outside from the grown box's corner (the grown
 * border is all outside and 4-connected, so one seed reaches all of it); two module-level scratch
 * buffers of the grown box that grow, and the returned mask of the box.
 */
import { SegkitError } from '@segkit/core';
import { scanlineFill } from './scanline-fill.js';

/** Pixels in a box of the image: `data` is row-major `width` × `height`, 1 = in (the document's MaskRegion). */
export interface BoxMask {
  x: number;
  y: number;
  width: number;
  height: number;
  data: Uint8Array;
}

let wall = new Uint8Array(0);
let outside = new Uint8Array(0);

/**
 * The outline's pixels (flat [x0, y0, x1, y1, …], integers, any order, repeats allowed) and the
 * pixels they enclose, as a mask of the outline's bounding box (1 = in); an empty outline gives an
 * empty 0×0 box.
 */
export function enclosedPixels(outline: ArrayLike<number>): BoxMask {
  const n = outline.length;
  if (n % 2 !== 0) {
    throw new SegkitError('INVALID_SIZE', `outline has ${n} coordinates; pixels come in (x, y) pairs`, [
      'enclosed pixels',
    ]);
  }
  if (n === 0) return { x: 0, y: 0, width: 0, height: 0, data: new Uint8Array(0) };
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < n; k += 2) {
    const x = outline[k];
    const y = outline[k + 1];
    if (!Number.isInteger(x) || !Number.isInteger(y)) {
      throw new SegkitError('INVALID_SIZE', `outline pixel ${k / 2} is (${x}, ${y}), not integers`, [
        'enclosed pixels',
      ]);
    }
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  const width = x1 - x0 + 1;
  const height = y1 - y0 + 1;
  // The grown box: one pixel more on every side, its origin at (x0 - 1, y0 - 1).
  const gw = width + 2;
  const gh = height + 2;
  const size = gw * gh;
  if (wall.length < size) {
    wall = new Uint8Array(size);
    outside = new Uint8Array(size);
  }
  const walls = wall.subarray(0, size);
  walls.fill(0);
  for (let k = 0; k < n; k += 2) walls[(outline[k + 1] - y0 + 1) * gw + outline[k] - x0 + 1] = 1;
  const out = outside.subarray(0, size);
  scanlineFill(gw, gh, 0, (i) => walls[i] === 0, out);
  const data = new Uint8Array(width * height);
  for (let y = 0, i = 0; y < height; y++) {
    const row = (y + 1) * gw + 1;
    for (let x = 0; x < width; x++, i++) data[i] = out[row + x] === 0 ? 1 : 0;
  }
  return { x: x0, y: y0, width, height, data };
}
