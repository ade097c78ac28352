import { encode, isSegkitError } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { type ScopeDataset, scopeDataset } from '../src/scope-dataset.js';

const options = { vertices: 20, tolerance: 2, targetIou: 0.95, semantic: false, minArea: 4 };

/** An uncompressed RLE of an 8 × 8 image with the given pixels (x, y) on. */
function rle(...pixels: [number, number][]) {
  const data = new Uint8Array(64);
  for (const [x, y] of pixels) data[y * 8 + x] = 1;
  return { size: [8, 8], counts: Array.from(encode({ height: 8, width: 8, data }).counts) };
}

const square = rle([2, 2], [3, 2], [2, 3], [3, 3]);

describe('scopeDataset', () => {
  it('scopeDataset counts empty, one-pixel and crowd annotations without measuring them', () => {
    const result = scopeDataset(
      {
        images: [{ id: 1, height: 8, width: 8 }],
        categories: [
          { id: 1, name: 'a' },
          { id: 2, name: 'b' },
        ],
        annotations: [
          { image_id: 1, category_id: 1, segmentation: square },
          { image_id: 1, category_id: 1, segmentation: rle() },
          { image_id: 1, category_id: 1, segmentation: rle([7, 7]) },
          { image_id: 1, category_id: 1, segmentation: square, iscrowd: 1 },
        ],
      },
      options,
    );
    expect(result.crowdSkipped).toBe(1);
    const [a, b] = result.perClass;
    expect(a).toMatchObject({ id: 1, name: 'a', instances: 1, skipped: 2, images: 1, pixels: 5, verdict: 'box' });
    expect(b).toMatchObject({ id: 2, name: 'b', instances: 0, skipped: 0, images: 0, verdict: 'segmentation' });
    expect(b.reason).toContain('no region measured');
  });

  it('scopeDataset names the annotation whose image or segmentation is wrong', () => {
    const dataset = (annotation: object) =>
      ({
        images: [{ id: 1, height: 8, width: 8 }],
        annotations: [{ image_id: 1, category_id: 1, segmentation: square }, annotation],
      }) as ScopeDataset;
    const failure = (annotation: object) => {
      try {
        scopeDataset(dataset(annotation), options);
      } catch (error) {
        expect(isSegkitError(error)).toBe(true);
        return (error as Error).message;
      }
      throw new Error('no error');
    };
    expect(failure({ id: 9, image_id: 2, category_id: 1, segmentation: square })).toContain(
      'annotation 1 (id 9): image_id 2 is not in "images"',
    );
    expect(failure({ image_id: 1, category_id: 1, segmentation: { size: [8, 8], counts: [3, 4] } })).toContain(
      'annotation 1',
    );
    expect(failure({ image_id: 1, category_id: 'cat', segmentation: square })).toContain(
      'category_id must be an integer',
    );
  });
});
