/**
 * combine / merge (which walk runs without decoding) and area / bbox, against the same operations done
 * pixel by pixel on decoded masks.
 */

import { bboxSlow, combineSlow, countOn, decodeSlow, encodeSlow } from '@segkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  area,
  bbox,
  combine,
  decode,
  encode,
  isCanonicalRle,
  type MergeOp,
  merge,
  type Rle,
  rleFromCounts,
} from '../../src/index.js';
import { expectSameArray } from '../fixtures.js';
import { countsArb, grid, masksArb, sizedCountsArb } from './arbitraries.js';

const PIXEL_OPS: Record<MergeOp, (a: boolean, b: boolean) => boolean> = {
  union: (a, b) => a || b,
  intersection: (a, b) => a && b,
  difference: (a, b) => a && !b,
  xor: (a, b) => a !== b,
};
const OPS = Object.keys(PIXEL_OPS) as MergeOp[];

/** Row-major 0/1 pixels of an RLE, decoded one pixel at a time. */
const pixelsOf = (rle: Rle) => decodeSlow(rle.height, rle.width, rle.counts);

/** Two RLEs of one size: encoded blobs/noise, or random counts with empty runs anywhere. */
const pairArb = fc.oneof(
  masksArb(2, 2).map(({ height, width, masks }) => masks.map((data) => encode({ height, width, data }))),
  fc
    .record({ height: fc.integer({ min: 0, max: 12 }), width: fc.integer({ min: 0, max: 12 }) })
    .chain(({ height, width }) =>
      fc
        .tuple(countsArb(height * width), countsArb(height * width))
        .map((pair) => pair.map((counts) => rleFromCounts(counts, height, width))),
    ),
);

describe('combine by hand', () => {
  const a = grid(`
    # # . .
    # # . .
    . . . .
  `);
  const b = grid(`
    . # # .
    . # # .
    . # # .
  `);
  it.each([
    [
      'union',
      `
      # # # .
      # # # .
      . # # .
      `,
    ],
    [
      'intersection',
      `
      . # . .
      . # . .
      . . . .
      `,
    ],
    [
      'difference',
      `
      # . . .
      # . . .
      . . . .
      `,
    ],
    [
      'xor',
      `
      # . # .
      # . # .
      . # # .
      `,
    ],
  ] as const)('combine(a, b, %s) gives the drawn mask', (op, drawn) => {
    const result = combine(encode(a), encode(b), op);
    expect(Array.from(result.counts)).toEqual(encodeSlow(grid(drawn)));
  });
});

describe('combine and merge on random masks', () => {
  for (const [index, op] of OPS.entries()) {
    const seed = 301 + index;
    it(`combine(a, b, ${op}) equals the pixel-wise ${op} and is canonical (seed ${seed})`, () => {
      fc.assert(
        fc.property(pairArb, ([a, b]) => {
          const result = combine(a, b, op);
          expect([result.height, result.width]).toEqual([a.height, a.width]);
          expect(isCanonicalRle(result)).toBe(true);
          const expected = combineSlow(pixelsOf(a), pixelsOf(b), PIXEL_OPS[op]);
          expectSameArray(pixelsOf(result), expected, 'pixels');
          // Canonical and equal pixels means equal to encoding the expected pixels.
          expectSameArray(result.counts, encodeSlow({ height: a.height, width: a.width, data: expected }), 'counts');
        }),
        { seed, numRuns: 400 },
      );
    });
  }

  it('merge(rles, union | intersection | xor) folds n masks like the pixel-wise fold (seed 305)', () => {
    fc.assert(
      fc.property(masksArb(1, 6), fc.constantFrom('union', 'intersection', 'xor'), ({ height, width, masks }, op) => {
        const rles = masks.map((data) => encode({ height, width, data }));
        const result = merge(rles, op);
        let expected = pixelsOf(rles[0]);
        for (const r of rles.slice(1)) expected = combineSlow(expected, pixelsOf(r), PIXEL_OPS[op]);
        expectSameArray(pixelsOf(result), expected, 'pixels');
        expect(isCanonicalRle(result)).toBe(true);
      }),
      { seed: 305, numRuns: 300 },
    );
  });

  it('merge of one mask returns it as is, even non-canonical (as pycocotools)', () => {
    const rle = rleFromCounts([1, 0, 0, 3], 2, 2);
    expect(merge([rle])).toBe(rle);
  });
});

describe('area and bbox', () => {
  it('bbox(grid) is the tight box, including a run that wraps from one column into the next', () => {
    // Column-major runs: column 1 ends with on, column 2 starts with on, so one run spans both
    // columns; the box must take rows 1..2 from column 1 and row 0 from column 2.
    const mask = grid(`
      . . # .
      . # . .
      . # . .
    `);
    const rle = encode(mask);
    expect(Array.from(rle.counts)).toEqual([4, 3, 5]);
    expect(bbox(rle)).toEqual([1, 0, 2, 3]);
    expect(area(rle)).toBe(3);
  });

  it('area and bbox equal countOn and bboxSlow of the decoded pixels (seed 306)', () => {
    fc.assert(
      fc.property(sizedCountsArb, ({ height, width, counts }) => {
        const rle = rleFromCounts(counts, height, width);
        const pixels = decodeSlow(height, width, counts);
        expect(area(rle)).toBe(countOn(pixels));
        expect(bbox(rle)).toEqual(bboxSlow(height, width, pixels));
        // The canonical form measures the same.
        const canonical = encode(decode(rle));
        expect(area(canonical)).toBe(countOn(pixels));
        expect(bbox(canonical)).toEqual(bboxSlow(height, width, pixels));
      }),
      { seed: 306, numRuns: 800 },
    );
  });
});
