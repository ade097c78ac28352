import { describe, expect, it } from 'vitest';
import { ConfusionMatrix } from '../../src/semantic/confusion-matrix.js';
import { semanticMetrics } from '../../src/semantic/semantic-metrics.js';
import { exactly, expectScore, labels, loadFixture, uint8FromBase64 } from './fixtures.js';

interface SemanticCase {
  id: string;
  name: string;
  note: string;
  num_classes: number;
  ignore_index: number;
  images: { h: number; w: number; gt_b64: string; pred_b64: string; confusion: number[][]; iou: (number | null)[] }[];
  aggregate: {
    confusion: number[][];
    area_intersect: number[];
    area_union: number[];
    area_pred: number[];
    area_label: number[];
    iou: (number | null)[];
    acc: (number | null)[];
    miou: number | null;
    macc: number | null;
    aacc: number | null;
    fwiou: number | null;
  };
}

const { cases } = loadFixture<{ cases: SemanticCase[] }>('semantic.json');

describe('semanticMetrics', () => {
  it('semanticMetrics(matrix, names, unlabeled) counts unlabelled predictions as misses of the ground-truth class', () => {
    // gt  0 0 1 1   pred  0 - 1 0   ('-' = left unlabelled)
    // matched counts [[1 0] [1 1]], unlabeled [1 0]: L = [2 2], P = [2 1], I = [1 1]
    // IoU = [1/(2+2-1), 1/(2+1-1)] = [1/3, 1/2]; pixel accuracy 2/4; class-0 recall 1/2
    const matrix = new ConfusionMatrix(2).add(labels('0 1 1'), labels('0 1 0'));
    const result = semanticMetrics(matrix, ['a', 'b'], [1, 0]);
    expect(result.perClass.map((c) => [c.iou, c.accuracy, c.gtPixels, c.predPixels])).toEqual([
      [1 / 3, 1 / 2, 2, 2],
      [1 / 2, 1 / 2, 2, 1],
    ]);
    expect(result.pixelAccuracy).toBe(2 / 4);
    expect(result.confusion).toEqual([
      [1, 0],
      [1, 1],
    ]);
  });

  it('semanticMetrics(matrix) returns the hand-computed scores of a 3×3 image', () => {
    // gt          pred         counts (rows gt, cols pred)
    // 0 0 1       0 1 1        [1 1 0]    I = [1 3 2]  L = [2 3 3]  P = [2 4 2]  U = [3 4 3]
    // 1 2 2       1 2 0        [0 3 0]
    // x 2 1       2 2 1        [1 0 2]    (the x = 255 pixel is ignored: 8 pixels counted)
    const gt = labels('0 0 1  1 2 2  x 2 1');
    const pred = labels('0 1 1  1 2 0  2 2 1');
    const result = semanticMetrics(new ConfusionMatrix(3).add(gt, pred), ['sky', 'tree', 'car']);
    expect(result.confusion).toEqual([
      [1, 1, 0],
      [0, 3, 0],
      [1, 0, 2],
    ]);
    expectScore(result.miou, (1 / 3 + 3 / 4 + 2 / 3) / 3, 'miou'); // 7/12
    expectScore(result.pixelAccuracy, 6 / 8, 'pixelAccuracy');
    expectScore(result.meanAccuracy, (1 / 2 + 1 + 2 / 3) / 3, 'meanAccuracy'); // 13/18
    expectScore(result.fwIou, (2 / 8) * (1 / 3) + (3 / 8) * (3 / 4) + (3 / 8) * (2 / 3), 'fwIou'); // 59/96
    expect(result.perClass.map((c) => c.name)).toEqual(['sky', 'tree', 'car']);
    const expected = [
      { iou: 1 / 3, dice: 2 / 4, accuracy: 1 / 2, precision: 1 / 2, gtPixels: 2, predPixels: 2 },
      { iou: 3 / 4, dice: 6 / 7, accuracy: 1, precision: 3 / 4, gtPixels: 3, predPixels: 4 },
      { iou: 2 / 3, dice: 4 / 5, accuracy: 2 / 3, precision: 1, gtPixels: 3, predPixels: 2 },
    ];
    expected.forEach((e, c) => {
      const s = result.perClass[c];
      expect(s.id).toBe(c);
      for (const key of ['iou', 'dice', 'accuracy', 'precision'] as const) expectScore(s[key], e[key], `${c}.${key}`);
      expect([s.gtPixels, s.predPixels]).toEqual([e.gtPixels, e.predPixels]);
    });
  });

  it('semanticMetrics(matrix) gives null for a class in neither map and 0 IoU / null accuracy for a class only predicted', () => {
    // Class 2 is only predicted, class 3 appears nowhere.
    const matrix = new ConfusionMatrix(4).add(labels('0 0  1 1'), labels('0 2  1 1'));
    const result = semanticMetrics(matrix);
    expect(result.perClass[2]).toEqual({
      id: 2,
      name: '2',
      iou: 0,
      dice: 0,
      accuracy: null,
      precision: 0,
      gtPixels: 0,
      predPixels: 1,
    });
    expect(result.perClass[3]).toMatchObject({ iou: null, dice: null, accuracy: null, precision: null });
    expectScore(result.miou, (1 / 2 + 1 + 0) / 3, 'miou');
    expectScore(result.meanAccuracy, (1 / 2 + 1) / 2, 'meanAccuracy');
  });

  it('semanticMetrics(matrix) of an empty matrix is all null', () => {
    const result = semanticMetrics(new ConfusionMatrix(2));
    expect([result.miou, result.pixelAccuracy, result.meanAccuracy, result.fwIou]).toEqual([null, null, null, null]);
  });

  for (const c of cases) {
    it(`semanticMetrics(matrix) matches the numpy reference exactly for ${c.id} ${c.name} (${c.note})`, () => {
      const total = new ConfusionMatrix(c.num_classes, c.ignore_index);
      c.images.forEach((image, j) => {
        const gt = uint8FromBase64(image.gt_b64);
        const pred = uint8FromBase64(image.pred_b64);
        expect(gt.length).toBe(image.h * image.w);
        const one = new ConfusionMatrix(c.num_classes, c.ignore_index).add(gt, pred);
        expect(one.toRows(), `image ${j} confusion`).toEqual(image.confusion);
        for (const s of semanticMetrics(one).perClass) exactly(s.iou, image.iou[s.id], `image ${j} iou[${s.id}]`);
        total.add(gt, pred);
      });

      const a = c.aggregate;
      const result = semanticMetrics(total);
      expect(result.confusion).toEqual(a.confusion);
      result.perClass.forEach((s, k) => {
        expect(s.gtPixels, `area_label[${k}]`).toBe(a.area_label[k]);
        expect(s.predPixels, `area_pred[${k}]`).toBe(a.area_pred[k]);
        exactly(s.iou, a.iou[k], `iou[${k}]`);
        exactly(s.accuracy, a.acc[k], `acc[${k}]`);
      });
      exactly(result.miou, a.miou, 'miou');
      exactly(result.meanAccuracy, a.macc, 'macc');
      exactly(result.pixelAccuracy, a.aacc, 'aacc');
      exactly(result.fwIou, a.fwiou, 'fwiou');
    });
  }
});
