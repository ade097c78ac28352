/**
 * loadCocoResults: pycocotools' `COCO.loadRes`, one rule per case. Boxes are [x, y, w, h]; masks are
 * drawn as grids ('#' = foreground) and their areas and boxes counted by hand.
 */
import { describe, expect, it } from 'vitest';
import { checkCocoDataset, encode, loadCocoResults, toCocoRle } from '../../src/index.js';
import { grid } from '../properties/arbitraries.js';

const gt = { images: [{ id: 1, height: 3, width: 4 }], annotations: [] };

// 5 pixels in columns 1..2 and rows 0..2: box [1, 0, 2, 3].
const MASK = toCocoRle(
  encode(
    grid(`
      . # # .
      . # # .
      . # . .
    `),
  ),
);

describe('loadCocoResults', () => {
  it('loadCocoResults, box branch: area w·h, the box as polygon where no segmentation, ids from 1, iscrowd 0', () => {
    const input = [
      { image_id: 1, category_id: 2, bbox: [1, 2, 3, 4], score: 0.9, source: 'model-a' },
      { image_id: 1, category_id: 2, bbox: [0.5, 0, 1.5, 2], segmentation: MASK, score: 0.4 },
    ];
    const before = JSON.stringify(input);
    const results = loadCocoResults(input, gt);
    expect(results[0]).toEqual({
      image_id: 1,
      category_id: 2,
      bbox: [1, 2, 3, 4],
      score: 0.9,
      source: 'model-a',
      id: 1,
      area: 12,
      iscrowd: 0,
      segmentation: [[1, 2, 1, 6, 4, 6, 4, 2]],
    });
    // Even a segm result takes the box's area (1.5 · 2 = 3), not its mask's 5 pixels, and keeps its mask.
    expect(results[1]).toMatchObject({ id: 2, area: 3, iscrowd: 0, segmentation: MASK });
    expect(JSON.stringify(input)).toBe(before);
  });

  it('loadCocoResults, segm branch: area is the pixel count, bbox the mask box unless given', () => {
    const results = loadCocoResults(
      [
        { image_id: 1, category_id: 1, segmentation: MASK, score: 0.5 },
        { image_id: 1, category_id: 1, segmentation: MASK, bbox: [0, 0, 1, 1], score: 0.3 },
      ],
      gt,
    );
    expect(results.map((r) => [r.id, r.area, r.bbox, r.iscrowd])).toEqual([
      [1, 5, [1, 0, 2, 3], 0],
      [2, 5, [0, 0, 1, 1], 0],
    ]);
  });

  it('loadCocoResults: a first result with bbox [] takes the segm branch and keeps its empty box (loadRes)', () => {
    const [r] = loadCocoResults([{ image_id: 1, category_id: 1, bbox: [], segmentation: MASK, score: 1 }], gt);
    expect([r.area, r.bbox]).toEqual([5, []]);
  });

  it('loadCocoResults, keypoints branch: bbox is the extent of every point, invisible ones too; no iscrowd', () => {
    // x = 2, 5, 4, 0 and y = 3, 1, 7, 0: the (0, 0) point has v = 0 and still counts, as in loadRes.
    const [r] = loadCocoResults(
      [{ image_id: 1, category_id: 1, keypoints: [2, 3, 2, 5, 1, 2, 4, 7, 1, 0, 0, 0], score: 0.7 }],
      gt,
    );
    expect(r).toMatchObject({ id: 1, bbox: [0, 0, 5, 7], area: 35 });
    expect('iscrowd' in r).toBe(false);
  });

  it('loadCocoResults refuses a result on an image the ground truth lacks, naming the file and the result', () => {
    const results = [
      { image_id: 1, category_id: 1, bbox: [0, 0, 1, 1], score: 1 },
      { image_id: 2, category_id: 1, bbox: [0, 0, 1, 1], score: 1 },
    ];
    expect(() => loadCocoResults(results, gt, { file: 'dt.json' })).toThrow(
      'dt.json: result 1: image_id 2 is not in the ground truth',
    );
    // The same check against a checked document's image index.
    expect(() => loadCocoResults(results, checkCocoDataset(gt))).toThrow(
      'result 1: image_id 2 is not in the ground truth',
    );
  });

  it('loadCocoResults gives typed errors for a null result, a missing score, a bad box or mask, no branch', () => {
    const one = (result: unknown) => () => loadCocoResults([result], gt);
    expect(one(null)).toThrow('result 0: not an object');
    expect(one({ image_id: 1, category_id: 1, bbox: [0, 0, 1, 1] })).toThrow(
      'result 0: "score" must be a finite number, got undefined',
    );
    const badSecondBox = [
      { image_id: 1, category_id: 1, bbox: [0, 0, 1, 1], score: 1 },
      { image_id: 1, category_id: 1, bbox: [0, 0, 1], score: 1 },
    ];
    expect(() => loadCocoResults(badSecondBox, gt)).toThrow('result 1: "bbox" must be [x, y, w, h], got [0, 0, 1]');
    expect(one({ image_id: 1, category_id: 1, segmentation: [[0, 0, 1, 0, 1, 1]], score: 1 })).toThrow(
      /^result 0: an RLE needs "size"/,
    );
    expect(one({ image_id: 1, category_id: 1, score: 1 })).toThrow(
      'result 0: the first result has no "bbox", "segmentation" or "keypoints"',
    );
    expect(() => loadCocoResults({ results: [] }, gt)).toThrow('a COCO results file is a JSON list of detections');
  });

  it('loadCocoResults of an empty list is an empty list', () => {
    expect(loadCocoResults([], gt)).toEqual([]);
  });
});
