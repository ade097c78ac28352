import { describe, expect, it } from 'vitest';
import {
  area,
  bbox,
  boxIou,
  fromCocoRle,
  type IouMatrix,
  maskIou,
  merge,
  rleFromString,
  rleToString,
  SegkitError,
} from '../src/index.js';
import { loadFixture } from './fixtures.js';

type Coco = { size: [number, number]; counts: string };
interface MaskIouCase {
  h: number;
  w: number;
  dt: string[];
  gt: string[];
  iscrowd: number[];
  iou: number[][];
  dt_bbox: number[][];
  gt_bbox: number[][];
  bbox_iou: number[][];
}
interface BoxIouCase {
  dt: number[][];
  gt: number[][];
  iscrowd: number[];
  iou: number[][];
}
interface MergeCase {
  id: string;
  h: number;
  w: number;
  rles: string[];
  union: { rle: string; area: number };
  intersection: { rle: string; area: number };
}

const fixture = loadFixture<{ mask_iou: MaskIouCase[]; bbox_iou: BoxIouCase[]; merge: MergeCase[]; quirks: unknown[] }>(
  'iou.json',
);

/** Our dt × gt matrix as nested rows, to compare with pycocotools' output to the last bit. */
function rows(m: IouMatrix): number[][] {
  return Array.from({ length: m.rows }, (_, d) => Array.from(m.values.subarray(d * m.cols, (d + 1) * m.cols)));
}

describe('iou.json (pycocotools iou / merge)', () => {
  it.each(fixture.mask_iou.map((c, i) => [i, c] as const))(
    'mask_iou[%i]: matrix equals pycocotools bit for bit',
    (_i, c) => {
      const dt = c.dt.map((s) => rleFromString(s, c.h, c.w));
      const gt = c.gt.map((s) => rleFromString(s, c.h, c.w));
      expect(dt.map(bbox)).toEqual(c.dt_bbox);
      expect(gt.map(bbox)).toEqual(c.gt_bbox);
      const expected = c.iou.length === 0 ? [] : c.iou;
      const actual = maskIou(dt, gt, c.iscrowd);
      expect(actual.rows === 0 || actual.cols === 0 ? [] : rows(actual)).toEqual(expected);
      const boxes = boxIou(dt.map(bbox), gt.map(bbox), c.iscrowd);
      expect(boxes.rows === 0 || boxes.cols === 0 ? [] : rows(boxes)).toEqual(
        c.bbox_iou.length === 0 ? [] : c.bbox_iou,
      );
    },
  );

  it.each(fixture.bbox_iou.map((c, i) => [i, c] as const))('bbox_iou[%i]: box IoU equals bbIou', (_i, c) => {
    const m = boxIou(c.dt as never, c.gt as never, c.iscrowd);
    expect(m.rows === 0 || m.cols === 0 ? [] : rows(m)).toEqual(c.iou.length === 0 ? [] : c.iou);
  });

  it.each(fixture.merge.map((c) => [c.id, c] as const))('merge %s: union and intersection strings', (_id, c) => {
    const rles = c.rles.map((s) => rleFromString(s, c.h, c.w));
    const union = merge(rles, 'union');
    const intersection = merge(rles, 'intersection');
    expect(rleToString(union)).toBe(c.union.rle);
    expect(area(union)).toBe(c.union.area);
    expect(rleToString(intersection)).toBe(c.intersection.rle);
    expect(area(intersection)).toBe(c.intersection.area);
  });

  describe('quirks: where pycocotools returns marker values, segkit raises', () => {
    const [iouMismatch, mergeMismatch, emptyList, single] = fixture.quirks as Array<Record<string, never>>;
    it('maskIou of masks with different sizes throws SIZE_MISMATCH (pycocotools: -1 or 0)', () => {
      const dt = (iouMismatch.dt as Coco[]).map(fromCocoRle);
      const gt = (iouMismatch.gt as Coco[]).map(fromCocoRle);
      expect(() => maskIou(dt, gt, iouMismatch.iscrowd)).toThrow(expect.objectContaining({ code: 'SIZE_MISMATCH' }));
    });
    it('merge of masks with different sizes throws SIZE_MISMATCH (pycocotools: a 0x0 mask)', () => {
      const rles = (mergeMismatch.rles as Coco[]).map(fromCocoRle);
      expect(() => merge(rles)).toThrow(SegkitError);
    });
    it('maskIou with an empty side returns an empty matrix', () => {
      const gt = (emptyList.gt as Coco[]).map(fromCocoRle);
      const m = maskIou([], gt, emptyList.iscrowd);
      expect([m.rows, m.cols, m.values.length]).toEqual([0, 1, 0]);
      expect(emptyList.result).toEqual([]);
    });
    it('merge of one RLE returns it unchanged', () => {
      const rle = fromCocoRle((single.rles as Coco[])[0]);
      expect(rleToString(merge([rle]))).toBe(single.result);
    });
  });
});
