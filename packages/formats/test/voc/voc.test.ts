/**
 * vocFormat: SegmentationObject + SegmentationClass palette PNGs as instances, and back, with small
 * maps drawn as grids of values, labelme's VOC example as real data, and a seeded fuzz.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode, encode, fromCocoRle, maskIou, polygonsToRle, SegkitError, toCocoRle } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../core/test/properties/arbitraries.js';
import type { CocoDataset } from '../../src/coco/dataset.js';
import { decodePng, encodePng } from '../../src/io/png.js';
import { vocPalette } from '../../src/semantic/label-map.js';
import { vocFormat } from '../../src/voc/format.js';
import { folderSource, memorySink, memorySource } from '../codec-files.js';

const VOC = new URL('../../../../../shared/datasets/labelme_voc/instance_segmentation/', import.meta.url).pathname;

/** Rows of space-separated values → an 8-bit map. */
function values(rows: string[]) {
  const height = rows.length;
  const width = rows[0].trim().split(/\s+/).length;
  const data = Uint8Array.from(rows.flatMap((row) => row.trim().split(/\s+/).map(Number)));
  return { height, width, data };
}
const png = (rows: string[]) => encodePng({ ...values(rows), channels: 1, depth: 8, palette: vocPalette() });
const pixels = (bytes: Uint8Array) => [...decodePng(bytes, 'test').data];
const mask = (rows: string[]) => toCocoRle(encode(values(rows)));

describe('vocFormat.read', () => {
  it('reads object k as the pixels of value k, its class from the class PNG, and keeps the void border out', async () => {
    const source = memorySource({
      'SegmentationObject/a.png': png([
        '0   1   1 255 0', //
        '0   1   1 255 2',
        '0 255 255 255 2',
      ]),
      'SegmentationClass/a.png': png([
        '0  15  15 255 0', //
        '0  15  15 255 9',
        '0 255 255 255 9',
      ]),
      'JPEGImages/a.jpg': 'jpeg bytes',
    });
    const { dataset, warnings } = await vocFormat.read(source);
    expect(dataset.images).toEqual([{ id: 1, file_name: 'JPEGImages/a.jpg', height: 3, width: 5 }]);
    expect(dataset.annotations.map((a) => [a.category_id, a.area, a.bbox])).toEqual([
      [15, 4, [1, 0, 2, 2]],
      [9, 2, [4, 1, 1, 2]],
    ]);
    expect([...decode(fromCocoRle(dataset.annotations[0].segmentation as never)).data]).toEqual([
      ...values(['0 1 1 0 0', '0 1 1 0 0', '0 0 0 0 0']).data,
    ]);
    expect(dataset.categories?.slice(8, 9)).toEqual([{ id: 9, name: 'chair', supercategory: 'voc' }]);
    expect(warnings).toEqual(['void border (255): 5 pixels in 1 image(s) belong to no mask']);
  });

  it('gives an object over several classes the majority and says so, naming file and object', async () => {
    const source = memorySource({
      'v/SegmentationObject/b.png': png(['1 1 1 1']),
      'v/SegmentationClass/b.png': png(['15 9 15 15']),
    });
    const { dataset, warnings } = await vocFormat.read(source);
    expect(dataset.annotations.map((a) => [a.category_id, a.area])).toEqual([[15, 4]]);
    expect(warnings).toEqual([
      'memory/v/SegmentationObject/b.png: object 1 covers classes 15 (3 px), 9 (1 px); given the majority, 15',
    ]);
  });

  it('names the file for a missing class PNG, a size mismatch and a damaged PNG', async () => {
    await expect(vocFormat.read(memorySource({ 'SegmentationObject/c.png': png(['1']) }))).rejects.toThrow(
      'memory/SegmentationObject/c.png: no SegmentationClass/c.png for this object PNG',
    );
    const mismatch = memorySource({ 'SegmentationObject/c.png': png(['1 1']), 'SegmentationClass/c.png': png(['1']) });
    await expect(vocFormat.read(mismatch)).rejects.toThrow('memory/SegmentationObject/c.png: is 2×1 but');
    const damaged = memorySource({
      'SegmentationObject/c.png': png(['1 1']).slice(0, 30),
      'SegmentationClass/c.png': png(['1 1']),
    });
    await expect(vocFormat.read(damaged)).rejects.toThrow(SegkitError);
    await expect(vocFormat.read(memorySource({ 'SegmentationClass/c.png': png(['1']) }))).rejects.toThrow(
      /reads with --from png/,
    );
  });

  const real = existsSync(VOC);
  if (!real) console.warn(`skipping VOC real-data check: ${VOC} is absent`);
  it.skipIf(!real)(
    "on labelme's VOC example, gives labelme2coco's instances: same classes in order, IoU > 0.9 with its polygons",
    async () => {
      const { dataset, warnings } = await vocFormat.read(folderSource(join(VOC, 'data_dataset_voc')));
      const published = JSON.parse(readFileSync(join(VOC, 'data_dataset_coco/annotations_shared.json'), 'utf8'));
      expect(dataset.images.map((i) => [i.file_name, i.width, i.height])).toEqual([
        ['JPEGImages/2011_000003.jpg', 500, 338],
        ['JPEGImages/2011_000006.jpg', 500, 375],
      ]);
      // class_names.txt names the classes as labels.txt does.
      expect(dataset.categories?.find((c) => (c as { id: number }).id === 15)).toMatchObject({ name: 'person' });
      for (const [k, image] of published.images.entries()) {
        const theirs = published.annotations.filter((a: { image_id: number }) => a.image_id === image.id);
        const ours = dataset.annotations.filter((a) => a.image_id === k + 1);
        expect(ours.map((a) => a.category_id)).toEqual(theirs.map((a: { category_id: number }) => a.category_id));
        ours.forEach((a, j) => {
          const rle = fromCocoRle(a.segmentation as never);
          const polygons = polygonsToRle(theirs[j].segmentation, image.height, image.width);
          // PIL (labelme's PNGs) and pycocotools (the COCO file) draw polygon edges differently; the
          // README measures tens of pixels per object, which on the 873-pixel bottle is IoU 0.93.
          expect(maskIou([rle], [polygons], [0]).values[0]).toBeGreaterThan(0.9);
        });
      }
      // labelme writes __ignore__ as 0 in SegmentationObject (255 only in SegmentationClass): no void to report.
      expect(warnings).toEqual([]);
    },
  );
  it.skipIf(!real)("on labelme's VOC example, read → write → read gives the same instances", async () => {
    const first = await vocFormat.read(folderSource(join(VOC, 'data_dataset_voc')));
    const sink = memorySink();
    const { report } = (await vocFormat.write?.(first.dataset, sink)) ?? ({} as never);
    expect(report.lossless).toBe(true);
    const second = await vocFormat.read(sink.asSource());
    expect(second.dataset.annotations.map((a) => [a.category_id, a.segmentation])).toEqual(
      first.dataset.annotations.map((a) => [a.category_id, a.segmentation]),
    );
  });
});

describe('vocFormat.write', () => {
  const dataset = (annotations: CocoDataset['annotations']): CocoDataset => ({
    images: [{ id: 1, file_name: 'JPEGImages/x.jpg', height: 3, width: 4 }],
    annotations,
    categories: [
      { id: 1, name: 'table' },
      { id: 2, name: 'cup' },
    ],
  });
  const small = mask(['0 0 0 0', '0 1 1 0', '0 0 0 0']);
  const big = mask(['1 1 1 1', '1 1 1 1', '1 1 1 1']);

  it('with overlap "last", a large later instance wipes out a small one, and the report names it', async () => {
    const sink = memorySink();
    const { report } =
      (await vocFormat.write?.(
        dataset([
          { id: 10, image_id: 1, category_id: 2, segmentation: small, iscrowd: 0 },
          { id: 11, image_id: 1, category_id: 1, segmentation: big, iscrowd: 0 },
        ]),
        sink,
      )) ?? ({} as never);
    expect(pixels(sink.files.get('SegmentationObject/x.png') as Uint8Array)).toEqual([
      ...values(['2 2 2 2', '2 2 2 2', '2 2 2 2']).data,
    ]);
    expect(report.lossless).toBe(false);
    expect(report.warnings).toEqual([
      'JPEGImages/x.jpg: annotation 0 (id 10) lost 2 of 2 pixels to overlaps (gone from the PNGs)',
    ]);
    expect(report.perClass).toMatchObject([
      { id: 1, sourcePixels: 12, convertedPixels: 12, pixelsChanged: 0, overlapPixels: 2 },
      { id: 2, sourcePixels: 2, convertedPixels: 0, pixelsChanged: 2, overlapPixels: 2 },
    ]);
  });

  it('with overlap "smaller-on-top", the small instance keeps its pixels in both PNGs', async () => {
    const sink = memorySink();
    await vocFormat.write?.(
      dataset([
        { id: 10, image_id: 1, category_id: 2, segmentation: small, iscrowd: 0 },
        { id: 11, image_id: 1, category_id: 1, segmentation: big, iscrowd: 0 },
      ]),
      sink,
      { overlap: 'smaller-on-top' },
    );
    const objects = sink.files.get('SegmentationObject/x.png') as Uint8Array;
    expect(pixels(objects)).toEqual([...values(['2 2 2 2', '2 1 1 2', '2 2 2 2']).data]);
    expect(pixels(sink.files.get('SegmentationClass/x.png') as Uint8Array)).toEqual([
      ...values(['1 1 1 1', '1 2 2 1', '1 1 1 1']).data,
    ]);
    expect(decodePng(objects, 'x').palette?.[1]).toEqual([128, 0, 0]);
    expect(sink.text('class_names.txt')).toBe('background\ntable\ncup\n');
  });

  it('writes crowd as void (255) under the instances, and reads a disjoint dataset back as it was', async () => {
    const sink = memorySink();
    const { report } =
      (await vocFormat.write?.(
        dataset([
          { id: 1, image_id: 1, category_id: 2, segmentation: small, iscrowd: 0 },
          { id: 2, image_id: 1, category_id: 1, segmentation: mask(['1 0 0 0', '0 0 0 0', '0 0 0 1']), iscrowd: 0 },
          { id: 3, image_id: 1, category_id: 1, segmentation: mask(['1 1 0 0', '0 0 0 0', '0 0 0 0']), iscrowd: 1 },
        ]),
        sink,
      )) ?? ({} as never);
    expect(pixels(sink.files.get('SegmentationObject/x.png') as Uint8Array)).toEqual([
      ...values(['2 255 0 0', '0 1 1 0', '0 0 0 2']).data,
    ]);
    expect(report.warnings[0]).toBe('1 crowd region(s) written as void (255): VOC has no iscrowd');
    const back = await vocFormat.read(sink.asSource());
    expect(back.dataset.annotations.map((a) => [a.category_id, a.segmentation])).toEqual([
      [2, small],
      [1, mask(['1 0 0 0', '0 0 0 0', '0 0 0 1'])],
    ]);
    expect(back.dataset.categories?.map((c) => (c as { name: string }).name)).toEqual(['table', 'cup']);
  });

  it('refuses category 0 (the background), naming the annotation', async () => {
    await expect(
      vocFormat.write?.(dataset([{ id: 5, image_id: 1, category_id: 0, segmentation: small }]), memorySink()),
    ).rejects.toThrow('annotation 0 (id 5): category_id 0 has no VOC value');
  });
});

describe('VOC reader fuzz', () => {
  it('damaged PNG pairs read or throw SegkitError, nothing else (seed 23, 300 pairs)', async () => {
    const random = mulberry32(23);
    const object = png(['0 1 1 255', '0 1 2 2', '3 3 2 255']);
    const cls = png(['0 5 5 255', '0 5 9 9', '1 1 9 255']);
    const counts = { ok: 0, rejected: 0 };
    for (let i = 0; i < 300; i++) {
      const a = object.slice();
      const b = cls.slice();
      const target = random() < 0.5 ? a : b;
      const edits = 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits; e++) target[Math.floor(random() * target.length)] = Math.floor(random() * 256);
      try {
        await vocFormat.read(memorySource({ 'SegmentationObject/f.png': a, 'SegmentationClass/f.png': b }));
        counts.ok++;
      } catch (error) {
        if (!(error instanceof SegkitError)) throw error;
        counts.rejected++;
      }
    }
    expect(counts.rejected).toBeGreaterThan(0);
  });
});

describe('vocFormat.detect', () => {
  it('accepts a folder with SegmentationObject PNGs and refuses a class folder alone', async () => {
    expect(await vocFormat.detect(memorySource({ 'VOC/SegmentationObject/a.png': '' }))).toBe(true);
    expect(await vocFormat.detect(memorySource({ 'SegmentationClass/a.png': '' }))).toBe(false);
  });
});
