/**
 * encode / decode (row-major) and encodeColumnMajor / decodeColumnMajor against the pixel-by-pixel
 * references in @segkit/testing: COCO RLE is column-major and its first run is background.
 */

import { decodeSlow, encodeSlow, toColumnMajor } from '@segkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decode,
  decodeColumnMajor,
  encode,
  encodeColumnMajor,
  isCanonicalRle,
  rleFromCounts,
} from '../../src/index.js';
import { expectSameArray } from '../fixtures.js';
import { binarize, bitmapArb, dataArb, grid, largeBitmapArb, sizedCountsArb } from './arbitraries.js';

describe('encode and decode by hand', () => {
  it('encode(grid) counts column by column, background first', () => {
    // Columns top to bottom: [0 0 1] [1 1 1] [1 0 0] → 0 0 | 1 1 1 1 1 | 0 0.
    const mask = grid(`
      . # #
      . # .
      # # .
    `);
    expect(Array.from(encode(mask).counts)).toEqual([2, 5, 2]);
  });

  it('encode(grid) starts with an empty background run when the first pixel is on', () => {
    const mask = grid(`
      # # # .
      # # . .
    `);
    // Column-major: 1 1 | 1 1 | 1 0 | 0 0 → [0 5 3].
    expect(Array.from(encode(mask).counts)).toEqual([0, 5, 3]);
  });

  it('encode(grid) treats 255 and 7 as foreground, exactly like 1', () => {
    const binary = grid(`
      # . # #
      . # # .
      # # . #
    `);
    const bytes = grid(`
      x . 7 #
      . 7 x .
      # x . 7
    `);
    expect(Array.from(encode(bytes).counts)).toEqual(Array.from(encode(binary).counts));
    expectSameArray(decode(encode(bytes)).data, binary.data, 'decoded pixels');
  });

  it('encode returns [0] for masks with no pixels (0×N and N×0)', () => {
    for (const [height, width] of [
      [0, 0],
      [0, 5],
      [7, 0],
    ]) {
      const rle = encode({ height, width, data: new Uint8Array(0) });
      expect(Array.from(rle.counts)).toEqual([0]);
      expect(decode(rle).data.length).toBe(0);
    }
  });
});

describe('encode and decode on random bitmaps', () => {
  it('encode(m).counts equals encodeSlow(m) and is canonical (seed 101)', () => {
    fc.assert(
      fc.property(bitmapArb, (mask) => {
        const rle = encode(mask);
        expect(rle.height).toBe(mask.height);
        expect(rle.width).toBe(mask.width);
        expectSameArray(rle.counts, encodeSlow(mask), 'counts');
        expect(isCanonicalRle(rle)).toBe(true);
      }),
      { seed: 101, numRuns: 600 },
    );
  });

  it('decode(encode(m)).data equals the binarized m (seed 102)', () => {
    fc.assert(
      fc.property(bitmapArb, (mask) => {
        const decoded = decode(encode(mask));
        expect([decoded.height, decoded.width]).toEqual([mask.height, mask.width]);
        expectSameArray(decoded.data, binarize(mask.data), 'pixels');
      }),
      { seed: 102, numRuns: 600 },
    );
  });

  it('encodeColumnMajor and decodeColumnMajor agree with the row-major pair (seed 103)', () => {
    fc.assert(
      fc.property(bitmapArb, (mask) => {
        const { height, width } = mask;
        // toColumnMajor binarizes; re-insert the raw bytes to check non-binary input here too.
        const raw = new Uint8Array(height * width);
        for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw[x * height + y] = mask.data[y * width + x];
        const rle = encodeColumnMajor(raw, height, width);
        expectSameArray(rle.counts, encode(mask).counts, 'column-major counts');
        expectSameArray(decodeColumnMajor(rle), toColumnMajor(mask), 'column-major pixels');
      }),
      { seed: 103, numRuns: 600 },
    );
  });

  it('encode and decode round trip on larger masks, sparse and dense (seed 106)', () => {
    fc.assert(
      fc.property(largeBitmapArb, (mask) => {
        const rle = encode(mask);
        expectSameArray(rle.counts, encodeSlow(mask), 'counts');
        expectSameArray(decode(rle).data, binarize(mask.data), 'pixels');
      }),
      { seed: 106, numRuns: 150 },
    );
  });

  it('encode reads a Bitmap whose data is a subarray at any byteOffset (seed 104)', () => {
    const arb = fc
      .record({
        height: fc.integer({ min: 1, max: 12 }),
        width: fc.integer({ min: 1, max: 6 }).map((k) => 4 * k - (k % 3 === 0 ? 1 : 0)),
        offset: fc.integer({ min: 1, max: 7 }),
      })
      .chain(({ height, width, offset }) => dataArb(height, width).map((data) => ({ height, width, offset, data })));
    fc.assert(
      fc.property(arb, ({ height, width, offset, data }) => {
        // Garbage around the view must not leak in: 0xAA before, 0x55 after.
        const buffer = new Uint8Array(offset + data.length + 5).fill(0xaa);
        buffer.fill(0x55, offset + data.length);
        buffer.set(data, offset);
        const view = buffer.subarray(offset, offset + data.length);
        const mask = { height, width, data: view };
        expectSameArray(encode(mask).counts, encodeSlow({ height, width, data }), 'counts');
      }),
      { seed: 104, numRuns: 300 },
    );
  });

  it('encode of a view at byteOffset 1, width 8, equals encode of a copy', () => {
    const copy = grid(`
      . . # # # # . .
      . # # . . # # .
      # # . . . . # #
      . # # . . # # .
    `);
    const buffer = new Uint8Array(copy.data.length + 1);
    buffer.set(copy.data, 1);
    const odd = { height: 4, width: 8, data: buffer.subarray(1) };
    expect(odd.data.byteOffset).toBe(1);
    expect(Array.from(encode(odd).counts)).toEqual(encodeSlow(copy));
  });
});

describe('decode of random counts, canonical or not', () => {
  it('decode(rle).data equals decodeSlow for counts with empty runs anywhere (seed 105)', () => {
    fc.assert(
      fc.property(sizedCountsArb, ({ height, width, counts }) => {
        const rle = rleFromCounts(counts, height, width);
        expectSameArray(decode(rle).data, decodeSlow(height, width, counts), 'row-major pixels');
        const columnMajor = decodeColumnMajor(rle);
        expectSameArray(columnMajor, toColumnMajor({ height, width, data: decodeSlow(height, width, counts) }));
        // Re-encoding gives the canonical form of the same pixels.
        const again = encodeColumnMajor(columnMajor, height, width);
        expect(isCanonicalRle(again)).toBe(true);
        expectSameArray(decode(again).data, decode(rle).data, 're-encoded pixels');
      }),
      { seed: 105, numRuns: 800 },
    );
  });

  it('decode(rle) with empty runs in the middle equals the grid it spells', () => {
    // h = 3, w = 2; runs [1, 0, 0, 2, 1, 0, 2]: off 1, (on 0, off 0), on 2, off 1, (on 0), off 2.
    // The empty runs vanish, leaving column-major 0 1 1 | 0 0 0.
    const rle = rleFromCounts([1, 0, 0, 2, 1, 0, 2], 3, 2);
    const expected = grid(`
      . .
      # .
      # .
    `);
    expectSameArray(decode(rle).data, expected.data);
  });
});
