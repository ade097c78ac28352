import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode, rleToString } from '@segkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ExportImage, exportDataset } from '../src/exports/dataset.js';
import { streamExportZip } from '../src/exports/stream-zip.js';
import { type ExportPartOutput, writeExportPart, writeExportZip } from '../src/exports/write-zip.js';
import type { DeliveryFormat } from '../src/services/projects.js';
import { LocalBlobStore } from '../src/storage/local.js';
import { CLASSES, unzip } from './helpers.js';

/** A 2×3 mask with the row-major pixel indices `pixels` set. */
function mask(pixels: number[]) {
  const data = new Uint8Array(6);
  for (const p of pixels) data[p] = 1;
  return { size: [2, 3] as [number, number], counts: rleToString(encode({ height: 2, width: 3, data })) };
}

/**
 * Five 3×2 images; the third and fourth have no labels, so the part of images 3-4 adds no
 * annotation (an empty array part in the spliced JSON):
 *   image 1: car   [x x .]   road [. . .]      image 2: person [. . .]  car [x . .]
 *                  [. . .]        [x x x]                      [. x x]      [. . .]
 *   image 5: road over all but pixel 5, a car on pixels 0 and 1 (overlapping the road).
 */
function images(): ExportImage[] {
  const image = (id: number, segments: ExportImage['segments']): ExportImage => ({
    id,
    fileName: `img-${id}.png`,
    width: 3,
    height: 2,
    segments,
  });
  return [
    image(1, [
      { id: 1, categoryId: 1, segmentation: mask([0, 1]) },
      { id: 2, categoryId: 0, segmentation: mask([3, 4, 5]) },
    ]),
    image(2, [
      { id: 1, categoryId: 2, segmentation: mask([4, 5]) },
      { id: 2, categoryId: 1, segmentation: mask([0]) },
    ]),
    image(3, []),
    image(4, []),
    image(5, [
      { id: 1, categoryId: 0, segmentation: mask([0, 1, 2, 3, 4]) },
      { id: 2, categoryId: 1, segmentation: mask([0, 1]) },
    ]),
  ];
}

const INFO = { description: 'exported by segkit', date_created: '2026-12-07T00:00:00.000Z' };

/** The parts of `all`, `size` images each, written as the export job writes them (here, not in the pool). */
async function* parts(delivery: DeliveryFormat, all: ExportImage[], size: number): AsyncGenerator<ExportPartOutput> {
  let annotationsBefore = 0;
  for (let start = 0; start < all.length; start += size) {
    const dataset = exportDataset(CLASSES, all.slice(start, start + size), { info: INFO, annotationsBefore });
    annotationsBefore += dataset.annotations.length;
    yield writeExportPart({ delivery, ignoreIndex: 255, dataset });
  }
}

let folder: string;
let store: LocalBlobStore;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'segkit-stream-zip-'));
  store = new LocalBlobStore(join(folder, 'blobs'), randomBytes(32));
});
afterEach(async () => rm(folder, { recursive: true, force: true }));

describe('streamExportZip', () => {
  const formats: DeliveryFormat[] = ['coco-rle', 'coco-polygon', 'png', 'coco-panoptic', 'cityscapes', 'binary-masks'];

  it.each(formats)(
    'a %s export streamed in parts of 2 images holds the files of the whole dataset written at once, byte for byte',
    async (delivery) => {
      const whole = await writeExportZip({
        delivery,
        ignoreIndex: 255,
        dataset: exportDataset(CLASSES, images(), { info: INFO, annotationsBefore: 0 }),
        title: 't',
      });
      const expected = await unzip(whole.zip);
      const written = await streamExportZip(store, 'exports/1-a.zip', parts(delivery, images(), 2), () => [
        { path: 'qa.json', data: Buffer.from('{"q":1}\n') },
      ]);
      const stored = (await store.get('exports/1-a.zip')) as Uint8Array;
      expect(written.bytes).toBe(stored.length);
      const got = await unzip(stored);
      expect(got.get('qa.json')?.toString()).toBe('{"q":1}\n');
      got.delete('qa.json');
      expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [path, bytes] of expected) expect(got.get(path)?.equals(bytes), path).toBe(true);
      expect(written.files).toBe(expected.size + 1);
      expect(written.summary).toBe(whole.summary);
    },
  );

  it('the parts of annotations.json are spliced into the JSON text the writer makes of the whole dataset', async () => {
    const written = await streamExportZip(store, 'exports/2-a.zip', parts('coco-rle', images(), 2), () => []);
    const got = await unzip((await store.get('exports/2-a.zip')) as Uint8Array);
    const coco = JSON.parse((got.get('annotations.json') as Buffer).toString());
    expect(Object.keys(coco)).toEqual(['info', 'images', 'annotations', 'categories']);
    expect(coco.images.map((i: { id: number }) => i.id)).toEqual([1, 2, 3, 4, 5]);
    expect(coco.annotations.map((a: { id: number; image_id: number }) => [a.id, a.image_id])).toEqual([
      [1, 1],
      [2, 1],
      [3, 2],
      [4, 2],
      [5, 5],
      [6, 5],
    ]);
    expect(written.summary).toBe(
      'converted 6 annotations on 5 images (0 polygons, 0 uncompressed RLE, 6 compressed RLE) to compressed RLE',
    );
  });

  it('a failure after the first part rejects with it and leaves nothing under the store, temporary files included', async () => {
    async function* failing() {
      const all = parts('png', images(), 2);
      yield (await all.next()).value as ExportPartOutput;
      throw new Error('the database went away');
    }
    await expect(streamExportZip(store, 'exports/3-a.zip', failing(), () => [])).rejects.toThrow(
      /the database went away/,
    );
    expect(await store.get('exports/3-a.zip')).toBeUndefined();
    expect(await readdir(join(folder, 'blobs'), { recursive: true })).toEqual(['exports']);
  });

  it('a path two parts write with different bytes is an error, and nothing is stored', async () => {
    async function* clashing(): AsyncGenerator<ExportPartOutput> {
      yield { files: [{ path: 'a.png', data: new Uint8Array([1]) }], summary: 'wrote 1' };
      yield { files: [{ path: 'a.png', data: new Uint8Array([2]) }], summary: 'wrote 1' };
    }
    await expect(streamExportZip(store, 'exports/4-a.zip', clashing(), () => [])).rejects.toThrow(
      /wrote a\.png twice with different contents/,
    );
    expect(await store.get('exports/4-a.zip')).toBeUndefined();
  });
});
