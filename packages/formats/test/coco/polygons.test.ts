import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode, toCocoRle } from '@segkit/core';
import { openFileSource as disk } from '@segkit/jobs';
import { describe, expect, it } from 'vitest';
import { panopticToCoco, rewriteSegmentationsAsPolygons, rewriteSegmentationsAsRle } from '../../src/index.js';

const SAMPLE = new URL('../../../../../shared/datasets/coco_panoptic/sample_data/', import.meta.url).pathname;

/** A 10×10 ring: a 6×6 square with a 2×2 hole. */
function ring() {
  const data = new Uint8Array(100);
  for (let y = 2; y < 8; y++) for (let x = 2; x < 8; x++) data[y * 10 + x] = 1;
  for (let y = 4; y < 6; y++) for (let x = 4; x < 6; x++) data[y * 10 + x] = 0;
  return toCocoRle(encode({ height: 10, width: 10, data }));
}

const dataset = () => ({
  images: [{ id: 1, height: 10, width: 10 }],
  categories: [{ id: 3, name: 'donut' }],
  annotations: [
    { id: 1, image_id: 1, category_id: 3, segmentation: ring(), iscrowd: 0 },
    { id: 2, image_id: 1, category_id: 3, segmentation: ring(), iscrowd: 1 },
  ],
});

describe('rewriteSegmentationsAsPolygons', () => {
  it('exact tracing keeps the hole: lossless, and the polygons rasterize back to the same RLE', () => {
    const { dataset: out, report } = rewriteSegmentationsAsPolygons(dataset());
    expect(report.lossless).toBe(true);
    expect(Array.isArray(out.annotations[0].segmentation)).toBe(true);
    expect(out.annotations[1].segmentation).toEqual(ring()); // crowd stays RLE
    expect(report.warnings).toEqual(['1 crowd annotations kept as RLE']);
    const back = rewriteSegmentationsAsRle(JSON.parse(JSON.stringify(out))).dataset;
    expect(back.annotations[0].segmentation).toEqual(ring());
  });

  it('a ring of at most 3 vertices cannot keep the hole: the loss says so, per class', () => {
    const { report } = rewriteSegmentationsAsPolygons(dataset(), { tolerance: 3, maxVertices: 3 });
    const donut = report.perClass[0];
    expect(report.lossless).toBe(false);
    expect(donut.sourcePixels).toBe(32);
    expect(donut.pixelsChanged).toBeGreaterThan(0);
    expect(donut.iou).toBeLessThan(1);
  });

  it.skipIf(!existsSync(SAMPLE))(
    'on the COCO panoptic sample: RLE -> polygons -> RLE gives every segment back',
    async () => {
      const doc = JSON.parse(readFileSync(join(SAMPLE, 'panoptic_examples.json'), 'utf8'));
      const { dataset: rles } = await panopticToCoco(doc, await disk(SAMPLE), 'panoptic_examples', 'sample');
      const original = JSON.parse(JSON.stringify(rles));
      const { report } = rewriteSegmentationsAsPolygons(rles);
      expect(report.lossless).toBe(true);
      const again = rewriteSegmentationsAsRle(rles).dataset;
      expect(again.annotations.map((a) => a.segmentation)).toEqual(
        original.annotations.map((a: { segmentation: unknown }) => a.segmentation),
      );
    },
  );
});
