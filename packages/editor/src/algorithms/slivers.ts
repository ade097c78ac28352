/**
 * Slivers: the parts of a mask thinner than k pixels, defined as the pixels that a morphological
 * opening with a k×k square removes (the pixels no k×k square inside the mask covers), grouped into
 * 8-connected parts. A 1-pixel-wide line is removed whole for k ≥ 2; a 5×5 block survives k ≤ 5.
 * Example (k = 2): in
 *   1 1 0 0 0
 *   1 1 1 1 1
 * the 2×2 block survives and the tail (2,1), (3,1), (4,1) is one sliver of 3 pixels.
 * Only the mask's bounding box is decoded (the opening is inside the mask); erosion and dilation are
 * each a vertical then a horizontal pass of running counts (a k×k square is a k×1 by a 1×k segment),
 * done in place. Cost: O(bounding box area) per mask; buffers grow and are reused.
 */
import type { Rle } from '@segkit/core';
import { IntervalList } from './interval-labels.js';
import { type Parts, summarize } from './rle-parts.js';

let inside = new Uint8Array(0);
let opened = new Uint8Array(0);
const removed = new IntervalList();

/**
 * The 8-connected parts of the pixels of `rle` removed by an opening with a k×k square, in image
 * coordinates; `box` is the mask's tight bounding box [x, y, w, h] (non-empty).
 */
export function sliverParts(rle: Rle, k: number, box: readonly [number, number, number, number]): Parts {
  const { height: h, counts } = rle;
  const [bx, by, bw, bh] = box;
  const n = bw * bh;
  if (inside.length < n) {
    inside = new Uint8Array(n);
    opened = new Uint8Array(n);
  }
  // Decode the box, column-major: window pixel (x, y) at (x - bx)·bh + (y - by).
  inside.fill(0, 0, n);
  let position = 0;
  for (let i = 0; i < counts.length; i++) {
    let start = position;
    const end = position + counts[i];
    position = end;
    if ((i & 1) === 0 || start === end) continue;
    let x = Math.floor(start / h);
    while (start < end) {
      const columnEnd = (x + 1) * h;
      const stop = end < columnEnd ? end : columnEnd;
      const base = (x - bx) * bh - by - x * h;
      inside.fill(1, base + start, base + stop);
      start = stop;
      x++;
    }
  }
  opened.set(inside.subarray(0, n));
  // Erosion, anchored top-left: (x, y) stays when [x, x+k) × [y, y+k) is inside.
  for (let x = 0; x < bw; x++) {
    const column = x * bh;
    for (let y = bh - 1, run = 0; y >= 0; y--) {
      run = opened[column + y] !== 0 ? run + 1 : 0;
      opened[column + y] = run >= k ? 1 : 0;
    }
  }
  for (let y = 0; y < bh; y++) {
    for (let x = bw - 1, run = 0; x >= 0; x--) {
      const i = x * bh + y;
      run = opened[i] !== 0 ? run + 1 : 0;
      opened[i] = run >= k ? 1 : 0;
    }
  }
  // Dilation by the same square: (x, y) is covered when an eroded pixel lies in (x-k, x] × (y-k, y].
  for (let y = 0; y < bh; y++) {
    for (let x = 0, since = k; x < bw; x++) {
      const i = x * bh + y;
      since = opened[i] !== 0 ? 0 : since + 1;
      opened[i] = since < k ? 1 : 0;
    }
  }
  for (let x = 0; x < bw; x++) {
    const column = x * bh;
    for (let y = 0, since = k; y < bh; y++) {
      since = opened[column + y] !== 0 ? 0 : since + 1;
      opened[column + y] = since < k ? 1 : 0;
    }
  }
  removed.clear();
  for (let x = 0; x < bw; x++) {
    const column = x * bh;
    let y = 0;
    while (y < bh) {
      while (y < bh && !(inside[column + y] !== 0 && opened[column + y] === 0)) y++;
      if (y === bh) break;
      const start = y;
      while (y < bh && inside[column + y] !== 0 && opened[column + y] === 0) y++;
      removed.push(x + bx, start + by, y + by);
    }
  }
  return summarize(removed, 8, rle.width, h);
}
