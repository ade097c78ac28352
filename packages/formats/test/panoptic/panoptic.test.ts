import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { panopticToCoco, segmentIdsFromPng, segmentIdsToPng, writePng } from '../../src/index.js';

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
    await expect(panopticToCoco(doc, dir, 'pan.json')).rejects.toThrow(
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
        join(SAMPLE, 'panoptic_examples'),
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
