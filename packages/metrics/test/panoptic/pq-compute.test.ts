import { describe, expect, it } from 'vitest';
import { type PanopticCategory, type PqResult, pqCompute } from '../../src/panoptic/index.js';
import { drawn } from './draw.js';

const PERSON = 1;
const CAR = 2;
const SKY = 3;
const ROAD = 4;
const CATEGORIES: PanopticCategory[] = [
  { id: PERSON, name: 'person', isthing: 1 },
  { id: CAR, name: 'car', isthing: 1 },
  { id: SKY, name: 'sky', isthing: 0 },
  { id: ROAD, name: 'road', isthing: 0 },
];

const classOf = (result: PqResult, id: number) => result.perClass.find((c) => c.id === id)!;
const counts = (result: PqResult, id: number) => {
  const { tp, fp, fn } = classOf(result, id);
  return { tp, fp, fn };
};

describe('pqCompute', () => {
  it('pqCompute(identical segmentations) returns 1 over the categories present; absent ones are 0 and not counted', () => {
    const gt = drawn(
      `
      A A B B
      A A B B
      C C C C`,
      { A: { category: PERSON }, B: { category: CAR }, C: { category: SKY } },
    );
    // The same segments under other ids.
    const pred = drawn(
      `
      a a b b
      a a b b
      c c c c`,
      { a: { category: PERSON }, b: { category: CAR }, c: { category: SKY } },
    );
    const result = pqCompute([{ name: 'x.png', gt, pred }], CATEGORIES);
    expect(result.all).toEqual({ pq: 1, sq: 1, rq: 1, n: 3 });
    expect(result.things).toEqual({ pq: 1, sq: 1, rq: 1, n: 2 });
    expect(result.stuff).toEqual({ pq: 1, sq: 1, rq: 1, n: 1 });
    expect(result.perClass).toEqual([
      { id: PERSON, name: 'person', isthing: true, pq: 1, sq: 1, rq: 1, tp: 1, fp: 0, fn: 0 },
      { id: CAR, name: 'car', isthing: true, pq: 1, sq: 1, rq: 1, tp: 1, fp: 0, fn: 0 },
      { id: SKY, name: 'sky', isthing: false, pq: 1, sq: 1, rq: 1, tp: 1, fp: 0, fn: 0 },
      { id: ROAD, name: 'road', isthing: false, pq: 0, sq: 0, rq: 0, tp: 0, fp: 0, fn: 0 },
    ]);
  });

  it('pqCompute matches on IoU strictly above 0.5: IoU 0.5 gives a FN and a FP, IoU 2/3 a TP', () => {
    const gt = drawn(`A A C C C C C C`, { A: { category: PERSON }, C: { category: SKY } });
    // person: a covers A (2 px) and 2 more: IoU 2/4. sky: D lies in C: IoU 4/6.
    const pred = drawn(`a a a a D D D D`, { a: { category: PERSON }, D: { category: SKY } });
    const result = pqCompute([{ name: 'x.png', gt, pred }], CATEGORIES);
    expect(counts(result, PERSON)).toEqual({ tp: 0, fp: 1, fn: 1 });
    expect(counts(result, SKY)).toEqual({ tp: 1, fp: 0, fn: 0 });
    expect(classOf(result, PERSON)).toMatchObject({ pq: 0, sq: 0, rq: 0 });
    expect(classOf(result, SKY)).toMatchObject({ pq: 4 / 6, sq: 4 / 6, rq: 1 });
    expect(result.all).toEqual({ pq: (0 + 4 / 6) / 2, sq: (0 + 4 / 6) / 2, rq: 0.5, n: 2 });
    expect(result.things).toEqual({ pq: 0, sq: 0, rq: 0, n: 1 });

    // One pixel less for a: IoU 2/3.
    const closer = drawn(`a a a D D D D D`, { a: { category: PERSON }, D: { category: SKY } });
    expect(counts(pqCompute([{ name: 'x.png', gt, pred: closer }], CATEGORIES), PERSON)).toEqual({
      tp: 1,
      fp: 0,
      fn: 0,
    });
  });

  it('pqCompute leaves the prediction pixels on VOID out of the union', () => {
    const gt = drawn(
      `
      A A A A
      . . . .`,
      { A: { category: PERSON } },
    );
    const pred = drawn(
      `
      a a a .
      a a a .`,
      { a: { category: PERSON } },
    );
    // union = 6 (pred) + 4 (gt) - 3 (shared) - 3 (pred on void) = 4: IoU 3/4, not 3/7.
    const result = pqCompute([{ name: 'x.png', gt, pred }], CATEGORIES);
    expect(classOf(result, PERSON)).toMatchObject({ pq: 0.75, sq: 0.75, rq: 1, tp: 1, fp: 0, fn: 0 });
  });

  it('pqCompute ignores a prediction more than half on VOID; one exactly half on VOID is a FP', () => {
    const gt = drawn(
      `
      C C C C C C
      . . . . . .`,
      { C: { category: SKY } },
    );
    const pred = drawn(
      `
      D D D D b b
      a a . . b b`,
      { D: { category: SKY }, a: { category: PERSON }, b: { category: PERSON } },
    );
    // a: 2 of 2 pixels on void, ignored. b: 2 of 4 on void, a FP.
    const result = pqCompute([{ name: 'x.png', gt, pred }], CATEGORIES);
    expect(counts(result, PERSON)).toEqual({ tp: 0, fp: 1, fn: 0 });
    expect(counts(result, SKY)).toEqual({ tp: 1, fp: 0, fn: 0 });
    expect(result.all.n).toBe(2);
  });

  it('pqCompute: a crowd region never matches nor counts as a FN, and hides predictions of its own category only', () => {
    const gt = drawn(
      `
      A A A A Z Z Z Z
      A A A A Z Z Z Z`,
      { A: { category: PERSON }, Z: { category: PERSON, crowd: true } },
    );
    const pred = drawn(
      `
      a a a a b b b c
      a a a a b b b c`,
      { a: { category: PERSON }, b: { category: PERSON }, c: { category: CAR } },
    );
    // b (person, IoU 6/8 with the person crowd Z) is ignored; c (car) lies in the person crowd: a FP.
    const result = pqCompute([{ name: 'x.png', gt, pred }], CATEGORIES);
    expect(counts(result, PERSON)).toEqual({ tp: 1, fp: 0, fn: 0 });
    expect(counts(result, CAR)).toEqual({ tp: 0, fp: 1, fn: 0 });
  });

  it('pqCompute: of two crowd segments of one category, only the last listed hides predictions (as panopticapi)', () => {
    const picture = `
      Y Y Z Z Z Z
      C C C C C C`;
    const pred = drawn(
      `
      a a a a a a
      D D D D D D`,
      { a: { category: PERSON }, D: { category: SKY } },
    );
    // a: 2 pixels on Y, 4 on Z.
    const zLast = drawn(picture, {
      Y: { category: PERSON, crowd: true },
      Z: { category: PERSON, crowd: true },
      C: { category: SKY },
    });
    const yLast = drawn(picture, {
      Z: { category: PERSON, crowd: true },
      Y: { category: PERSON, crowd: true },
      C: { category: SKY },
    });
    const whenZLast = pqCompute([{ name: 'x.png', gt: zLast, pred }], CATEGORIES);
    expect(counts(whenZLast, PERSON)).toEqual({ tp: 0, fp: 0, fn: 0 });
    expect(whenZLast.things).toEqual({ pq: Number.NaN, sq: Number.NaN, rq: Number.NaN, n: 0 });
    const whenYLast = pqCompute([{ name: 'x.png', gt: yLast, pred }], CATEGORIES);
    expect(counts(whenYLast, PERSON)).toEqual({ tp: 0, fp: 1, fn: 0 });
  });

  it('pqCompute uses the ground truth area as stored in the JSON, the prediction area as counted', () => {
    const gt = drawn(`A A A A`, { A: { category: PERSON, area: 10 } });
    const pred = drawn(`a a a a`, { a: { category: PERSON, area: 1 } });
    // union = 4 + 10 - 4 = 10: IoU 0.4.
    const result = pqCompute([{ name: 'x.png', gt, pred }], CATEGORIES);
    expect(counts(result, PERSON)).toEqual({ tp: 0, fp: 1, fn: 1 });
  });

  it('pqCompute needs the same category to match; sq of a class without TP is 0', () => {
    const gt = drawn(`A A A A`, { A: { category: PERSON } });
    const pred = drawn(`a a a a`, { a: { category: CAR } });
    const result = pqCompute([{ name: 'x.png', gt, pred }], CATEGORIES);
    expect(counts(result, PERSON)).toEqual({ tp: 0, fp: 0, fn: 1 });
    expect(counts(result, CAR)).toEqual({ tp: 0, fp: 1, fn: 0 });
    expect(result.things).toEqual({ pq: 0, sq: 0, rq: 0, n: 2 });
  });

  it('pqCompute sums over images: pq = iou / (tp + fp/2 + fn/2) per class, then a plain mean', () => {
    const gt1 = drawn(`A A A A . B B B`, { A: { category: PERSON }, B: { category: PERSON } });
    const pred1 = drawn(`a a a . . b b .`, { a: { category: PERSON }, b: { category: PERSON } });
    const gt2 = drawn(`C C C C C C C C`, { C: { category: SKY } });
    const pred2 = drawn(`c c c c c c c c`, { c: { category: SKY } });
    // person: IoUs 3/4 and 2/3, tp 2: pq = (3/4 + 2/3) / 2 (as summed), sq the same, rq 1.
    const result = pqCompute(
      [
        { name: '1.png', gt: gt1, pred: pred1 },
        { name: '2.png', gt: gt2, pred: pred2 },
      ],
      CATEGORIES,
    );
    const personIou = 3 / 4 + 2 / 3;
    expect(classOf(result, PERSON)).toMatchObject({ tp: 2, fp: 0, fn: 0, pq: personIou / 2, sq: personIou / 2 });
    expect(result.all).toEqual({ pq: (personIou / 2 + 1) / 2, sq: (personIou / 2 + 1) / 2, rq: 1, n: 2 });
  });

  it('pqCompute of no images returns NaN means with n = 0 (panopticapi divides by zero)', () => {
    const result = pqCompute([], CATEGORIES);
    expect(result.all).toEqual({ pq: Number.NaN, sq: Number.NaN, rq: Number.NaN, n: 0 });
    expect(JSON.parse(JSON.stringify(result.all))).toEqual({ pq: null, sq: null, rq: null, n: 0 });
    expect(result.perClass.map((c) => c.pq)).toEqual([0, 0, 0, 0]);
  });
});

describe('pqCompute rejects inconsistent input with messages that name the image and the values', () => {
  const gt = drawn(`A A B B`, { A: { category: PERSON }, B: { category: SKY } });
  const pred = drawn(`a a b b`, { a: { category: PERSON }, b: { category: SKY } });
  const run =
    (over: { gt?: typeof gt; pred?: typeof pred }, categories = CATEGORIES) =>
    () =>
      pqCompute([{ name: 'x.png', gt: over.gt ?? gt, pred: over.pred ?? pred }], categories);

  it('a prediction PNG id missing from segments_info', () => {
    const extra = drawn(`a a b c`, { a: { category: PERSON }, b: { category: SKY } });
    expect(run({ pred: extra })).toThrow(
      "image x.png: prediction: panoptic PNG id 99 (RGB 99, 0, 0, 1 pixels) missing from the JSON's segments_info",
    );
  });

  it('a ground truth PNG id missing from segments_info (panopticapi ignores those pixels)', () => {
    const extra = drawn(`A A B C`, { A: { category: PERSON }, B: { category: SKY } });
    expect(run({ gt: extra })).toThrow(/^image x\.png: ground truth: panoptic PNG id 67 /);
  });

  it('a predicted segment without pixels', () => {
    const missing = drawn(`a a b b`, { a: { category: PERSON }, b: { category: SKY }, c: { category: CAR } });
    expect(run({ pred: missing })).toThrow(
      'image x.png: prediction: segment id(s) 99 in segments_info but not in the PNG',
    );
  });

  it('an unknown category, in either file', () => {
    const odd = drawn(`a a b b`, { a: { category: 7 }, b: { category: SKY } });
    expect(run({ pred: odd })).toThrow('image x.png: prediction: segment id 97 has unknown category_id 7');
    const oddGt = drawn(`A A B B`, { A: { category: 8 }, B: { category: SKY } });
    expect(run({ gt: oddGt })).toThrow('image x.png: ground truth: segment id 65 has unknown category_id 8');
  });

  it('id maps of different sizes', () => {
    const tall = drawn(
      `
      a a
      b b`,
      { a: { category: PERSON }, b: { category: SKY } },
    );
    expect(run({ pred: tall })).toThrow('image x.png: the ground truth is 4x1 pixels (w x h), the prediction 2x2');
    const short = { ...pred, ids: { ...pred.ids, data: new Uint32Array(3) } };
    expect(run({ pred: short })).toThrow('image x.png: the prediction id map has 3 ids for 4x1 pixels (w x h)');
  });

  it('repeated or zero segment ids, a ground truth segment without area, repeated categories', () => {
    const twice = { ...pred, segments: [...pred.segments, pred.segments[0]] };
    expect(run({ pred: twice })).toThrow('image x.png: prediction: segment id 97 is listed twice in segments_info');
    const zero = { ...pred, segments: [...pred.segments, { id: 0, category_id: PERSON }] };
    expect(run({ pred: zero })).toThrow('segment id 0 is not a PNG id (1 to 2^24 - 1; 0 is VOID)');
    const noArea = { ...gt, segments: gt.segments.map((s) => ({ id: s.id, category_id: s.category_id })) };
    expect(run({ gt: noArea })).toThrow('image x.png: ground truth: segment id 65 has no area');
    expect(run({}, [...CATEGORIES, CATEGORIES[0]])).toThrow('categories: category id 1 is listed twice');
  });

  it('errors are SegkitErrors with a code', () => {
    const tall = drawn(`a a a a`, { a: { category: PERSON } });
    try {
      run({ pred: { ...tall, ids: { height: 2, width: 2, data: tall.ids.data } } })();
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ name: 'SegkitError', code: 'SIZE_MISMATCH' });
    }
  });
});
