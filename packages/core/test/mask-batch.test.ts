/**
 * MaskBatch (segmentations straight to runs, buffers reused) against prepareMasks on the RLEs that
 * segmentationToRle gives: the same intervals, areas and boxes, the same IoU matrices as
 * pycocotools, and the same errors.
 */
import { describe, expect, it } from 'vitest';
import { MaskBatch, maskIou, prepareMasks, SegkitError, segmentationToRle } from '../src/index.js';
import { expectSameArray, loadFixture } from './fixtures.js';

interface PolyCase {
  id: string;
  h: number;
  w: number;
  polygons: number[][];
  area: number;
  bbox: number[];
}
interface MaskIouCase {
  h: number;
  w: number;
  dt: string[];
  gt: string[];
  iscrowd: number[];
  iou: number[][];
}

const poly = loadFixture<{ cases: PolyCase[] }>('poly.json').cases;
const iou = loadFixture<{ mask_iou: MaskIouCase[] }>('iou.json').mask_iou;

function expectSamePrepared(batch: MaskBatch, rles: Parameters<typeof prepareMasks>[0]): void {
  const want = prepareMasks(rles);
  expect(batch.count).toBe(want.count);
  expectSameArray(batch.areas.subarray(0, batch.count), want.areas, 'areas');
  expectSameArray(batch.boxes.subarray(0, 4 * batch.count), want.boxes, 'boxes');
  expectSameArray(batch.offsets.subarray(0, batch.count + 1), want.offsets, 'offsets');
  expectSameArray(batch.intervals.subarray(0, want.offsets[want.count]), want.intervals, 'intervals');
}

describe('MaskBatch', () => {
  // One batch for every case: what a previous, larger batch left in the buffers must not leak.
  const batch = new MaskBatch();

  it('addSegmentation of every poly.json polygon gives the runs, area and box of prepareMasks', () => {
    for (const c of poly) {
      batch.clear(c.h, c.w);
      batch.addSegmentation(c.polygons).addSegmentation([c.polygons[0]]);
      const rles = [segmentationToRle(c.polygons, c.h, c.w), segmentationToRle([c.polygons[0]], c.h, c.w)];
      expectSamePrepared(batch, rles);
      expect(batch.areas[0], c.id).toBe(c.area);
      expect(Array.from(batch.boxes.subarray(0, 4)), c.id).toEqual(c.bbox);
    }
  });

  it('maskIou of batches filled with compressed RLEs equals pycocotools iou on iou.json, bit for bit', () => {
    const gt = new MaskBatch();
    for (const c of iou) {
      batch.clear(c.h, c.w);
      gt.clear(c.h, c.w);
      for (const counts of c.dt) batch.addSegmentation({ size: [c.h, c.w], counts });
      for (const counts of c.gt) gt.addSegmentation({ size: [c.h, c.w], counts });
      const m = maskIou(batch, gt, c.iscrowd);
      const rows = Array.from({ length: m.rows }, (_, d) =>
        Array.from(m.values.subarray(d * m.cols, (d + 1) * m.cols)),
      );
      expect(m.rows === 0 || m.cols === 0 ? [] : rows).toEqual(c.iou.length === 0 ? [] : c.iou);
    }
  });

  it.each([
    ['a character outside 0..o', { size: [4, 4], counts: '0~' }],
    ['counts that do not fill the mask', { size: [4, 4], counts: '05' }],
    ['an RLE of another size', { size: [2, 8], counts: '0`0' }],
    ['an empty list of polygons', []],
    ['a first part of 2 points', [[0, 0, 1, 1]]],
    ['a non-finite coordinate', [[0, 0, 3, Number.NaN, 3, 3]]],
    ['neither polygons nor RLE', { counts: 5 }],
  ])('addSegmentation of %s throws what segmentationToRle throws', (_what, segmentation) => {
    const expected = (() => {
      try {
        segmentationToRle(segmentation, 4, 4);
      } catch (error) {
        return error as SegkitError;
      }
      throw new Error('segmentationToRle accepted it');
    })();
    expect(expected).toBeInstanceOf(SegkitError);
    expect(() => new MaskBatch().clear(4, 4).addSegmentation(segmentation)).toThrow(expected.message);
  });
});
