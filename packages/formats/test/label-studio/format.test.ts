/**
 * labelStudioFormat: a JSON export's brush masks and polygons (percent points) as COCO instances, and
 * COCO written back as one task per image, with what Label Studio cannot hold reported.
 */
import { decode, encode, fromCocoRle, SegkitError, segmentationToRle, toCocoRle } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { grid, mulberry32 } from '../../../core/test/properties/arbitraries.js';
import type { CocoDataset } from '../../src/coco/dataset.js';
import { bitmapToBrushRle } from '../../src/label-studio/brush.js';
import { labelStudioFormat } from '../../src/label-studio/format.js';
import { memorySink, memorySource } from '../codec-files.js';

const polygon = (points: unknown[][], labels: string[], size = [4, 4]) => ({
  id: 'p',
  type: 'polygonlabels',
  from_name: 'label',
  to_name: 'image',
  original_width: size[0],
  original_height: size[1],
  image_rotation: 0,
  value: { points, closed: true, polygonlabels: labels },
});
const brush = (bitmap: ReturnType<typeof grid>, labels: string[]) => ({
  id: 'b',
  type: 'brushlabels',
  from_name: 'tag',
  to_name: 'image',
  original_width: bitmap.width,
  original_height: bitmap.height,
  image_rotation: 0,
  value: { format: 'rle', rle: bitmapToBrushRle(bitmap), brushlabels: labels },
});
const dot = grid('# . . .\n. . . .\n. . . .\n. . . .');
const exported = (results: unknown[], extra: unknown[] = []) =>
  memorySource({
    'export.json': JSON.stringify([
      { id: 1, data: { image: 'a.png' }, annotations: [{ id: 1, result: results }, ...extra] },
    ]),
  });

describe('labelStudioFormat.read', () => {
  it('reads a polygon in percent of the image as pixel coordinates, and brushes, in result order', async () => {
    const { dataset } = await labelStudioFormat.read(
      exported([
        polygon(
          [
            [0, 0],
            [100, 0],
            [100, 75],
          ],
          ['Road'],
        ),
        brush(dot, ['Car']),
      ]),
    );
    expect(dataset.images).toEqual([{ id: 1, file_name: 'a.png', height: 4, width: 4, ls_task: 1 }]);
    const [road, car] = dataset.annotations;
    expect([road.category_id, road.segmentation]).toEqual([1, [[0, 0, 4, 0, 4, 3]]]);
    // Pixel centres under the edge y = 0.75·x of the triangle (0,0) (4,0) (4,3):
    expect(decode(segmentationToRle(road.segmentation, 4, 4))).toEqual(grid('. # # #\n. . # #\n. . . #\n. . . .'));
    expect([road.area, road.bbox]).toEqual([6, [1, 0, 3, 3]]);
    expect([car.category_id, decode(fromCocoRle(car.segmentation as never))]).toEqual([2, dot]);
    expect(dataset.categories).toEqual([
      { id: 1, name: 'Road', supercategory: 'Road' },
      { id: 2, name: 'Car', supercategory: 'Car' },
    ]);
  });

  it('names the file, task, annotation and result of a bad polygon, and refuses regions on two sizes', async () => {
    await expect(
      labelStudioFormat.read(
        exported([
          polygon(
            [
              [0, 0],
              [1, 'x'],
              [2, 2],
            ],
            ['Road'],
          ),
        ]),
      ),
    ).rejects.toThrow(
      'memory/export.json: task 0 (id 1): annotation 0 (id 1): result 0 (id "p"): point 1 is [1, "x"]; a point is [x%, y%], two finite numbers within ±400000000 in pixels',
    );
    await expect(
      labelStudioFormat.read(
        exported([
          polygon(
            [
              [0, 0],
              [50, 0],
              [50, 50],
            ],
            ['A'],
            [8, 4],
          ),
          brush(dot, ['B']),
        ]),
      ),
    ).rejects.toThrow('memory/export.json: task 0 (id 1): result 1 is on a 4×4 image but the first region is on 8×4');
  });

  it('detect accepts an export and refuses a COCO file', async () => {
    expect(await labelStudioFormat.detect(exported([]))).toBe(true);
    expect(await labelStudioFormat.detect(memorySource({ 'c.json': '{"images": []}' }))).toBe(false);
  });
});

describe('labelStudioFormat.write', () => {
  const dataset: CocoDataset = {
    images: [
      { id: 1, file_name: 'a.png', height: 2, width: 4 },
      { id: 2, file_name: 'empty.png', height: 2, width: 4 },
    ],
    annotations: [
      { id: 1, image_id: 1, category_id: 3, segmentation: [[1, 0, 3, 0, 3, 2]], iscrowd: 0 },
      { id: 2, image_id: 1, category_id: 4, segmentation: toCocoRle(encode(grid('# # . .\n. # . .'))), iscrowd: 0 },
    ],
    categories: [
      { id: 3, name: 'lane' },
      { id: 4, name: 'car' },
    ],
  };

  it('writes one task per image: polygons in percent, masks as brush RLE; read back, the same pixels', async () => {
    const sink = memorySink();
    const { report } = (await labelStudioFormat.write?.(dataset, sink)) ?? ({} as never);
    const tasks = JSON.parse(sink.text('tasks.json'));
    expect(tasks.map((t: { data: unknown }) => t.data)).toEqual([{ image: 'a.png' }, { image: 'empty.png' }]);
    const [lane, car] = tasks[0].annotations[0].result;
    expect(lane).toMatchObject({
      type: 'polygonlabels',
      original_width: 4,
      original_height: 2,
      value: {
        points: [
          [25, 0],
          [75, 0],
          [75, 100],
        ],
        polygonlabels: ['lane'],
      },
    });
    expect(car).toMatchObject({ type: 'brushlabels', value: { format: 'rle', brushlabels: ['car'] } });
    expect(report.perClass).toMatchObject([
      { id: 3, pixelsChanged: 0 },
      { id: 4, pixelsChanged: 0 },
    ]);
    expect(report.warnings).toEqual([
      '1 image(s) without annotations written as tasks with no result: Label Studio keeps the image size only in results, so they read back without one',
    ]);
    const back = await labelStudioFormat.read(sink.asSource());
    expect(back.dataset.annotations.map((a) => decode(segmentationToRle(a.segmentation, 2, 4)))).toEqual(
      dataset.annotations.map((a) => decode(segmentationToRle(a.segmentation, 2, 4))),
    );
    expect(back.dataset.annotations[0].segmentation).toEqual([[1, 0, 3, 0, 3, 2]]);
    expect(back.warnings).toEqual([
      'task 1 (id 2): no brush mask or polygon, image left out (Label Studio keeps the size only in results)',
    ]);
  });

  it('reports multi-part polygons split into results and crowd regions', async () => {
    const parts: CocoDataset = {
      images: [{ id: 1, file_name: 'a.png', height: 4, width: 4 }],
      annotations: [
        {
          id: 1,
          image_id: 1,
          category_id: 1,
          segmentation: [
            [0, 0, 1, 0, 1, 1],
            [2, 2, 3, 2, 3, 3],
          ],
          iscrowd: 1,
        },
      ],
      categories: [{ id: 1, name: 'x' }],
    };
    const sink = memorySink();
    const { report } = (await labelStudioFormat.write?.(parts, sink, { entry: 'out.json' })) ?? ({} as never);
    expect(JSON.parse(sink.text('out.json'))[0].annotations[0].result).toHaveLength(2);
    expect(report.lossless).toBe(false);
    expect(report.warnings).toEqual([
      '1 multi-part polygon annotation(s) written as one result per part: read back, each part is an instance',
      '1 crowd region(s) written as ordinary regions: Label Studio has no iscrowd',
    ]);
  });
});

describe('label-studio format fuzz', () => {
  it('mutated exports with brushes and polygons read or throw SegkitError, nothing else (seed 33, 2,000)', async () => {
    const random = mulberry32(33);
    const base = new TextEncoder().encode(
      JSON.stringify([
        {
          id: 1,
          data: { image: 'a.png' },
          annotations: [
            {
              id: 1,
              result: [
                polygon(
                  [
                    [0, 0],
                    [100, 0],
                    [100, 75],
                  ],
                  ['Road'],
                ),
                brush(dot, ['Car']),
              ],
            },
          ],
        },
      ]),
    );
    const counts = { ok: 0, rejected: 0 };
    for (let i = 0; i < 2000; i++) {
      const bytes = base.slice();
      const edits = 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits; e++) bytes[Math.floor(random() * bytes.length)] = 32 + Math.floor(random() * 95);
      try {
        await labelStudioFormat.read(memorySource({ 'export.json': bytes }));
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
