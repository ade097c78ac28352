import type { Bbox, Rle } from './types.js';

/** Number of foreground pixels: the sum of the odd-indexed runs. */
export function area(rle: Rle): number {
  const { counts } = rle;
  let total = 0;
  for (let i = 1; i < counts.length; i += 2) total += counts[i];
  return total;
}

/**
 * Tight pixel box `[x, y, w, h]` of the foreground, `[0, 0, 0, 0]` when empty. This is the fixed
 * `rleToBbox` of PyPI pycocotools (>= 2.0.3): empty runs are skipped, and a run that crosses a column
 * boundary covers the bottom row of one column and the top row of the next, so it spans every row.
 * (cocoapi master mishandles empty runs and can return a box wider than the image.)
 */
export function bbox(rle: Rle): Bbox {
  const { height: h, counts } = rle;
  let xs = Number.POSITIVE_INFINITY;
  let ys = Number.POSITIVE_INFINITY;
  let xe = -1;
  let ye = -1;
  let position = 0;
  for (let i = 0; i < counts.length; i++) {
    const start = position;
    position += counts[i];
    if ((i & 1) === 0 || start === position) continue;
    const xStart = Math.floor(start / h);
    const xEnd = Math.floor((position - 1) / h);
    if (xStart < xs) xs = xStart;
    if (xEnd > xe) xe = xEnd;
    if (xStart < xEnd) {
      ys = 0;
      ye = h - 1;
    } else {
      const yStart = start - xStart * h;
      const yEnd = position - 1 - xEnd * h;
      if (yStart < ys) ys = yStart;
      if (yEnd > ye) ye = yEnd;
    }
  }
  if (xe < 0) return [0, 0, 0, 0];
  return [xs, ys, xe - xs + 1, ye - ys + 1];
}
