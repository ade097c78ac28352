/**
 * Small cases worked out by hand from pycocotools' cocoeval.py, one rule each. Boxes are [x, y, w, h];
 * masks are drawn as grids ('#' = foreground).
 */
import { encode, toCocoRle } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import {
  type CocoEvalResult,
  type EvalAnnotation,
  type EvalGroundTruth,
  evaluateCoco,
  loadResultsForEval,
} from '../../src/coco-eval/index.js';
import { formatFixed3 } from '../../src/coco-eval/summary-text.js';

const grid = (rows: string[]) => {
  const height = rows.length;
  const width = rows[0].length;
  const data = new Uint8Array(height * width);
  rows.forEach((row, y) => {
    for (let x = 0; x < width; x++) data[y * width + x] = row[x] === '#' ? 1 : 0;
  });
  return encode({ height, width, data });
};

const box = (id: number, image_id: number, bbox: number[], extra: Partial<EvalAnnotation> = {}): EvalAnnotation => ({
  id,
  image_id,
  category_id: 1,
  bbox,
  area: bbox[2] * bbox[3],
  iscrowd: 0,
  ...extra,
});

const dataset = (imageIds: number[], annotations: EvalAnnotation[], categories = [{ id: 1, name: 'thing' }]) =>
  ({
    images: imageIds.map((id) => ({ id, width: 100, height: 100 })),
    annotations,
    categories,
  }) satisfies EvalGroundTruth;

/** pycocotools' record of (category k, area range a, image i); area range 0 is `all`. */
const record = (result: CocoEvalResult, k: number, a: number, i: number) => {
  const I = result.params.imgIds.length;
  const entry = result.evalImgs?.[(k * 4 + a) * I + i];
  if (!entry) throw new Error(`no evalImgs entry for ${k}, ${a}, ${i}`);
  return entry;
};

/** Row t of a T×n matrix. */
const row = (flat: ArrayLike<number>, n: number, t: number) => Array.from(flat).slice(t * n, (t + 1) * n);

describe('evaluateCoco, hand-checked', () => {
  it('evaluateCoco gives an equal IoU to the later ground truth (>= in the scan)', () => {
    const gt = dataset([1], [box(11, 1, [0, 0, 4, 4]), box(12, 1, [0, 0, 4, 4])]);
    const dts = loadResultsForEval(
      [
        { image_id: 1, category_id: 1, bbox: [0, 0, 4, 4], score: 0.9 },
        { image_id: 1, category_id: 1, bbox: [0, 0, 4, 4], score: 0.8 },
      ],
      gt,
    );
    const result = evaluateCoco(gt, dts, { iouType: 'bbox', keepEvalImgs: true });
    const e = record(result, 0, 0, 0);
    expect(row(e.dtMatches, 2, 0)).toEqual([12, 11]);
    expect(row(e.gtMatches, 2, 9)).toEqual([2, 1]);
    expect(result.stats[0]).toBeCloseTo(1, 12);
  });

  it('evaluateCoco lets a crowd ground truth absorb every detection inside it, as ignored (|d ∩ g| / |d|)', () => {
    const crowd = grid([
      '####....',
      '####....',
      '####....',
      '####....',
      '####....',
      '####....',
      '####....',
      '####....',
    ]);
    const gt: EvalGroundTruth = {
      images: [{ id: 1, width: 8, height: 8 }],
      annotations: [
        {
          id: 21,
          image_id: 1,
          category_id: 1,
          area: 32,
          iscrowd: 1,
          segmentation: { size: [8, 8], counts: Array.from(crowd.counts) },
        },
        { id: 22, image_id: 1, category_id: 1, area: 4, iscrowd: 0, segmentation: [[6, 0, 8, 0, 8, 2, 6, 2]] },
      ],
      categories: [{ id: 1 }],
    };
    const masks = [
      ['##......', '##......', '........', '........', '........', '........', '........', '........'],
      ['........', '........', '........', '........', '..##....', '..##....', '........', '........'],
      ['......##', '......##', '........', '........', '........', '........', '........', '........'],
      // Half inside the crowd: crowd IoU 2/4, a match at t = 0.5 only.
      ['...##...', '...##...', '........', '........', '........', '........', '........', '........'],
    ];
    const dts = loadResultsForEval(
      masks.map((m, i) => ({ image_id: 1, category_id: 1, segmentation: toCocoRle(grid(m)), score: 0.9 - i / 10 })),
      gt,
    );
    const result = evaluateCoco(gt, dts, { iouType: 'segm', keepEvalImgs: true });
    const e = record(result, 0, 0, 0);
    expect(Array.from(e.gtIds)).toEqual([22, 21]); // non-ignored first
    expect(row(e.dtMatches, 4, 0)).toEqual([21, 21, 22, 21]);
    expect(row(e.dtIgnore, 4, 0)).toEqual([1, 1, 0, 1]);
    expect(row(e.dtMatches, 4, 1)).toEqual([21, 21, 22, 0]);
    expect(row(e.dtIgnore, 4, 1)).toEqual([1, 1, 0, 0]);
    expect(row(e.gtMatches, 2, 0)).toEqual([3, 4]); // the crowd keeps the last detection it absorbed
    expect(result.perClass[0]).toMatchObject({ nGt: 1, nDt: 4, ar100: 1 });
    expect(result.stats[0]).toBeCloseTo(1, 12);
  });

  it('evaluateCoco ranks equal scores of two images in image-id order', () => {
    // Image `fp` has a false positive, image `tp` a true positive, both scored 0.5.
    const run = (fp: number, tp: number) => {
      const gt = dataset([tp, fp], [box(1, fp, [0, 0, 2, 2]), box(2, tp, [0, 0, 2, 2])]);
      const dts = loadResultsForEval(
        [
          { image_id: fp, category_id: 1, bbox: [5, 5, 2, 2], score: 0.5 },
          { image_id: tp, category_id: 1, bbox: [0, 0, 2, 2], score: 0.5 },
        ],
        gt,
      );
      return evaluateCoco(gt, dts, { iouType: 'bbox' }).perClass[0];
    };
    // FP first: precision [0, 1/2] → 1/2 up to recall 1/2 (51 thresholds), 0 beyond.
    expect(run(1, 2).ap).toBeCloseTo((51 * 0.5) / 101, 15);
    // TP first: precision [1, 1/2] → 1 up to recall 1/2.
    expect(run(2, 1).ap).toBeCloseTo(51 / 101, 12);
    expect(run(1, 2).ar100).toBe(0.5);
  });

  it('evaluateCoco counts a ground truth of area 1024 as small and medium (ranges include both ends)', () => {
    const gt = dataset([1], [box(1, 1, [0, 0, 32, 32])]);
    const dts = loadResultsForEval([{ image_id: 1, category_id: 1, bbox: [0, 0, 32, 32], score: 1 }], gt);
    const { perClass, stats } = evaluateCoco(gt, dts, { iouType: 'bbox' });
    expect(perClass[0].apSmall).toBeCloseTo(1, 12);
    expect(perClass[0].apMedium).toBeCloseTo(1, 12);
    expect(perClass[0].apLarge).toBeNull();
    expect(stats[5]).toBe(-1);
    expect(stats[11]).toBe(-1);
  });

  it('evaluateCoco cuts detections to maxDets per image and category', () => {
    const gt = dataset(
      [1],
      [box(1, 1, [0, 0, 4, 4]), box(2, 1, [0, 0, 4, 4], { category_id: 2 })],
      [
        { id: 1, name: 'a' },
        { id: 2, name: 'b' },
      ],
    );
    const results = [
      ...[0.9, 0.8, 0.7].map((score) => ({ image_id: 1, category_id: 1, bbox: [50, 50, 4, 4], score })),
      { image_id: 1, category_id: 1, bbox: [0, 0, 4, 4], score: 0.6 }, // 4th of its category: cut at 3
      { image_id: 1, category_id: 2, bbox: [0, 0, 4, 4], score: 0.1 }, // 1st of its category: kept
    ];
    const result = evaluateCoco(gt, loadResultsForEval(results, gt), { iouType: 'bbox', maxDets: [1, 2, 3] });
    expect(result.perClass.map((c) => c.ar100)).toEqual([0, 1]);
    expect(result.perClass.map((c) => c.nDt)).toEqual([4, 1]);
  });

  it('evaluateCoco keeps pycocotools quirks by default and fixes them with strict', () => {
    // Ground truth id 0 never matches in pycocotools; an explicit ignore flag is overwritten by iscrowd.
    const gt = dataset([1], [box(0, 1, [0, 0, 4, 4]), box(5, 1, [50, 50, 4, 4], { ignore: 1 })]);
    const dts = loadResultsForEval([{ image_id: 1, category_id: 1, bbox: [0, 0, 4, 4], score: 0.9 }], gt);
    const quirky = evaluateCoco(gt, dts, { iouType: 'bbox' });
    expect(quirky.perClass[0]).toMatchObject({ ap: 0, ar100: 0, nGt: 2 });
    const strict = evaluateCoco(gt, dts, { iouType: 'bbox', strict: true });
    expect(strict.perClass[0]).toMatchObject({ ar100: 1, nGt: 1 });
    expect(strict.perClass[0].ap).toBeCloseTo(1, 12);
  });

  it('evaluateCoco gives 0 to a category with ground truth but no detection and null to one without ground truth', () => {
    const gt = dataset(
      [1],
      [box(1, 1, [0, 0, 4, 4])],
      [
        { id: 1, name: 'a' },
        { id: 2, name: 'b' },
      ],
    );
    const dts = loadResultsForEval([{ image_id: 1, category_id: 2, bbox: [0, 0, 4, 4], score: 0.9 }], gt);
    const { perClass, stats } = evaluateCoco(gt, dts, { iouType: 'bbox' });
    expect(perClass[0]).toMatchObject({ id: 1, name: 'a', ap: 0, ar100: 0, nGt: 1, nDt: 0 });
    expect(perClass[1]).toMatchObject({ id: 2, name: 'b', ap: null, ar100: null, nGt: 0, nDt: 1 });
    expect(stats[0]).toBe(0);
  });
});

describe('evaluateCoco input checks', () => {
  it('evaluateCoco refuses a detection mask of another size than its image, naming it (pycocotools: IoU -1)', () => {
    const gt = dataset([1], [box(1, 1, [0, 0, 4, 4], { segmentation: [[0, 0, 4, 0, 4, 4, 0, 4]] })]);
    const dts = loadResultsForEval(
      [{ image_id: 1, category_id: 1, segmentation: toCocoRle(grid(['##', '##'])), score: 1 }],
      gt,
    );
    expect(() => evaluateCoco(gt, dts, { iouType: 'segm' })).toThrow(/detection 0: RLE size is \[2, 2\]/);
  });

  it('evaluateCoco refuses maxDets that summarize() cannot read', () => {
    const gt = dataset([1], []);
    expect(() => evaluateCoco(gt, [], { iouType: 'bbox', maxDets: [1, 100] })).toThrow(/maxDets/);
    expect(() => evaluateCoco(gt, [], { iouType: 'bbox', imgIds: [2] })).toThrow(/imgIds 2/);
  });
});

describe('loadResultsForEval', () => {
  const gt = dataset([1], []);
  const rle = toCocoRle(grid(['##..', '##..', '....']));

  it('loadResultsForEval numbers results from 1, sets iscrowd 0 and takes box areas when the first has a bbox', () => {
    const dts = loadResultsForEval(
      [
        { image_id: 1, category_id: 1, segmentation: rle, bbox: [0, 0, 3, 5], score: 0.5 },
        { image_id: 1, category_id: 1, bbox: [1, 2, 3, 4], score: 0.4 },
      ],
      gt,
    );
    expect(dts.map((d) => [d.id, d.iscrowd, d.area])).toEqual([
      [1, 0, 15],
      [2, 0, 12],
    ]);
    expect(dts[1].segmentation).toEqual([[1, 2, 1, 6, 4, 6, 4, 2]]);
  });

  it('loadResultsForEval takes mask areas and boxes when the first result has no bbox', () => {
    const [d] = loadResultsForEval([{ image_id: 1, category_id: 1, segmentation: rle, score: 0.5 }], gt);
    expect(d.area).toBe(4);
    expect(Array.from(d.bbox ?? [])).toEqual([0, 0, 2, 2]);
  });

  it('loadResultsForEval refuses a result on an image the ground truth lacks, naming it', () => {
    expect(() => loadResultsForEval([{ image_id: 7, category_id: 1, bbox: [0, 0, 1, 1], score: 1 }], gt)).toThrow(
      /result 0: image_id 7 is not in the ground truth/,
    );
  });
});

describe('formatFixed3', () => {
  it("formatFixed3 rounds exact ties to even like Python's '{:0.3f}'", () => {
    expect([0.0625, 0.1875, 0.5625, 0.34375, -1, 0.9999999999999998].map(formatFixed3)).toEqual([
      '0.062',
      '0.188',
      '0.562',
      '0.344',
      '-1.000',
      '1.000',
    ]);
  });
});
