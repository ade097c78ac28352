/**
 * firstOverlap (a sweep over foreground runs) against the same question answered pixel by pixel on
 * decoded masks.
 */

import { decodeSlow } from '@segkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encode, firstOverlap, type Rle, rleFromCounts, SegkitError } from '../../src/index.js';
import { grid, masksArb } from './arbitraries.js';

/** The first overlap in list order, found by decoding every mask and comparing pixels. */
function firstOverlapSlow(masks: readonly Rle[]): { later: number; earlier: number } | undefined {
  const pixels = masks.map((rle) => decodeSlow(rle.height, rle.width, rle.counts));
  for (let later = 1; later < pixels.length; later++) {
    for (let earlier = 0; earlier < later; earlier++) {
      if (pixels[later].some((on, p) => on !== 0 && pixels[earlier][p] !== 0)) return { later, earlier };
    }
  }
  return undefined;
}

describe('firstOverlap by hand', () => {
  const a = grid(`
    # # . .
    # # . .
    . . . .
  `);
  const b = grid(`
    . . # #
    . . . .
    . . . .
  `);
  const c = grid(`
    . . . .
    . . . #
    . . # #
  `);
  const d = grid(`
    . . . .
    . . # .
    . # # .
  `);
  it('finds no overlap among masks that tile without sharing a pixel', () => {
    expect(firstOverlap([a, b, c].map(encode))).toBeUndefined();
  });
  it('names the first mask that meets an earlier one, and the first mask it meets', () => {
    // d shares (2, 2) with c and nothing with a or b; a second copy of b meets b first.
    expect(firstOverlap([a, b, c, d].map(encode))).toEqual({ later: 3, earlier: 2 });
    expect(firstOverlap([a, b, c, d, b].map(encode))).toEqual({ later: 3, earlier: 2 });
    expect(firstOverlap([a, b, b, d, c].map(encode))).toEqual({ later: 2, earlier: 1 });
    expect(firstOverlap([c, a, b, d].map(encode))).toEqual({ later: 3, earlier: 0 });
  });
  it('counts [0, 2, 2], [1, 1, 2], [3, 1] of a 1×4 image: masks 0 and 1 share pixel 1', () => {
    const masks = [rleFromCounts([0, 2, 2], 1, 4), rleFromCounts([1, 1, 2], 1, 4), rleFromCounts([3, 1], 1, 4)];
    expect(firstOverlap(masks)).toEqual({ later: 1, earlier: 0 });
  });
  it('empty runs and empty masks share nothing; fewer than two masks never overlap', () => {
    const empty = rleFromCounts([4], 2, 2);
    const split = rleFromCounts([0, 1, 0, 1, 2], 2, 2); // pixels 0 and 1, written as two runs
    expect(firstOverlap([empty, split, empty, rleFromCounts([2, 2], 2, 2)])).toBeUndefined();
    expect(firstOverlap([split])).toBeUndefined();
    expect(firstOverlap([])).toBeUndefined();
  });
  it('refuses masks of different sizes with SIZE_MISMATCH', () => {
    const error = (() => {
      try {
        firstOverlap([rleFromCounts([4], 2, 2), rleFromCounts([4], 1, 4)]);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(SegkitError);
    expect((error as SegkitError).code).toBe('SIZE_MISMATCH');
  });
});

describe('firstOverlap on random masks', () => {
  it('equals the pixel-by-pixel answer on encoded blobs and noise (seed 411)', () => {
    fc.assert(
      fc.property(masksArb(0, 8), ({ height, width, masks }) => {
        const rles = masks.map((data) => encode({ height, width, data }));
        expect(firstOverlap(rles)).toEqual(firstOverlapSlow(rles));
      }),
      { seed: 411, numRuns: 500 },
    );
  });

  it('equals the pixel-by-pixel answer on a partition of the image with at most one stray pixel (seed 412)', () => {
    // Masks cut from one label map never overlap; one pixel copied into another mask makes one overlap.
    const listArb = fc
      .record({
        height: fc.integer({ min: 1, max: 10 }),
        width: fc.integer({ min: 1, max: 10 }),
        n: fc.integer({ min: 2, max: 12 }),
      })
      .chain(({ height, width, n }) =>
        fc.record({
          height: fc.constant(height),
          width: fc.constant(width),
          labels: fc.array(fc.integer({ min: -1, max: n - 1 }), {
            minLength: height * width,
            maxLength: height * width,
          }),
          stray: fc.option(fc.record({ pixel: fc.nat(height * width - 1), mask: fc.nat(n - 1) })),
          n: fc.constant(n),
        }),
      );
    fc.assert(
      fc.property(listArb, ({ height, width, labels, stray, n }) => {
        const rles = Array.from({ length: n }, (_, m) => {
          const data = Uint8Array.from(labels, (label) => (label === m ? 1 : 0));
          if (stray !== null && stray.mask === m) data[stray.pixel] = 1;
          return encode({ height, width, data });
        });
        expect(firstOverlap(rles)).toEqual(firstOverlapSlow(rles));
      }),
      { seed: 412, numRuns: 500 },
    );
  });
});
