import { describe, expect, it } from 'vitest';
import { cityscapesEvaluator } from '../../src/semantic/cityscapes/evaluator.js';
import { exactly, expectScore, int32FromBase64, loadFixture, uint8FromBase64 } from './fixtures.js';

type Raster = { dtype: string; b64: string };
type Scores = Record<string, number | null>;
type Counts = { tp: number; fn: number; tpWeighted: number; fnWeighted: number };

interface CityscapesCase {
  id: number;
  name: string;
  images: { h: number; w: number; gt_labelIds: Raster; gt_instanceIds: Raster; pred_labelIds: Raster }[];
  class_iou: Scores;
  class_iiou: Scores;
  category_iou: Scores;
  category_iiou: Scores;
  averageScoreClasses: number | null;
  averageScoreInstClasses: number | null;
  averageScoreCategories: number | null;
  averageScoreInstCategories: number | null;
  confusion_nonzero: [number, number, number][];
  instance_stats: { classes: Record<string, Counts>; categories: Record<string, Counts> };
}

const { cases } = loadFixture<{ cases: CityscapesCase[] }>('cityscapes_eval.json');

// Ids: road 7, sidewalk 8, building 11, person 24, rider 25, car 26, caravan 29, trailer 30, unlabeled 0.
const PERSON_WEIGHT = 3462.4756337644;
const CAR_WEIGHT = 12794.0202738185;

/** One image from rows of label ids; instance ids default to the label ids. */
function image(gt: number[], pred: number[], instances: number[] = gt) {
  return {
    gtLabelIds: Uint8Array.from(gt),
    gtInstanceIds: Int32Array.from(instances),
    predLabelIds: Uint8Array.from(pred),
    width: gt.length,
    height: 1,
  };
}

describe('cityscapesEvaluator', () => {
  it('result() counts predictions of ignored ids as misses and predictions on ignored ground truth as nothing', () => {
    // road, road, road, sidewalk, unlabeled, unlabeled
    const evaluator = cityscapesEvaluator().addImage(image([7, 7, 7, 8, 0, 0], [7, 9, 8, 8, 7, 8]));
    const { perClass, perCategory, miou } = evaluator.result();
    // road: tp 1, fn 2 (one predicted parking, an ignored id), fp 0 (the road predicted on unlabeled is free)
    expectScore(perClass.find((c) => c.name === 'road')!.iou, 1 / 3, 'road');
    // sidewalk: tp 1, fn 0, fp 1 (a road pixel)
    expectScore(perClass.find((c) => c.name === 'sidewalk')!.iou, 1 / 2, 'sidewalk');
    expectScore(miou, (1 / 3 + 1 / 2) / 2, 'miou');
    // flat = {road, sidewalk}: tp 3, fn 1 (parking)
    expectScore(perCategory.find((c) => c.name === 'flat')!.iou, 3 / 4, 'flat');
    expect(perCategory.map((c) => c.name)).toEqual([
      'flat',
      'construction',
      'object',
      'nature',
      'sky',
      'human',
      'vehicle',
    ]);
    expect(perClass).toHaveLength(19);
  });

  it('result() weights each instance by avgClassSize / size and keeps the unweighted false positives', () => {
    // person 24001 (2 px, 1 hit), person 24002 (1 px, hit), car 26001 (2 px, predicted as trailer).
    const gt = [24, 24, 24, 26, 26, 11];
    const inst = [24001, 24001, 24002, 26001, 26001, 11];
    const pred = [24, 25, 24, 30, 30, 24];
    const { perClass, perCategory, instanceStats } = cityscapesEvaluator()
      .addImage(image(gt, pred, inst))
      .result();
    const person = perClass.find((c) => c.name === 'person')!;
    // tpW = 1·W/2 + 1·W/1, fnW = 1·W/2, fp = 1 (the building pixel)
    const tpW = PERSON_WEIGHT / 2 + PERSON_WEIGHT;
    expectScore(person.iiou, tpW / (tpW + 1 + PERSON_WEIGHT / 2), 'person iiou');
    expectScore(person.iou, 2 / (2 + 1 + 1), 'person iou');
    expect(instanceStats.classes.person).toMatchObject({ tp: 2, fn: 1 });
    // car: never predicted as car, so its iIoU is 0; but trailer is a vehicle, so the category sees hits.
    expectScore(perClass.find((c) => c.name === 'car')!.iiou, 0, 'car iiou');
    expect(instanceStats.categories.vehicle).toEqual({ tp: 2, fn: 0, tpWeighted: CAR_WEIGHT, fnWeighted: 0 });
    // human: rider counts as human, so every person pixel is a category hit; fp = the building pixel.
    const humanTpW = PERSON_WEIGHT * 2;
    expectScore(perCategory.find((c) => c.name === 'human')!.iiou, humanTpW / (humanTpW + 1), 'human iiou');
  });

  it('result() leaves iIoU null for a class present only as a group region (id < 1000)', () => {
    const { perClass } = cityscapesEvaluator()
      .addImage(image([32, 32], [32, 32]))
      .result();
    const motorcycle = perClass.find((c) => c.name === 'motorcycle')!;
    expect([motorcycle.iou, motorcycle.iiou]).toEqual([1, null]);
  });

  it('addImage() skips instance values ≤ 1000 and ignored classes, and rejects instances of classes without any', () => {
    const evaluator = cityscapesEvaluator().addImage(image([0, 0, 29], [0, 0, 29], [1000, 1001, 29005]));
    expect(evaluator.result().instanceStats.classes.car).toEqual({ tp: 0, fn: 0, tpWeighted: 0, fnWeighted: 0 });
    expect(() => evaluator.addImage(image([7, 7], [7, 7], [7, 7001]))).toThrow(
      "instance id 7001 at pixel 1 belongs to 'road' (id 7), a class without instances",
    );
    expect(() => evaluator.addImage(image([7], [7], [34001]))).toThrow('class id 34, which is not a Cityscapes label');
    expect(() => evaluator.addImage(image([7, 7], [7, 40]))).toThrow(
      'predicted value 40 at pixel 1 is not a class in [0, 34)',
    );
    expect(() => evaluator.addImage({ ...image([7, 7], [7, 7]), width: 3 })).toThrow(
      'gtLabelIds has 2 pixels, expected 3x1',
    );
    // The rejected images changed nothing.
    expect(evaluator.result().images).toBe(1);
    expect(evaluator.matrix.total()).toBe(3);
  });

  for (const c of cases) {
    it(`result() matches evalPixelLevelSemanticLabeling exactly for case ${c.id} ${c.name}`, () => {
      const evaluator = cityscapesEvaluator();
      for (const img of c.images) {
        evaluator.addImage({
          gtLabelIds: uint8FromBase64(img.gt_labelIds.b64),
          gtInstanceIds: int32FromBase64(img.gt_instanceIds.b64),
          predLabelIds: uint8FromBase64(img.pred_labelIds.b64),
          width: img.w,
          height: img.h,
        });
      }
      const result = evaluator.result();

      const nonzero: [number, number, number][] = [];
      result.confusion.forEach((row, g) => {
        row.forEach((v, p) => {
          if (v !== 0) nonzero.push([g, p, v]);
        });
      });
      expect(nonzero).toEqual(c.confusion_nonzero);

      expect(result.perClass.map((s) => s.name)).toEqual(Object.keys(c.class_iou));
      for (const s of result.perClass) {
        exactly(s.iou, c.class_iou[s.name], `${s.name} iou`);
        exactly(s.iiou, c.class_iiou[s.name], `${s.name} iiou`);
      }
      for (const s of result.perCategory) {
        exactly(s.iou, c.category_iou[s.name], `${s.name} category iou`);
        exactly(s.iiou, c.category_iiou[s.name], `${s.name} category iiou`);
      }
      expect(c.category_iou.void).toBeNull();
      exactly(result.miou, c.averageScoreClasses, 'averageScoreClasses');
      exactly(result.miiou, c.averageScoreInstClasses, 'averageScoreInstClasses');
      exactly(result.categoryMiou, c.averageScoreCategories, 'averageScoreCategories');
      exactly(result.categoryMiiou, c.averageScoreInstCategories, 'averageScoreInstCategories');

      for (const group of ['classes', 'categories'] as const) {
        for (const [name, expected] of Object.entries(c.instance_stats[group])) {
          const actual = result.instanceStats[group][name];
          expect([actual.tp, actual.fn], `${group} ${name}`).toEqual([expected.tp, expected.fn]);
          exactly(actual.tpWeighted, expected.tpWeighted, `${group} ${name} tpWeighted`);
          exactly(actual.fnWeighted, expected.fnWeighted, `${group} ${name} fnWeighted`);
        }
      }
    });
  }
});
