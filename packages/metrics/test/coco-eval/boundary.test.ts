/**
 * evaluateCoco with iouType 'boundary' against boundary-iou-api's COCOeval (tools/coco_instance_evaluation.py,
 * dilation ratio 0.02) on the reference scenarios b1 and b2 (see the README of shared/fixtures/reference),
 * plus boundary-iou-api's segm run (ignore = ignore || iscrowd) and pycocotools' (ignore = iscrowd).
 */
import { readFileSync } from 'node:fs';
import { area, encode, rleToBoundary, segmentationToRle, toCocoRle } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { boundaryIouMatrix } from '../../src/coco-eval/boundary.js';
import { buildGroups } from '../../src/coco-eval/groups.js';
import {
  type CocoEvalResult,
  type EvalAnnotation,
  type EvalGroundTruth,
  evaluateCoco,
  loadResultsForEval,
  summaryLines,
} from '../../src/coco-eval/index.js';
import { cellIou } from '../../src/coco-eval/iou.js';
import { resolveParams } from '../../src/coco-eval/params.js';
import type { ExpectedCategory, ExpectedIouType } from './fixtures.js';

const TOLERANCE = 1e-12;

interface ExpectedBoundary {
  params: { iouType: string; dilation_ratio: number };
  boundary: ExpectedIouType;
  contrast: {
    segm_boundary_iou_api: { stats: number[]; per_category: ExpectedCategory[] };
    segm_pycocotools: { stats: number[]; per_category: ExpectedCategory[] };
  };
  gt_ignored_ids: number[];
  gt_boundary_area: [number, number][];
  dt_boundary_area: [number, number][];
  ious: { image_id: number; category_id: number; dt_ids: number[]; gt_ids: number[]; iou: number[][] }[];
}

function load<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

function expectClose(actual: number | null, expected: number | null, what: string): void {
  if (actual === null || expected === null || expected === -1 || actual === -1) {
    expect(actual, what).toBe(expected);
    return;
  }
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(TOLERANCE);
}

function expectStats(result: CocoEvalResult, stats: number[], perCategory: ExpectedCategory[]): void {
  expect(result.stats).toHaveLength(12);
  for (let i = 0; i < 12; i++) expectClose(result.stats[i], stats[i], `stats[${i}]`);
  expect(result.perClass.map((c) => c.id)).toEqual(perCategory.map((c) => c.category_id));
  perCategory.forEach((c, k) => {
    for (const key of ['ap', 'ap50', 'ap75', 'ar100'] as const) {
      expectClose(result.perClass[k][key], c[key], `category ${c.category_id} ${key}`);
    }
  });
}

describe.each(['b1', 'b2'])('evaluateCoco on cocoeval_boundary_%s', (name) => {
  const gt = load<EvalGroundTruth>(`cocoeval_boundary_${name}_gt.json`);
  const results = load<unknown[]>(`cocoeval_boundary_${name}_dt.json`);
  const expected = load<ExpectedBoundary>(`cocoeval_boundary_${name}_expected.json`);
  const dts = loadResultsForEval(results, gt);
  let cached: CocoEvalResult | undefined;
  const run = () => {
    cached ??= evaluateCoco(gt, dts, { iouType: 'boundary', keepEvalImgs: true });
    return cached;
  };

  it('returns the boundary area of every ground truth and detection', () => {
    const images = new Map(gt.images.map((image) => [image.id, image]));
    const boundaryArea = (ann: EvalAnnotation) => {
      const image = images.get(ann.image_id);
      if (!image) throw new Error(`no image ${ann.image_id}`);
      return area(rleToBoundary(segmentationToRle(ann.segmentation, image.height, image.width), 0.02));
    };
    const gtById = new Map(gt.annotations.map((ann) => [ann.id, ann]));
    for (const [id, want] of expected.gt_boundary_area) {
      expect(boundaryArea(gtById.get(id) as EvalAnnotation), `ground truth ${id}`).toBe(want);
    }
    for (const [id, want] of expected.dt_boundary_area) expect(boundaryArea(dts[id - 1]), `detection ${id}`).toBe(want);
  });

  it('returns the IoU matrix of computeIoU for every (image, category), bit for bit', () => {
    const params = resolveParams(gt, { iouType: 'boundary' });
    const { byCell, imageIndex } = buildGroups(gt, dts, params);
    const images = new Map(gt.images.map((image) => [image.id, image]));
    const I = params.imgIds.length;
    for (const line of expected.ious) {
      const where = `image ${line.image_id} category ${line.category_id}`;
      const i = imageIndex.get(line.image_id) as number;
      const k = params.catIds.indexOf(line.category_id);
      const group = byCell[k * I + i];
      if (!group) throw new Error(`${where}: no group`);
      expect(
        group.dt.map((index) => dts[index].id),
        where,
      ).toEqual(line.dt_ids);
      expect(
        group.gt.map((index) => gt.annotations[index].id),
        where,
      ).toEqual(line.gt_ids);
      const crowd = Uint8Array.from(group.gt, (index) => (gt.annotations[index].iscrowd ? 1 : 0));
      const image = images.get(line.image_id);
      if (!image) throw new Error(`${where}: no image`);
      const side = (list: readonly EvalAnnotation[], index: number[]) => ({
        list: index.map((j) => list[j]),
        index,
        from: 0,
        to: index.length,
      });
      const ious = cellIou(side(gt.annotations, group.gt), side(dts, group.dt), crowd, image, 'boundary', 0.02);
      const want = line.iou.flat();
      if (want.length === 0) {
        expect(ious.length, where).toBe(0);
        continue;
      }
      expect(Array.from(ious), where).toEqual(want);
    }
  });

  it('ignores the crowds and the ground truths flagged "ignore": 1 (ignore || iscrowd)', () => {
    const { evalImgs } = run();
    const ignored = new Set<number>();
    for (const entry of evalImgs ?? []) {
      if (entry === null || entry.aRng[0] !== 0 || entry.aRng[1] !== 1e10) continue;
      entry.gtIds.forEach((id, g) => {
        if (entry.gtIgnore[g]) ignored.add(id);
      });
    }
    expect([...ignored].sort((a, b) => a - b)).toEqual([...expected.gt_ignored_ids].sort((a, b) => a - b));
  });

  it('returns the 12 stats and the per-category AP, AP50, AP75, AR100 of summarize()', () => {
    const { boundary } = expected;
    expectStats(run(), boundary.stats, boundary.per_category);
  });

  it('returns recall[T][K][A][M] and precision averaged over the recall thresholds', () => {
    const { recall, precision } = run();
    const reference = expected.boundary;
    const K = reference.recall[0].length;
    for (let t = 0; t < 10; t++) {
      for (let k = 0; k < K; k++) {
        for (let a = 0; a < 4; a++) {
          for (let m = 0; m < 3; m++) {
            const where = `[${t}][${k}][${a}][${m}]`;
            expectClose(recall[((t * K + k) * 4 + a) * 3 + m], reference.recall[t][k][a][m], `recall${where}`);
            let sum = 0;
            for (let r = 0; r < 101; r++) sum += precision[(((t * 101 + r) * K + k) * 4 + a) * 3 + m];
            const want = reference.precision_mean_over_recall[t][k][a][m];
            if (want === -1) expect(sum / 101, `precision${where}`).toBe(-1);
            else expectClose(sum / 101, want, `precision mean${where}`);
          }
        }
      }
    }
  });

  it('prints the summary lines of summarize()', () => {
    const { stats, params } = run();
    expect(summaryLines(stats, params).map((line) => line.trimStart())).toEqual(
      expected.boundary.summary_text.map((line) => line.trimStart()),
    );
  });

  it("returns boundary-iou-api's segm numbers with ignoreFlag, pycocotools' without", () => {
    const api = expected.contrast.segm_boundary_iou_api;
    expectStats(evaluateCoco(gt, dts, { iouType: 'segm', ignoreFlag: true }), api.stats, api.per_category);
    const plain = expected.contrast.segm_pycocotools;
    expectStats(evaluateCoco(gt, dts, { iouType: 'segm' }), plain.stats, plain.per_category);
  });
});

describe('evaluateCoco with iouType boundary, hand-checked', () => {
  // 20x20 image: d = round(0.02 * 28.28) = 1. A 10x10 square and the same square one column to the right.
  const square = (x0: number) => {
    const data = new Uint8Array(400);
    for (let y = 2; y < 12; y++) for (let x = x0; x < x0 + 10; x++) data[y * 20 + x] = 1;
    return encode({ height: 20, width: 20, data });
  };
  const gtSquare = square(2);
  const dtSquare = square(3);

  it('boundaryIouMatrix takes min(mask IoU, boundary IoU) for a non-crowd ground truth', () => {
    // Masks: 90 / 110. Frames of 36 pixels share the top and bottom rows but no side: 18 / 54.
    const ious = boundaryIouMatrix([dtSquare], [gtSquare], Uint8Array.of(0), 0.02);
    expect(Array.from(ious)).toEqual([18 / 54]);
    expect(area(rleToBoundary(gtSquare))).toBe(36);
  });

  it('boundaryIouMatrix keeps the mask overlap |d ∩ g| / |d| for a crowd ground truth', () => {
    expect(Array.from(boundaryIouMatrix([dtSquare], [gtSquare], Uint8Array.of(1), 0.02))).toEqual([90 / 100]);
  });

  it('boundaryIouMatrix uses the image diagonal for d, through dilationRatio', () => {
    // d = round(0.2 * 28.28) = 6: both 10x10 squares are all boundary, so only the mask IoU is left.
    expect(Array.from(boundaryIouMatrix([dtSquare], [gtSquare], Uint8Array.of(0), 0.2))).toEqual([90 / 110]);
  });

  const gt: EvalGroundTruth = {
    images: [{ id: 1, width: 20, height: 20 }],
    annotations: [
      { id: 1, image_id: 1, category_id: 1, segmentation: toCocoRle(gtSquare), area: 100, iscrowd: 0 },
      { id: 2, image_id: 1, category_id: 2, segmentation: toCocoRle(gtSquare), area: 100, iscrowd: 0, ignore: 1 },
    ],
    categories: [{ id: 1 }, { id: 2 }],
  };
  const dts = loadResultsForEval(
    [
      { image_id: 1, category_id: 1, segmentation: toCocoRle(dtSquare), score: 0.9 },
      { image_id: 1, category_id: 2, segmentation: toCocoRle(gtSquare), score: 0.9 },
    ],
    gt,
  );

  it('evaluateCoco misses at IoU 0.5 a detection whose mask IoU (0.82) passes but whose boundary IoU (0.33) does not', () => {
    const boundary = evaluateCoco(gt, dts, { iouType: 'boundary', catIds: [1] });
    const segm = evaluateCoco(gt, dts, { iouType: 'segm', catIds: [1] });
    expect(boundary.stats[1]).toBe(0);
    expect(segm.stats[1]).toBeCloseTo(1, 12);
  });

  it('evaluateCoco ignores a ground truth flagged "ignore": 1 for boundary (and segm with ignoreFlag), not for plain segm', () => {
    expect(evaluateCoco(gt, dts, { iouType: 'boundary', catIds: [2] }).perClass[0].ap).toBeNull();
    expect(evaluateCoco(gt, dts, { iouType: 'segm', catIds: [2], ignoreFlag: true }).perClass[0].ap).toBeNull();
    expect(evaluateCoco(gt, dts, { iouType: 'segm', catIds: [2] }).perClass[0].ap).toBeCloseTo(1, 12);
    expect(evaluateCoco(gt, dts, { iouType: 'boundary', catIds: [2], ignoreFlag: false }).perClass[0].ap).toBeCloseTo(
      1,
      12,
    );
  });

  it('evaluateCoco refuses a dilation ratio that is not a finite number', () => {
    expect(() => evaluateCoco(gt, dts, { iouType: 'boundary', dilationRatio: Number.NaN })).toThrow(/dilationRatio/);
  });
});
