import { polygonToRle, toCocoRle } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { loadResults } from '../../src/index.js';

const gt = { images: [{ id: 3, height: 10, width: 10 }], annotations: [] };
const mask = toCocoRle(polygonToRle([1, 1, 4, 1, 4, 3, 1, 3], 10, 10)); // 3×2 = 6 pixels at (1, 1)

describe('loadResults (pycocotools loadRes)', () => {
  it('segm results without boxes: area is the pixel count, bbox the mask box, ids from 1, iscrowd 0', () => {
    const [r] = loadResults([{ image_id: 3, category_id: 1, segmentation: mask, score: 0.5 }], gt);
    expect(r).toMatchObject({ id: 1, iscrowd: 0, area: 6, bbox: [1, 1, 3, 2] });
  });

  it('when the FIRST result has a bbox, every area is the box area, even for segm results', () => {
    const results = loadResults(
      [
        { image_id: 3, category_id: 1, segmentation: mask, bbox: [0, 0, 5, 5], score: 0.9 },
        { image_id: 3, category_id: 1, bbox: [2, 2, 1.5, 2], score: 0.1 },
      ],
      gt,
    );
    expect(results.map((r) => [r.id, r.area])).toEqual([
      [1, 25],
      [2, 3],
    ]);
    expect(results[1].segmentation).toEqual([[2, 2, 2, 4, 3.5, 4, 3.5, 2]]);
  });

  it('refuses a result for an image the ground truth does not have, or without a score', () => {
    expect(() => loadResults([{ image_id: 4, category_id: 1, segmentation: mask, score: 1 }], gt)).toThrow(
      /results: result 0: image_id 4 is not in the ground truth/,
    );
    expect(() => loadResults([{ image_id: 3, category_id: 1, segmentation: mask }], gt)).toThrow(
      /"score" must be a finite number/,
    );
  });
});
