/**
 * evaluateCoco against pycocotools COCOeval run on the reference scenarios (see
 * ../fixtures/README of shared/fixtures/reference): micro (hand-made, per-image matches recorded),
 * s1 (segm-only results), s2 (crowded images, many score ties), s3 (results carry boxes, a category
 * without ground truth).
 */
import { describe, expect, it } from 'vitest';
import {
  type CocoEvalResult,
  evaluateCoco,
  IOU_THRESHOLDS,
  loadResultsForEval,
  RECALL_THRESHOLDS,
  summaryLines,
} from '../../src/coco-eval/index.js';
import { type ExpectedIouType, loadScenario } from './fixtures.js';

const TOLERANCE = 1e-12;

function expectClose(actual: number | null, expected: number | null, what: string): void {
  if (actual === null || expected === null || expected === -1 || actual === -1) {
    expect(actual, what).toBe(expected);
    return;
  }
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(TOLERANCE);
}

const SCENARIOS = ['micro', 's1', 's2', 's3'] as const;
const IOU_TYPES = ['segm', 'bbox'] as const;

describe.each(SCENARIOS)('evaluateCoco on cocoeval_%s', (name) => {
  const { gt, results, expected } = loadScenario(name);
  const dts = loadResultsForEval(results, gt);

  it('uses the thresholds pycocotools uses, bit for bit', () => {
    expect(Array.from(IOU_THRESHOLDS)).toEqual(expected.params.iouThrs);
    expect(Array.from(RECALL_THRESHOLDS)).toEqual(expected.params.recThrs);
  });

  describe.each(IOU_TYPES)('iouType %s', (iouType) => {
    const reference = expected[iouType] as ExpectedIouType;
    const run = (() => {
      let cached: CocoEvalResult | undefined;
      return () => {
        cached ??= evaluateCoco(gt, dts, { iouType, keepEvalImgs: name === 'micro' });
        return cached;
      };
    })();

    it('returns the 12 summarize() stats', () => {
      const { stats } = run();
      expect(stats).toHaveLength(12);
      for (let i = 0; i < 12; i++) expectClose(stats[i], reference.stats[i], `stats[${i}]`);
    });

    it('returns the stats and per-category AP bit-identical (numpy pairwise mean)', () => {
      const { stats, perClass } = run();
      expect(stats).toEqual(reference.stats);
      expect(perClass.map(({ id, ap, ap50, ap75, ar100 }) => ({ category_id: id, ap, ap50, ap75, ar100 }))).toEqual(
        reference.per_category,
      );
    });

    it('returns per-class AP, AP50, AP75 and AR100 as detectron2 derives them', () => {
      const { perClass } = run();
      expect(perClass.map((c) => c.id)).toEqual(reference.per_category.map((c) => c.category_id));
      reference.per_category.forEach((c, k) => {
        for (const key of ['ap', 'ap50', 'ap75', 'ar100'] as const) {
          expectClose(perClass[k][key], c[key], `category ${c.category_id} ${key}`);
        }
      });
    });

    it('returns recall[T][K][A][M] and precision averaged over the recall thresholds', () => {
      const { recall, precision } = run();
      const T = reference.recall.length;
      const K = reference.recall[0].length;
      const A = 4;
      const M = 3;
      const R = 101;
      for (let t = 0; t < T; t++) {
        for (let k = 0; k < K; k++) {
          for (let a = 0; a < A; a++) {
            for (let m = 0; m < M; m++) {
              const where = `[${t}][${k}][${a}][${m}]`;
              expectClose(recall[((t * K + k) * A + a) * M + m], reference.recall[t][k][a][m], `recall${where}`);
              let sum = 0;
              for (let r = 0; r < R; r++) sum += precision[(((t * R + r) * K + k) * A + a) * M + m];
              const mean = sum / R;
              const want = reference.precision_mean_over_recall[t][k][a][m];
              if (want === -1) expect(mean, `precision${where}`).toBe(-1);
              else expectClose(mean, want, `precision mean${where}`);
            }
          }
        }
      }
    });

    it('prints the summary lines of summarize()', () => {
      const { stats, params } = run();
      expect(summaryLines(stats, params).map((line) => line.trimStart())).toEqual(
        reference.summary_text.map((line) => line.trimStart()),
      );
    });

    if (name === 'micro') {
      it('returns precision[T][R][K] at area all, maxDets 100', () => {
        const { precision } = run();
        const table = reference.precision_all_100 as number[][][];
        const K = table[0][0].length;
        for (const [t, rows] of table.entries()) {
          for (const [r, row] of rows.entries()) {
            for (const [k, want] of row.entries()) {
              expect(precision[(((t * 101 + r) * K + k) * 4 + 0) * 3 + 2], `precision[${t}][${r}][${k}]`).toBe(want);
            }
          }
        }
      });

      it('returns the per-image matching of evalImgs', () => {
        const evalImgs = run().evalImgs ?? [];
        const want = reference.evalImgs ?? [];
        expect(evalImgs).toHaveLength(want.length);
        const rows = (flat: ArrayLike<number>, width: number) =>
          Array.from({ length: 10 }, (_, t) => Array.from(flat).slice(t * width, (t + 1) * width));
        want.forEach((w, i) => {
          const e = evalImgs[i];
          if (w === null) {
            expect(e, `evalImgs[${i}]`).toBeNull();
            return;
          }
          expect(e, `evalImgs[${i}]`).not.toBeNull();
          if (e === null) return;
          const D = e.dtIds.length;
          const G = e.gtIds.length;
          expect({
            image_id: e.imageId,
            category_id: e.categoryId,
            aRng: [...e.aRng],
            maxDet: e.maxDet,
            dtIds: Array.from(e.dtIds),
            gtIds: Array.from(e.gtIds),
            dtMatches: rows(e.dtMatches, D),
            gtMatches: rows(e.gtMatches, G),
            dtScores: Array.from(e.dtScores),
            gtIgnore: Array.from(e.gtIgnore),
            dtIgnore: rows(e.dtIgnore, D),
          }).toEqual(w);
        });
      });
    }
  });
});
