import { existsSync } from 'node:fs';
import { segmentationToRle, traceContours } from '@segkit/core';
import { type CocoDataset, readBinaryMasks, semanticFolderToCoco } from '@segkit/formats';
import { nodePngCodec, openFileSource, readJsonFile } from '@segkit/jobs';
import { describe, expect, it } from 'vitest';
import { measureRegion } from '../src/measure/measure-region.js';
import { type ScopedRegion, scopeDataset } from '../src/scope-dataset.js';
import { regionsOf } from '../src/shape/regions.js';

/*
 * Scope on real annotations (../shared/datasets, never committed). The expectations are the issue's:
 * blobby nuclei, cars and pedestrians on the polygon side, sky, vegetation and road on the segmentation
 * side, and polygon sources coming back at IoU ≈ 1; and the baseline figures, measured with
 * the same region selection (CamVid train + val, regions ≥ 200 px), must be beaten.
 */

const DATASETS = new URL('../../../../shared/datasets/', import.meta.url).pathname;
const present = existsSync(DATASETS);
if (!present) console.warn(`skipping scope checks on real data: ${DATASETS} is absent`);

const settings = { vertices: 20, tolerance: 2, targetIou: 0.95 };
const share = (regions: ScopedRegion[], test: (r: ScopedRegion) => boolean) =>
  regions.filter(test).length / regions.length;
const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

describe.skipIf(!present)('scope on real data', () => {
  it('DSB2018 nuclei: polygon, well above the baseline table (median IoU 0.884, 43% ≥ 0.9)', async () => {
    const dataset = await readBinaryMasks(await openFileSource(`${DATASETS}dsb2018_nuclei/stage1_train`), {
      codec: nodePngCodec,
    });
    const result = scopeDataset(dataset, { ...settings, semantic: false, minArea: 20 });
    const [nuclei] = result.perClass;
    expect(nuclei.verdict).toBe('polygon');
    expect(nuclei.iou.median).toBeGreaterThan(0.884);
    expect(share(result.regions, (r) => r.measure.iou >= 0.9)).toBeGreaterThan(0.43);
    expect(share(result.regions, (r) => r.measure.boundaryF >= 0.9)).toBe(1);
    // Never worse than the baseline region by region, by construction (it is a candidate).
    expect(result.regions.every((r) => r.measure.iou >= r.measure.baselineIou)).toBe(true);
  });

  it('CamVid regions: sky, trees and road need segmentation; cars, pedestrians, signs polygons', async () => {
    const all: CocoDataset = { images: [], annotations: [], categories: [] };
    for (const dir of ['trainannot', 'valannot']) {
      const { dataset } = await semanticFolderToCoco(await openFileSource(`${DATASETS}camvid/${dir}`), {
        ignoreIndex: 11,
        codec: nodePngCodec,
      });
      const offset = all.images.length;
      for (const image of dataset.images) all.images.push({ ...image, id: Number(image.id) + offset });
      for (const a of dataset.annotations) all.annotations.push({ ...a, image_id: Number(a.image_id) + offset });
    }
    const result = scopeDataset(all, { ...settings, semantic: true, minArea: 200 });
    const verdict = (id: number) => result.perClass.find((c) => c.id === id)?.verdict;
    expect([verdict(0), verdict(5), verdict(3)]).toEqual(['segmentation', 'segmentation', 'segmentation']);
    expect([verdict(8), verdict(9), verdict(6)]).toEqual(['polygon', 'polygon', 'polygon']);
    // The baseline table: class id, regions, median IoU, share IoU ≥ 0.9, share boundary F ≥ 0.9.
    const table: [number, number, number, number, number][] = [
      [0, 70, 0.858, 0.46, 0.33],
      [5, 88, 0.888, 0.39, 0.53],
      [3, 40, 0.974, 0.8, 0.6],
      [8, 76, 0.93, 0.7, 0.95],
      [9, 40, 0.857, 0.12, 1],
    ];
    for (const [id, regions, baselineMedian, baselineShare, baselineBoundary] of table) {
      const mine = result.regions.filter((r) => r.classId === id);
      expect(mine.length).toBe(regions);
      expect(median(mine.map((r) => r.measure.iou))).toBeGreaterThan(baselineMedian);
      expect(share(mine, (r) => r.measure.iou >= 0.9)).toBeGreaterThan(baselineShare);
      // Boundary F (segkit's: the image edge is not a boundary) at least the table's, and at least
      // segkit's own run of the baseline under the same measure. 100% cannot be beaten, only met.
      const boundaryShare = share(mine, (r) => r.measure.boundaryF >= 0.9);
      expect(boundaryShare).toBeGreaterThanOrEqual(baselineBoundary);
      expect(boundaryShare).toBeGreaterThanOrEqual(share(mine, (r) => r.measure.baselineBoundaryF >= 0.9));
    }
  });

  it('polygon sources (fruits_nuts, COCO val2014) come back at IoU ≈ 1 with as many vertices as they had', async () => {
    const files = ['fruits_nuts/annotations/trainval_shared.json', 'coco_val2014_ann100/instances_val2014_shared.json'];
    for (const file of files) {
      const dataset = (await readJsonFile(`${DATASETS}${file}`)) as CocoDataset;
      const sizes = new Map(dataset.images.map((i) => [i.id, [i.height, i.width]]));
      const ious: number[] = [];
      for (const a of dataset.annotations) {
        if (a.iscrowd === 1 || !Array.isArray(a.segmentation)) continue;
        const vertices = (a.segmentation as number[][]).reduce((n, part) => n + part.length / 2, 0);
        const [h, w] = sizes.get(a.image_id) as number[];
        const [region] = regionsOf(traceContours(segmentationToRle(a.segmentation, h, w)), false);
        ious.push(measureRegion(region, { ...settings, vertices: Math.max(20, vertices) }).iou);
      }
      ious.sort((a, b) => a - b);
      // Source vertices sit anywhere, segkit's on pixel corners: ≈ 1, not exactly 1.
      expect(median(ious)).toBeGreaterThan(0.98);
      expect(ious[Math.floor(0.1 * (ious.length - 1))]).toBeGreaterThan(0.95);
    }
  });
});
