/**
 * Slow, obviously-correct pixel implementations of the mask verbs, for property tests of the fast
 * run-walking code. Test-only: moved out of core's src so the published package carries none of it.
 */
import type { Bitmap } from '@segkit/core';

/** Row-major → column-major copy (pycocotools' Fortran order). */
export function toColumnMajor(mask: Bitmap): Uint8Array {
  const { height: h, width: w, data } = mask;
  const out = new Uint8Array(h * w);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[x * h + y] = data[y * w + x] !== 0 ? 1 : 0;
  return out;
}

/** Column-major scan into alternating runs, background first. */
export function encodeSlow(mask: Bitmap): number[] {
  const column = toColumnMajor(mask);
  const counts: number[] = [];
  let value = 0;
  let run = 0;
  for (const v of column) {
    if (v !== value) {
      counts.push(run);
      run = 0;
      value = v;
    }
    run++;
  }
  counts.push(run);
  return counts;
}

/** Counts → row-major 0/1 pixels, one pixel at a time. */
export function decodeSlow(height: number, width: number, counts: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(height * width);
  let p = 0;
  for (let i = 0; i < counts.length; i++) {
    for (let n = 0; n < counts[i]; n++, p++) {
      if (i % 2 === 1) {
        const x = Math.floor(p / height);
        const y = p % height;
        out[y * width + x] = 1;
      }
    }
  }
  return out;
}

export function combineSlow(a: Uint8Array, b: Uint8Array, op: (x: boolean, y: boolean) => boolean): Uint8Array {
  return a.map((v, i) => (op(v !== 0, b[i] !== 0) ? 1 : 0));
}

export function countOn(pixels: Uint8Array): number {
  let n = 0;
  for (const v of pixels) n += v !== 0 ? 1 : 0;
  return n;
}

/** Tight box of the on pixels of a row-major mask, [0,0,0,0] when empty. */
export function bboxSlow(height: number, width: number, pixels: Uint8Array): number[] {
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (pixels[y * width + x] === 0) continue;
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
  }
  return x1 < 0 ? [0, 0, 0, 0] : [x0, y0, x1 - x0 + 1, y1 - y0 + 1];
}
