import { describe, expect, it } from 'vitest';
import { pairCounts } from '../../src/panoptic/pair-histogram.js';
import { mulberry32 } from './draw.js';

/** The histogram as sorted [gtIndex, predIndex, count] triples. */
function cells(result: ReturnType<typeof pairCounts>): number[][] {
  return result.keys
    .map((key, k) => [Math.floor(key / result.cols), key % result.cols, result.counts[k]])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

describe('pairCounts', () => {
  const gtIndex = new Map([
    [0, 0],
    [700, 1],
    [9, 2],
  ]);
  const predIndex = new Map([
    [0, 0],
    [5, 1],
  ]);

  it('pairCounts(gt, pred) returns the pixels of each (gt, pred) pair by dense index', () => {
    // gt:   700 700   9   9   0
    // pred:   5   5   5   0   0
    const gt = Uint32Array.from([700, 700, 9, 9, 0]);
    const pred = Uint32Array.from([5, 5, 5, 0, 0]);
    expect(cells(pairCounts(gt, pred, gtIndex, predIndex))).toEqual([
      [0, 0, 1],
      [1, 1, 2],
      [2, 0, 1],
      [2, 1, 1],
    ]);
  });

  it('pairCounts counts the same in its dense table and in its Map, and leaves the table clean after an error (seed 3)', () => {
    const random = mulberry32(3);
    const gtIds = [0, 700, 9];
    const predIds = [0, 5];
    for (let trial = 0; trial < 20; trial++) {
      const n = 1 + Math.floor(random() * 200);
      // Runs of random length, as masks have.
      const gt = new Uint32Array(n);
      const pred = new Uint32Array(n);
      for (let i = 0; i < n; i++) {
        gt[i] = random() < 0.2 ? gtIds[Math.floor(random() * 3)] : (gt[i - 1] ?? 0);
        pred[i] = random() < 0.2 ? predIds[Math.floor(random() * 2)] : (pred[i - 1] ?? 0);
      }
      const dense = cells(pairCounts(gt, pred, gtIndex, predIndex));
      expect(cells(pairCounts(gt, pred, gtIndex, predIndex, 0))).toEqual(dense);
      expect(() =>
        pairCounts(Uint32Array.from([...gt, 8]), Uint32Array.from([...pred, 0]), gtIndex, predIndex),
      ).toThrow('panoptic PNG id 8 (RGB 8, 0, 0, 1 pixels) missing');
      expect(cells(pairCounts(gt, pred, gtIndex, predIndex))).toEqual(dense);
    }
  });
});
