import { SegkitError } from '../errors.js';
import type { Bbox, Rle } from '../rle/types.js';
import { showValue } from '../show-value.js';
import { checkSize } from '../size.js';
import { ToggleSet } from './toggles.js';

/*
 * Polygon → COCO RLE, bit-exact with pycocotools' `rleFrPoly` (maskApi.c).
 *
 * The rule, in short: vertices are scaled ×5 and rounded with C's (int) cast (toward zero, so -0.3
 * becomes -1 and -0.1 becomes 0 on the ×5 grid), every edge is walked by a DDA along its major axis,
 * and wherever the walk steps across a pixel-centre column (u ≡ 2 mod 5) the crossing row
 * ceil(clamp((v + .5) / 5 - .5, 0, h)) toggles the mask. Sorting the toggles as column-major indices
 * and differencing them gives the counts, so a pixel is in when its centre is (nearly) inside the
 * quantized polygon, with even-odd fill.
 *
 * Unlike the C code we never materialize the dense boundary: only DDA steps whose column lies within
 * the image are visited, and on steep edges we jump straight to the steps where the column changes.
 * The work is bounded by the image width per edge, so a vertex at 1e8 costs no more than one at 10.
 */

const SCALE = 5;

/** C's (int) cast: truncation toward zero. Exact here because every grid value is within ±2^31 (see MAX_POLYGON_COORDINATE), and `| 0` never yields -0. */
const toInt = (value: number): number => value | 0;
/** (int)(5·c + .5) must fit a C int; beyond this pycocotools is undefined behaviour. */
export const MAX_POLYGON_COORDINATE = 4e8;

/**
 * Whether `value` can be a polygon coordinate: a finite number within ±MAX_POLYGON_COORDINATE. The
 * one test for every reader of polygons (COCO, labelme, Label Studio, CVAT), so a coordinate the
 * rasterizer would refuse is refused where it is read, even by a conversion that never rasterizes.
 */
export const isPolygonCoordinate = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= MAX_POLYGON_COORDINATE;

// Reused across calls, so rasterizing allocates only the returned counts.
const toggles = new ToggleSet();

/**
 * One step of the boundary walk, from point (u0, v0) to (u1, v1) on the ×5 grid, in the order
 * pycocotools emits them. Records the toggle when the step crosses a pixel-centre column.
 */
function step(u0: number, v0: number, u1: number, v1: number, h: number, w: number): void {
  if (u1 === u0) return;
  let xd = u1 < u0 ? u1 : u1 - 1;
  xd = (xd + 0.5) / SCALE - 0.5;
  if (Math.floor(xd) !== xd || xd < 0 || xd > w - 1) return;
  let yd = v1 < v0 ? v1 : v0;
  yd = (yd + 0.5) / SCALE - 0.5;
  if (yd < 0) yd = 0;
  else if (yd > h) yd = h;
  yd = Math.ceil(yd);
  toggles.add(xd, yd);
}

/**
 * Records the toggle of pixel-centre column `column` (u = 5·column + 2 → 5·column + 3 on the grid),
 * crossed between grid rows v0 and v1.
 */
function addColumnCrossing(column: number, v0: number, v1: number, h: number): void {
  let yd = v1 < v0 ? v1 : v0;
  yd = (yd + 0.5) / SCALE - 0.5;
  if (yd < 0) yd = 0;
  else if (yd > h) yd = h;
  toggles.add(column, Math.ceil(yd));
}

/**
 * Rasterizes one polygon part, appending its toggles to `crossings`.
 *
 * Inside an edge only the steps between grid columns 5c + 2 and 5c + 3 can toggle a pixel (those
 * are the steps whose `(u + .5) / 5 - .5` is the integer c), so we visit exactly those: every fifth
 * step on a shallow edge, and on a steep edge the one step where u(t) passes 5c + 2.5, found from
 * the line equation and then confirmed on the exact integer sequence. Within an edge the toggles do
 * not depend on the walking direction (|Δu| ≤ 1 per step, and a toggle takes the smaller u and v), so
 * edges are walked with t increasing; the step joining two edges is checked as the C code emits it.
 */
function walkPolygon(xy: ArrayLike<number>, k: number, h: number, w: number): void {
  let lastU = 0;
  let lastV = 0;
  for (let j = 0; j < k; j++) {
    const next = j + 1 < k ? j + 1 : 0;
    const x0 = toInt(SCALE * xy[2 * j] + 0.5);
    const y0 = toInt(SCALE * xy[2 * j + 1] + 0.5);
    const x1 = toInt(SCALE * xy[2 * next] + 0.5);
    const y1 = toInt(SCALE * xy[2 * next + 1] + 0.5);
    const dx = Math.abs(x1 - x0);
    const dy = Math.abs(y0 - y1);
    const xMajor = dx >= dy;
    const flip = xMajor ? x0 > x1 : y0 > y1;
    const xs = flip ? x1 : x0;
    const xe = flip ? x0 : x1;
    const ys = flip ? y1 : y0;
    const ye = flip ? y0 : y1;
    // 0/0 = NaN for a zero-length edge, as in C; its single point never starts a crossing.
    const s = xMajor ? (ye - ys) / dx : (xe - xs) / dy;

    // The step from the previous edge's last emitted point to this edge's first one.
    const steps = xMajor ? dx : dy;
    const tFirst = flip ? steps : 0;
    const tLast = flip ? 0 : steps;
    if (xMajor) {
      const uFirst = xs + tFirst;
      const vFirst = toInt(ys + s * tFirst + 0.5);
      if (j > 0) step(lastU, lastV, uFirst, vFirst, h, w);
      lastU = xs + tLast;
      lastV = toInt(ys + s * tLast + 0.5);
      walkShallowEdge(xs, ys, s, dx, h, w);
    } else {
      const uFirst = toInt(xs + s * tFirst + 0.5);
      if (j > 0) step(lastU, lastV, uFirst, ys + tFirst, h, w);
      lastU = toInt(xs + s * tLast + 0.5);
      lastV = ys + tLast;
      walkSteepEdge(xs, ys, s, dy, h, w);
    }
  }
}

/** Shallow edge: u = xs + t, v = (int)(ys + s·t + .5). The step t-1 → t toggles column c when xs + t - 1 = 5c + 2. */
function walkShallowEdge(xs: number, ys: number, s: number, dx: number, h: number, w: number): void {
  // Smallest column whose step lies in t ∈ [1, dx].
  let c = Math.ceil((xs - 2) / SCALE);
  if (c < 0) c = 0;
  for (; c < w; c++) {
    const t = SCALE * c + 3 - xs;
    if (t > dx) break;
    addColumnCrossing(c, toInt(ys + s * (t - 1) + 0.5), toInt(ys + s * t + 0.5), h);
  }
}

/**
 * Steep edge: v = ys + t, u(t) = (int)(xs + s·t + .5) is monotone and moves by at most 1 per step.
 * For each column c it passes, find the single step where u goes between 5c + 2 and 5c + 3.
 */
function walkSteepEdge(xs: number, ys: number, s: number, dy: number, h: number, w: number): void {
  if (dy === 0) return;
  const u0 = toInt(xs + 0.5);
  const u1 = toInt(xs + s * dy + 0.5);
  if (u0 === u1) return;
  const rising = u1 > u0;
  const lo = rising ? u0 : u1;
  const hi = rising ? u1 : u0;
  // Columns c with 5c + 2 >= lo and 5c + 3 <= hi, inside the image.
  const cFrom = Math.max(0, Math.ceil((lo - 2) / SCALE));
  const cTo = Math.min(w - 1, Math.floor((hi - 3) / SCALE));
  const uAt = (t: number) => toInt(xs + s * t + 0.5);
  for (let c = cFrom; c <= cTo; c++) {
    // Rising: first t with u(t) >= 5c + 3. Falling: first t with u(t) <= 5c + 2.
    const target = rising ? SCALE * c + 3 : SCALE * c + 2;
    // The line equation gives t to within a step or two, and the loops below settle it on the exact
    // integer sequence. Rising, u(t) >= target once xs + s·t + .5 >= target; falling, u(t) <= target
    // once xs + s·t + .5 < target + 1. (Estimating the falling case from target - .5, a whole unit of
    // u early, left the loops 1/|s| steps to walk: 4 s for one vertex at y = 4e8 on an 8×6 image.)
    let t = Math.round((rising ? target - 0.5 - xs : target + 0.5 - xs) / s);
    if (!(t >= 1)) t = 1;
    else if (t > dy) t = dy;
    if (rising) {
      while (t > 1 && uAt(t - 1) >= target) t--;
      while (uAt(t) < target) t++;
    } else {
      while (t > 1 && uAt(t - 1) <= target) t--;
      while (uAt(t) > target) t++;
    }
    addColumnCrossing(c, ys + t - 1, ys + t, h);
  }
}

function checkPolygon(xy: ArrayLike<number>, minPoints: number): number {
  const k = Math.floor(xy.length / 2);
  if (k < minPoints) {
    throw new SegkitError(
      'INVALID_POLYGON',
      `polygon has ${xy.length} coordinates (${k} points); at least ${minPoints} points are needed`,
    );
  }
  for (let i = 0; i < 2 * k; i++) {
    const c = xy[i];
    if (!isPolygonCoordinate(c)) {
      throw new SegkitError(
        'INVALID_POLYGON',
        `coordinate ${i} (${i % 2 === 0 ? 'x' : 'y'} of point ${i >> 1}) is ${showValue(c)}; coordinates must be finite numbers within ±${MAX_POLYGON_COORDINATE}`,
      );
    }
  }
  return k;
}

/**
 * One polygon `[x0, y0, x1, y1, ...]` (pixel (x, y) covers [x, x+1) × [y, y+1)) → RLE of size h×w.
 * The polygon closes itself; an odd trailing coordinate is ignored, as pycocotools does.
 * `minPoints` is 3 by default; pycocotools rasterizes a 2-point part of a multi-part polygon too.
 */
export function polygonToRle(xy: ArrayLike<number>, height: number, width: number, minPoints = 3): Rle {
  walk(xy, height, width, minPoints);
  return { height, width, counts: toggles.toCounts(height, width) };
}

function walk(xy: ArrayLike<number>, height: number, width: number, minPoints: number): void {
  checkSize(height, width);
  const k = checkPolygon(xy, minPoints);
  toggles.reset(width);
  walkPolygon(xy, k, height, width);
  if (toggles.overflowedSlots) {
    // A column crossed more than the slots hold (a very jagged part): walk again, sorting instead.
    toggles.clearSlots();
    toggles.reset(width, true);
    walkPolygon(xy, k, height, width);
  }
}

/**
 * `polygonToRle` without the copy (for `MaskBatch`): the counts are left in a reused buffer,
 * `rasterizedCounts()`, overwritten by the next polygon; returns how many there are.
 */
export function rasterizePolygon(xy: ArrayLike<number>, height: number, width: number, minPoints = 3): number {
  walk(xy, height, width, minPoints);
  return toggles.emitCounts(height, width);
}

/** The buffer `rasterizePolygon` left its counts in. */
export function rasterizedCounts(): Uint32Array {
  return toggles.counts;
}

/** A box `[x, y, w, h]` → RLE, rasterized as pycocotools' `frBbox` does: as the polygon of its corners. */
export function bboxToRle(box: Bbox | ArrayLike<number>, height: number, width: number): Rle {
  if (box.length !== 4) {
    throw new SegkitError('INVALID_BBOX', `a box is [x, y, w, h], got ${box.length} numbers`);
  }
  const [x, y, w, h] = [box[0], box[1], box[2], box[3]];
  for (const v of [x, y, w, h]) {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new SegkitError('INVALID_BBOX', `box [${x}, ${y}, ${w}, ${h}] has a value that is not a finite number`);
    }
  }
  const xe = x + w;
  const ye = y + h;
  return polygonToRle([x, y, x, ye, xe, ye, xe, y], height, width, 4);
}
