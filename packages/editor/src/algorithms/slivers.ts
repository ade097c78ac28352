/**
 * Slivers: the parts of a mask thinner than k pixels, defined as the pixels that a morphological
 * opening with a k×k square removes (the pixels no k×k square inside the mask covers), grouped into
 * 8-connected parts. A 1-pixel-wide line is removed whole for k ≥ 2; a 5×5 block survives k ≤ 5.
 * Example (k = 2): in
 *   1 1 0 0 0
 *   1 1 1 1 1
 * the 2×2 block survives and the tail (2,1), (3,1), (4,1) is one sliver of 3 pixels.
 *
 * A k×k square is 4-connected, so every square inside the mask lies inside one 8-connected part: the
 * opening is computed part by part, each in its own bounding box (never the mask's, which one far
 * speck can stretch over the whole image). A part narrower or shorter than k is removed whole without
 * decoding. Otherwise its box is decoded from its intervals and opened: erosion and dilation are each
 * a vertical then a horizontal pass of running counts (a k×k square is a k×1 by a 1×k segment), in
 * place. Cost: O(intervals) plus O(box area) per part at least k wide and tall; buffers grow.
 */
import { IntervalList, labelIntervals } from './interval-labels.js';
import { type Parts, summarize } from './rle-parts.js';

let inside = new Uint8Array(0);
let opened = new Uint8Array(0);
let order = new Int32Array(0);
const removed = new IntervalList();
let removedLabels: Int32Array = new Int32Array(1024);

/**
 * Calls `visit` with each 8-connected group of removed pixels (box [x, y, w, h] and pixel count),
 * given the mask's intervals (lines are columns), their 8-connected part labels and the parts.
 */
export function eachSliver(
  list: IntervalList,
  labels: Int32Array,
  parts: Parts,
  k: number,
  width: number,
  height: number,
  visit: (box: [number, number, number, number], pixels: number) => void,
): void {
  const { count, boxes, areas } = parts;
  // Intervals grouped by part, in their original (column, row) order: a counting sort.
  const first = new Int32Array(count + 1);
  for (let r = 0; r < list.length; r++) first[labels[r] + 1]++;
  for (let c = 0; c < count; c++) first[c + 1] += first[c];
  if (order.length < list.length) order = new Int32Array(list.length * 2);
  const next = first.slice(0, count);
  for (let r = 0; r < list.length; r++) order[next[labels[r]]++] = r;
  for (let c = 0; c < count; c++) {
    const b = 4 * c;
    const bx = boxes[b];
    const by = boxes[b + 1];
    const bw = boxes[b + 2] - bx + 1;
    const bh = boxes[b + 3] - by + 1;
    if (bw < k || bh < k) {
      if (areas[c] >= k * k) visit([bx, by, bw, bh], areas[c]);
      continue;
    }
    openPart(list, first[c], first[c + 1], bx, by, bw, bh, k);
    const labelled = labelIntervals(removed, 8, removedLabels);
    removedLabels = labelled.labels;
    const groups = summarize(removed, removedLabels, labelled.count, width, height);
    for (let g = 0; g < groups.count; g++) {
      const gb = 4 * g;
      const box: [number, number, number, number] = [
        groups.boxes[gb],
        groups.boxes[gb + 1],
        groups.boxes[gb + 2] - groups.boxes[gb] + 1,
        groups.boxes[gb + 3] - groups.boxes[gb + 1] + 1,
      ];
      visit(box, groups.areas[g]);
    }
  }
}

/** Opens the part made of intervals order[from .. to) in its box; leaves the removed pixels in `removed`. */
function openPart(
  list: IntervalList,
  from: number,
  to: number,
  bx: number,
  by: number,
  bw: number,
  bh: number,
  k: number,
): void {
  const n = bw * bh;
  if (inside.length < n) {
    inside = new Uint8Array(n);
    opened = new Uint8Array(n);
  }
  // Decode the box, column-major: window pixel (x, y) at (x - bx)·bh + (y - by).
  inside.fill(0, 0, n);
  for (let j = from; j < to; j++) {
    const r = order[j];
    const base = (list.line[r] - bx) * bh - by;
    inside.fill(1, base + list.start[r], base + list.end[r]);
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
}
