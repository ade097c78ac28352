/**
 * COCO evaluation on core's document model: the ground truth goes through `checkCocoDataset`, as a
 * bare dataset or as a document already checked with its file name.
 */
import { checkCocoDataset, loadCocoResults } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { evaluateCoco } from '../../src/coco-eval/index.js';

const gt = {
  images: [{ id: 1, width: 10, height: 10 }],
  annotations: [{ id: 5, image_id: 1, category_id: 1, bbox: [0, 0, 4, 4], area: 16, iscrowd: 0 }],
  categories: [{ id: 1, name: 'thing' }],
};

describe('evaluateCoco on a CocoDocument', () => {
  it('evaluateCoco of a checked document: one exact detection of one ground truth gives AP 1 and AR 1', () => {
    const document = checkCocoDataset(gt, { file: 'gt.json' });
    const dts = loadCocoResults([{ image_id: 1, category_id: 1, bbox: [0, 0, 4, 4], score: 0.9 }], document);
    const { stats } = evaluateCoco(document, dts, { iouType: 'bbox' });
    // AP, AP50, AP75, AP small (16 px² is small): each precision is 1 / (1 + np.spacing(1)) in pycocotools,
    // so the means sit an ulp or two below 1 (their exact bits are the reference tests' business).
    for (const ap of stats.slice(0, 4)) expect(Math.abs(ap - 1)).toBeLessThan(1e-15);
    // No medium or large ground truth: -1; AR1, AR10, AR100 and AR small are 1/1 exactly.
    expect(stats.slice(4)).toEqual([-1, -1, 1, 1, 1, 1, -1, -1]);
  });

  it('evaluateCoco refuses a ground-truth image of size 0, naming the image', () => {
    const zero = { ...gt, images: [{ id: 1, width: 0, height: 10 }] };
    expect(() => evaluateCoco(zero, [], { iouType: 'bbox' })).toThrow(
      'image 0 (id 1): "height" and "width" must be positive integers, got 10 and 0',
    );
  });

  it('evaluateCoco refuses a ground truth without categories, naming the checked file', () => {
    const { categories: _, ...bare } = gt;
    expect(() => evaluateCoco(checkCocoDataset(bare, { file: 'gt.json' }), [], { iouType: 'bbox' })).toThrow(
      'gt.json: the ground truth needs "categories"',
    );
  });
});
