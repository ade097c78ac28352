import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { polygonToRle, toCocoRle } from '@segkit/core';
import { openFileSource as disk, readPng, openFileSink as sinkAt, writePng } from '@segkit/jobs';
import { describe, expect, it } from 'vitest';
import { readBinaryMasks, validateCoco, validateImageFiles, writeBinaryMasks } from '../../src/index.js';

const DSB = new URL('../../../../../shared/datasets/dsb2018_nuclei/stage1_train', import.meta.url).pathname;

const square = (x: number, y: number, s: number) =>
  toCocoRle(polygonToRle([x, y, x + s, y, x + s, y + s, x, y + s], 8, 8));

function dataset() {
  return {
    images: [
      { id: 1, file_name: 'a.png', height: 8, width: 8 },
      { id: 2, file_name: 'b.png', height: 8, width: 8 },
    ],
    categories: [{ id: 1, name: 'thing' }],
    annotations: [
      { id: 1, image_id: 1, category_id: 1, segmentation: square(0, 0, 4), area: 16, bbox: [0, 0, 4, 4], iscrowd: 0 },
      { id: 2, image_id: 1, category_id: 1, segmentation: square(2, 2, 4), area: 16, bbox: [2, 2, 4, 4], iscrowd: 0 },
      {
        id: 3,
        image_id: 2,
        category_id: 1,
        segmentation: [[0, 0, 8, 0, 8, 8, 0, 8]],
        area: 64,
        bbox: [0, 0, 8, 8],
        iscrowd: 0,
      },
    ] as Record<string, unknown>[],
  };
}

const codes = (document: unknown, type?: 'instance' | 'panoptic') =>
  validateCoco(document, { file: 'in.json', type }).problems.map((p) => `${p.severity} ${p.code}`);

describe('validateCoco', () => {
  it('a consistent dataset has only the overlap warning it really has (4 shared pixels), on the later annotation', () => {
    const problems = validateCoco(dataset(), { file: 'in.json' });
    expect(problems.problems).toEqual([
      {
        severity: 'warning',
        code: 'OVERLAP',
        where: 'in.json: annotation 1 (id 2)',
        message:
          'annotation 1 (id 2) shares 4 pixels with earlier annotations of image id 1, among them annotation 0 (id 1)',
      },
    ]);
  });

  it('as panoptic, the overlap and the uncovered pixels of image 1 are errors', () => {
    expect(codes(dataset(), 'panoptic')).toEqual(['error OVERLAP', 'error COVERAGE']);
  });

  it('finds every problem, not just the first, each naming the file and the annotation', () => {
    const d = dataset();
    d.annotations.push(
      { id: 3, image_id: 2, category_id: 9, segmentation: [[0, 0, 1, 1]], iscrowd: 0 },
      { id: 5, image_id: 7, category_id: 1, segmentation: [[0, 0, 1, 0, 1, 1]], iscrowd: 0 },
      { id: 6, image_id: 2, category_id: 1, segmentation: { size: [8, 8], counts: [10, 5] }, iscrowd: 1 },
      { id: 7, image_id: 2, category_id: 1, segmentation: { size: [4, 16], counts: [64] }, iscrowd: 1 },
      { id: 8, image_id: 2, category_id: 1, segmentation: square(1, 1, 2), area: 5, bbox: [1, 1, 2, 2], iscrowd: 0 },
      { id: 9, image_id: 2, category_id: 1, segmentation: [[0, 0, 20, 0, 20, 3, 0, 3]], iscrowd: 0 },
    );
    const problems = validateCoco(d, { file: 'in.json' }).problems;
    const found = problems.map((p) => `${p.severity} ${p.code} ${p.where}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'error DUPLICATE_ID in.json: annotation 3 (id 3)',
        'error UNKNOWN_CATEGORY in.json: annotation 3 (id 3)',
        'error POLYGON in.json: annotation 3 (id 3)',
        'error UNKNOWN_IMAGE in.json: annotation 4 (id 5)',
        'error RLE in.json: annotation 5 (id 6)',
        'error MASK_SIZE in.json: annotation 6 (id 7)',
        'warning AREA in.json: annotation 7 (id 8)',
        'warning OUTSIDE in.json: annotation 8 (id 9)',
      ]),
    );
    expect(problems.find((p) => p.code === 'RLE')?.message).toMatch(
      /counts sum to 15 but the mask is \[8, 8\] = 64 pixels/,
    );
  });

  it('a document without its lists is one structural error per list', () => {
    expect(codes({ images: [] })).toEqual(['error STRUCTURE', 'error STRUCTURE']);
    expect(codes([1, 2])).toEqual(['error STRUCTURE']);
  });
});

describe('binary masks', () => {
  it('writeBinaryMasks then readBinaryMasks gives back the same RLEs', async () => {
    const out = mkdtempSync(join(tmpdir(), 'segkit-masks-'));
    const d = dataset();
    expect(await writeBinaryMasks(d, sinkAt(out))).toBe(3);
    const mask = await readPng(join(out, 'a', 'masks', '2.png'));
    expect(mask.data[2 * 8 + 2]).toBe(255);
    expect(mask.data[0]).toBe(0);
    const back = await readBinaryMasks(await disk(out));
    expect(back.images.map((i) => [i.file_name, i.height, i.width])).toEqual([
      ['a', 8, 8],
      ['b', 8, 8],
    ]);
    expect(back.annotations.map((a) => (a.segmentation as { counts: string }).counts)).toEqual([
      (d.annotations[0].segmentation as { counts: string }).counts,
      (d.annotations[1].segmentation as { counts: string }).counts,
      toCocoRle(polygonToRle([0, 0, 8, 0, 8, 8, 0, 8], 8, 8)).counts,
    ]);
  });

  const present = existsSync(DSB);
  if (!present) console.warn(`skipping DSB2018 checks: ${DSB} is absent (it ships with ../shared)`);
  it.skipIf(!present)(
    'the DSB2018 nuclei set: 1,626 masks, and its one real defect (2 shared pixels) found by name',
    async () => {
      const masks = await readBinaryMasks(await disk(DSB), { categoryName: 'nucleus' });
      expect([masks.images.length, masks.annotations.length]).toEqual([24, 1626]);
      const problems = validateCoco(masks, { file: 'dsb' }).problems;
      expect(problems).toHaveLength(1);
      expect(problems[0].code).toBe('OVERLAP');
      expect(problems[0].message).toMatch(
        /mask 08aa41bd7909.*shares 2 pixels.*mask bf66816fe623|mask bf66816fe623.*shares 2 pixels.*mask 08aa41bd7909/,
      );
    },
  );
});

describe('validateImageFiles (validate --images)', () => {
  it('a missing image file and an image whose real size differs are errors naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'segkit-images-'));
    await writePng(join(dir, 'a.png'), { width: 8, height: 7, channels: 1, depth: 8, data: new Uint8Array(56) });
    const problems = (await validateImageFiles(dataset(), await disk(dir), 'in.json')).problems.filter(
      (p) => p.severity === 'error',
    );
    expect(problems.map((p) => `${p.code} ${p.where}: ${p.message}`)).toEqual([
      'IMAGE_SIZE in.json: image 0 (id 1): a.png is 8x7 but the dataset says 8x8',
      `IMAGE_MISSING in.json: image 1 (id 2): b.png is not in ${dir}`,
    ]);
  });
});
