import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { area, bbox, fromCocoRle, rleFromCounts } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { segkit } from './run-cli.js';

// Real COCO val2014 annotations (polygons, multi-part objects, crowd RLE); never committed.
const DATASET = new URL(
  '../../../../shared/datasets/coco_val2014_ann100/instances_val2014_shared.json',
  import.meta.url,
);
const present = existsSync(DATASET);
if (!present) console.warn(`skipping real-data convert test: ${DATASET.pathname} is absent (it ships with ../shared)`);

interface CocoAnnotationJson {
  image_id: number;
  iscrowd: number;
  area: number;
  bbox: [number, number, number, number];
  segmentation: { size: [number, number]; counts: number[] } & number[][];
}

describe.skipIf(!present)('segkit convert on real COCO val2014 annotations', () => {
  it('every annotation becomes a compressed RLE of its image size; crowd masks are kept pixel for pixel', () => {
    const dir = mkdtempSync(join(tmpdir(), 'segkit-real-'));
    const out = join(dir, 'rle.json');
    const run = segkit('convert', DATASET.pathname, out, '--format', 'json');
    expect(run.stderr).toBe('');
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ images: 60, annotations: 546, polygons: 540, uncompressedRle: 6 });
    const before = JSON.parse(readFileSync(DATASET, 'utf8'));
    const after = JSON.parse(readFileSync(out, 'utf8'));
    const sizes = new Map(
      before.images.map((i: { id: number; height: number; width: number }) => [i.id, [i.height, i.width]]),
    );
    before.annotations.forEach((original: CocoAnnotationJson, i: number) => {
      const converted = after.annotations[i];
      expect(converted.segmentation.size).toEqual(sizes.get(original.image_id));
      const mask = fromCocoRle(converted.segmentation);
      if (original.iscrowd) {
        const source = rleFromCounts(
          original.segmentation.counts,
          original.segmentation.size[0],
          original.segmentation.size[1],
        );
        expect(Array.from(mask.counts)).toEqual(Array.from(source.counts));
      } else {
        // COCO's `area` is the polygons' shoelace area; a rasterized mask differs by up to ~15% on tiny objects.
        expect(Math.abs(area(mask) - original.area) / original.area).toBeLessThan(0.16);
        const [x, y, w, h] = bbox(mask);
        const [bx, by, bw, bh] = original.bbox;
        expect(x).toBeGreaterThanOrEqual(Math.floor(bx) - 1);
        expect(y).toBeGreaterThanOrEqual(Math.floor(by) - 1);
        expect(x + w).toBeLessThanOrEqual(Math.ceil(bx + bw) + 1);
        expect(y + h).toBeLessThanOrEqual(Math.ceil(by + bh) + 1);
      }
    });
  });
});
