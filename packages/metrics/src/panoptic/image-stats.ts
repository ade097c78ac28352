/**
 * Panoptic quality statistics of one image pair, exactly as panopticapi's
 * `pq_compute_single_core` (evaluation.py) counts them, and their sum over images.
 *
 * - A predicted and a ground-truth segment match when they have the same category, the GT is not
 *   a crowd and IoU > 0.5 (strictly, which makes matches unique), where the union leaves out the
 *   prediction's pixels on VOID (GT id 0): union = pred area + gt area − intersection − |pred ∩ void|.
 * - The GT area is the JSON's `area` as stored; a prediction's area is its pixel count.
 * - Unmatched non-crowd GTs are false negatives; crowd GTs never count.
 * - An unmatched prediction is a false positive unless more than half of it lies on VOID plus the
 *   crowd region of its category, where only the last crowd segment listed for a category counts
 *   (panopticapi keeps one per category in a dict).
 *
 * Stricter than panopticapi, which raises KeyError or silently skips: every non-zero id of either
 * PNG must be in its `segments_info` (panopticapi ignores unknown GT ids), every predicted segment
 * must have pixels, categories must be known (panopticapi checks only the predictions'), ids are
 * unique and non-zero, and both id maps have the same size.
 *
 * Cost: one pass over the pixels (see pair-histogram.ts), then O(pairs + segments).
 */
import { SegkitError } from '@segkit/core';
import { exactSumAdd } from './exact-sum.js';
import { pairCounts } from './pair-histogram.js';
import type { PanopticCategory, PanopticImage, PanopticPair, PanopticSegment } from './types.js';

export interface PqCategoryStats {
  tp: number;
  fp: number;
  fn: number;
  /** The matched IoUs, summed exactly (exact-sum.ts partials): read with `exactSumValue`. */
  iou: number[];
}

/** Statistics by category id; categories nothing touched are absent. */
export type PqStats = Map<number, PqCategoryStats>;

/** The statistics of one image pair. */
export function pqImageStats(pair: PanopticPair, categories: readonly PanopticCategory[]): PqStats {
  const { name, gt, pred } = pair;
  const where = `image ${name}`;
  const known = new Set(categories.map((c) => c.id));
  checkSize(gt, 'ground truth', where);
  checkSize(pred, 'prediction', where);
  if (gt.ids.width !== pred.ids.width || gt.ids.height !== pred.ids.height) {
    throw new SegkitError(
      'SIZE_MISMATCH',
      `the ground truth is ${gt.ids.width}x${gt.ids.height} pixels (w x h), the prediction ${pred.ids.width}x${pred.ids.height}`,
      [where],
    );
  }
  const g = indexSegments(gt.segments, known, true, [where, 'ground truth']);
  const p = indexSegments(pred.segments, known, false, [where, 'prediction']);

  let counted: ReturnType<typeof pairCounts>;
  try {
    counted = pairCounts(gt.ids.data, pred.ids.data, g.index, p.index);
  } catch (error) {
    throw error instanceof SegkitError ? error.withContext(where) : error;
  }
  const { cols, keys, counts } = counted;

  // Prediction areas and their pixels on VOID (gt index 0).
  const predArea = new Float64Array(cols);
  const onVoid = new Float64Array(cols);
  for (let k = 0; k < keys.length; k++) {
    const pi = keys[k] % cols;
    predArea[pi] += counts[k];
    if (keys[k] < cols) onVoid[pi] = counts[k];
  }
  const absent = pred.segments.filter((_, s) => predArea[s + 1] === 0).map((s) => s.id);
  if (absent.length > 0) {
    throw new SegkitError('INVALID_DATASET', `segment id(s) ${absent.join(', ')} in segments_info but not in the PNG`, [
      where,
      'prediction',
    ]);
  }

  const stats: PqStats = new Map();
  const statsOf = (category: number): PqCategoryStats => {
    let s = stats.get(category);
    if (s === undefined) {
      s = { tp: 0, fp: 0, fn: 0, iou: [] };
      stats.set(category, s);
    }
    return s;
  };

  // True positives.
  const gtMatched = new Uint8Array(g.category.length);
  const predMatched = new Uint8Array(cols);
  for (let k = 0; k < keys.length; k++) {
    const gi = Math.floor(keys[k] / cols);
    const pi = keys[k] - gi * cols;
    if (gi === 0 || pi === 0 || g.crowd[gi] === 1 || g.category[gi] !== p.category[pi]) continue;
    const intersection = counts[k];
    const union = predArea[pi] + g.area[gi] - intersection - onVoid[pi];
    const iou = intersection / union;
    if (iou > 0.5) {
      const s = statsOf(g.category[gi]);
      s.tp += 1;
      exactSumAdd(s.iou, iou);
      gtMatched[gi] = 1;
      predMatched[pi] = 1;
    }
  }

  // False negatives; the crowd region of each category is the last crowd segment listed.
  const crowdOf = new Map<number, number>();
  for (let gi = 1; gi < g.category.length; gi++) {
    if (gtMatched[gi] === 1) continue;
    if (g.crowd[gi] === 1) crowdOf.set(g.category[gi], gi);
    else statsOf(g.category[gi]).fn += 1;
  }

  // False positives, unless mostly on VOID and the crowd region of their category.
  const onCrowd = new Float64Array(cols);
  if (crowdOf.size > 0) {
    for (let k = 0; k < keys.length; k++) {
      const gi = Math.floor(keys[k] / cols);
      const pi = keys[k] - gi * cols;
      if (gi !== 0 && pi !== 0 && crowdOf.get(p.category[pi]) === gi) onCrowd[pi] = counts[k];
    }
  }
  for (let pi = 1; pi < cols; pi++) {
    if (predMatched[pi] === 1) continue;
    if ((onVoid[pi] + onCrowd[pi]) / predArea[pi] > 0.5) continue;
    statsOf(p.category[pi]).fp += 1;
  }
  return stats;
}

/** Adds `from` into `into` (integers and exact IoU sums, so the order of images never matters). */
export function pqMergeStats(into: PqStats, from: PqStats): PqStats {
  for (const [category, s] of from) {
    const t = into.get(category);
    if (t === undefined) {
      into.set(category, { tp: s.tp, fp: s.fp, fn: s.fn, iou: [...s.iou] });
      continue;
    }
    t.tp += s.tp;
    t.fp += s.fp;
    t.fn += s.fn;
    for (const part of s.iou) exactSumAdd(t.iou, part);
  }
  return into;
}

function checkSize(image: PanopticImage, side: string, where: string): void {
  const { width, height, data } = image.ids;
  if (data.length !== width * height) {
    throw new SegkitError(
      'INVALID_SIZE',
      `the ${side} id map has ${data.length} ids for ${width}x${height} pixels (w x h)`,
      [where],
    );
  }
}

/** Dense indices of one side's segments: index 0 is VOID (id 0), then the JSON's order. */
interface SegmentIndex {
  index: Map<number, number>;
  category: Float64Array;
  crowd: Uint8Array;
  area: Float64Array;
}

function indexSegments(
  segments: readonly PanopticSegment[],
  known: ReadonlySet<number>,
  isGt: boolean,
  context: string[],
): SegmentIndex {
  const index = new Map<number, number>([[0, 0]]);
  const category = new Float64Array(segments.length + 1);
  const crowd = new Uint8Array(segments.length + 1);
  const area = new Float64Array(segments.length + 1);
  const fail = (message: string) => new SegkitError('INVALID_DATASET', message, context);
  segments.forEach((segment, s) => {
    const { id, category_id } = segment;
    if (!Number.isInteger(id) || id <= 0 || id >= 2 ** 24) {
      throw fail(`segment id ${id} is not a PNG id (1 to 2^24 - 1; 0 is VOID)`);
    }
    if (index.has(id)) throw fail(`segment id ${id} is listed twice in segments_info`);
    if (!known.has(category_id)) throw fail(`segment id ${id} has unknown category_id ${category_id}`);
    index.set(id, s + 1);
    category[s + 1] = category_id;
    if (isGt) {
      crowd[s + 1] = segment.iscrowd === 1 ? 1 : 0;
      if (typeof segment.area !== 'number' || !Number.isFinite(segment.area)) {
        throw fail(`segment id ${id} has no area (the ground truth's areas are used as stored)`);
      }
      area[s + 1] = segment.area;
    }
  });
  return { index, category, crowd, area };
}
