import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode, polygonToRle, SegkitError, toCocoRle } from '@segkit/core';
import { openFileSource as disk, readPng, openFileSink as sinkAt, writePng } from '@segkit/jobs';
import { describe, expect, it } from 'vitest';
import {
  classRles,
  cocoToSemanticFolder,
  encodePng,
  type LabelMap,
  semanticFolderToCoco,
  vocPalette,
} from '../../src/index.js';

const DATASETS = new URL('../../../../../shared/datasets/', import.meta.url).pathname;
const CAMVID = join(DATASETS, 'camvid/trainannot');
const VOC = join(DATASETS, 'labelme_voc/semantic_segmentation/data_dataset_voc/SegmentationClass');

const temp = () => mkdtempSync(join(tmpdir(), 'segkit-semantic-'));

/** A label map drawn as rows of single-character class indices. */
function labels(rows: string): LabelMap {
  const lines = rows
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/));
  const data = Uint8Array.from(lines.flat().map((c) => (c === '.' ? 255 : Number(c))));
  return { height: lines.length, width: lines[0].length, data };
}

async function expectSameIndices(a: string, b: string): Promise<void> {
  const [x, y] = [await readPng(a), await readPng(b)];
  expect([y.width, y.height]).toEqual([x.width, x.height]);
  let differing = 0;
  for (let i = 0; i < x.data.length; i++) if (x.data[i] !== y.data[i]) differing++;
  expect(differing, `${b} vs ${a}`).toBe(0);
}

describe('classRles', () => {
  it('classRles gives each class exactly its pixels, column-major, ignore pixels in none', () => {
    const map = labels(`
      0 0 1 1 .
      0 2 2 1 .
      0 2 2 1 1
    `);
    const rles = classRles(map, 255);
    expect([...rles.keys()]).toEqual([0, 1, 2]);
    // Column-major: class 0 is the whole first column and the top of the second.
    expect(Array.from(rles.get(0)?.counts ?? [])).toEqual([0, 4, 11]);
    expect(Array.from(rles.get(2)?.counts ?? [])).toEqual([4, 2, 1, 2, 6]);
    expect(Array.from(rles.get(1)?.counts ?? [])).toEqual([6, 1, 2, 3, 2, 1]);
    for (const [label, rle] of rles) {
      const pixels = decode(rle).data;
      const expected = Array.from(map.data, (value) => (value === label ? 1 : 0));
      expect(Array.from(pixels), `class ${label}`).toEqual(expected);
    }
  });
});

describe('coco -> png: overlaps, merged instances and polygon precision are reported', () => {
  const dataset = () => ({
    images: [{ id: 1, file_name: 'dir/scene.jpg', height: 6, width: 6 }],
    categories: [
      { id: 1, name: 'road' },
      { id: 2, name: 'car' },
    ],
    annotations: [
      // road: rows 0-3 of every column (24 px); car: a 3×3 square at (2..4, 2..4) over its bottom rows.
      {
        id: 1,
        image_id: 1,
        category_id: 1,
        segmentation: toCocoRle(polygonToRle([0, 0, 6, 0, 6, 4, 0, 4], 6, 6)),
        iscrowd: 0,
      },
      { id: 2, image_id: 1, category_id: 2, segmentation: [[2, 2, 5, 2, 5, 5, 2, 5]], iscrowd: 0 },
      // A second car instance inside the first: merged, not an overlap between classes.
      { id: 3, image_id: 1, category_id: 2, segmentation: [[3, 3, 4, 3, 4, 4, 3, 4]], iscrowd: 0 },
    ],
  });

  it('cocoToSemanticFolder with the later annotation winning: road loses the 6 car pixels it shared', async () => {
    const out = temp();
    const report = await cocoToSemanticFolder(dataset(), sinkAt(out), { overlap: 'last' });
    const road = report.perClass.find((c) => c.id === 1);
    const car = report.perClass.find((c) => c.id === 2);
    expect(road).toMatchObject({ sourcePixels: 24, convertedPixels: 18, pixelsChanged: 6, iou: 18 / 24 });
    expect(car).toMatchObject({
      sourcePixels: 9,
      convertedPixels: 9,
      pixelsChanged: 0,
      iou: 1,
      instancesMerged: 1,
      overlapPixels: 6,
    });
    expect(report.lossless).toBe(false);
    const png = await readPng(join(out, 'dir/scene.png'));
    expect(Array.from(png.data.slice(12, 18))).toEqual([1, 1, 2, 2, 2, 1]); // row 2
    expect(Array.from(png.data.slice(30, 36))).toEqual([255, 255, 255, 255, 255, 255]); // row 5: unannotated
  });

  it('cocoToSemanticFolder with the earlier annotation winning: car keeps only its 3 pixels below the road', async () => {
    const report = await cocoToSemanticFolder(dataset(), sinkAt(temp()), { overlap: 'first' });
    const road = report.perClass.find((c) => c.id === 1);
    const car = report.perClass.find((c) => c.id === 2);
    expect(road).toMatchObject({ convertedPixels: 24, pixelsChanged: 0 });
    expect(car).toMatchObject({ sourcePixels: 9, convertedPixels: 3, pixelsChanged: 6, iou: 3 / 9 });
  });

  it('rejects an annotation whose class is the ignore value, naming it', async () => {
    const data = dataset();
    data.annotations[1].category_id = 255;
    await expect(cocoToSemanticFolder(data, sinkAt(temp()))).rejects.toThrow(
      /annotation 1 \(id 2\): category_id 255 equals the ignore value/,
    );
  });
});

describe('bad label files', () => {
  it('a truncated PNG is a SegkitError naming the file', async () => {
    const dir = temp();
    const bytes = encodePng({ width: 8, height: 8, channels: 1, depth: 8, data: new Uint8Array(64) });
    writeFileSync(join(dir, 'cut.png'), bytes.subarray(0, bytes.length - 20));
    await expect(semanticFolderToCoco(await disk(dir))).rejects.toThrow(/cut\.png: not a readable PNG/);
  });

  it('an RGB PNG is refused: class-index masks are single-channel', async () => {
    const dir = temp();
    await writePng(join(dir, 'rgb.png'), { width: 2, height: 1, channels: 3, depth: 8, data: new Uint8Array(6) });
    await expect(semanticFolderToCoco(await disk(dir))).rejects.toThrow(SegkitError);
  });

  it('palette PNGs are read as indices, not colours', async () => {
    const dir = temp();
    await writePng(join(dir, 'p.png'), {
      width: 3,
      height: 1,
      channels: 1,
      depth: 8,
      data: Uint8Array.from([0, 15, 255]),
      palette: vocPalette(),
    });
    const { dataset } = await semanticFolderToCoco(await disk(dir));
    expect(dataset.annotations.map((a) => a.category_id)).toEqual([0, 15]);
  });
});

for (const [name, dir, ignoreIndex] of [
  ['CamVid (8-bit grey, void = 11)', CAMVID, 11],
  ['labelme VOC (palette PNGs, 255 = ignore)', VOC, 255],
] as const) {
  const present = existsSync(dir);
  if (!present) console.warn(`skipping ${name} round trip: ${dir} is absent (it ships with ../shared)`);
  describe.skipIf(!present)(`real data: ${name}`, () => {
    it('PNG -> COCO RLE -> PNG is bit-exact and reported lossless both ways', async () => {
      const { dataset, report } = await semanticFolderToCoco(await disk(dir), { ignoreIndex });
      expect(report.lossless).toBe(true);
      for (const annotation of dataset.annotations) expect(annotation.iscrowd).toBe(0);
      const out = temp();
      const back = await cocoToSemanticFolder(JSON.parse(JSON.stringify(dataset)), sinkAt(out), { ignoreIndex });
      expect(back.lossless).toBe(true);
      const files = (await readdir(dir)).filter((f) => f.endsWith('.png'));
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) await expectSameIndices(join(dir, file), join(out, file));
    });
  });
}
