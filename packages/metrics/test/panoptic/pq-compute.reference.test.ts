import { describe, expect, it } from 'vitest';
import {
  exactSumValue,
  type PqStats,
  pqAverage,
  pqCompute,
  pqImageStats,
  pqMergeStats,
} from '../../src/panoptic/index.js';
import { loadCase, referenceCases } from './reference.js';

const TOLERANCE = 1e-12;

describe('pqCompute against panopticapi pq_compute (synthetic set: crowds, void, two crowds of one category)', () => {
  for (const c of referenceCases()) {
    const title = `${c.dataset}/pred_${c.prediction} (${c.recipe.join(', ') || 'GT under new ids'})`;

    it(`pqCompute(${title}) returns pq_compute's All/Things/Stuff and per-class values to 1e-12`, async () => {
      const { categories, pairs } = await loadCase(c);
      const result = pqCompute(pairs, categories);
      const groups = [
        [result.all, c.result.All],
        [result.things, c.result.Things],
        [result.stuff, c.result.Stuff],
      ] as const;
      for (const [actual, expected] of groups) {
        expect(actual.n).toBe(expected.n);
        for (const key of ['pq', 'sq', 'rq'] as const) {
          expect(Math.abs(actual[key] - expected[key])).toBeLessThanOrEqual(TOLERANCE);
        }
      }
      expect(result.perClass.map((r) => String(r.id))).toEqual(Object.keys(c.result.per_class));
      for (const r of result.perClass) {
        const expected = c.result.per_class[String(r.id)];
        for (const key of ['pq', 'sq', 'rq'] as const) {
          expect(Math.abs(r[key] - expected[key]), `class ${r.id} ${key}`).toBeLessThanOrEqual(TOLERANCE);
        }
        const raw = c.result.per_class_raw[String(r.id)] ?? { tp: 0, fp: 0, fn: 0 };
        expect({ tp: r.tp, fp: r.fp, fn: r.fn }, `class ${r.id}`).toEqual({ tp: raw.tp, fp: raw.fp, fn: raw.fn });
      }
    });

    it(`pqImageStats(${title}) summed over the images gives pq_compute_single_core's raw counts and IoU sums`, async () => {
      const { categories, pairs } = await loadCase(c);
      const stats: PqStats = new Map();
      for (const pair of pairs) pqMergeStats(stats, pqImageStats(pair, categories));
      expect([...stats.keys()].sort((a, b) => a - b).map(String)).toEqual(
        Object.keys(c.result.per_class_raw).sort((a, b) => Number(a) - Number(b)),
      );
      for (const [id, raw] of Object.entries(c.result.per_class_raw)) {
        const s = stats.get(Number(id))!;
        expect({ tp: s.tp, fp: s.fp, fn: s.fn }, `class ${id}`).toEqual({ tp: raw.tp, fp: raw.fp, fn: raw.fn });
        expect(Math.abs(exactSumValue(s.iou) - raw.iou_sum), `class ${id} iou_sum`).toBeLessThanOrEqual(TOLERANCE);
      }
    });

    it(`pqCompute(${title}) gives the same bits whatever the order and split of the images`, async () => {
      const { categories, pairs } = await loadCase(c);
      const inOrder = pqCompute(pairs, categories);
      expect(pqCompute([...pairs].reverse(), categories)).toEqual(inOrder);
      // Two "workers": odd and even images, each summed on its own, merged in the other order.
      const part = (k: number) => {
        const stats: PqStats = new Map();
        pairs.forEach((pair, i) => {
          if (i % 2 === k) pqMergeStats(stats, pqImageStats(pair, categories));
        });
        return stats;
      };
      expect(pqAverage(pqMergeStats(part(1), part(0)), categories)).toEqual(inOrder);
    });
  }
});
