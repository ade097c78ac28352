import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { area, decode, encode, segmentationToRle, toCocoRle } from '@segkit/core';
import { segmentIdsToPng } from '@segkit/formats';
import { describe, expect, it } from 'vitest';
import { convertDataset, openDataset, openFileSource, readJsonFile, readPng, writePng } from '../../src/index.js';

const temp = () => mkdtempSync(join(tmpdir(), 'segkit-jobs-'));

/** 4x5 image: class 3 on the left two columns, class 5 a 2x2 square (pixels drawn in the test). */
const LABELS = Uint8Array.from([3, 3, 0, 0, 0, 3, 3, 0, 5, 5, 3, 3, 0, 5, 5, 3, 3, 0, 0, 0]);

describe('openDataset', () => {
  it('detects a panoptic JSON without --from and reads its segments (scope once misread it as coco)', async () => {
    const dir = temp();
    mkdirSync(join(dir, 'pan'));
    await writePng(
      join(dir, 'pan', 'a.png'),
      segmentIdsToPng({ height: 1, width: 3, data: Uint32Array.from([0, 7, 9]) }),
    );
    writeFileSync(
      join(dir, 'pan.json'),
      JSON.stringify({
        images: [{ id: 1, file_name: 'a.jpg', height: 1, width: 3 }],
        annotations: [
          {
            image_id: 1,
            file_name: 'a.png',
            segments_info: [
              { id: 7, category_id: 1 },
              { id: 9, category_id: 2 },
            ],
          },
        ],
        categories: [
          { id: 1, name: 'a' },
          { id: 2, name: 'b' },
        ],
      }),
    );
    const opened = await openDataset(join(dir, 'pan.json'));
    expect(opened.format.name).toBe('coco-panoptic');
    expect(
      opened.dataset.annotations.map((a) => [a.id, a.category_id, area(segmentationToRle(a.segmentation, 1, 3))]),
    ).toEqual([
      [7, 1, 1],
      [9, 2, 1],
    ]);
  });

  it('a bad annotation is an error naming the file and the annotation', async () => {
    const dir = temp();
    const file = join(dir, 'in.json');
    writeFileSync(file, JSON.stringify({ images: [{ id: 1, height: -1, width: 2 }], annotations: [] }));
    await expect(openDataset(file)).rejects.toThrow(
      `${file}: image 0 (id 1): "height" and "width" must be positive integers, got -1 and 2`,
    );
    await expect(openDataset(join(dir, 'missing.json'))).rejects.toThrow(
      `${join(dir, 'missing.json')}: cannot read: ENOENT`,
    );
  });

  it('--from png with a file that is not a PNG names that file', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'cut.png'), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2]));
    await expect(openDataset(dir, { from: 'png' })).rejects.toThrow(`${join(dir, 'cut.png')}: not a readable PNG`);
  });
});

describe('openFileSource', () => {
  it('refuses paths with .. and links that leave the folder, and lists no link', async () => {
    const dir = temp();
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'secret.txt'), 'secret');
    writeFileSync(join(dir, 'data', 'a.png'), 'x');
    symlinkSync(join(dir, 'secret.txt'), join(dir, 'data', 'link.png'));
    const source = await openFileSource(join(dir, 'data'));
    expect(await source.list()).toEqual(['a.png']);
    await expect(source.read('../secret.txt')).rejects.toThrow('leaves the dataset folder');
    await expect(source.read('link.png')).rejects.toThrow(`${join(dir, 'data', 'link.png')}: is a link that leaves`);
    expect(new TextDecoder().decode(await source.read('a.png'))).toBe('x');
  });
});

describe('convertDataset', () => {
  it('png -> coco -> coco-panoptic -> png gives the same class-index pixels back', async () => {
    const dir = temp();
    mkdirSync(join(dir, 'labels'));
    await writePng(join(dir, 'labels', 'a.png'), { width: 5, height: 4, channels: 1, depth: 8, data: LABELS });
    const first = await convertDataset(join(dir, 'labels'), join(dir, 'a.json'), { read: { ignoreIndex: 0 } });
    expect([first.from, first.to, first.report.lossless]).toEqual(['png', 'coco', true]);
    const panoptic = await convertDataset(join(dir, 'a.json'), join(dir, 'pan.json'), { to: 'coco-panoptic' });
    expect(readdirSync(join(dir, 'pan'))).toEqual(['a.png']);
    expect(panoptic.report.lossless).toBe(true);
    const back = await convertDataset(join(dir, 'pan.json'), join(dir, 'back'), {
      to: 'png',
      write: { ignoreIndex: 0 },
    });
    expect(back.from).toBe('coco-panoptic');
    expect(Array.from((await readPng(join(dir, 'back', 'a.png'))).data)).toEqual(Array.from(LABELS));
  });

  it('labelme -> png: a labelme rectangle becomes the class pixels its COCO polygon rasterizes to', async () => {
    const dir = temp();
    writeFileSync(
      join(dir, 'a.json'),
      JSON.stringify({
        shapes: [
          {
            label: 'box',
            points: [
              [1, 1],
              [3, 2],
            ],
            shape_type: 'rectangle',
          },
        ],
        imagePath: 'a.jpg',
        imageHeight: 4,
        imageWidth: 5,
      }),
    );
    const result = await convertDataset(join(dir, 'a.json'), join(dir, 'masks'), { from: 'labelme', to: 'png' });
    expect(result.report.to).toBe('png');
    const png = await readPng(join(dir, 'masks', 'a.png'));
    const coco = await convertDataset(join(dir, 'a.json'), join(dir, 'a-coco.json'), { from: 'labelme' });
    expect(coco.to).toBe('coco');
    const document = (await readJsonFile(join(dir, 'a-coco.json'))) as { annotations: { segmentation: unknown }[] };
    const mask = decode(segmentationToRle(document.annotations[0].segmentation, 4, 5)).data;
    expect(Array.from(png.data).map((v) => (v === 1 ? 1 : 0))).toEqual(Array.from(mask));
    expect(mask.includes(1)).toBe(true);
  });

  it('an aborted signal stops the conversion before it writes, with the AbortError every job rejects with', async () => {
    const dir = temp();
    mkdirSync(join(dir, 'labels'));
    await writePng(join(dir, 'labels', 'a.png'), { width: 5, height: 4, channels: 1, depth: 8, data: LABELS });
    const controller = new AbortController();
    controller.abort(new Error('stopped by the user'));
    await expect(
      convertDataset(join(dir, 'labels'), join(dir, 'out.json'), {}, { signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError', cause: new Error('stopped by the user') });
    expect(readdirSync(dir)).toEqual(['labels']);
  });

  it('coco -> coco-results -> coco keeps every mask; the crowd region is reported as left out', async () => {
    const dir = temp();
    const rle = (data: number[]) => toCocoRle(encode({ height: 2, width: 2, data: Uint8Array.from(data) }));
    writeFileSync(
      join(dir, 'gt.json'),
      JSON.stringify({
        images: [{ id: 1, file_name: 'a.jpg', height: 2, width: 2 }],
        annotations: [
          { id: 1, image_id: 1, category_id: 1, segmentation: rle([1, 0, 0, 0]), iscrowd: 0, score: 0.5 },
          { id: 2, image_id: 1, category_id: 1, segmentation: rle([0, 1, 1, 1]), iscrowd: 1 },
        ],
        categories: [{ id: 1, name: 'a' }],
      }),
    );
    const out = await convertDataset(join(dir, 'gt.json'), join(dir, 'res.json'), { to: 'coco-results' });
    expect(out.report.lossless).toBe(false);
    expect(out.report.warnings).toEqual(['1 crowd regions left out: a results file holds detections only']);
    const back = await openDataset(join(dir, 'res.json'));
    expect(back.format.name).toBe('coco-results');
    expect(back.dataset.annotations.map((a) => [a.score, a.segmentation])).toEqual([[0.5, rle([1, 0, 0, 0])]]);
  });
});
