/**
 * A polygon's pixels as row spans (y, x0, x1), x1 exclusive, rows in increasing order and spans in
 * a row left to right: the pixels core's polygonToRle gives (pycocotools' frPyObjects), which the
 * polygon tool paints.
 *
 *   polygonToRle's column runs        row spans
 *   x 1: y 1..3, x 2: y 1..2      →   (1, 1, 3), (2, 1, 3), (3, 1, 2)
 *
 * The RLE is column-major; the spans are found without a pixel buffer: between columns x - 1 and x
 * the rows covered by exactly one of the two (the XOR of their runs) have a span boundary at x, and
 * walking x left to right puts each row's boundaries in order. Cost: O(width + runs + spans), so a
 * vertex drag can rasterize a polygon of millions of pixels at every pointer move.
 */
import { polygonToRle } from '@segkit/core';
import { forEachColumnRun } from '../document/store.js';

/** A polygon's pixels (core's polygonToRle of `vertices`, flat x, y pairs) as row spans (y, x0, x1). */
export function polygonSpans(vertices: readonly number[], height: number, width: number): number[] {
  const rle = polygonToRle(vertices, height, width);
  const runs: number[] = []; // x, y0, y1 a run, in column-major order
  forEachColumnRun(rle, (x, a, b) => runs.push(x, a, b));
  const spans: number[] = [];
  if (runs.length === 0) return spans;
  // Boundaries (x, y0, y1): rows y0..y1 - 1 change between columns x - 1 and x.
  const edges: number[] = [];
  let prev = 0;
  let prevEnd = 0;
  for (let x = runs[0], last = runs[runs.length - 3] + 1; x <= last; x++) {
    let end = prevEnd;
    while (end < runs.length && runs[end] === x) end += 3;
    xorRuns(runs, prev, prevEnd, prevEnd, end, x, edges);
    prev = prevEnd;
    prevEnd = end;
  }
  // Each row's boundaries in one flat array: counted per row, then placed in increasing x.
  const start = new Int32Array(height + 1);
  for (let e = 0; e < edges.length; e += 3) {
    start[edges[e + 1]]++;
    start[edges[e + 2]]--;
  }
  let total = 0;
  for (let y = 0, covering = 0; y < height; y++) {
    covering += start[y];
    start[y] = total;
    total += covering;
  }
  start[height] = total;
  const filled = start.slice(0, height);
  const bounds = new Int32Array(total);
  for (let e = 0; e < edges.length; e += 3) {
    const x = edges[e];
    for (let y = edges[e + 1]; y < edges[e + 2]; y++) bounds[filled[y]++] = x;
  }
  for (let y = 0; y < height; y++) {
    for (let k = start[y]; k < start[y + 1]; k += 2) spans.push(y, bounds[k], bounds[k + 1]);
  }
  return spans;
}

/**
 * Appends (x, y0, y1) for each interval of rows covered by exactly one of two columns' runs:
 * runs[i..iEnd) and runs[j..jEnd) (triples x, y0, y1, increasing y). Stepping through both lists'
 * endpoints in order, an odd number passed means exactly one column covers the rows ahead.
 */
function xorRuns(runs: number[], i: number, iEnd: number, j: number, jEnd: number, x: number, out: number[]): void {
  let si = 1; // 1: the run's start is next, 2: its end
  let sj = 1;
  let odd = false;
  let from = 0;
  while (i < iEnd || j < jEnd) {
    const vi = i < iEnd ? runs[i + si] : Number.POSITIVE_INFINITY;
    const vj = j < jEnd ? runs[j + sj] : Number.POSITIVE_INFINITY;
    let v: number;
    if (vi <= vj) {
      v = vi;
      if (si === 1) si = 2;
      else {
        si = 1;
        i += 3;
      }
    } else {
      v = vj;
      if (sj === 1) sj = 2;
      else {
        sj = 1;
        j += 3;
      }
    }
    odd = !odd;
    if (odd) from = v;
    else if (v > from) out.push(x, from, v);
  }
}
