import { describe, expect, it } from 'vitest';
import { detectFormat, type FileSource } from '../../src/index.js';
import { memorySource } from './memory-files.js';

/**
 * A COCO file whose first "segmentation" lies past the 64 KiB detectors look at: 3,000 image records
 * (about 150 KB) come first, as in real COCO files.
 */
function bigCoco(): Uint8Array {
  const images = Array.from({ length: 3000 }, (_, i) => ({ id: i + 1, height: 4, width: 4, file_name: `${i}.png` }));
  const annotations = [{ id: 1, image_id: 1, category_id: 1, segmentation: [[0, 0, 2, 0, 2, 2, 0, 2]], iscrowd: 0 }];
  return new TextEncoder().encode(JSON.stringify({ images, annotations, categories: [{ id: 1, name: 'a' }] }));
}

/** Counts whole-file reads (`read`) and the 64 KiB looks (`head`) of each path. */
function counting(source: FileSource): { source: FileSource; reads: Map<string, number>; heads: number } {
  const reads = new Map<string, number>();
  const state = { source: source as FileSource, reads, heads: 0 };
  state.source = {
    ...source,
    read: (path) => {
      reads.set(path, (reads.get(path) ?? 0) + 1);
      return source.read(path);
    },
    head: async (path, bytes) => {
      state.heads++;
      return (await source.read(path)).subarray(0, bytes);
    },
  };
  return state;
}

describe('detecting then reading a large COCO file', () => {
  it('detectFormat then cocoFormat.read read the whole file once (detectors look at its head only)', async () => {
    const counted = counting(memorySource(new Map([['instances.json', bigCoco()]]), 'in', 'instances.json'));
    const format = await detectFormat(counted.source);
    expect(format.name).toBe('coco');
    const { dataset } = await format.read(counted.source);
    expect(dataset.images).toHaveLength(3000);
    expect(counted.reads.get('instances.json')).toBe(1);
    expect(counted.heads).toBeGreaterThan(0);
  });
});
