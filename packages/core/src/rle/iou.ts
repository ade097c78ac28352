import { SegkitError } from '../errors.js';
import { bbox as rleBbox } from './measure.js';
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
 * column-major [start, end) intervals, in flat arrays (no object per run).
 */
export interface PreparedMasks {
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly areas: Float64Array;
  /** 4 per mask: x, y, w, h. */
  readonly boxes: Float64Array;
  /** Mask i's intervals are `starts/ends[offsets[i] .. offsets[i + 1])`. */
  readonly offsets: Uint32Array;
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
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
  const starts = new Uint32Array(runs);
  const ends = new Uint32Array(runs);
  let n = 0;
  for (let i = 0; i < count; i++) {
    const { counts } = rles[i];
    offsets[i] = n;
    let position = 0;
    let total = 0;
    for (let j = 0; j < counts.length; j++) {
      const next = position + counts[j];
      if ((j & 1) === 1 && next > position) {
        starts[n] = position;
        ends[n] = next;
        n++;
        total += next - position;
      }
      position = next;
    }
    areas[i] = total;
    boxes.set(rleBbox(rles[i]), i * 4);
  }
  offsets[count] = n;
  return { count, height, width, areas, boxes, offsets, starts, ends };
}

/** First interval index in [from, to) whose end is after `position`. */
function firstEndingAfter(ends: Uint32Array, from: number, to: number, position: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ends[mid] > position) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * |a ∩ b| in pixels, walking only the intervals inside the columns both boxes share.
 */
function intersectionArea(a: PreparedMasks, i: number, b: PreparedMasks, j: number, x0: number, x1: number): number {
  const h = a.height;
  const windowStart = x0 * h;
  const windowEnd = (x1 + 1) * h;
  const aEnd = a.offsets[i + 1];
  const bEnd = b.offsets[j + 1];
  let p = firstEndingAfter(a.ends, a.offsets[i], aEnd, windowStart);
  let q = firstEndingAfter(b.ends, b.offsets[j], bEnd, windowStart);
  const as = a.starts;
  const ae = a.ends;
  const bs = b.starts;
  const be = b.ends;
  let total = 0;
  while (p < aEnd && q < bEnd) {
    const s1 = as[p];
    const s2 = bs[q];
    if (s1 >= windowEnd || s2 >= windowEnd) break;
    const e1 = ae[p];
    const e2 = be[q];
    const lo = s1 > s2 ? s1 : s2;
    const hi = e1 < e2 ? e1 : e2;
    if (hi > lo) total += hi - lo;
    if (e1 < e2) p++;
    else q++;
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
      const inter = intersectionArea(d, di, g, gi, left, right - 1);
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
