import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFileSource as disk, readPng, openFileSink as sinkAt, writePng } from '@segkit/jobs';
import { describe, expect, it } from 'vitest';
import { cocoToPanoptic, panopticToCoco, segmentIdsFromPng, segmentIdsToPng } from '../../src/index.js';

const SAMPLE = new URL('../../../../../shared/datasets/coco_panoptic/sample_data/', import.meta.url).pathname;

describe('segment ids', () => {
  it('segmentIdsFromPng reads id = R + 256·G + 256²·B and segmentIdsToPng writes it back', () => {
    const ids = Uint32Array.from([0, 1, 256, 65536, 3937500, 16777215]);
    const png = segmentIdsToPng({ height: 2, width: 3, data: ids });
    expect(Array.from(png.data.slice(12, 15))).toEqual([3937500 & 255, (3937500 >> 8) & 255, 3937500 >> 16]);
    expect(Array.from(segmentIdsFromPng(png, 'x.png').data)).toEqual(Array.from(ids));
  });
});

describe('panopticToCoco', () => {
  it('a PNG id that segments_info does not list is an error naming the file and the id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'segkit-pan-'));
    await writePng(join(dir, 'a.png'), segmentIdsToPng({ height: 1, width: 3, data: Uint32Array.from([0, 7, 9]) }));
    const doc = {
      images: [{ id: 1, height: 1, width: 3, file_name: 'a.jpg' }],
      annotations: [
        { image_id: 1, file_name: 'a.png', segments_info: [{ id: 7, category_id: 1, area: 1, iscrowd: 0 }] },
      ],
      categories: [{ id: 1, name: 'thing', isthing: 1 }],
    };
    await expect(panopticToCoco(doc, await disk(dir), '.', 'pan.json')).rejects.toThrow(
      /a\.png: 1 pixels have segment id 9 \(RGB 9, 0, 0\)/,
    );
  });

  const present = existsSync(SAMPLE);
  if (!present) console.warn(`skipping panopticapi sample check: ${SAMPLE} is absent`);
  it.skipIf(!present)(
    'gives, for every segment, the RLE, area, bbox and iscrowd of panopticapi panoptic2detection',
    async () => {
      const doc = JSON.parse(readFileSync(join(SAMPLE, 'panoptic_examples.json'), 'utf8'));
      const expected = JSON.parse(readFileSync(join(SAMPLE, 'panoptic_coco_detection_format.json'), 'utf8'));
      const { dataset, report } = await panopticToCoco(
        doc,
        await disk(SAMPLE),
        'panoptic_examples',
        'panoptic_examples.json',
      );
      expect(report.lossless).toBe(true);
      expect(report.warnings).toEqual([]);
      const strip = (a: Record<string, unknown>) => ({
        image_id: a.image_id,
        category_id: a.category_id,
        segmentation: a.segmentation,
        area: a.area,
        bbox: a.bbox,
        iscrowd: a.iscrowd,
      });
      expect(dataset.annotations.map(strip)).toEqual(expected.annotations.map(strip));
      expect(dataset.annotations).toHaveLength(50);
    },
  );
});

describe('cocoToPanoptic', () => {
  const present = existsSync(SAMPLE);
  it.skipIf(!present)('panoptic -> COCO RLE -> panoptic gives back the same PNG ids and segments_info', async () => {
    const doc = JSON.parse(readFileSync(join(SAMPLE, 'panoptic_examples.json'), 'utf8'));
    const { dataset } = await panopticToCoco(doc, await disk(SAMPLE), 'panoptic_examples', 'panoptic_examples.json');
    const out = mkdtempSync(join(tmpdir(), 'segkit-pan-out-'));
    const { panoptic, report } = await cocoToPanoptic(dataset, sinkAt(out), '.');
    expect(report.lossless).toBe(true);
    const sortById = (segments: { id: number }[]) => [...segments].sort((a, b) => a.id - b.id);
    for (const [i, original] of doc.annotations.entries()) {
      const again = (panoptic.annotations as (typeof original)[])[i];
      expect(again.file_name).toBe(original.file_name);
      expect(sortById(again.segments_info)).toEqual(sortById(original.segments_info));
      const [before, after] = [
        await readPng(join(SAMPLE, 'panoptic_examples', original.file_name)),
        await readPng(join(out, original.file_name)),
      ];
      expect(Array.from(segmentIdsFromPng(after, 'after').data)).toEqual(
        Array.from(segmentIdsFromPng(before, 'before').data),
      );
    }
  });

  it('overlapping annotations: the policy decides, the loss is reported, a segment left empty is dropped', async () => {
    const square = (x: number, s: number) => [[x, 0, x + s, 0, x + s, s, x, s]];
    const coco = {
      images: [{ id: 1, height: 4, width: 4, file_name: 'a.jpg' }],
      categories: [
        { id: 1, name: 'a' },
        { id: 2, name: 'b' },
      ],
      annotations: [
        { id: 10, image_id: 1, category_id: 1, segmentation: square(0, 2), iscrowd: 0 },
        { id: 11, image_id: 1, category_id: 2, segmentation: square(1, 2), iscrowd: 0 },
        { id: 12, image_id: 1, category_id: 2, segmentation: square(0, 1), iscrowd: 0 },
      ],
    };
    const { panoptic, report } = await cocoToPanoptic(coco, sinkAt(mkdtempSync(join(tmpdir(), 'segkit-pan-ov-'))), '.');
    const segments = (panoptic.annotations as { segments_info: { id: number; area: number }[] }[])[0].segments_info;
    expect(segments.map((s) => [s.id, s.area])).toEqual([
      [10, 1],
      [11, 4],
      [12, 1],
    ]);
    expect(report.perClass.find((c) => c.id === 1)).toMatchObject({
      sourcePixels: 4,
      convertedPixels: 1,
      pixelsChanged: 3,
    });
    expect(report.lossless).toBe(false);
  });
});
