/**
 * brushRleToBitmap / bitmapToBrushRle: a Label Studio brush mask is the packed RGBA bytes of the
 * image, and a pixel is on when its alpha byte is non-zero.
 */
import { SegkitError } from '@segkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binarize, bitmapArb, grid } from '../../../core/test/properties/arbitraries.js';
import { bitmapToBrushRle, brushRleToBitmap } from '../../src/label-studio/brush.js';
import { packWords, unpackWords } from '../../src/label-studio/rle-pack.js';

/** Pixel i → RGBA bytes [r g b a] (what Label Studio's editor would have on its canvas). */
function rgba(pixels: [number, number, number, number][]): number[] {
  return pixels.flat();
}

describe('brushRleToBitmap by hand', () => {
  it('brushRleToBitmap(spec vector, 1, 2) returns the 1×2 mask ". #"', () => {
    const bitmap = brushRleToBitmap([0, 0, 0, 8, 57, 27, 252, 96, 17, 255, 128], 1, 2);
    expect(bitmap).toEqual(grid('. #'));
  });

  it('brushRleToBitmap reads a 2×2 diagonal from three runs: 4×255, 8×0, 4×255', () => {
    // Runs 1 00 011 11111111 | 1 00 111 00000000 | 1 00 011 11111111 after the header's last bits
    // 11111 give 11111100 01111111 11110011 10000000 01000111 1111111(0) (the same bytes thi-ng writes).
    const bytes = [0, 0, 0, 16, 57, 27, 252, 127, 243, 128, 71, 254];
    const diagonal = grid(`
      # .
      . #
    `);
    expect(brushRleToBitmap(bytes, 2, 2)).toEqual(diagonal);
    expect(bitmapToBrushRle(diagonal)).toEqual(bytes);
  });

  it('brushRleToBitmap takes the alpha byte only: colour without alpha is background, alpha without colour is on', () => {
    const bytes = packWords(
      rgba([
        [255, 0, 0, 0], // red, transparent → off
        [0, 0, 0, 1], // black, barely opaque → on
        [10, 20, 30, 37], // antialiased edge → on (alpha > 0, as Label Studio and its converter)
        [0, 0, 0, 0],
        [0, 255, 0, 100], // what brush.py contour2rle paints → on
        [255, 255, 255, 255],
      ]),
    );
    expect(brushRleToBitmap(bytes, 2, 3)).toEqual(
      grid(`
        . # #
        . # #
      `),
    );
  });

  it('brushRleToBitmap of a 0×N image reads a stream of zero words', () => {
    expect(brushRleToBitmap(packWords([]), 0, 5)).toEqual({ height: 0, width: 5, data: new Uint8Array(0) });
  });

  it('bitmapToBrushRle writes R = G = B = A = 255 on the mask and 0 elsewhere, like the editor', () => {
    const mask = grid(`
      . 7 .
      x # .
    `);
    expect(Array.from(unpackWords(bitmapToBrushRle(mask)))).toEqual(
      rgba([
        [0, 0, 0, 0],
        [255, 255, 255, 255],
        [0, 0, 0, 0],
        [255, 255, 255, 255],
        [255, 255, 255, 255],
        [0, 0, 0, 0],
      ]),
    );
  });
});

describe('brushRleToBitmap rejects what is not a mask of that size', () => {
  const onePixel = bitmapToBrushRle(grid('#'));

  it('brushRleToBitmap throws when the byte count is not height·width·4, naming all three', () => {
    expect(() => brushRleToBitmap(onePixel, 2, 1)).toThrow(
      'brush mask holds 4 bytes but a 1×2 RGBA image needs 8 (1·2·4)',
    );
  });

  it('brushRleToBitmap throws on a bad size and on sizes whose byte count overflows 32 bits', () => {
    expect(() => brushRleToBitmap(onePixel, -1, 1)).toThrow(SegkitError);
    expect(() => brushRleToBitmap(onePixel, 1.5, 1)).toThrow(SegkitError);
    expect(() => brushRleToBitmap(onePixel, 65536, 16384)).toThrow('more than a brush mask');
  });

  it('brushRleToBitmap throws on truncated and over-long streams', () => {
    expect(() => brushRleToBitmap(onePixel.slice(0, -1), 1, 1)).toThrow(SegkitError);
    expect(() => brushRleToBitmap([...onePixel, 0, 0], 1, 1)).toThrow('left over');
  });
});

describe('brush round trips', () => {
  it('brushRleToBitmap(bitmapToBrushRle(mask)) returns the mask, binarized (seed 21)', () => {
    fc.assert(
      fc.property(bitmapArb, (mask) => {
        const back = brushRleToBitmap(bitmapToBrushRle(mask), mask.height, mask.width);
        expect(back.data).toEqual(binarize(mask.data));
      }),
      { seed: 21, numRuns: 400 },
    );
  });

  it('bitmapToBrushRle(mask) equals packWords of the mask expanded to RGBA (seed 22)', () => {
    fc.assert(
      fc.property(bitmapArb, (mask) => {
        const words = Array.from(mask.data).flatMap((v) => (v !== 0 ? [255, 255, 255, 255] : [0, 0, 0, 0]));
        expect(bitmapToBrushRle(mask)).toEqual(Array.from(packWords(words)));
      }),
      { seed: 22, numRuns: 300 },
    );
  });

  it('brushRleToBitmap round-trips a 300×300 mask with runs longer than 2^16 bytes', () => {
    const data = new Uint8Array(300 * 300);
    data.fill(1, 100 * 300, 200 * 300); // 30,000 pixels = 120,000 bytes in one run
    const mask = { height: 300, width: 300, data };
    expect(brushRleToBitmap(bitmapToBrushRle(mask), 300, 300).data).toEqual(data);
  });
});
