/**
 * Shared generators for the property tests: fast-check arbitraries for masks and run lengths.
 */
import fc from 'fast-check';
import type { Bitmap } from '../../src/index.js';

/** Largest value a COCO count (uint32) can hold, and the largest h·w we accept. */
export const UINT32_MAX = 0xffffffff;

// grid, binarize and mulberry32 live in @segkit/testing and @segkit/core; re-exported here for the
// tests that import them from this file.
export { mulberry32 } from '@segkit/core';
export { binarize, grid } from '@segkit/testing';

/** Image sizes with the edge cases spelled out: empty in either direction, 1×1, widths ≡ 0 mod 4 and not. */
export const sizeArb: fc.Arbitrary<{ height: number; width: number }> = fc.oneof(
  fc.record({ height: fc.constant(0), width: fc.integer({ min: 0, max: 12 }) }),
  fc.record({ height: fc.integer({ min: 0, max: 12 }), width: fc.constant(0) }),
  fc.constant({ height: 1, width: 1 }),
  fc.record({ height: fc.integer({ min: 1, max: 3 }), width: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ height: fc.integer({ min: 1, max: 24 }), width: fc.integer({ min: 1, max: 24 }) }),
  fc.record({ height: fc.integer({ min: 1, max: 20 }), width: fc.integer({ min: 1, max: 10 }).map((k) => 4 * k) }),
);

/** Foreground bytes as they occur in real data: mostly 1, but also 255 (PNG masks) and odd values. */
const FOREGROUND_BYTES = [1, 255, 1, 7, 1, 128];
const foregroundByte = fc.constantFrom(...FOREGROUND_BYTES);

/**
 * Pixel noise at a density chosen per mask: each pixel draws n in 0..99 and is background when
 * n < (1 - density)·100, else one of the foreground bytes (so shrinking goes toward background).
 */
function noiseData(pixels: number): fc.Arbitrary<Uint8Array> {
  return fc
    .constantFrom(0.05, 0.3, 0.5, 0.9, 1)
    .chain((density) =>
      fc
        .array(fc.nat(99), { minLength: pixels, maxLength: pixels })
        .map((draws) =>
          Uint8Array.from(draws, (n) => (n < (1 - density) * 100 ? 0 : FOREGROUND_BYTES[n % FOREGROUND_BYTES.length])),
        ),
    );
}

/** A "blob" mask: a few filled rectangles (long runs, across column boundaries) plus a little noise. */
function blobData(height: number, width: number): fc.Arbitrary<Uint8Array> {
  const rect = fc.record({
    x: fc.integer({ min: 0, max: Math.max(0, width - 1) }),
    y: fc.integer({ min: 0, max: Math.max(0, height - 1) }),
    w: fc.integer({ min: 1, max: Math.max(1, width) }),
    h: fc.integer({ min: 1, max: Math.max(1, height) }),
    value: foregroundByte,
    erase: fc.boolean(),
  });
  const pixels = height * width;
  return fc
    .record({
      rects: fc.array(rect, { maxLength: 4 }),
      noise: fc.array(fc.integer({ min: 0, max: Math.max(0, pixels - 1) }), { maxLength: 6 }),
    })
    .map(({ rects, noise }) => {
      const data = new Uint8Array(pixels);
      if (pixels === 0) return data;
      rects.forEach((r, i) => {
        // The first rectangle always paints; later ones may cut holes.
        const value = r.erase && i > 0 ? 0 : r.value;
        for (let y = r.y; y < Math.min(height, r.y + r.h); y++) {
          for (let x = r.x; x < Math.min(width, r.x + r.w); x++) data[y * width + x] = value;
        }
      });
      for (const p of noise) data[p] = data[p] === 0 ? 1 : 0;
      return data;
    });
}

/** Pixel data for a given size: noise or blobs. */
export function dataArb(height: number, width: number): fc.Arbitrary<Uint8Array> {
  return fc.oneof(noiseData(height * width), blobData(height, width));
}

/** A random row-major bitmap (sizes from `sizeArb`, data from `dataArb`). */
export const bitmapArb: fc.Arbitrary<Bitmap> = sizeArb.chain(({ height, width }) =>
  dataArb(height, width).map((data) => ({ height, width, data })),
);

/**
 * Larger bitmaps (up to 96×96): blobs with few transitions and noise with many, so an encoder that
 * picks its strategy by the number of transitions is exercised on both sides of its threshold.
 */
export const largeBitmapArb: fc.Arbitrary<Bitmap> = fc
  .record({
    height: fc.integer({ min: 16, max: 96 }),
    width: fc.oneof(
      fc.integer({ min: 16, max: 96 }),
      fc.integer({ min: 4, max: 24 }).map((k) => 4 * k),
    ),
  })
  .chain(({ height, width }) => dataArb(height, width).map((data) => ({ height, width, data })));

/** Several masks of one image size, mostly overlapping blobs, for merge and IoU. */
export function masksArb(
  minCount: number,
  maxCount: number,
): fc.Arbitrary<{ height: number; width: number; masks: Uint8Array[] }> {
  return fc
    .record({ height: fc.integer({ min: 1, max: 16 }), width: fc.integer({ min: 1, max: 16 }) })
    .chain(({ height, width }) =>
      fc
        .array(dataArb(height, width), { minLength: minCount, maxLength: maxCount })
        .map((masks) => ({ height, width, masks })),
    );
}

/**
 * Run lengths summing to `total`, possibly non-canonical: cut points are drawn with repeats, so empty
 * runs occur anywhere (first, middle, last), and so do runs covering whole columns.
 */
export function countsArb(total: number, maxCuts = 12): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: 0, max: total }), { maxLength: maxCuts }).map((cuts) => {
    const sorted = [...cuts].sort((a, b) => a - b);
    const counts: number[] = [];
    let previous = 0;
    for (const c of sorted) {
      counts.push(c - previous);
      previous = c;
    }
    counts.push(total - previous);
    return counts;
  });
}

/** An image size with random (possibly non-canonical) counts for it. */
export const sizedCountsArb: fc.Arbitrary<{ height: number; width: number; counts: number[] }> = sizeArb.chain(
  ({ height, width }) => countsArb(height * width).map((counts) => ({ height, width, counts })),
);
