import { SegkitError } from '../errors.js';
import type { Bitmap } from '../rle/types.js';
import { checkSize } from '../size.js';
import { boundaryDilation } from './dilation.js';

// Scratch, grown on demand and reused by every call (earcut's habit).
let streak: Int32Array = new Int32Array(256);

/**
 * Clears, in place, the pixels of a 0/1 byte image that survive an erosion by a (2d+1)×(2d+1)
 * square with zeros outside the image, leaving the mask's inner boundary. The image is `lines`
 * lines of `length` bytes each (rows of a row-major bitmap or columns of a column-major one: the
 * square is symmetric, so either works).
 *
 * How: the erosion is separable. Along a line, a pixel survives when its run extends d pixels on
 * both sides ([s, e) → [s + d, e − d)); across lines, `streak[i]` counts the consecutive lines, up
 * to the current one, in which position i survived. When it reaches 2d + 1, the line d back is
 * interior at i. Cost: one pass over the bytes, O(lines · length), plus O(length) scratch.
 */
export function clearInterior(data: Uint8Array, lines: number, length: number, d: number): void {
  if (streak.length < length) streak = new Int32Array(Math.max(length, streak.length * 2));
  const counter = streak;
  counter.fill(0, 0, length);
  const window = 2 * d + 1;
  for (let x = 0; x < lines; x++) {
    const line = x * length;
    // A count of `window` at line x needs x ≥ 2d, so `back` is never negative when it is used.
    const back = (x - d) * length;
    let i = 0;
    while (i < length) {
      while (i < length && data[line + i] === 0) counter[i++] = 0;
      const start = i;
      while (i < length && data[line + i] !== 0) i++;
      const inner = start + d;
      const innerEnd = i - d;
      if (innerEnd <= inner) {
        for (let j = start; j < i; j++) counter[j] = 0;
        continue;
      }
      for (let j = start; j < inner; j++) counter[j] = 0;
      for (let j = inner; j < innerEnd; j++) {
        const n = counter[j] + 1;
        counter[j] = n;
        if (n >= window) data[back + j] = 0;
      }
      for (let j = innerEnd; j < i; j++) counter[j] = 0;
    }
  }
}

/**
 * boundary-iou-api `mask_to_boundary(mask, dilation_ratio)` on a row-major bitmap: the pixels of the
 * mask within d pixels (chessboard distance) of the background, where d = `boundaryDilation(h, w,
 * dilationRatio)` and everything outside the image counts as background. That is `mask − erode(mask)`
 * with d iterations of a 3×3 erosion on the mask padded by one zero pixel, which is what the
 * reference does with OpenCV.
 *
 * ```
 * 1 1 1 1 1        1 1 1 1 1
 * 1 1 1 1 1   →    1 0 0 0 1      (3×5 image: d = round(0.02 · √34) = 0, at least 1)
 * 1 1 1 1 1        1 1 1 1 1
 * ```
 * Any non-zero byte is foreground; the result is a new 0/1 bitmap. Cost: O(h·w).
 */
export function maskToBoundary(mask: Bitmap, dilationRatio = 0.02): Bitmap {
  const { height: h, width: w, data } = mask;
  checkSize(h, w);
  if (data.length !== h * w) {
    throw new SegkitError('INVALID_MASK', `mask data has ${data.length} bytes but [${h}, ${w}] needs ${h * w}`);
  }
  const d = boundaryDilation(h, w, dilationRatio);
  const out = new Uint8Array(h * w);
  for (let i = 0; i < out.length; i++) out[i] = data[i] !== 0 ? 1 : 0;
  clearInterior(out, h, w, d);
  return { height: h, width: w, data: out };
}
