/**
 * Connected parts of a COCO RLE's foreground (or background) without decoding: the runs, split at
 * column boundaries, are intervals on columns (column-major order), labelled by interval-labels.ts.
 * Example: the 3×3 mask (rows)
 *   1 0 0
 *   0 0 0
 *   0 1 1
 * has counts [0 1 4 1 2 1] (column-major: 1 0 0 | 0 0 1 | 0 0 1); its 4-connected foreground parts are
 * {(0,0)} and {(1,2), (2,2)}, its background one part of 6 pixels touching the border.
 * Cost: O(runs + columns crossed) for the intervals, then O(intervals · α).
 */
import type { Rle } from '@segkit/core';
import { IntervalList, labelIntervals } from './interval-labels.js';

export interface Parts {
  readonly count: number;
  /** Pixels of part k. */
  readonly areas: Float64Array;
  /** boxes[4k .. 4k+3]: xMin, yMin, xMax, yMax (inclusive) of part k. */
  readonly boxes: Int32Array;
  /** touchesBorder[k] = 1 when part k has a pixel on the image's edge. */
  readonly touchesBorder: Uint8Array;
}

/** Fills `list` with the intervals (line x, rows [start, end)) of the pixels of `rle` equal to `value`. */
export function rleIntervals(rle: Rle, value: 0 | 1, list: IntervalList): void {
  const { height: h, counts } = rle;
  list.clear();
  let position = 0;
  for (let i = 0; i < counts.length; i++) {
    let start = position;
    const end = position + counts[i];
    position = end;
    if ((i & 1) !== value || start === end) continue;
    let x = Math.floor(start / h);
    while (start < end) {
      const columnEnd = (x + 1) * h;
      const stop = end < columnEnd ? end : columnEnd;
      list.push(x, start - x * h, stop - x * h);
      start = stop;
      x++;
    }
  }
}

const intervals = new IntervalList();
let scratchLabels: Int32Array = new Int32Array(1024);

/** The parts of the foreground (`value` 1) or background (`value` 0) of `rle`. */
export function rleParts(rle: Rle, value: 0 | 1, connectivity: 4 | 8): Parts {
  rleIntervals(rle, value, intervals);
  const labelled = labelIntervals(intervals, connectivity, scratchLabels);
  scratchLabels = labelled.labels;
  return summarize(intervals, scratchLabels, labelled.count, rle.width, rle.height);
}

/** Sums up labelled intervals (lines are columns x, starts and ends rows y) into parts. */
export function summarize(list: IntervalList, labels: Int32Array, count: number, width: number, height: number): Parts {
  const areas = new Float64Array(count);
  const boxes = new Int32Array(4 * count);
  const touchesBorder = new Uint8Array(count);
  for (let k = 0; k < count; k++) {
    boxes[4 * k] = width;
    boxes[4 * k + 1] = height;
    boxes[4 * k + 2] = -1;
    boxes[4 * k + 3] = -1;
  }
  for (let r = 0; r < list.length; r++) {
    const k = labels[r];
    const x = list.line[r];
    const s = list.start[r];
    const e = list.end[r];
    areas[k] += e - s;
    const b = 4 * k;
    if (x < boxes[b]) boxes[b] = x;
    if (s < boxes[b + 1]) boxes[b + 1] = s;
    if (x > boxes[b + 2]) boxes[b + 2] = x;
    if (e - 1 > boxes[b + 3]) boxes[b + 3] = e - 1;
    if (x === 0 || x === width - 1 || s === 0 || e === height) touchesBorder[k] = 1;
  }
  return { count, areas, boxes, touchesBorder };
}
