import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFileSource as disk } from '@segkit/jobs';
import { describe, expect, it } from 'vitest';
import { encodePng, imageSize, readLabelme } from '../../src/index.js';

const FRUITS = new URL('../../../../../shared/datasets/fruits_nuts/', import.meta.url).pathname;
const VOC = new URL('../../../../../shared/datasets/labelme_voc/instance_segmentation/data_annotated/', import.meta.url)
  .pathname;

describe('readLabelme', () => {
  it('groups shapes by label and group_id, turns rectangles into polygons and reports what it leaves out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'segkit-labelme-'));
    const png = encodePng({ width: 7, height: 5, channels: 1, depth: 8, data: new Uint8Array(35) });
    writeFileSync(
      join(dir, 'a.json'),
      JSON.stringify({
        imagePath: 'a.png',
        imageData: Buffer.from(png).toString('base64'), // no imageHeight/imageWidth: size from the embedded PNG
        shapes: [
          {
            label: 'sofa',
            group_id: 0,
            shape_type: 'polygon',
            points: [
              [0, 0],
              [2, 0],
              [2, 2],
            ],
          },
          {
            label: 'cat',
            group_id: null,
            shape_type: 'rectangle',
            points: [
              [1, 1],
              [3, 4],
            ],
          },
          {
            label: 'sofa',
            group_id: 0,
            shape_type: 'polygon',
            points: [
              [4, 0],
              [6, 0],
              [6, 2],
            ],
          },
          {
            label: 'cat',
            shape_type: 'line',
            points: [
              [0, 0],
              [1, 1],
            ],
          },
          {
            label: '__ignore__',
            shape_type: 'polygon',
            points: [
              [0, 0],
              [1, 0],
              [1, 1],
            ],
          },
        ],
      }),
    );
    const { dataset, warnings } = await readLabelme(await disk(dir));
    expect(dataset.images).toEqual([{ id: 1, file_name: 'a.png', height: 5, width: 7 }]);
    expect(dataset.categories).toEqual([
      { id: 1, name: 'sofa', supercategory: 'sofa' },
      { id: 2, name: 'cat', supercategory: 'cat' },
    ]);
    expect(dataset.annotations.map((a) => [a.category_id, a.segmentation, a.area, a.bbox])).toEqual([
      [
        1,
        [
          [0, 0, 2, 0, 2, 2],
          [4, 0, 6, 0, 6, 2],
        ],
        4,
        [0, 0, 6, 2],
      ],
      [2, [[1, 1, 3, 1, 3, 4, 1, 4]], 6, [1, 1, 2, 3]],
    ]);
    expect(warnings).toHaveLength(2);
  });

  it('imageSize reads PNG and JPEG headers without decoding', () => {
    expect(imageSize(encodePng({ width: 9, height: 4, channels: 1, depth: 8, data: new Uint8Array(36) }))).toEqual({
      width: 9,
      height: 4,
    });
    // SOI, an APP0 segment of length 4, then SOF0 with height 0x0102 and width 0x0304.
    const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 1, 2, 3, 4, 1, 0, 0, 0]);
    expect(imageSize(jpeg)).toEqual({ width: 0x0304, height: 0x0102 });
    expect(imageSize(Uint8Array.from([1, 2, 3]))).toBeUndefined();
  });

  const fruits = existsSync(FRUITS);
  if (!fruits) console.warn(`skipping fruits_nuts labelme check: ${FRUITS} is absent`);
  it.skipIf(!fruits)('on fruits_nuts, gives the polygons labelme2coco wrote to the published COCO file', async () => {
    const { dataset } = await readLabelme(await disk(join(FRUITS, 'images')));
    const published = JSON.parse(readFileSync(join(FRUITS, 'annotations/trainval_shared.json'), 'utf8'));
    const names = new Map<number, string>(
      published.categories.map((c: { id: number; name: string }) => [c.id, c.name]),
    );
    const ours = new Map<number, string>(
      dataset.categories?.map((c) => [(c as { id: number }).id, (c as { name: string }).name]),
    );
    const key = (file: string, anns: { segmentation?: unknown; category_id?: number }[], names: Map<number, string>) =>
      `${file}: ${anns.map((a) => `${names.get(a.category_id as number)} ${JSON.stringify(a.segmentation)}`).join(' | ')}`;
    for (const image of published.images) {
      const mine = dataset.images.find((i) => i.file_name === image.file_name);
      expect(mine, image.file_name).toBeDefined();
      expect([mine?.width, mine?.height]).toEqual([image.width, image.height]);
      const theirs = published.annotations.filter((a: { image_id: number }) => a.image_id === image.id);
      const ourAnns = dataset.annotations.filter((a) => a.image_id === mine?.id);
      expect(key(image.file_name, ourAnns, ours)).toBe(key(image.file_name, theirs, names));
    }
  });

  const voc = existsSync(VOC);
  it.skipIf(!voc)('on the labelme VOC example, grouped sofa parts become one instance', async () => {
    const { dataset, warnings } = await readLabelme(await disk(VOC));
    const sofas = dataset.annotations.filter((a) =>
      dataset.categories?.find(
        (c) => (c as { id: number }).id === a.category_id && (c as { name: string }).name === 'sofa',
      ),
    );
    expect(sofas.some((a) => (a.segmentation as number[][]).length === 4)).toBe(true);
    expect(warnings.some((w) => w.includes('__ignore__'))).toBe(true);
  });
});
