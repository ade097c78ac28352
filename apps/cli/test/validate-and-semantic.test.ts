import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode } from '@segkit/core';
import { brushLabelsResult, formatCvatImagesXml } from '@segkit/formats';
import { describe, expect, it } from 'vitest';
import { grid } from '../../../packages/core/test/properties/arbitraries.js';
import { segkit } from './run-cli.js';

const CAMVID = new URL('../../../../shared/datasets/camvid/trainannot', import.meta.url).pathname;
const temp = () => mkdtempSync(join(tmpdir(), 'segkit-cli-'));

describe('segkit validate', () => {
  it('exit 1 and one line per problem, errors first, when a dataset has errors', () => {
    const dir = temp();
    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify({
        images: [{ id: 1, height: 4, width: 4 }],
        categories: [{ id: 1, name: 'a' }],
        annotations: [
          { id: 1, image_id: 1, category_id: 2, segmentation: [[0, 0, 2, 0, 2, 2]], iscrowd: 0 },
          { id: 2, image_id: 1, category_id: 1, segmentation: { size: [4, 4], counts: [1, 2] }, iscrowd: 1 },
        ],
      }),
    );
    const run = segkit('validate', join(dir, 'bad.json'));
    expect(run.status).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^error UNKNOWN_CATEGORY .*bad\.json: annotation 0 \(id 1\): category_id 2 is not in "categories"/,
    );
    expect(lines[1]).toMatch(
      /^error RLE .*annotation 1 \(id 2\): counts sum to 3 but the mask is \[4, 4\] = 16 pixels/,
    );
    expect(lines.at(-1)).toBe('2 errors, 0 warnings');
  });

  it('--format json prints one object; a clean dataset exits 0', () => {
    const dir = temp();
    writeFileSync(
      join(dir, 'ok.json'),
      JSON.stringify({ images: [{ id: 1, height: 4, width: 4 }], categories: [{ id: 1 }], annotations: [] }),
    );
    const run = segkit('validate', join(dir, 'ok.json'), '--format', 'json');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ valid: true, errors: 0, warnings: 0, problems: [] });
  });

  it('--images checks a class-index PNG folder too: each label has its image, of the same size', async () => {
    const { writePng } = await import('@segkit/jobs');
    const dir = temp();
    const png = (width: number) => ({ width, height: 3, channels: 1, depth: 8, data: new Uint8Array(width * 3) });
    await writePng(join(dir, 'labels', 'a.png'), png(4));
    await writePng(join(dir, 'labels', 'b.png'), png(4));
    await writePng(join(dir, 'photos', 'a.png'), png(5));
    const run = segkit('validate', join(dir, 'labels'), '--images', join(dir, 'photos'), '--ignore-index', '0');
    expect(run.status).toBe(1);
    expect(run.stdout.trim().split('\n')).toEqual([
      `error IMAGE_SIZE ${join(dir, 'labels')}: image 0 (id 1): a.png is 5x3 but the dataset says 4x3`,
      `error IMAGE_MISSING ${join(dir, 'labels')}: image 1 (id 2): b.png is not in ${join(dir, 'photos')}`,
      '2 errors, 0 warnings',
    ]);
  });

  it('reads CVAT, labelme and Label Studio through the registry and checks their COCO model', () => {
    const dir = temp();
    // Two CVAT masks sharing the pixel at (1, 1): an OVERLAP warning, no error.
    writeFileSync(
      join(dir, 'annotations.xml'),
      formatCvatImagesXml([
        {
          id: 0,
          name: 'a.png',
          width: 3,
          height: 3,
          masks: [
            { label: 'car', rle: encode(grid('# # .\n# # .\n. . .')) },
            { label: 'road', rle: encode(grid('. . .\n. # #\n. # #')) },
          ],
        },
      ]),
    );
    const cvat = segkit('validate', join(dir, 'annotations.xml'), '--format', 'json');
    expect(cvat.stderr).toBe('');
    expect(cvat.status).toBe(0);
    expect(JSON.parse(cvat.stdout)).toMatchObject({ from: 'cvat', valid: true, errors: 0, warnings: 1 });
    expect(JSON.parse(cvat.stdout).problems[0]).toMatchObject({ code: 'OVERLAP', severity: 'warning' });

    writeFileSync(
      join(dir, 'shapes.json'),
      JSON.stringify({
        shapes: [
          {
            label: 'box',
            points: [
              [0, 0],
              [2, 2],
            ],
            shape_type: 'rectangle',
          },
        ],
        imagePath: 'a.jpg',
        imageHeight: 3,
        imageWidth: 3,
      }),
    );
    const labelme = segkit('validate', join(dir, 'shapes.json'), '--format', 'json');
    expect(labelme.stderr).toBe('');
    expect(JSON.parse(labelme.stdout)).toMatchObject({ from: 'labelme', valid: true, errors: 0 });

    const bitmap = grid('# .\n. #');
    writeFileSync(
      join(dir, 'export.json'),
      JSON.stringify([
        {
          id: 1,
          data: { image: '/data/upload/1/a.png' },
          annotations: [
            { id: 1, result: [brushLabelsResult({ bitmap, labels: ['x'], fromName: 'tag', toName: 'image' })] },
          ],
        },
      ]),
    );
    const studio = segkit('validate', join(dir, 'export.json'), '--format', 'json');
    expect(studio.stderr).toBe('');
    expect(JSON.parse(studio.stdout)).toMatchObject({ from: 'label-studio', valid: true, errors: 0, warnings: 0 });
  });
});

describe.skipIf(!existsSync(CAMVID))('segkit convert between class-index PNGs and COCO (CamVid)', () => {
  it('png -> coco -> png reports lossless both ways and writes the --report JSON', () => {
    const dir = temp();
    const there = segkit(
      'convert',
      CAMVID,
      join(dir, 'camvid.json'),
      '--ignore-index',
      '11',
      '--report',
      join(dir, 'r1.json'),
    );
    expect(there.stderr).toBe('');
    expect(there.stdout).toMatch(/lossless: every pixel of every class is as in the source \(24 images/);
    const back = segkit(
      'convert',
      join(dir, 'camvid.json'),
      join(dir, 'back'),
      '--from',
      'coco',
      '--to',
      'png',
      '--ignore-index',
      '11',
      '--format',
      'json',
    );
    expect(back.status).toBe(0);
    expect(JSON.parse(back.stdout)).toMatchObject({ from: 'coco', to: 'png', lossless: true });
    const report = JSON.parse(readFileSync(join(dir, 'r1.json'), 'utf8'));
    expect(report).toMatchObject({ from: 'png', to: 'coco', images: 24, lossless: true });
    expect(report.perClass.every((c: { iou: number }) => c.iou === 1)).toBe(true);
  });
});

describe('segkit eval semantic --threads', () => {
  it('the result does not depend on the number of worker threads, nor does the error reported', async () => {
    const { writePng } = await import('@segkit/jobs');
    const dir = temp();
    for (let i = 0; i < 7; i++) {
      const data = Uint8Array.from({ length: 48 }, (_, p) => (p * (i + 3)) % 5);
      await writePng(join(dir, 'gt', `${i}.png`), { width: 8, height: 6, channels: 1, depth: 8, data });
      await writePng(join(dir, 'pred', `${i}.png`), {
        width: 8,
        height: 6,
        channels: 1,
        depth: 8,
        data: data.map((v, p) => (p % 7 === 0 ? (v + 1) % 5 : v)),
      });
    }
    const run = (threads: string) =>
      segkit(
        'eval',
        'semantic',
        '--gt',
        join(dir, 'gt'),
        '--pred',
        join(dir, 'pred'),
        '--num-classes',
        '5',
        '--threads',
        threads,
        '--format',
        'json',
      );
    const one = run('1');
    expect(one.stderr).toBe('');
    expect(run('3').stdout).toBe(one.stdout);
    // Two bad predictions: the first in file order is reported, with 1 or 3 threads.
    await writePng(join(dir, 'pred', '2.png'), {
      width: 4,
      height: 6,
      channels: 1,
      depth: 8,
      data: new Uint8Array(24),
    });
    await writePng(join(dir, 'pred', '5.png'), {
      width: 8,
      height: 6,
      channels: 1,
      depth: 8,
      data: new Uint8Array(48).fill(9),
    });
    for (const threads of ['1', '3']) {
      const bad = run(threads);
      expect(bad.status).toBe(1);
      expect(bad.stderr).toMatch(/pred\/2\.png: prediction is 4x6 but the ground truth is 8x6/);
    }
  });
});
