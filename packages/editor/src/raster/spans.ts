/**
 * Row spans: the form the tools paint in. A span is a triple (y, x0, x1), x1 exclusive; a tool
 * turns its pixels (a brush footprint, a polygon, a filled or wand-selected region) into spans and
 * the document paints them row by row.
 *
 *   mask:  1 1 0 1      spans (y, x0, x1): (0, 0, 2), (0, 3, 4), (1, 1, 3)
 *          0 1 1 0
 */
import type { Bbox } from '@segkit/core';

/** Calls fn(y, x0, x1) for each horizontal run of `value` in a row-major label image placed at (ox, oy). */
export function forEachSpan(
  data: ArrayLike<number>,
  width: number,
  height: number,
  ox: number,
  oy: number,
  value: number,
  fn: (y: number, x0: number, x1: number) => void,
): void {
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let x = 0;
    while (x < width) {
      if (data[row + x] !== value) {
        x++;
        continue;
      }
      const s = x;
      while (x < width && data[row + x] === value) x++;
      fn(oy + y, ox + s, ox + x);
    }
  }
}

/**
 * The spans of the non-zero pixels of a whole-image row-major mask inside `bbox` ([x, y, w, h],
 * a Region's box): the walk costs the box, not the image.
 */
export function maskSpans(mask: Uint8Array, width: number, bbox: Bbox): number[] {
  const [bx, by, bw, bh] = bbox;
  const spans: number[] = [];
  for (let y = by; y < by + bh; y++) {
    const row = y * width;
    let x = bx;
    const end = bx + bw;
    while (x < end) {
      if (mask[row + x] === 0) {
        x++;
        continue;
      }
      const s = x;
      while (x < end && mask[row + x] !== 0) x++;
      spans.push(y, s, x);
    }
  }
  return spans;
}

/**
 * Calls fn(y, x0, x1) for each span of the pixels of `a` that are not in `b`, in order. Both are
 * span lists as the tools make them: rows increasing, a row's spans left to right, not overlapping.
 *
 *   a: (0, 0, 6)   b: (0, 2, 3), (0, 4, 8)   →   (0, 0, 2), (0, 3, 4)
 *
 * Cost: O(spans of a and b).
 */
export function subtractSpans(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  fn: (y: number, x0: number, x1: number) => void,
): void {
  let j = 0;
  for (let i = 0; i < a.length; i += 3) {
    const y = a[i];
    let x0 = a[i + 1];
    const x1 = a[i + 2];
    // b's spans of earlier rows, or ending before this span, are behind every later span of a.
    while (j < b.length && (b[j] < y || (b[j] === y && b[j + 2] <= x0))) j += 3;
    for (let k = j; x0 < x1 && k < b.length && b[k] === y && b[k + 1] < x1; k += 3) {
      if (b[k + 1] > x0) fn(y, x0, b[k + 1]);
      if (b[k + 2] > x0) x0 = b[k + 2];
    }
    if (x0 < x1) fn(y, x0, x1);
  }
}
