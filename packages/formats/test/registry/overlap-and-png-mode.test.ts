import { area, bbox, decode, encode, segmentationToRle, toCocoRle } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { grid } from '../../../core/test/properties/arbitraries.js';
import { type CocoDataset, cocoPanopticFormat, decodePng, encodePng, pngFormat } from '../../src/index.js';
import { memorySink, memorySource } from './memory-files.js';

/** A small class-2 object (annotation 1) inside a large class-1 one drawn after it (annotation 2). */
const small = grid(`
  . . . . .
  . . . . .
  . . # # .
  . . # # .
`);
const large = grid(`
  # # # # .
  # # # # .
  # # # # .
  # # # # .
`);

function dataset(): CocoDataset {
  const annotation = (id: number, category: number, bitmap: typeof small) => {
    const rle = encode(bitmap);
    return {
      id,
      image_id: 1,
      category_id: category,
      segmentation: toCocoRle(rle),
      area: area(rle),
      bbox: bbox(rle),
      iscrowd: 0,
    };
  };
  return {
    images: [{ id: 1, file_name: 'a.jpg', height: 4, width: 5 }],
    annotations: [annotation(1, 2, small), annotation(2, 1, large)],
    categories: [
      { id: 1, name: 'road' },
      { id: 2, name: 'car' },
    ],
  };
}

const labels = (bytes: Uint8Array) => Array.from(decodePng(bytes, 'a.png').data);

describe('png writer --overlap', () => {
  it('last: the large object drawn later covers the small one, which is named with the 4 px it lost', async () => {
    const sink = memorySink();
    const { report } = await pngFormat.write!(dataset(), sink, { overlap: 'last', ignoreIndex: 0 });
    expect(labels(sink.files.get('a.png')!)).toEqual(
      Array.from(
        grid(`
      1 1 1 1 .
      1 1 1 1 .
      1 1 1 1 .
      1 1 1 1 .
    `).data,
      ),
    );
    expect(report.instancesLost).toEqual([{ annotation: 'annotation 0 (id 1)', image: 'a.jpg', pixels: 4 }]);
    expect(report.overlapPolicy).toBe('later annotation wins');
  });

  it('smaller-on-top: the small object keeps its pixels; the large one is named with the 4 px it lost', async () => {
    const sink = memorySink();
    const { report } = await pngFormat.write!(dataset(), sink, { overlap: 'smaller-on-top', ignoreIndex: 0 });
    expect(labels(sink.files.get('a.png')!)).toEqual(
      Array.from(
        grid(`
      1 1 1 1 .
      1 1 1 1 .
      1 1 2 2 .
      1 1 2 2 .
    `).data,
      ),
    );
    expect(report.instancesLost).toEqual([{ annotation: 'annotation 1 (id 2)', image: 'a.jpg', pixels: 4 }]);
    expect(report.overlapPolicy).toBe('smaller annotation wins');
  });
});

describe('coco-panoptic writer --overlap smaller-on-top', () => {
  it('the small segment keeps its pixels; the large one is reported with the 4 px it lost', async () => {
    const sink = memorySink();
    const { report } = await cocoPanopticFormat.write!(dataset(), sink, { overlap: 'smaller-on-top', entry: 'p.json' });
    const back = await cocoPanopticFormat.read(memorySource(sink.files, 'out', 'p.json'));
    const pixels = back.dataset.annotations.map((a) => [
      a.id,
      Array.from(decode(segmentationToRle(a.segmentation, 4, 5)).data),
    ]);
    expect(pixels).toEqual([
      [1, Array.from(small.data)],
      [2, Array.from(large.data).map((v, i) => (small.data[i] ? 0 : v))],
    ]);
    expect(report.instancesLost).toEqual([{ annotation: 'annotation 1 (id 2)', image: 'a.jpg', pixels: 4 }]);
  });
});

describe('png: a greyscale class-index PNG stays greyscale on the way back', () => {
  const map = Uint8Array.from([0, 1, 1, 2, 2, 0]);
  it.each([
    ['greyscale', undefined],
    [
      'palette',
      [
        [0, 0, 0],
        [128, 0, 0],
        [0, 128, 0],
      ],
    ],
  ])('a %s PNG is written back as it was read', async (_kind, palette) => {
    const png = encodePng({ width: 3, height: 2, channels: 1, depth: 8, data: map, ...(palette ? { palette } : {}) });
    const read = await pngFormat.read(memorySource(new Map([['m.png', png]])), { ignoreIndex: 0 });
    const sink = memorySink();
    await pngFormat.write!(read.dataset, sink, { ignoreIndex: 0 });
    const again = decodePng(sink.files.get('m.png')!, 'm.png');
    expect(Array.from(again.data)).toEqual(Array.from(map));
    expect(again.palette === undefined).toBe(palette === undefined);
  });
});
