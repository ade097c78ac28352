/**
 * labelmeFormat: labels.txt numbering as labelme2coco, the writer (polygons as they are, masks traced
 * with holes filled and reported), and read → write → read round trips.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode, SegkitError, toCocoRle } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../core/test/properties/arbitraries.js';
import type { CocoDataset } from '../../src/coco/dataset.js';
import { labelmeFormat } from '../../src/labelme/format.js';
import { folderSource, memorySink, memorySource } from '../codec-files.js';

const INSTANCE = new URL('../../../../../shared/datasets/labelme_voc/instance_segmentation/', import.meta.url).pathname;

/** A bitmap from rows of '#' (on) and '.' (off). */
function grid(rows: string[]) {
  const height = rows.length;
  const width = rows[0].split(' ').length;
  const data = new Uint8Array(height * width);
  rows.forEach((row, y) => {
    row.split(' ').forEach((c, x) => {
      data[y * width + x] = c === '#' ? 1 : 0;
    });
  });
  return { height, width, data };
}

const labelmeFile = (shapes: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    version: '5.2.1',
    shapes,
    imagePath: 'a.jpg',
    imageData: null,
    imageHeight: 4,
    imageWidth: 6,
    ...extra,
  });

describe('labelmeFormat.read', () => {
  it('numbers classes from a labels.txt as labelme2coco: __ignore__ is -1, _background_ 0, then 1, 2, ...', async () => {
    const source = memorySource({
      'labels.txt': '__ignore__\n_background_\ncat\ndog\n',
      'a.json': labelmeFile([
        {
          label: 'dog',
          points: [
            [0, 0],
            [2, 0],
            [2, 2],
          ],
          shape_type: 'polygon',
        },
        {
          label: 'bird',
          points: [
            [0, 0],
            [2, 0],
            [2, 2],
          ],
          shape_type: 'polygon',
        },
        {
          label: 'cat',
          points: [
            [1, 1],
            [3, 1],
            [3, 3],
          ],
          shape_type: 'polygon',
        },
      ]),
    });
    const { dataset, warnings } = await labelmeFormat.read(source);
    expect(dataset.categories).toEqual([
      { id: 0, name: '_background_', supercategory: '_background_' },
      { id: 1, name: 'cat', supercategory: 'cat' },
      { id: 2, name: 'dog', supercategory: 'dog' },
    ]);
    expect(dataset.annotations.map((a) => a.category_id)).toEqual([2, 1]);
    expect(warnings).toEqual([
      'memory/a.json: shape 1: label "bird" is not in memory/labels.txt; left out, as labelme2coco does',
    ]);
  });

  it('takes classNames starting with __ignore__ as a labels.txt, and others as class i = entry i', async () => {
    const files = {
      'a.json': labelmeFile([
        {
          label: 'dog',
          points: [
            [0, 0],
            [2, 0],
            [2, 2],
          ],
        },
      ]),
    };
    const asLabelsTxt = await labelmeFormat.read(memorySource(files), {
      classNames: ['__ignore__', '_background_', 'cat', 'dog'],
    });
    expect(asLabelsTxt.dataset.annotations[0].category_id).toBe(2);
    const plain = await labelmeFormat.read(memorySource(files), { classNames: ['cat', 'dog'] });
    expect(plain.dataset.annotations[0].category_id).toBe(1);
  });

  it('rejects a labels.txt that does not start with __ignore__, naming it', async () => {
    const source = memorySource({ 'labels.txt': 'cat\n', 'a.json': labelmeFile([]) });
    await expect(labelmeFormat.read(source)).rejects.toThrow(
      'memory/labels.txt: a labelme labels.txt starts with "__ignore__"',
    );
  });

  it('names the file and the shape of a malformed shape', async () => {
    const source = memorySource({
      'x/a.json': labelmeFile([
        {
          label: 'cat',
          points: [
            [0, 0],
            [1, 'a'],
          ],
        },
      ]),
    });
    await expect(labelmeFormat.read(source)).rejects.toThrow(
      'memory/x/a.json: shape 0: point 1 is [1, "a"]; a point is [x, y]',
    );
    const bad = memorySource({ 'a.json': '{"shapes": [' }, 'a.json', 'in/a.json');
    await expect(labelmeFormat.read(bad)).rejects.toThrow(/^in\/a\.json: malformed JSON/);
  });

  it('detect accepts a labelme folder and refuses a COCO file', async () => {
    expect(await labelmeFormat.detect(memorySource({ 'a.json': labelmeFile([]) }))).toBe(true);
    expect(await labelmeFormat.detect(memorySource({ 'c.json': '{"images": [], "annotations": []}' }, 'c.json'))).toBe(
      false,
    );
  });

  const real = existsSync(INSTANCE);
  if (!real) console.warn(`skipping labelme labels.txt check: ${INSTANCE} is absent`);
  it.skipIf(!real)(
    'on labelme_voc with its labels.txt, gives the ids and polygons labelme2coco published',
    async () => {
      const { dataset } = await labelmeFormat.read(folderSource(INSTANCE));
      const published = JSON.parse(readFileSync(join(INSTANCE, 'data_dataset_coco/annotations_shared.json'), 'utf8'));
      expect(dataset.categories?.map((c) => [(c as { id: number }).id, (c as { name: string }).name])).toEqual(
        published.categories.map((c: { id: number; name: string }) => [c.id, c.name]),
      );
      for (const [k, image] of published.images.entries()) {
        const ours = dataset.annotations.filter((a) => a.image_id === dataset.images[k].id);
        const theirs = published.annotations.filter((a: { image_id: number }) => a.image_id === image.id);
        expect(ours.map((a) => [a.category_id, a.segmentation])).toEqual(
          theirs.map((a: { category_id: number; segmentation: unknown }) => [a.category_id, a.segmentation]),
        );
      }
    },
  );
  it.skipIf(!real)('on labelme_voc, read → write → read gives the same images, categories and polygons', async () => {
    const first = await labelmeFormat.read(folderSource(INSTANCE));
    const sink = memorySink();
    const { report } = (await labelmeFormat.write?.(first.dataset, sink)) ?? ({} as never);
    expect(report.lossless).toBe(true);
    const second = await labelmeFormat.read(sink.asSource());
    expect(second.dataset).toEqual(first.dataset);
  });
});

describe('labelmeFormat.write', () => {
  const ring = grid([
    '. . . . .', //
    '. # # # .',
    '. # . # .',
    '. # # # .',
    '. . . . .',
  ]);

  it('traces an RLE mask to its outer ring, fills the hole and reports it: 1 hole, 1 pixel changed', async () => {
    const dataset: CocoDataset = {
      images: [{ id: 7, file_name: 'imgs/r.png', height: 5, width: 5 }],
      annotations: [{ id: 1, image_id: 7, category_id: 3, segmentation: toCocoRle(encode(ring)), iscrowd: 0 }],
      categories: [{ id: 3, name: 'ring' }],
    };
    const sink = memorySink();
    const { report, files } = (await labelmeFormat.write?.(dataset, sink)) ?? ({} as never);
    expect(files).toBe(2);
    const written = JSON.parse(sink.text('imgs/r.json'));
    expect(written.imagePath).toBe('r.png');
    expect([written.imageHeight, written.imageWidth]).toEqual([5, 5]);
    expect(written.shapes).toHaveLength(1);
    // The square's corners, in any order and from any start: (1,1), (4,1), (4,4), (1,4).
    expect([...written.shapes[0].points].sort()).toEqual(
      [
        [1, 1],
        [1, 4],
        [4, 1],
        [4, 4],
      ].sort(),
    );
    expect(report.lossless).toBe(false);
    expect(report.perClass).toMatchObject([
      { id: 3, name: 'ring', sourcePixels: 8, convertedPixels: 9, pixelsChanged: 1, holesDropped: 1 },
    ]);
    expect(report.warnings).toContain('1 hole(s) filled: labelme polygons cannot hold holes');
    // ids 0..3 hold: _background_, two placeholders, ring.
    expect(sink.text('labels.txt')).toBe('__ignore__\n_background_\n_unused_1_\n_unused_2_\nring\n');
  });

  it('writes polygon parts vertex for vertex with a shared group_id, and reads them back as one instance', async () => {
    const dataset: CocoDataset = {
      images: [{ id: 1, file_name: 'a.jpg', height: 10, width: 10 }],
      annotations: [
        {
          id: 1,
          image_id: 1,
          category_id: 1,
          segmentation: [
            [0, 0, 3, 0, 3, 3],
            [5, 5, 8, 5, 8, 8.5],
          ],
          iscrowd: 0,
        },
        { id: 2, image_id: 1, category_id: 2, segmentation: [[1, 1, 4, 1, 4, 4, 1, 4]], iscrowd: 0 },
      ],
      categories: [
        { id: 1, name: 'sofa' },
        { id: 2, name: 'cat' },
      ],
    };
    const sink = memorySink();
    const { report } = (await labelmeFormat.write?.(dataset, sink)) ?? ({} as never);
    expect(report.lossless).toBe(true);
    const written = JSON.parse(sink.text('a.json'));
    expect(written.shapes.map((s: { label: string; group_id: unknown }) => [s.label, s.group_id])).toEqual([
      ['sofa', 0],
      ['sofa', 0],
      ['cat', null],
    ]);
    const back = await labelmeFormat.read(sink.asSource());
    expect(back.dataset.categories).toEqual([
      { id: 0, name: '_background_', supercategory: '_background_' },
      { id: 1, name: 'sofa', supercategory: 'sofa' },
      { id: 2, name: 'cat', supercategory: 'cat' },
    ]);
    expect(back.dataset.images).toEqual([{ id: 1, file_name: 'a.jpg', height: 10, width: 10 }]);
    expect(back.dataset.annotations.map((a) => [a.category_id, a.segmentation])).toEqual([
      [
        1,
        [
          [0, 0, 3, 0, 3, 3],
          [5, 5, 8, 5, 8, 8.5],
        ],
      ],
      [2, [[1, 1, 4, 1, 4, 4, 1, 4]]],
    ]);
  });

  it('with a tolerance, simplifies the traced ring and measures the pixels that costs', async () => {
    // A one-pixel notch in the top edge: exact, the ring has 8 corners; at tolerance 1.5 the notch
    // goes, the ring is the 8×4 rectangle, and the notch pixel (3, 0) is the one pixel changed.
    const notched = grid([
      '# # # . # # # #', //
      '# # # # # # # #',
      '# # # # # # # #',
      '# # # # # # # #',
    ]);
    const dataset: CocoDataset = {
      images: [{ id: 1, file_name: 'n.png', height: 4, width: 8 }],
      annotations: [{ id: 1, image_id: 1, category_id: 1, segmentation: toCocoRle(encode(notched)), iscrowd: 0 }],
      categories: [{ id: 1, name: 'notched' }],
    };
    const exact = memorySink();
    const kept = (await labelmeFormat.write?.(dataset, exact)) ?? ({} as never);
    expect(JSON.parse(exact.text('n.json')).shapes[0].points).toHaveLength(8);
    expect(kept.report.lossless).toBe(true);
    const coarse = memorySink();
    const cut = (await labelmeFormat.write?.(dataset, coarse, { tolerance: 1.5 })) ?? ({} as never);
    expect([...JSON.parse(coarse.text('n.json')).shapes[0].points].sort()).toEqual(
      [
        [0, 0],
        [8, 0],
        [8, 4],
        [0, 4],
      ].sort(),
    );
    expect(cut.report.lossless).toBe(false);
    expect(cut.report.perClass).toMatchObject([{ sourcePixels: 31, convertedPixels: 32, pixelsChanged: 1 }]);
  });

  it('reports crowd regions it writes as ordinary shapes', async () => {
    const dataset: CocoDataset = {
      images: [{ id: 1, file_name: 'a.jpg', height: 5, width: 5 }],
      annotations: [{ id: 1, image_id: 1, category_id: 1, segmentation: toCocoRle(encode(ring)), iscrowd: 1 }],
      categories: [{ id: 1, name: 'crowd' }],
    };
    const { report } = (await labelmeFormat.write?.(dataset, memorySink())) ?? ({} as never);
    expect(report.warnings).toContain('1 crowd region(s) written as ordinary shapes: labelme has no iscrowd');
  });
});

describe('labelme reader fuzz', () => {
  it('mutated labelme files read or throw SegkitError, nothing else (seed 9, 2,000 files)', async () => {
    const random = mulberry32(9);
    const base = new TextEncoder().encode(
      labelmeFile([
        {
          label: 'a',
          points: [
            [0, 0],
            [2, 0],
            [2, 2],
          ],
          group_id: 1,
        },
        {
          label: 'a',
          points: [
            [3, 3],
            [4, 3],
            [4, 4],
          ],
          group_id: 1,
          shape_type: 'polygon',
        },
        {
          label: 'b',
          points: [
            [0, 0],
            [2, 2],
          ],
          shape_type: 'rectangle',
        },
        {
          label: 'c',
          points: [
            [1, 1],
            [2, 2],
          ],
          shape_type: 'circle',
        },
      ]),
    );
    const counts = { ok: 0, rejected: 0 };
    for (let i = 0; i < 2000; i++) {
      const bytes = base.slice();
      const edits = 1 + Math.floor(random() * 4);
      for (let e = 0; e < edits; e++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 128);
      try {
        await labelmeFormat.read(memorySource({ 'a.json': bytes }, 'a.json'));
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
