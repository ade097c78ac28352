import { SegkitError } from '@segkit/core';

/*
 * Filled polygons pixel-identical to Pillow 12.3.0's `ImageDraw.polygon(xy, fill=v)`, which is what
 * cityscapesScripts' json2labelImg / json2instanceImg draw with. Our own code, written from reading
 * Pillow's src/_imaging.c `_draw_polygon` and src/libImaging/Draw.c (`ImagingDrawPolygon`,
 * `add_edge`, `polygon_generic`); the rule, in short:
 *
 * - Vertices are cut to integers with C's (int) cast (toward zero: 10.9 → 10, -0.7 → 0).
 * - Edges join consecutive vertices, plus a closing edge unless the last vertex repeats the first.
 *   A horizontal edge fills its whole row, ends included.
 * - Every other edge is crossed by scan lines at integer y from its ymin to its ymax, inclusive, at
 *   x = (y − y0)·dx + x0 in single-precision float. At its ymax the crossing counts twice (unless
 *   that is the polygon's last row); otherwise, at either end, Pillow's "connect discontiguous
 *   corners" rule may pull x out to meet an earlier edge (in edge-list order) that ends on the same row.
 * - The crossings of a row are sorted and paired (even-odd), each pair (a, b) filling
 *   ROUND_UP(a) ..= ROUND_DOWN(b): vertices act as pixel centres, so the square 0..3 covers 4×4 pixels
 *   and an end at exactly x.5 is left out on both sides.
 *
 *   points [[1,0],[3,2],[1,4]] on a 5×5 image (a wedge)   →   . X . . .
 *                                                               . X X . .
 *                                                               . X X X .
 *                                                               . X X . .
 *                                                               . X . . .
 *
 * Rows are independent and clipped one by one, so only rows inside the image are scanned and a
 * vertex at 1e8 costs no more than one at 10. Cost: O(E log E) to order the edges, then per row
 * O(c log c) for its c crossings (the active edges) plus the filled pixels; the corner rule looks its
 * partner up among the edges that end on the row (a map keyed by rounded x), never by scanning the
 * active list, so a 1M-vertex polygon fills in about a second instead of minutes. Floats are
 * emulated with Math.fround at every step where C rounds to float.
 */

const f32 = Math.fround;

/** |coordinate| must stay below this, so that C's int arithmetic on vertex differences cannot overflow. */
export const MAX_PILLOW_COORDINATE = 2 ** 30;

/** Any array a fill value can be written to, one element per pixel, row-major. */
export type PixelArray =
  | Uint8Array
  | Uint8ClampedArray
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

// Edge table in flat scratch arrays, grown on demand and reused across calls (earcut's habit). The
// edges are built in polygon order (`raw*`), then stored by ymin (`edge*`, `edgeNumber` keeping each
// one's place in polygon order, which the corner rule needs): the active edges of a row are then
// neighbours in memory, where in polygon order a jagged polygon scatters them over megabytes.
let capacity = 0;
let rawX0 = new Int32Array(0);
let rawY0 = new Int32Array(0);
let rawYmin = new Int32Array(0);
let rawYmax = new Int32Array(0);
let rawDx = new Float64Array(0);
let edgeX0 = new Int32Array(0);
let edgeY0 = new Int32Array(0);
let edgeYmin = new Int32Array(0);
let edgeYmax = new Int32Array(0);
let edgeDx = new Float64Array(0); // float32 values
let edgeNumber = new Int32Array(0);
let byYmin = new Int32Array(0);
let active = new Int32Array(0); // edges crossing the current row, in storage order
let crossings = new Float64Array(0); // float32 values
// The corner rule's bookkeeping for one row: sloped edges that end on it (their edge number and
// corner key), and the edges that may move their crossing (edge number and slot in `crossings`).
let endEdge = new Int32Array(0);
let endKey = new Float64Array(0);
let cornerEdge = new Int32Array(0);
let cornerSlot = new Int32Array(0);
/** Corner key (rounded x, which end) → the edge of lowest number (polygon order) ending on the row there. */
const firstEnding = new Map<number, number>();
/** Counting sort of the edges by ymin: where each row's edges start. */
let rowStarts = new Int32Array(0);

function reserve(edges: number): void {
  if (edges <= capacity) return;
  capacity = Math.max(edges, capacity * 2, 64);
  rawX0 = new Int32Array(capacity);
  rawY0 = new Int32Array(capacity);
  rawYmin = new Int32Array(capacity);
  rawYmax = new Int32Array(capacity);
  rawDx = new Float64Array(capacity);
  edgeNumber = new Int32Array(capacity);
  edgeX0 = new Int32Array(capacity);
  edgeY0 = new Int32Array(capacity);
  edgeYmin = new Int32Array(capacity);
  edgeYmax = new Int32Array(capacity);
  edgeDx = new Float64Array(capacity);
  byYmin = new Int32Array(capacity);
  active = new Int32Array(capacity);
  crossings = new Float64Array(2 * capacity);
  endEdge = new Int32Array(capacity);
  endKey = new Float64Array(capacity);
  cornerEdge = new Int32Array(capacity);
  cornerSlot = new Int32Array(capacity);
}

/** C `roundf`: halves away from zero. */
const roundf = (v: number): number => (v >= 0 ? Math.floor(v + 0.5) : -Math.floor(-v + 0.5));

/*
 * Draw.c's ROUND_UP / ROUND_DOWN. For f ≥ 0 the ±0.5 is a float addition (rounded to float, so
 * 0.49999997 + 0.5 is 1); for f < 0 it is applied to fabs(f), a double, and so is exact.
 */
const roundUp = (v: number): number => (v >= 0 ? Math.floor(f32(v + 0.5)) : -Math.floor(-v + 0.5));
const roundDown = (v: number): number => (v >= 0 ? Math.ceil(f32(v - 0.5)) : -Math.ceil(-v - 0.5));

/** An edge's crossing with row y, in float as Pillow computes it: (y − y0)·dx + x0. */
const crossingAt = (edge: number, y: number): number =>
  f32(f32(f32(y - edgeY0[edge]) * edgeDx[edge]) + f32(edgeX0[edge]));

/** C's (int) cast of one coordinate, after checking it is a number Pillow can take. */
function vertexCoordinate(value: number, vertex: number): number {
  if (!(Math.abs(value) < MAX_PILLOW_COORDINATE)) {
    throw new SegkitError(
      'INVALID_POLYGON',
      `vertex ${vertex} has coordinate ${value}; coordinates must be finite numbers below ${MAX_PILLOW_COORDINATE} in magnitude`,
    );
  }
  return value | 0; // truncation toward zero, exact within ±2^31
}

/**
 * Calls `span(y, x0, x1)` for every run of pixels (x0..x1 inclusive, clipped to the image) that
 * Pillow fills for the polygon, in no particular order; runs may overlap (they are all the same ink).
 * A polygon of no vertex or one vertex fills nothing (Pillow's Python layer refuses those outright);
 * two vertices give a thin line, a vertex repeated (two or more times) a single pixel.
 */
export function forEachPolygonSpan(
  width: number,
  height: number,
  points: ArrayLike<ArrayLike<number>>,
  span: (y: number, x0: number, x1: number) => void,
): void {
  const count = points.length;
  if (count === 0) return;
  reserve(count);

  let edges = 0;
  let top = Number.POSITIVE_INFINITY; // smallest and largest y of every edge, horizontal ones included
  let bottom = Number.NEGATIVE_INFINITY;

  const addEdge = (x0: number, y0: number, x1: number, y1: number): void => {
    const yLow = y0 < y1 ? y0 : y1;
    const yHigh = y0 < y1 ? y1 : y0;
    if (yLow < top) top = yLow;
    if (yHigh > bottom) bottom = yHigh;
    if (y0 === y1) {
      // Pillow merges runs of horizontal edges first; for an opaque fill the union is the same pixels.
      clippedSpan(width, height, y0, x0 < x1 ? x0 : x1, x0 < x1 ? x1 : x0, span);
      return;
    }
    rawX0[edges] = x0;
    rawY0[edges] = y0;
    rawYmin[edges] = yLow;
    rawYmax[edges] = yHigh;
    rawDx[edges] = f32(f32(x1 - x0) / f32(y1 - y0));
    edges++;
  };

  const firstX = vertexCoordinate(points[0][0], 0);
  const firstY = vertexCoordinate(points[0][1], 0);
  let lastX = firstX;
  let lastY = firstY;
  for (let i = 1; i < count; i++) {
    const x = vertexCoordinate(points[i][0], i);
    const y = vertexCoordinate(points[i][1], i);
    addEdge(lastX, lastY, x, y);
    lastX = x;
    lastY = y;
  }
  if (lastX !== firstX || lastY !== firstY) addEdge(lastX, lastY, firstX, firstY);

  const yFirst = Math.max(top, 0);
  const yLast = Math.min(bottom, height - 1);
  if (edges === 0 || yFirst > yLast) return;

  // Edges enter the active list by ymin: stored in that order, they enter one after the other.
  orderByYmin(edges, yFirst, yLast);
  for (let k = 0; k < edges; k++) {
    const e = byYmin[k];
    edgeX0[k] = rawX0[e];
    edgeY0[k] = rawY0[e];
    edgeYmin[k] = rawYmin[e];
    edgeYmax[k] = rawYmax[e];
    edgeDx[k] = rawDx[e];
    edgeNumber[k] = e;
  }
  let nextToEnter = 0;
  let activeCount = 0;

  for (let y = yFirst; y <= yLast; y++) {
    let kept = 0;
    for (let p = 0; p < activeCount; p++) {
      if (edgeYmax[active[p]] >= y) active[kept++] = active[p];
    }
    activeCount = kept;
    while (nextToEnter < edges && edgeYmin[nextToEnter] <= y) {
      const e = nextToEnter++;
      if (edgeYmax[e] >= y) active[activeCount++] = e; // else it ended above the image
    }

    let n = 0;
    let ends = 0;
    let corners = 0;
    for (let p = 0; p < activeCount; p++) {
      const e = active[p];
      const x = crossingAt(e, y);
      crossings[n++] = x;
      const atTop = y === edgeYmin[e];
      const atBottom = y === edgeYmax[e];
      if (!atTop && !atBottom) continue;
      if (atBottom && y < bottom) {
        // An edge's lower end counts twice (as Pillow does "to draw consistent polygons").
        crossings[n++] = x;
      } else if (edgeDx[e] !== 0) {
        cornerEdge[corners] = e;
        cornerSlot[corners++] = n - 1;
      }
      if (edgeDx[e] !== 0) {
        endEdge[ends] = e;
        endKey[ends++] = cornerKey(x, atBottom);
      }
    }
    if (corners > 0 && ends > 1) connectCorners(y, ends, corners);

    sortPrefix(crossings, n);
    for (let i = 1; i < n; i += 2) {
      clippedSpan(width, height, y, roundUp(crossings[i - 1]), roundDown(crossings[i]), span);
    }
  }
}

/**
 * `byYmin[0..edges)`: the edges in order of ymin, ties in polygon order. A counting sort over the
 * rows scanned (an edge above them enters on the first, one below never does), or a comparison sort
 * where the rows far outnumber the edges.
 */
function orderByYmin(edges: number, yFirst: number, yLast: number): void {
  const rows = yLast - yFirst + 2;
  if (rows > 4 * edges + 1024) {
    for (let e = 0; e < edges; e++) byYmin[e] = e;
    byYmin.subarray(0, edges).sort((a, b) => rawYmin[a] - rawYmin[b] || a - b);
    return;
  }
  if (rowStarts.length < rows + 1) rowStarts = new Int32Array(2 * (rows + 1));
  rowStarts.fill(0, 0, rows + 1);
  const bucket = (e: number) => {
    const y = rawYmin[e];
    return y < yFirst ? 0 : y > yLast ? rows - 1 : y - yFirst;
  };
  for (let e = 0; e < edges; e++) rowStarts[bucket(e) + 1]++;
  for (let r = 1; r <= rows; r++) rowStarts[r] += rowStarts[r - 1];
  for (let e = 0; e < edges; e++) byYmin[rowStarts[bucket(e)]++] = e;
}

/** Which edges ending on a row may meet: same rounded x, and the same end (top or bottom) on that row. */
const cornerKey = (x: number, atBottom: boolean): number => 2 * roundf(x) + (atBottom ? 1 : 0);

/**
 * Pillow's "connect discontiguous corners" for the row's corner edges. Pillow walks, for an edge e
 * that ends on row y at x, the edges before it (in edge order) and takes the first that is sloped,
 * ends on row y at the same rounded x, and spans the row beside it (the next one, or the previous one
 * at e's lower end): if x lies more than 1 beyond both edges' crossings of that row, x moves to just
 * past the nearer of them, so a sharp corner is not left as a detached pixel run. An edge that ends
 * on row y spans the next row when y is its top and the previous one when y is its bottom, so that
 * first edge is the lowest-numbered one with e's corner key on the neighbour's side: one map lookup
 * per corner edge instead of a walk of the active list (which made the fill quadratic).
 */
function connectCorners(y: number, ends: number, corners: number): void {
  firstEnding.clear();
  for (let k = 0; k < ends; k++) {
    const first = firstEnding.get(endKey[k]);
    if (first === undefined || edgeNumber[endEdge[k]] < edgeNumber[first]) firstEnding.set(endKey[k], endEdge[k]);
  }
  for (let c = 0; c < corners; c++) {
    const e = cornerEdge[c];
    const slot = cornerSlot[c];
    const x = crossings[slot];
    const lower = y === edgeYmax[e];
    const other = firstEnding.get(cornerKey(x, lower));
    if (other === undefined || edgeNumber[other] >= edgeNumber[e]) continue;
    const neighbour = lower ? y - 1 : y + 1;
    const mine = crossingAt(e, neighbour);
    const theirs = crossingAt(other, neighbour);
    if (x > f32(mine + 1) && x > f32(theirs + 1)) crossings[slot] = f32(roundf(Math.max(mine, theirs)) + 1);
    else if (x < f32(mine - 1) && x < f32(theirs - 1)) crossings[slot] = f32(roundf(Math.min(mine, theirs)) - 1);
  }
}

// Radix sort scratch: crossings as float32 bits made sortable as unsigned integers, and a ping-pong copy.
let floats = new Float32Array(0);
let keys = new Uint32Array(0);
let keysOther = new Uint32Array(0);
const buckets = new Uint32Array(2048);

/** Ascending sort of values[0..n) (float32 values): insertion sort for a few, radix sort for many. */
function sortPrefix(values: Float64Array, n: number): void {
  if (n > 256) {
    radixSort(values, n);
    return;
  }
  if (n > 32) {
    values.subarray(0, n).sort();
    return;
  }
  for (let i = 1; i < n; i++) {
    const v = values[i];
    let j = i;
    while (j > 0 && values[j - 1] > v) {
      values[j] = values[j - 1];
      j--;
    }
    values[j] = v;
  }
}

/**
 * LSD radix sort of float32 values in three passes of 11, 11 and 10 bits: a jagged polygon puts tens
 * of thousands of crossings on one row, where a comparison sort was half the fill's time. The bits of
 * a float32 sort as unsigned integers once negatives are flipped whole and positives get the sign bit.
 */
function radixSort(values: Float64Array, n: number): void {
  if (keys.length < n) {
    const size = Math.max(n, 2 * keys.length);
    floats = new Float32Array(size);
    keys = new Uint32Array(floats.buffer);
    keysOther = new Uint32Array(size);
  }
  for (let i = 0; i < n; i++) floats[i] = values[i];
  for (let i = 0; i < n; i++) {
    const bits = keys[i];
    keys[i] = bits & 0x80000000 ? ~bits : bits | 0x80000000;
  }
  let from = keys;
  let to = keysOther;
  for (let shift = 0; shift < 32; shift += 11) {
    buckets.fill(0);
    for (let i = 0; i < n; i++) buckets[(from[i] >>> shift) & 0x7ff]++;
    let sum = 0;
    for (let b = 0; b < 2048; b++) {
      const count = buckets[b];
      buckets[b] = sum;
      sum += count;
    }
    for (let i = 0; i < n; i++) {
      const key = from[i];
      to[buckets[(key >>> shift) & 0x7ff]++] = key;
    }
    const swap = from;
    from = to;
    to = swap;
  }
  // Three passes leave the sorted keys in keysOther; back to float bits, then to the crossings.
  for (let i = 0; i < n; i++) {
    const key = from[i];
    keys[i] = key & 0x80000000 ? key & 0x7fffffff : ~key;
  }
  for (let i = 0; i < n; i++) values[i] = floats[i];
}

/** Draw.c's hline: clips the run x0..x1 of row y to the image, and drops it if nothing is left. */
function clippedSpan(
  width: number,
  height: number,
  y: number,
  x0: number,
  x1: number,
  span: (y: number, x0: number, x1: number) => void,
): void {
  if (y < 0 || y >= height) return;
  if (x0 < 0) x0 = 0;
  else if (x0 >= width) return;
  if (x1 < 0) return;
  if (x1 >= width) x1 = width - 1;
  if (x0 <= x1) span(y, x0, x1);
}

/**
 * Fills the polygon into `target` (row-major, `width × height`) with `value`, pixel for pixel as
 * Pillow 12.3.0 `ImageDraw.polygon(points, fill=value)` would.
 */
export function fillPolygon(
  target: PixelArray,
  width: number,
  height: number,
  points: ArrayLike<ArrayLike<number>>,
  value: number,
): void {
  if (target.length < width * height) {
    throw new SegkitError('SIZE_MISMATCH', `target has ${target.length} elements, expected ${width}×${height}`);
  }
  forEachPolygonSpan(width, height, points, (y, x0, x1) => {
    const from = y * width + x0;
    const to = y * width + x1;
    // A jagged polygon gives millions of short runs: a loop beats a call to fill for those.
    if (to - from < 16) for (let i = from; i <= to; i++) target[i] = value;
    else target.fill(value, from, to + 1);
  });
}
