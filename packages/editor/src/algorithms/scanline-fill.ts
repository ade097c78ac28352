/**
 * The scanline flood fill behind `magicWand` and `floodFill`: 4-connected, an explicit stack of seed
 * pixels (no recursion, so a 12-megapixel region cannot overflow the call stack), one pass per row
 * span. Based on the "seed fill" of Heckbert (Graphics Gems I, 1990): fill the seed's whole run of
 * the row, then push one seed per run of accepted pixels in the rows above and below.
 * Cost: O(pixels filled + their 4-neighbours); the stack is a module-level Int32Array that grows.
 */
import type { Region } from './region.js';

let stack = new Int32Array(4096);

/**
 * Fills `out` (cleared first) with the 4-connected set of pixels reachable from `seed` through
 * pixels for which `accept(i)` holds (i = y·width + x); the seed itself must be accepted.
 */
export function scanlineFill(
  width: number,
  height: number,
  seed: number,
  accept: (i: number) => boolean,
  out: Uint8Array,
): Region {
  out.fill(0);
  let top = 0;
  stack[top++] = seed;
  let pixels = 0;
  let xMin = width;
  let xMax = -1;
  let yMin = height;
  let yMax = -1;
  while (top > 0) {
    const i = stack[--top];
    if (out[i] !== 0) continue;
    const y = Math.floor(i / width);
    const row = y * width;
    let left = i;
    while (left > row && out[left - 1] === 0 && accept(left - 1)) left--;
    let right = i;
    while (right < row + width - 1 && out[right + 1] === 0 && accept(right + 1)) right++;
    out.fill(1, left, right + 1);
    pixels += right - left + 1;
    if (left - row < xMin) xMin = left - row;
    if (right - row > xMax) xMax = right - row;
    if (y < yMin) yMin = y;
    if (y > yMax) yMax = y;
    // One seed per run of accepted, unfilled pixels in the rows above and below the span.
    for (let d = -width; d <= width; d += 2 * width) {
      const ny = y + (d > 0 ? 1 : -1);
      if (ny < 0 || ny >= height) continue;
      let inRun = false;
      for (let j = left + d; j <= right + d; j++) {
        const open = out[j] === 0 && accept(j);
        if (open && !inRun) {
          if (top === stack.length) {
            const bigger = new Int32Array(stack.length * 2);
            bigger.set(stack);
            stack = bigger;
          }
          stack[top++] = j;
        }
        inRun = open;
      }
    }
  }
  return { mask: out, bbox: pixels > 0 ? [xMin, yMin, xMax - xMin + 1, yMax - yMin + 1] : [0, 0, 0, 0], pixels };
}
