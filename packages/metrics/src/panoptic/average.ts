/**
 * PQ, SQ and RQ from summed statistics, as panopticapi's `PQStat.pq_average`:
 * per class pq = iou / (tp + fp/2 + fn/2), sq = iou / tp (0 when tp = 0), rq = tp / (tp + fp/2 + fn/2);
 * All / Things / Stuff are plain means over the categories with tp + fp + fn > 0, summed in the
 * order the categories are given (as panopticapi, in the GT JSON's order).
 *
 * A group with no such category (n = 0) has pq = sq = rq = NaN, the mean of nothing
 * (panopticapi raises ZeroDivisionError); `JSON.stringify` writes it as null.
 */
import { SegkitError } from '@segkit/core';
import { exactSumValue } from './exact-sum.js';
import type { PqStats } from './image-stats.js';
import type { PanopticCategory, PqClassResult, PqResult, PqSummary } from './types.js';

export function pqAverage(stats: PqStats, categories: readonly PanopticCategory[]): PqResult {
  const seen = new Set<number>();
  const perClass: PqClassResult[] = categories.map(({ id, name, isthing }) => {
    if (seen.has(id)) throw new SegkitError('INVALID_DATASET', `category id ${id} is listed twice`, ['categories']);
    seen.add(id);
    const s = stats.get(id);
    const thing = isthing === 1 || isthing === true;
    if (s === undefined || s.tp + s.fp + s.fn === 0) {
      return { id, name, isthing: thing, pq: 0, sq: 0, rq: 0, tp: 0, fp: 0, fn: 0 };
    }
    const { tp, fp, fn } = s;
    const iou = exactSumValue(s.iou);
    const pq = iou / (tp + 0.5 * fp + 0.5 * fn);
    const sq = tp !== 0 ? iou / tp : 0;
    const rq = tp / (tp + 0.5 * fp + 0.5 * fn);
    return { id, name, isthing: thing, pq, sq, rq, tp, fp, fn };
  });
  return {
    all: summarize(perClass, () => true),
    things: summarize(perClass, (c) => c.isthing),
    stuff: summarize(perClass, (c) => !c.isthing),
    perClass,
  };
}

function summarize(perClass: readonly PqClassResult[], inGroup: (c: PqClassResult) => boolean): PqSummary {
  let pq = 0;
  let sq = 0;
  let rq = 0;
  let n = 0;
  for (const c of perClass) {
    if (!inGroup(c) || c.tp + c.fp + c.fn === 0) continue;
    n += 1;
    pq += c.pq;
    sq += c.sq;
    rq += c.rq;
  }
  return { pq: pq / n, sq: sq / n, rq: rq / n, n };
}
