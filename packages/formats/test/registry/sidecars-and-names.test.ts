import { encode, toCocoRle } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { grid } from '../../../core/test/properties/arbitraries.js';
import { binaryMasksFormat, type CocoDataset, encodePng, pngFormat } from '../../src/index.js';
import { memorySink, memorySource } from './memory-files.js';

const maskPng = (text: string) => {
  const bitmap = grid(text);
  return encodePng({ ...bitmap, channels: 1, depth: 8, data: bitmap.data.map((v) => v * 255) });
};

describe('binary-masks writer', () => {
  it('keeps each mask file name the source had and writes images/ when given the images', async () => {
    const kaggle = new Map([
      ['cell1/images/cell1.png', encodePng({ width: 3, height: 2, channels: 1, depth: 8, data: new Uint8Array(6) })],
      ['cell1/masks/nucleus_a.png', maskPng('# . .\n# . .')],
      ['cell1/masks/nucleus_b.png', maskPng('. . #\n. . #')],
    ]);
    const source = memorySource(kaggle, 'stage1_train');
    const { dataset } = await binaryMasksFormat.read(source);
    const sink = memorySink();
    const photos = new Map([['cell1.png', kaggle.get('cell1/images/cell1.png') as Uint8Array]]);
    const result = await binaryMasksFormat.write!(dataset, sink, { images: memorySource(photos, 'photos') });
    expect([...sink.files.keys()].sort()).toEqual([
      'cell1/images/cell1.png',
      'cell1/masks/nucleus_a.png',
      'cell1/masks/nucleus_b.png',
      'classes.json',
    ]);
    expect(sink.files.get('cell1/masks/nucleus_b.png')).toEqual(kaggle.get('cell1/masks/nucleus_b.png'));
    expect(result.report.warnings).toEqual([]);
    expect(result.summary).toBe('wrote 2 instance masks and 1 images');
  });

  it('names masks by annotation id where the source had no file, and warns of an image it cannot find', async () => {
    const dataset: CocoDataset = {
      images: [{ id: 1, file_name: 'dir/a.jpg', height: 1, width: 2 }],
      annotations: [{ id: 7, image_id: 1, category_id: 1, segmentation: toCocoRle(encode(grid('# .'))) }],
      categories: [{ id: 1, name: 'class_1' }],
    };
    const sink = memorySink();
    const result = await binaryMasksFormat.write!(dataset, sink, { images: memorySource(new Map(), 'photos') });
    expect([...sink.files.keys()]).toEqual(['a/masks/7.png']);
    expect(result.report.warnings).toEqual(['image dir/a.jpg is not in photos; its images/ folder is left out']);
  });
});

describe('class names travel in classes.json where the format has no place for them', () => {
  it('png: written beside the PNGs and read back as category names', async () => {
    const dataset: CocoDataset = {
      images: [{ id: 1, file_name: 'a.png', height: 1, width: 2 }],
      annotations: [
        { id: 1, image_id: 1, category_id: 3, segmentation: toCocoRle(encode(grid('# .'))) },
        { id: 2, image_id: 1, category_id: 4, segmentation: toCocoRle(encode(grid('. #'))) },
      ],
      categories: [
        { id: 3, name: 'sky' },
        { id: 4, name: 'tree' },
      ],
    };
    const sink = memorySink();
    await pngFormat.write!(dataset, sink, { ignoreIndex: 0 });
    expect(JSON.parse(new TextDecoder().decode(sink.files.get('classes.json')))).toEqual([
      { id: 3, name: 'sky' },
      { id: 4, name: 'tree' },
    ]);
    const back = await pngFormat.read(memorySource(sink.files), { ignoreIndex: 0 });
    expect(back.dataset.categories).toMatchObject([
      { id: 3, name: 'sky' },
      { id: 4, name: 'tree' },
    ]);
  });

  it('png: no sidecar when the classes have no names of their own', async () => {
    const dataset: CocoDataset = {
      images: [{ id: 1, file_name: 'a.png', height: 1, width: 2 }],
      annotations: [{ id: 1, image_id: 1, category_id: 3, segmentation: toCocoRle(encode(grid('# .'))) }],
      categories: [{ id: 3, name: 'class_3' }],
    };
    const sink = memorySink();
    await pngFormat.write!(dataset, sink, { ignoreIndex: 0 });
    expect([...sink.files.keys()]).toEqual(['a.png']);
  });
});
