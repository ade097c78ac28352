import { decode, encode, polygonToRle } from '@segkit/core';
import { decodeSlow } from '@segkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cropRle, intersectionArea, rasterizeRingInWindow, windowAround } from '../../src/measure/window.js';
import { grid } from '../grid.js';

/** Row-major pixels of the window, cut from the full image's row-major pixels (decodeSlow's layout). */
function cropPixels(pixels: Uint8Array, w: number, x0: number, y0: number, ww: number, wh: number): number[] {
  const out: number[] = [];
  for (let y = y0; y < y0 + wh; y++) for (let x = x0; x < x0 + ww; x++) out.push(pixels[y * w + x]);
  return out;
}

describe('windowAround', () => {
  it('windowAround grows the box by the margin and clips it to the image', () => {
    expect(windowAround([5, 5, 2, 3], 3, 20, 20)).toEqual({ x0: 2, y0: 2, width: 8, height: 9 });
    expect(windowAround([0, 1, 4, 4], 3, 6, 5)).toEqual({ x0: 0, y0: 0, width: 5, height: 6 });
  });
});

describe('cropRle', () => {
  it('cropRle keeps exactly the pixels inside the window', () => {
    const mask = grid(
      '. # # . .', //
      '# # . . #',
      '. # # # #',
      '. . . # .',
    );
    const cropped = cropRle(mask, { x0: 1, y0: 1, width: 3, height: 2 });
    expect(Array.from(decodeSlow(2, 3, cropped.counts))).toEqual([1, 0, 0, 1, 1, 1]);
  });

  it('cropRle matches cutting the decoded pixels, for random masks and windows (seed 51)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.boolean(), { minLength: 144, maxLength: 144 }),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        (h, w, bits, a, b, c, d) => {
          const data = Uint8Array.from(bits.slice(0, h * w), Number);
          const rle = encode({ height: h, width: w, data });
          const x0 = a % w;
          const y0 = b % h;
          const ww = c % (w - x0 + 1);
          const wh = d % (h - y0 + 1);
          const cropped = cropRle(rle, { x0, y0, width: ww, height: wh });
          const full = decodeSlow(h, w, rle.counts);
          expect(Array.from(decodeSlow(wh, ww, cropped.counts))).toEqual(cropPixels(full, w, x0, y0, ww, wh));
        },
      ),
      { seed: 51, numRuns: 400 },
    );
  });
});

describe('rasterizeRingInWindow', () => {
  it('rasterizing inside the window covers the pixels COCO covers in the full image (seed 52)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 3, max: 15 }), fc.integer({ min: 2, max: 11 })), {
          minLength: 3,
          maxLength: 9,
        }),
        (points) => {
          const h = 17;
          const w = 23;
          const xy = points.flat();
          const xs = points.map((p) => p[0]);
          const ys = points.map((p) => p[1]);
          const x0 = Math.min(...xs);
          const y0 = Math.min(...ys);
          const win = windowAround([x0, y0, Math.max(...xs) - x0, Math.max(...ys) - y0], 1, h, w);
          const local = rasterizeRingInWindow(xy, 0, points.length, win, new Float64Array(64));
          const full = decodeSlow(h, w, polygonToRle(xy, h, w).counts);
          const expected = cropPixels(full, w, win.x0, win.y0, win.width, win.height);
          expect(Array.from(decodeSlow(win.height, win.width, local.counts))).toEqual(expected);
          // Nothing outside the window is covered either.
          const inside = expected.reduce((n, v) => n + v, 0);
          expect(full.reduce((n, v) => n + v, 0)).toBe(inside);
        },
      ),
      { seed: 52, numRuns: 300 },
    );
  });
});

describe('intersectionArea', () => {
  it('intersectionArea counts the pixels two masks share', () => {
    const a = grid('# # .', '# . .');
    const b = grid('. # #', '# # .');
    expect(intersectionArea(a.counts, b.counts)).toBe(2);
    expect(intersectionArea(a.counts, a.counts)).toBe(3);
    expect(decode(a).data.length).toBe(6);
  });
});
