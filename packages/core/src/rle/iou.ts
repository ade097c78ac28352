import { SegkitError } from '../errors.js';
import { appendIntervals } from './mask-batch.js';
import type { Bbox, Rle } from './types.js';

/** A dt × gt matrix of overlaps, row-major: `values[d * cols + g]` (rows are detections). */
export interface IouMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly values: Float64Array;
}

/** Crowd flags, one per ground truth; a crowd gt scores `|dt ∩ gt| / |dt|` (COCO's iscrowd rule). */
export type CrowdFlags = ArrayLike<boolean | number>;

/**
 * Masks prepared for many IoU queries: each one's area, box and foreground runs as absolute
 * column-major [start, end) intervals, interleaved in one flat array (no object per run).
 */
export interface PreparedMasks {
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly areas: Float64Array;
  /** 4 per mask: x, y, w, h. */
  readonly boxes: Float64Array;
  /** Mask i's intervals are `intervals[offsets[i] .. offsets[i + 1])`, as start, end pairs. */
  readonly offsets: Uint32Array;
  /** Int32 while h·w < 2^31 (the branch-free walk needs it), Float64 beyond. */
  readonly intervals: Int32Array | Float64Array;
}

export function prepareMasks(rles: readonly Rle[], what = 'mask'): PreparedMasks {
  const count = rles.length;
  const height = count > 0 ? rles[0].height : 0;
  const width = count > 0 ? rles[0].width : 0;
  let runs = 0;
  for (let i = 0; i < count; i++) {
    const r = rles[i];
    if (r.height !== height || r.width !== width) {
      throw new SegkitError(
        'SIZE_MISMATCH',
        `${what} ${i} is [${r.height}, ${r.width}] but ${what} 0 is [${height}, ${width}]; IoU needs masks of one image size`,
      );
    }
    runs += r.counts.length >>> 1;
  }
  const areas = new Float64Array(count);
  const boxes = new Float64Array(count * 4);
  const offsets = new Uint32Array(count + 1);
  const intervals = height * width < 0x80000000 ? new Int32Array(runs * 2) : new Float64Array(runs * 2);
  let n = 0;
  for (let i = 0; i < count; i++) {
    const { counts } = rles[i];
    offsets[i] = n;
    n = appendIntervals(counts, counts.length, height, intervals, n, areas, boxes, i);
  }
  offsets[count] = n;
  return { count, height, width, areas, boxes, offsets, intervals };
}

/** First interval (even index) in [from, to) whose end is after `position`. */
function firstEndingAfter(intervals: Int32Array | Float64Array, from: number, to: number, position: number): number {
  let lo = from >>> 1;
  let hi = to >>> 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (intervals[2 * mid + 1] > position) hi = mid;
    else lo = mid + 1;
  }
  return 2 * lo;
}

/**
 * |a ∩ b| in pixels. Only the columns both boxes share can hold common pixels, and the mask whose
 * box starts (ends) there has no interval before (after) them, so we skip to the window start in the
 * other mask and stop as soon as either runs out: no per-step window test.
 */
function intersectionArea(a: PreparedMasks, i: number, b: PreparedMasks, j: number, windowStart: number): number {
  const aEnd = a.offsets[i + 1];
  const bEnd = b.offsets[j + 1];
  const p = firstEndingAfter(a.intervals, a.offsets[i], aEnd, windowStart);
  const q = firstEndingAfter(b.intervals, b.offsets[j], bEnd, windowStart);
  const A = a.intervals;
  const B = b.intervals;
  return A instanceof Int32Array && B instanceof Int32Array
    ? overlapInt32(A, p, aEnd, B, q, bEnd)
    : overlapFloat64(A, p, aEnd, B, q, bEnd);
}

/**
 * Total overlap of two sorted interval lists. Branch-free: the pointer moves and the clamp to zero
 * are computed with sign bits, since which list advances is unpredictable.
 */
function overlapInt32(A: Int32Array, p: number, pEnd: number, B: Int32Array, q: number, qEnd: number): number {
  let total = 0;
  while (p < pEnd && q < qEnd) {
    const s1 = A[p];
    const e1 = A[p + 1];
    const s2 = B[q];
    const e2 = B[q + 1];
    const lo = s1 > s2 ? s1 : s2;
    const hi = e1 < e2 ? e1 : e2;
    const d = hi - lo;
    total += d & ~(d >> 31); // max(d, 0)
    p += (((e2 - e1) >>> 31) ^ 1) << 1; // advance a when e1 <= e2
    q += (((e1 - e2) >>> 31) ^ 1) << 1; // advance b when e2 <= e1
  }
  return total;
}

/** The same walk for images of 2^31 pixels or more, where positions leave the int32 range. */
function overlapFloat64(
  A: Int32Array | Float64Array,
  p: number,
  pEnd: number,
  B: Int32Array | Float64Array,
  q: number,
  qEnd: number,
): number {
  let total = 0;
  while (p < pEnd && q < qEnd) {
    const s1 = A[p];
    const e1 = A[p + 1];
    const s2 = B[q];
    const e2 = B[q + 1];
    const lo = s1 > s2 ? s1 : s2;
    const hi = e1 < e2 ? e1 : e2;
    if (hi > lo) total += hi - lo;
    if (e1 <= e2) p += 2;
    if (e2 <= e1) q += 2;
  }
  return total;
}

/**
 * IoU between every detection and every ground truth mask, as pycocotools' `iou(dt, gt, iscrowd)`:
 * 0 where the boxes do not overlap (no run is walked), `|d ∩ g| / |d ∪ g|`, or `|d ∩ g| / |d|` for
 * a crowd ground truth. All masks must share one size (pycocotools silently returns -1 otherwise).
 */
export function maskIou(
  dt: readonly Rle[] | PreparedMasks,
  gt: readonly Rle[] | PreparedMasks,
  iscrowd?: CrowdFlags,
): IouMatrix {
  const d = Array.isArray(dt) ? prepareMasks(dt, 'detection') : (dt as PreparedMasks);
  const g = Array.isArray(gt) ? prepareMasks(gt, 'ground truth') : (gt as PreparedMasks);
  checkCrowdFlags(iscrowd, g.count);
  const values = new Float64Array(d.count * g.count);
  if (d.count === 0 || g.count === 0) return { rows: d.count, cols: g.count, values };
  if (d.height !== g.height || d.width !== g.width) {
    throw new SegkitError(
      'SIZE_MISMATCH',
      `detections are [${d.height}, ${d.width}] but ground truths are [${g.height}, ${g.width}]`,
    );
  }
  const db = d.boxes;
  const gb = g.boxes;
  for (let gi = 0; gi < g.count; gi++) {
    const crowd = iscrowd !== undefined && Boolean(iscrowd[gi]);
    const gx0 = gb[gi * 4];
    const gy0 = gb[gi * 4 + 1];
    const gx1 = gx0 + gb[gi * 4 + 2];
    const gy1 = gy0 + gb[gi * 4 + 3];
    const gArea = g.areas[gi];
    for (let di = 0; di < d.count; di++) {
      const dx0 = db[di * 4];
      const dy0 = db[di * 4 + 1];
      const dx1 = dx0 + db[di * 4 + 2];
      const dy1 = dy0 + db[di * 4 + 3];
      // Boxes are integral here, so "overlap with positive area" is the bbIou > 0 prefilter.
      const left = dx0 > gx0 ? dx0 : gx0;
      const right = dx1 < gx1 ? dx1 : gx1;
      if (right <= left) continue;
      const top = dy0 > gy0 ? dy0 : gy0;
      const bottom = dy1 < gy1 ? dy1 : gy1;
      if (bottom <= top) continue;
      const inter = intersectionArea(d, di, g, gi, left * d.height);
      if (inter === 0) continue;
      const union = crowd ? d.areas[di] : d.areas[di] + gArea - inter;
      values[di * g.count + gi] = inter / union;
    }
  }
  return { rows: d.count, cols: g.count, values };
}

/**
 * IoU between boxes `[x, y, w, h]`, as pycocotools' `bbIou`: no +1 on widths, touching boxes give 0,
 * a crowd ground truth divides by the detection's box area.
 */
export function boxIou(dt: readonly Bbox[], gt: readonly Bbox[], iscrowd?: CrowdFlags): IouMatrix {
  checkCrowdFlags(iscrowd, gt.length);
  const rows = dt.length;
  const cols = gt.length;
  const values = new Float64Array(rows * cols);
  for (let gi = 0; gi < cols; gi++) {
    const G = gt[gi];
    const ga = G[2] * G[3];
    const crowd = iscrowd !== undefined && Boolean(iscrowd[gi]);
    for (let di = 0; di < rows; di++) {
      const D = dt[di];
      const da = D[2] * D[3];
      // Same operation order as maskApi.c bbIou, so the doubles agree to the last bit.
      const w = Math.min(D[2] + D[0], G[2] + G[0]) - Math.max(D[0], G[0]);
      if (w <= 0) continue;
      const h = Math.min(D[3] + D[1], G[3] + G[1]) - Math.max(D[1], G[1]);
      if (h <= 0) continue;
      const i = w * h;
      const u = crowd ? da : da + ga - i;
      values[di * cols + gi] = i / u;
    }
  }
  return { rows, cols, values };
}

function checkCrowdFlags(iscrowd: CrowdFlags | undefined, gtCount: number): void {
  if (iscrowd !== undefined && iscrowd.length !== gtCount) {
    throw new SegkitError('SIZE_MISMATCH', `iscrowd has ${iscrowd.length} flags for ${gtCount} ground truths`);
  }
}
