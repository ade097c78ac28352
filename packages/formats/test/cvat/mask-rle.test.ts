/**
 * CVAT mask points [counts…, left, top, right, bottom] ↔ masks. The two decoders (to a bitmap, and
 * straight to COCO RLE) run one shared suite; expected masks are drawn as grids and derived by hand
 * from the rules in cvat-core object-utils.ts (row-major counts over the box, background first,
 * right/bottom inclusive).
 */
import { type Bitmap, decode, encode, SegkitError } from '@segkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binarize, bitmapArb, grid } from '../../../core/test/properties/arbitraries.js';
import {
  bitmapToCvatMask,
  type CvatMaskOptions,
  cvatMaskToBitmap,
  cvatMaskToRle,
  formatCvatRleAttribute,
  parseCvatRleAttribute,
} from '../../src/cvat/mask-rle.js';

type Decoder = (points: ArrayLike<number>, height: number, width: number, options?: CvatMaskOptions) => Bitmap;

const decoders: [string, Decoder][] = [
  ['cvatMaskToBitmap', cvatMaskToBitmap],
  [
    'cvatMaskToRle (decoded)',
    (points, height, width, options) => decode(cvatMaskToRle(points, height, width, options)),
  ],
];

function expectSegkitError(run: () => unknown, code: string, fragment: string): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SegkitError);
    expect((error as SegkitError).code).toBe(code);
    expect((error as SegkitError).message).toContain(fragment);
    return;
  }
  throw new Error(`expected a SegkitError containing ${JSON.stringify(fragment)}`);
}

describe.each(decoders)('%s', (name, decodeCvat) => {
  it(`${name}([0 2 1 1 | 1 1 2 2], 4, 5) places the 2×2 box at (1, 1)`, () => {
    // Box rows: "# #" and ". #" → row-major 1 1 0 1 → runs 0, 2, 1, 1.
    expect(decodeCvat([0, 2, 1, 1, 1, 1, 2, 2], 4, 5)).toEqual(
      grid(`
        . . . . .
        . # # . .
        . . # . .
        . . . . .
      `),
    );
  });

  it(`${name} reads cvat-core's examples: [3 1] is 0 0 0 1 and [0 2 2] is 1 1 0 0 (2×2 box)`, () => {
    expect(decodeCvat([3, 1, 0, 0, 1, 1], 2, 2)).toEqual(
      grid(`
        . .
        . #
      `),
    );
    expect(decodeCvat([0, 2, 2, 0, 0, 1, 1], 2, 2)).toEqual(
      grid(`
        # #
        . .
      `),
    );
  });

  it(`${name} wraps runs from one box row to the next, not to the image row`, () => {
    // 3-wide box at left 1 in a 5-wide image: the run of 4 covers the last 2 of box row 0 and the
    // first 2 of box row 1.
    expect(decodeCvat([1, 4, 1, 1, 0, 3, 1], 2, 5)).toEqual(
      grid(`
        . . # # .
        . # # . .
      `),
    );
  });

  it(`${name} leaves the box's remaining pixels background when counts stop short (as cvat-core rle2Mask)`, () => {
    expect(decodeCvat([0, 1, 0, 0, 2, 1], 2, 3)).toEqual(
      grid(`
        # . .
        . . .
      `),
    );
    // CVAT's empty mask.
    expect(decodeCvat([0, 0, 0, 0, 0], 2, 3)).toEqual(grid('. . .\n. . .'));
  });

  it(`${name} accepts empty runs anywhere (they toggle twice)`, () => {
    // Row-major 0 0 1 1 0 0 written as runs 0, 0, 2, 0, 0, 2, 2.
    expect(decodeCvat([0, 0, 2, 0, 0, 2, 2, 0, 0, 2, 1], 2, 3)).toEqual(
      grid(`
        . . #
        # . .
      `),
    );
  });

  it(`${name} with outside: 'clip' drops the pixels of a box reaching past the image`, () => {
    // Box [-1, 0, 1, 1] (3×2), all on: only image columns 0 and 1 remain.
    expect(decodeCvat([0, 6, -1, 0, 1, 1], 2, 3, { outside: 'clip' })).toEqual(
      grid(`
        # # .
        # # .
      `),
    );
    // A box entirely outside leaves nothing; a far-away box costs nothing.
    expect(decodeCvat([0, 4, 5, 5, 6, 6], 2, 3, { outside: 'clip' })).toEqual(grid('. . .\n. . .'));
    expect(decodeCvat([0, 1_000_000, 0, -999_999, 0, 0], 2, 3, { outside: 'clip' })).toEqual(
      grid(`
        # . .
        . . .
      `),
    );
  });

  it(`${name} rejects bad input with SegkitErrors that name the values`, () => {
    expectSegkitError(
      () => decodeCvat([0, 6, -1, 0, 1, 1], 2, 3),
      'INVALID_BBOX',
      'box [-1, 0, 1, 1] reaches outside the 3×2 image',
    );
    expectSegkitError(() => decodeCvat([0, 1, 0, 0, 3, 0], 2, 3), 'INVALID_BBOX', 'box [0, 0, 3, 0] reaches outside');
    expectSegkitError(() => decodeCvat([0, 1, 1, 0, 0, 0], 2, 3), 'INVALID_BBOX', 'box [1, 0, 0, 0] is empty');
    expectSegkitError(() => decodeCvat([0, 1, 0, 0.5, 0, 0], 2, 3), 'INVALID_BBOX', 'must be integers');
    expectSegkitError(
      () => decodeCvat([0, 5, 0, 0, 1, 1], 2, 3),
      'INVALID_RLE',
      'reach 5 by count 1, more than the 2×2 = 4 pixels',
    );
    expectSegkitError(() => decodeCvat([2, -1, 0, 0, 1, 1], 2, 3), 'INVALID_RLE', 'count 1 is -1');
    expectSegkitError(() => decodeCvat([Number.NaN, 0, 0, 1, 1], 2, 3), 'INVALID_RLE', 'count 0 is NaN');
    expectSegkitError(() => decodeCvat([0, 0, 1, 1], 2, 3), 'INVALID_RLE', 'got 4 numbers');
    expectSegkitError(() => decodeCvat([0, 0, 0, 0, 0], 2, -3), 'INVALID_SIZE', '[2, -3]');
    expectSegkitError(
      () => decodeCvat([0, 0, 0, 99_999, 99_999], 200_000, 200_000, { outside: 'clip' }),
      'INVALID_SIZE',
      '',
    );
    expectSegkitError(
      () => decodeCvat([0, 0, 0, 0, 99_999, 99_999], 2, 3, { outside: 'clip' }),
      'INVALID_BBOX',
      'more than 2^32-1',
    );
  });
});

/** Valid CVAT points for an image, boxes possibly reaching outside it (for outside: 'clip'). */
const pointsArb = fc
  .record({ height: fc.integer({ min: 0, max: 12 }), width: fc.integer({ min: 0, max: 12 }) })
  .chain(({ height, width }) =>
    fc
      .record({
        left: fc.integer({ min: -4, max: width + 3 }),
        top: fc.integer({ min: -4, max: height + 3 }),
        boxWidth: fc.integer({ min: 1, max: 8 }),
        boxHeight: fc.integer({ min: 1, max: 8 }),
      })
      .chain((box) =>
        fc.array(fc.integer({ min: 0, max: box.boxWidth * box.boxHeight }), { maxLength: 10 }).map((cuts) => {
          // Cut points → counts; the last run is sometimes left out (short counts are allowed).
          const sorted = [...cuts].sort((a, b) => a - b);
          const counts = sorted.map((c, i) => c - (i > 0 ? sorted[i - 1] : 0));
          if (counts.length === 0) counts.push(0);
          return { height, width, box, counts };
        }),
      ),
  )
  .map(({ height, width, box, counts }) => ({
    height,
    width,
    points: [...counts, box.left, box.top, box.left + box.boxWidth - 1, box.top + box.boxHeight - 1],
  }));

describe('cvatMaskToRle against cvatMaskToBitmap', () => {
  it('cvatMaskToRle returns exactly encode(cvatMaskToBitmap(…)) with outside: clip (seed 41)', () => {
    fc.assert(
      fc.property(pointsArb, ({ points, height, width }) => {
        const rle = cvatMaskToRle(points, height, width, { outside: 'clip' });
        expect(rle).toEqual(encode(cvatMaskToBitmap(points, height, width, { outside: 'clip' })));
      }),
      { seed: 41, numRuns: 1000 },
    );
  });

  it('cvatMaskToBitmap with outside: clip equals a pixel-by-pixel paint of the box (seed 42)', () => {
    fc.assert(
      fc.property(pointsArb, ({ points, height, width }) => {
        const n = points.length;
        const [left, top, right] = points.slice(n - 4);
        const boxWidth = right - left + 1;
        const expected = new Uint8Array(height * width);
        let k = 0;
        for (let i = 0; i < n - 4; i++) {
          for (let c = 0; c < points[i]; c++, k++) {
            const x = left + (k % boxWidth);
            const y = top + Math.floor(k / boxWidth);
            if (i % 2 === 1 && x >= 0 && x < width && y >= 0 && y < height) expected[y * width + x] = 1;
          }
        }
        expect(cvatMaskToBitmap(points, height, width, { outside: 'clip' }).data).toEqual(expected);
      }),
      { seed: 42, numRuns: 1000 },
    );
  });
});

describe('bitmapToCvatMask', () => {
  it('bitmapToCvatMask(grid) returns counts over the tight box, then [left, top, right, bottom]', () => {
    const mask = grid(`
      . . . . .
      . # # . .
      . . # . .
      . . . . .
    `);
    expect(bitmapToCvatMask(mask)).toEqual([0, 2, 1, 1, 1, 1, 2, 2]);
  });

  it('bitmapToCvatMask starts with a background run, empty when the box starts on', () => {
    const mask = grid(`
      . 7 .
      x . #
    `);
    // Box [0, 0, 2, 1] is the whole image: 0 1 0 | 1 0 1 → runs 1, 1, 1, 1, 1, 1.
    expect(bitmapToCvatMask(mask)).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 2, 1]);
    expect(bitmapToCvatMask(grid('#'))).toEqual([0, 1, 0, 0, 0, 0]);
  });

  it("bitmapToCvatMask of an empty mask returns CVAT's empty mask [0 0 0 0 0]", () => {
    expect(bitmapToCvatMask(grid('. .\n. .'))).toEqual([0, 0, 0, 0, 0]);
  });

  it('bitmapToCvatMask rejects a 0×N mask: no CVAT box fits an image without pixels', () => {
    expectSegkitError(
      () => bitmapToCvatMask({ height: 0, width: 3, data: new Uint8Array(0) }),
      'INVALID_SIZE',
      'a CVAT mask needs an image of at least 1×1, got 3×0',
    );
  });

  it('bitmapToCvatMask rejects a mask whose data does not match its size', () => {
    expectSegkitError(
      () => bitmapToCvatMask({ height: 2, width: 2, data: new Uint8Array(3) }),
      'INVALID_MASK',
      'mask data has 3 bytes but [2, 2] needs 4',
    );
  });

  it('cvatMaskToBitmap(bitmapToCvatMask(mask)) returns the mask, binarized (seed 43)', () => {
    fc.assert(
      fc.property(
        bitmapArb.filter((m) => m.height > 0 && m.width > 0),
        (mask) => {
          const points = bitmapToCvatMask(mask);
          expect(cvatMaskToBitmap(points, mask.height, mask.width).data).toEqual(binarize(mask.data));
          expect(cvatMaskToRle(points, mask.height, mask.width)).toEqual(encode(mask));
        },
      ),
      { seed: 43, numRuns: 500 },
    );
  });
});

describe('the XML rle attribute', () => {
  it('parseCvatRleAttribute("3, 5, 2") returns [3, 5, 2], spaces optional', () => {
    expect(parseCvatRleAttribute('3, 5, 2')).toEqual([3, 5, 2]);
    expect(parseCvatRleAttribute(' 3,5 ,2 ')).toEqual([3, 5, 2]);
    expect(parseCvatRleAttribute('0')).toEqual([0]);
  });

  it('formatCvatRleAttribute([3, 5, 2]) returns "3, 5, 2", as Python prints a list without brackets', () => {
    expect(formatCvatRleAttribute([3, 5, 2])).toBe('3, 5, 2');
  });

  it('parseCvatRleAttribute rejects empty items, signs, fractions and junk, quoting the item', () => {
    expectSegkitError(() => parseCvatRleAttribute(''), 'INVALID_RLE', 'rle item 0 is ""');
    expectSegkitError(() => parseCvatRleAttribute('3,,2'), 'INVALID_RLE', 'rle item 1 is ""');
    expectSegkitError(() => parseCvatRleAttribute('3, -1'), 'INVALID_RLE', 'rle item 1 is -1');
    expectSegkitError(() => parseCvatRleAttribute('1.5'), 'INVALID_RLE', 'rle item 0 is "1.5"');
    expectSegkitError(() => parseCvatRleAttribute('3; 5'), 'INVALID_RLE', 'rle item 0 is "3; 5"');
    expectSegkitError(() => parseCvatRleAttribute('99999999999999999999'), 'INVALID_RLE', 'non-negative integers');
  });
});
