/**
 * cityscapesFormat: polygons documents read to instances whose masks are exactly the regions of
 * cityscapesScripts' _instanceIds.png (reference fixture, Pillow 12.3.0), and COCO datasets of
 * Cityscapes labels written back to the four ground-truth PNGs.
 */
import { decode, encode, fromCocoRle, SegkitError, toCocoRle } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../core/test/properties/arbitraries.js';
import { cityscapesFormat } from '../../src/cityscapes/format.js';
import type { CocoDataset } from '../../src/coco/dataset.js';
import { decodePng } from '../../src/io/png.js';
import { memorySink, memorySource } from '../codec-files.js';
import { decodeRaw, expectSameImage, rasterCases } from './raster-fixture.js';

const sourceOf = (doc: unknown, stem = 'c/x_000000_000000') =>
  memorySource({ [`${stem}_gtFine_polygons.json`]: JSON.stringify(doc) });

describe('cityscapesFormat.read', () => {
  it.each(rasterCases.map((c) => [`${c.id} ${c.family}`, c] as const))(
    'case %s: each annotation is exactly one value of the reference _instanceIds.png',
    async (_name, c) => {
      const { dataset } = await cityscapesFormat.read(sourceOf(c.doc));
      const reference = decodeRaw(c.instanceIds) as Int32Array;
      const values = new Set<number>();
      for (const annotation of dataset.annotations) {
        const value = annotation.cityscapes_instance_id as number;
        expect(values.has(value), `value ${value} twice`).toBe(false);
        values.add(value);
        if (value === 0) continue; // 'unlabeled' objects are drawn as the background is
        const mask = decode(fromCocoRle(annotation.segmentation as never));
        const expected = Uint8Array.from(reference, (v) => (v === value ? 1 : 0));
        expectSameImage(mask.data, expected, c.w, `case ${c.id} value ${value}`);
        expect(annotation.category_id).toBe(value >= 1000 ? Math.floor(value / 1000) : value);
      }
      // And every region of the reference is some annotation.
      for (const v of new Set(reference)) if (v !== 0) expect(values.has(v), `value ${v} missing`).toBe(true);
    },
  );

  it('keeps groups as one crowd annotation, skips deleted objects and license plates, and counts them', async () => {
    const square = (x: number) => [
      [x, 0],
      [x + 1, 0],
      [x + 1, 1],
      [x, 1],
    ];
    const { dataset, warnings } = await cityscapesFormat.read(
      sourceOf({
        imgHeight: 2,
        imgWidth: 8,
        objects: [
          { label: 'car', polygon: square(0) },
          { label: 'cargroup', polygon: square(2) },
          { label: 'car', polygon: square(4), deleted: 1 },
          { label: 'license plate', polygon: square(6) },
          { label: 'cargroup', polygon: square(6) },
        ],
      }),
    );
    expect(dataset.images).toEqual([{ id: 1, file_name: 'c/x_000000_000000_leftImg8bit.png', height: 2, width: 8 }]);
    // Pillow fills [x, x + 1] inclusive: each square is 2×2 pixels.
    expect(dataset.annotations.map((a) => [a.category_id, a.iscrowd, a.cityscapes_instance_id, a.area])).toEqual([
      [26, 0, 26000, 4],
      [26, 1, 26, 8],
    ]);
    expect(warnings).toEqual([
      'memory/c/x_000000_000000_gtFine_polygons.json: 2 object(s) skipped as cityscapesScripts skips them (1 deleted, 1 license plate)',
    ]);
  });

  it('names the file and the object of a malformed document', async () => {
    await expect(
      cityscapesFormat.read(sourceOf({ imgHeight: 2, imgWidth: 2, objects: [{ label: 'car', polygon: [[0, 'x']] }] })),
    ).rejects.toThrow('memory/c/x_000000_000000_gtFine_polygons.json: object 0 (car): polygon vertex 0');
  });
});

describe('cityscapesFormat.write', () => {
  it.each(rasterCases.map((c) => [`${c.id} ${c.family}`, c] as const))(
    'case %s: read then written, the PNGs are the reference labelIds, trainIds and instanceIds',
    async (_name, c) => {
      const { dataset } = await cityscapesFormat.read(sourceOf(c.doc));
      const sink = memorySink();
      await cityscapesFormat.write?.(dataset, sink);
      const png = (kind: string) =>
        decodePng(sink.files.get(`c/x_000000_000000_gtFine_${kind}.png`) as Uint8Array, kind).data;
      expectSameImage(png('labelIds'), decodeRaw(c.labelIds), c.w, 'labelIds');
      expectSameImage(png('labelTrainIds'), decodeRaw(c.trainIds), c.w, 'trainIds');
      expectSameImage(png('instanceIds'), decodeRaw(c.instanceIds), c.w, 'instanceIds');
    },
  );

  const grid = (rows: string[]) =>
    toCocoRle(
      encode({
        height: rows.length,
        width: rows[0].split(' ').length,
        data: Uint8Array.from(rows.join(' ').split(' ').map(Number)),
      }),
    );

  it('numbers instances per class in file order, paints later over earlier, and names the loser', async () => {
    const dataset: CocoDataset = {
      images: [{ id: 1, file_name: 'val/a/a_000001_000002_leftImg8bit.png', height: 2, width: 3 }],
      annotations: [
        { id: 1, image_id: 1, category_id: 7, segmentation: grid(['1 1 1', '1 1 1']), iscrowd: 0 },
        { id: 2, image_id: 1, category_id: 26, segmentation: grid(['0 1 1', '0 0 0']), iscrowd: 0 },
        { id: 3, image_id: 1, category_id: 26, segmentation: grid(['0 0 1', '0 0 1']), iscrowd: 0 },
      ],
      categories: [
        { id: 7, name: 'road' },
        { id: 26, name: 'car' },
      ],
    };
    const sink = memorySink();
    const { report, files } = (await cityscapesFormat.write?.(dataset, sink)) ?? ({} as never);
    expect(files).toBe(4);
    const png = (kind: string) =>
      decodePng(sink.files.get(`val/a/a_000001_000002_gtFine_${kind}.png`) as Uint8Array, kind);
    expect([...png('labelIds').data]).toEqual([7, 26, 26, 7, 7, 26]);
    expect([...png('labelTrainIds').data]).toEqual([0, 13, 13, 0, 0, 13]);
    expect([...png('instanceIds').data]).toEqual([7, 26000, 26001, 7, 7, 26001]);
    const color = png('color');
    expect([color.channels, ...color.data.slice(4, 8)]).toEqual([4, 0, 0, 142, 255]);
    expect(report.warnings).toEqual([
      'val/a/a_000001_000002_leftImg8bit.png: annotation 0 (id 1) lost 3 of 6 pixels to overlaps',
      'val/a/a_000001_000002_leftImg8bit.png: annotation 1 (id 2) lost 1 of 2 pixels to overlaps',
    ]);
    expect(report.perClass).toMatchObject([
      { id: 7, sourcePixels: 6, convertedPixels: 3, pixelsChanged: 3 },
      { id: 26, sourcePixels: 3, convertedPixels: 3, pixelsChanged: 0 },
    ]);
  });

  it('says a crowd region of a label without instances (road) loses its crowd mark', async () => {
    const dataset: CocoDataset = {
      images: [{ id: 1, height: 2, width: 3, file_name: 'val/a/a_000001_000002_leftImg8bit.png' }],
      annotations: [{ id: 1, image_id: 1, category_id: 7, segmentation: grid(['1 1 0', '0 0 0']), iscrowd: 1 }],
      categories: [{ id: 7, name: 'road' }],
    };
    const { report } = (await cityscapesFormat.write?.(dataset, memorySink())) ?? ({} as never);
    expect(report.warnings).toEqual([
      '1 crowd annotation(s) of labels without instances drawn like any other region: the crowd mark is lost',
    ]);
  });

  it('refuses a dataset whose classes are not Cityscapes labels, naming the first such category', async () => {
    const dataset: CocoDataset = {
      images: [],
      annotations: [],
      categories: [
        { id: 1, name: 'person' },
        { id: 2, name: 'cat' },
        { id: 3, name: 'dog' },
      ],
    };
    const error = await cityscapesFormat.write?.(dataset, memorySink()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SegkitError);
    expect((error as SegkitError).code).toBe('UNSUPPORTED');
    expect((error as SegkitError).message).toMatch(/^categories\[1\]: category 2 "cat" is not a Cityscapes label/);
  });
});

describe('cityscapes reader fuzz', () => {
  it('mutated polygons files read or throw SegkitError, nothing else (seed 31, 1,000 files)', async () => {
    const random = mulberry32(31);
    const base = new TextEncoder().encode(JSON.stringify(rasterCases[0].doc));
    const counts = { ok: 0, rejected: 0 };
    for (let i = 0; i < 1000; i++) {
      const bytes = base.slice();
      const edits = 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits; e++) bytes[Math.floor(random() * bytes.length)] = 32 + Math.floor(random() * 95);
      try {
        await cityscapesFormat.read(memorySource({ 'f_gtFine_polygons.json': bytes }));
        counts.ok++;
      } catch (error) {
        if (!(error instanceof SegkitError)) throw error;
        counts.rejected++;
      }
    }
    expect(counts.ok).toBeGreaterThan(0);
    expect(counts.rejected).toBeGreaterThan(0);
  });
});

describe('cityscapesFormat.detect', () => {
  it('accepts a tree of *_gtFine_polygons.json and refuses other JSON', async () => {
    expect(await cityscapesFormat.detect(sourceOf({}, 'train/a/a_000000_000001'))).toBe(true);
    expect(await cityscapesFormat.detect(memorySource({ 'a.json': '{}' }))).toBe(false);
  });
});
