/**
 * Panoptic quality over a dataset, as panopticapi's `pq_compute(gt_json, pred_json)`:
 *
 *   pqCompute([{ name: '1.png', gt: { ids, segments }, pred: { ids, segments } }], categories)
 *   // → { all: { pq, sq, rq, n }, things: {...}, stuff: {...}, perClass: [{ id, name, pq, ..., tp, fp, fn }] }
 *
 * Image pairs are consumed one at a time (an iterable, so files can be read lazily). The result does
 * not depend on their order: to split the work, run `pqImageStats` anywhere, `pqMergeStats` the parts
 * and `pqAverage` once. It matches panopticapi to ~1e-15; the IoU sums here are exact, where
 * panopticapi's sequential float sums depend on its split of the images between processes.
 */
import { pqAverage } from './average.js';
import { type PqStats, pqImageStats, pqMergeStats } from './image-stats.js';
import type { PanopticCategory, PanopticPair, PqResult } from './types.js';

export function pqCompute(pairs: Iterable<PanopticPair>, categories: readonly PanopticCategory[]): PqResult {
  const stats: PqStats = new Map();
  for (const pair of pairs) pqMergeStats(stats, pqImageStats(pair, categories));
  return pqAverage(stats, categories);
}
