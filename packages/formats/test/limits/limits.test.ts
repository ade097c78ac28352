import { LimitError, type Limits } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import {
  type CocoDataset,
  encodePng,
  FORMATS,
  formatByName,
  parseClassNames,
  parseColorTable,
  parseCvatImagesXml,
  parseLabelStudioExport,
  renderCityscapes,
} from '../../src/index.js';
import { memorySink, memorySource, textSource } from '../registry/memory-files.js';

/*
 * Every reader and writer of the registry holds images to `maxPixels` and polygons to `maxVertices`
 * from the records and headers, before anything of that size exists; class tables to `maxClasses`.
 * The limits are lowered here so that small inputs pass them (the CLI's hostile suite uses the
 * defaults and real sizes: apps/cli/test/hostile/limits.test.ts).
 */

/** The LimitError `work` rejects or throws with (the test fails on any other outcome). */
async function limitError(work: () => unknown): Promise<LimitError> {
  try {
    await work();
  } catch (error) {
    expect(error).toBeInstanceOf(LimitError);
    return error as LimitError;
  }
  throw new Error('no LimitError');
}

const png = (width: number, height: number) =>
  encodePng({ width, height, channels: 1, depth: 8, data: new Uint8Array(width * height) });

describe('readers refuse records and headers over the limits, naming the file and the item', () => {
  it('cityscapes: imgWidth × imgHeight over maxPixels, and a polygon over maxVertices, before anything is drawn', async () => {
    const doc = (side: number, vertices = 3) => ({
      imgHeight: side,
      imgWidth: side,
      objects: [{ label: 'car', polygon: Array.from({ length: vertices }, (_, i) => [i, i % 2]) }],
    });
    expect((await limitError(() => renderCityscapes(doc(40000)))).message).toBe(
      'imgWidth × imgHeight (40000×40000) has 1,600,000,000 pixels, over the limit of 268,435,456 pixels per image; raise it with --max-pixels N or SEGKIT_MAX_PIXELS',
    );
    expect(() => renderCityscapes(doc(10), { maxPixels: 100 })).not.toThrow();
    expect((await limitError(() => renderCityscapes(doc(10, 5), { maxVertices: 4 }))).message).toMatch(
      /^object 0 \(car\): the polygon has 5 vertices, over the limit of 4 vertices per polygon/,
    );
    const source = textSource({ 'a/x_gtFine_polygons.json': JSON.stringify(doc(11)) });
    const error = await limitError(() => formatByName('cityscapes').read(source, { limits: { maxPixels: 100 } }));
    expect(error.message).toMatch(/^in\/a\/x_gtFine_polygons\.json: imgWidth × imgHeight \(11×11\) has 121 pixels/);
  });

  it('labelme: imageWidth × imageHeight, and a shape over maxVertices', async () => {
    const file = (side: number, vertices: number) =>
      JSON.stringify({
        version: '5.0.1',
        imagePath: 'a.jpg',
        imageHeight: side,
        imageWidth: side,
        shapes: [
          { label: 'cat', shape_type: 'polygon', points: Array.from({ length: vertices }, (_, i) => [i, i % 2]) },
        ],
      });
    const read = (text: string, limits: Partial<Limits>) =>
      formatByName('labelme').read(textSource({ 'a.json': text }, 'a.json'), { limits });
    await expect(read(file(10, 4), { maxPixels: 100, maxVertices: 4 })).resolves.toBeDefined();
    expect((await limitError(() => read(file(11, 4), { maxPixels: 100 }))).message).toMatch(
      /^a\.json: imageWidth × imageHeight \(11×11\) has 121 pixels/,
    );
    expect((await limitError(() => read(file(10, 5), { maxVertices: 4 }))).message).toMatch(
      /^a\.json: shape 0: polygon "cat" has 5 vertices, over the limit of 4/,
    );
  });

  it('cvat: an <image> over maxPixels, a <polygon> over maxVertices', async () => {
    const xml = (side: number, points: string) =>
      `<annotations><image id="0" name="a.jpg" width="${side}" height="${side}"><polygon label="car" points="${points}"></polygon></image></annotations>`;
    expect(() =>
      parseCvatImagesXml(xml(10, '0,0;4,0;4,4'), { limits: { maxPixels: 100, maxVertices: 3 } }),
    ).not.toThrow();
    expect(
      (await limitError(() => parseCvatImagesXml(xml(11, '0,0;4,0;4,4'), { limits: { maxPixels: 100 } }))).message,
    ).toMatch(/^image 0 \(line 1\): the image "a\.jpg" \(11×11\) has 121 pixels/);
    expect(
      (await limitError(() => parseCvatImagesXml(xml(10, '0,0;4,0;4,4;0,4'), { limits: { maxVertices: 3 } }))).message,
    ).toMatch(/^image 0 \(name "a\.jpg"\): polygon 0 \(line 1\): the polygon has 4 vertices/);
    const source = textSource({ 'annotations.xml': xml(11, '0,0;4,0;4,4') }, 'annotations.xml');
    const error = await limitError(() => formatByName('cvat').read(source, { limits: { maxPixels: 100 } }));
    expect(error.message.startsWith('annotations.xml: image 0')).toBe(true);
  });

  it('label-studio: original_width × original_height, and a polygon over maxVertices', async () => {
    const tasks = (side: number, vertices: number) => [
      {
        id: 1,
        data: { image: 'a.jpg' },
        annotations: [
          {
            id: 2,
            result: [
              {
                type: 'polygonlabels',
                original_width: side,
                original_height: side,
                value: { points: Array.from({ length: vertices }, (_, i) => [i, i % 2]), polygonlabels: ['car'] },
              },
            ],
          },
        ],
      },
    ];
    expect(() => parseLabelStudioExport(tasks(10, 3), { maxPixels: 100, maxVertices: 3 })).not.toThrow();
    expect((await limitError(() => parseLabelStudioExport(tasks(11, 3), { maxPixels: 100 }))).message).toMatch(
      /^task 0 \(id 1\): annotation 0 \(id 2\): result 0: original_width × original_height \(11×11\) has 121 pixels/,
    );
    expect((await limitError(() => parseLabelStudioExport(tasks(10, 4), { maxVertices: 3 }))).limit).toBe(
      'maxVertices',
    );
  });

  it('coco and coco-results: image records and RLE sizes', async () => {
    const coco = JSON.stringify({ images: [{ id: 1, width: 11, height: 11 }], annotations: [], categories: [] });
    const error = await limitError(() =>
      formatByName('coco').read(textSource({ 'in.json': coco }, 'in.json'), { limits: { maxPixels: 100 } }),
    );
    expect(error.message).toMatch(/^in\.json: image 0 \(id 1\): the image \(11×11\) has 121 pixels/);
    const results = JSON.stringify([
      { image_id: 1, category_id: 1, score: 1, segmentation: { size: [11, 11], counts: [121] } },
    ]);
    const resultError = await limitError(() =>
      formatByName('coco-results').read(textSource({ 'r.json': results }, 'r.json'), { limits: { maxPixels: 100 } }),
    );
    expect(resultError.message).toMatch(/^r\.json: result 0: its RLE size \[11, 11\] \(11×11\) has 121 pixels/);
  });

  it('png and binary-masks: each PNG from its header', async () => {
    const folder = memorySource(new Map([['a.png', png(11, 11)]]), 'labels');
    const error = await limitError(() => formatByName('png').read(folder, { limits: { maxPixels: 100 } }));
    expect(error.message).toMatch(/^labels\/a\.png: the PNG header \(11×11\) has 121 pixels/);
    const masks = memorySource(new Map([['x/masks/m.png', png(11, 11)]]), 'masks');
    await limitError(() => formatByName('binary-masks').read(masks, { limits: { maxPixels: 100 } }));
  });

  it('class lists and colour tables: ids at or past maxClasses', async () => {
    expect(parseClassNames('0 road\n1 car\n', 'c.txt', { maxClasses: 2 }).size).toBe(2);
    expect((await limitError(() => parseClassNames('0 road\n1000000000 car\n', 'c.txt'))).message).toBe(
      'c.txt: line 2 (class id 1000000000, counting from 0) has 1,000,000,001 classes, over the limit of 65,536 classes; raise it with --max-classes N or SEGKIT_MAX_CLASSES',
    );
    const json = new TextEncoder().encode(JSON.stringify([{ id: 70000, color: [1, 2, 3] }]));
    expect((await limitError(() => parseColorTable(json, 'colors.json'))).limit).toBe('maxClasses');
    const lut = encodePng({ width: 300, height: 300, channels: 3, depth: 8, data: new Uint8Array(300 * 300 * 3) });
    expect((await limitError(() => parseColorTable(lut, 'lut.png'))).message).toMatch(
      /^lut\.png: the colour look-up PNG has 90,000 classes, over the limit of 65,536/,
    );
  });
});

describe('every writer refuses an image or polygon over the limits before it writes a file', () => {
  const dataset = (side: number, vertices = 4): CocoDataset => ({
    images: [{ id: 1, file_name: 'a.jpg', width: side, height: side }],
    annotations: [
      {
        id: 1,
        image_id: 1,
        category_id: 7,
        segmentation: [Array.from({ length: vertices }, (_, i) => [1 + (i % 2) * 5, 1 + (i >> 1) * 5]).flat()],
        area: 25,
        bbox: [1, 1, 5, 5],
        iscrowd: 0,
      },
    ],
    categories: [{ id: 7, name: 'car' }],
  });
  const writers = FORMATS.filter((format) => format.write !== undefined);

  it.each(writers.map((format) => [format.name, format] as const))('%s', async (_name, format) => {
    const write = format.write as NonNullable<typeof format.write>;
    const pixels = memorySink();
    const error = await limitError(() => write(dataset(11), pixels, { limits: { maxPixels: 100 } }));
    expect(error.message).toMatch(/image 0 \(id 1\): a\.jpg \(11×11\) has 121 pixels, over the limit of 100/);
    expect([...pixels.files.keys()]).toEqual([]);
    const vertices = memorySink();
    const vertexError = await limitError(() => write(dataset(11, 4), vertices, { limits: { maxVertices: 3 } }));
    expect(vertexError.message).toMatch(/annotation 0 \(id 1\): polygon part 0 has 4 vertices, over the limit of 3/);
    expect([...vertices.files.keys()]).toEqual([]);
  });

  it('labelme: a category id of 10^9 would need a labels.txt line per id, so it is refused before any file', async () => {
    const sink = memorySink();
    const data = { ...dataset(10), categories: [{ id: 1e9, name: 'car' }] };
    data.annotations[0].category_id = 1e9;
    const error = await limitError(() => formatByName('labelme').write?.(data, sink));
    expect(error.message).toBe(
      'categories: category id 1000000000 (labels.txt numbers every id from 0) has 1,000,000,001 classes, over the limit of 65,536 classes; raise it with --max-classes N or SEGKIT_MAX_CLASSES',
    );
    expect([...sink.files.keys()]).toEqual([]);
  });
});
