import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode, polygonToRle, rleToString } from '@segkit/core';
import { brushLabelsResult, formatCvatImagesXml } from '@segkit/formats';
import { describe, expect, it } from 'vitest';
import { segkit } from './run-cli.js';

const temp = () => mkdtempSync(join(tmpdir(), 'segkit-tools-'));
const triangle = polygonToRle([1, 1, 9, 2, 4, 7], 8, 12);
const square = polygonToRle([6, 0, 11, 0, 11, 5, 6, 5], 8, 12);

describe('segkit convert from annotation tools to COCO RLE', () => {
  it('--from cvat: every <mask> becomes the same pixels as compressed RLE, labels as categories', () => {
    const dir = temp();
    const xml = formatCvatImagesXml([
      {
        id: 0,
        name: 'frame_000.png',
        width: 12,
        height: 8,
        masks: [
          { label: 'road', rle: triangle },
          { label: 'car', rle: square, attributes: { z_order: '2' } },
        ],
      },
    ]);
    writeFileSync(join(dir, 'annotations.xml'), xml);
    const run = segkit('convert', join(dir, 'annotations.xml'), join(dir, 'out.json'));
    expect(run.stderr).toBe('');
    const out = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
    expect(out.categories.map((c: { name: string }) => c.name)).toEqual(['road', 'car']);
    expect(out.annotations.map((a: { segmentation: { counts: string } }) => a.segmentation.counts)).toEqual([
      rleToString(triangle),
      rleToString(square),
    ]);
    expect(out.annotations[1].z_order).toBe(2);
  });

  it('--from label-studio: brush masks of the last completed annotation, a task without masks reported', () => {
    const dir = temp();
    const bitmap = { height: 8, width: 12, data: new Uint8Array(96) };
    bitmap.data.fill(1, 30, 40);
    const tasks = [
      {
        id: 1,
        data: { image: '/data/upload/1/a.png' },
        annotations: [
          {
            id: 10,
            was_cancelled: false,
            result: [brushLabelsResult({ bitmap, labels: ['lane'], fromName: 'tag', toName: 'image' })],
          },
        ],
      },
      { id: 2, data: { image: '/data/upload/1/b.png' }, annotations: [] },
    ];
    writeFileSync(join(dir, 'export.json'), JSON.stringify(tasks));
    const run = segkit(
      'convert',
      join(dir, 'export.json'),
      join(dir, 'out.json'),
      '--from',
      'label-studio',
      '--format',
      'json',
    );
    expect(run.stderr).toBe('');
    const summary = JSON.parse(run.stdout);
    expect(summary.report.warnings).toHaveLength(1);
    const out = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
    expect(out.images).toHaveLength(1);
    expect(out.annotations[0].segmentation.counts).toBe(rleToString(encode(bitmap)));
    expect(out.categories[0].name).toBe('lane');
  });
});
