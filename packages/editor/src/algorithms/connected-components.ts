/**
 * Connected components of a binary mask ("split into connected parts", islands): every non-zero pixel
 * gets the number of its part, 1, 2, … in row-major order of each part's first pixel; 0 is
 * background.
 * Example (4-connectivity): the 3×2 mask
 *   1 0 1
 *   0 1 1
 * has parts 1 = {(0,0)} and 2 = {(2,0), (1,1), (2,1)}: labels [1 0 2 / 0 2 2], areas [1, 3],
 * bboxes [0,0,1,1, 1,0,2,2]. With 8-connectivity (0,0) touches (1,1) diagonally: one part of 4 pixels.
 * Cost: one pass to find row runs, union-find over runs (interval-labels.ts), one pass to write labels.
 */
import { SegkitError } from '@segkit/core';
import { checkBufferLength, checkImageSize } from './check.js';
import { IntervalList, labelIntervals } from './interval-labels.js';

export interface Components {
  /** Row-major, w·h: 0 for background, k + 1 for a pixel of part k. */
  readonly labels: Int32Array;
  /** Number of parts. */
  readonly count: number;
  /** areas[k]: pixels of part k (label k + 1). */
  readonly areas: Uint32Array;
  /** bboxes[4k .. 4k+3]: [x, y, width, height] of part k (label k + 1). */
  readonly bboxes: Uint32Array;
}

const runs = new IntervalList();
let runLabels: Int32Array = new Int32Array(1024);

export function connectedComponents(
  mask: Uint8Array,
  width: number,
  height: number,
  connectivity: 4 | 8 = 4,
  out?: Int32Array,
): Components {
  const what = 'connected components';
  checkImageSize(what, width, height);
  checkBufferLength(what, 'mask', mask, width, height, 1);
  if (connectivity !== 4 && connectivity !== 8) {
    throw new SegkitError('INVALID_MASK', `connectivity must be 4 or 8, got ${connectivity}`, [what]);
  }
  const labels = out ?? new Int32Array(width * height);
  checkBufferLength(what, 'out', labels, width, height, 1);
  runs.clear();
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let x = 0;
    while (x < width) {
      while (x < width && mask[row + x] === 0) x++;
      if (x === width) break;
      const start = x;
      while (x < width && mask[row + x] !== 0) x++;
      runs.push(y, start, x);
    }
  }
  const labelled = labelIntervals(runs, connectivity, runLabels);
  runLabels = labelled.labels;
  const { count } = labelled;
  const areas = new Uint32Array(count);
  const boxes = new Int32Array(4 * count); // xMin, yMin, xMax, yMax while collecting
  for (let k = 0; k < count; k++) {
    boxes[4 * k] = width;
    boxes[4 * k + 1] = height;
    boxes[4 * k + 2] = -1;
    boxes[4 * k + 3] = -1;
  }
  labels.fill(0);
  for (let r = 0; r < runs.length; r++) {
    const k = runLabels[r];
    const y = runs.line[r];
    const s = runs.start[r];
    const e = runs.end[r];
    labels.fill(k + 1, y * width + s, y * width + e);
    areas[k] += e - s;
    const b = 4 * k;
    if (s < boxes[b]) boxes[b] = s;
    if (y < boxes[b + 1]) boxes[b + 1] = y;
    if (e - 1 > boxes[b + 2]) boxes[b + 2] = e - 1;
    if (y > boxes[b + 3]) boxes[b + 3] = y;
  }
  const bboxes = new Uint32Array(4 * count);
  for (let k = 0; k < count; k++) {
    const b = 4 * k;
    bboxes[b] = boxes[b];
    bboxes[b + 1] = boxes[b + 1];
    bboxes[b + 2] = boxes[b + 2] - boxes[b] + 1;
    bboxes[b + 3] = boxes[b + 3] - boxes[b + 1] + 1;
  }
  return { labels, count, areas, bboxes };
}
