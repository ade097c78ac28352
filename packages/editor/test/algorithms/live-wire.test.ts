import { mulberry32, SegkitError } from '@segkit/core';
import { diagonalStepCost, LiveWire, liveWireCost } from '@segkit/editor';
import { describe, expect, it } from 'vitest';
import { costTables, sampleStep } from '../../src/algorithms/live-wire-cost.js';

/** A w×h RGBA image filled with `light`, with the box [x0, x1] × [y0, y1] (inclusive) in `dark`. */
function squareImage(width: number, height: number, box: [number, number, number, number]): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  const [x0, y0, x1, y1] = box;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = x >= x0 && x <= x1 && y >= y0 && y <= y1 ? 30 : 220;
      rgba.set([v, v, v, 255], (y * width + x) * 4);
    }
  }
  return rgba;
}

/** Plain Dijkstra from scratch (O(n²) selection) over the window, with the documented step costs. */
function referenceDistances(costs: Uint8Array, width: number, window: number[], sx: number, sy: number): Float64Array {
  const [ox, oy, ww, wh] = window;
  const n = ww * wh;
  const dist = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const done = new Uint8Array(n);
  dist[(sy - oy) * ww + (sx - ox)] = 0;
  for (let round = 0; round < n; round++) {
    let best = -1;
    for (let i = 0; i < n; i++) if (done[i] === 0 && (best < 0 || dist[i] < dist[best])) best = i;
    done[best] = 1;
    const bx = best % ww;
    const by = Math.floor(best / ww);
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const qx = bx + dx;
        const qy = by + dy;
        if ((dx === 0 && dy === 0) || qx < 0 || qy < 0 || qx >= ww || qy >= wh) continue;
        const c = costs[(qy + oy) * width + qx + ox];
        const step = dx !== 0 && dy !== 0 ? diagonalStepCost(c) : c;
        const q = qy * ww + qx;
        if (dist[best] + step < dist[q]) dist[q] = dist[best] + step;
      }
    }
  }
  return dist;
}

/** Checks that `path` is an 8-connected walk and returns the sum of its step costs. */
function walkCost(path: Int32Array, costs: Uint8Array, width: number): number {
  let total = 0;
  for (let k = 2; k < path.length; k += 2) {
    const dx = path[k] - path[k - 2];
    const dy = path[k + 1] - path[k - 1];
    expect(Math.max(Math.abs(dx), Math.abs(dy))).toBe(1);
    const c = costs[path[k + 1] * width + path[k]];
    total += dx !== 0 && dy !== 0 ? diagonalStepCost(c) : c;
  }
  return total;
}

/**
 * A random image with edges: a colour gradient, rectangles of random colours, ±8 of noise (the
 * cost's zero crossings and gradients vary, and some magnitudes pass any percentile).
 */
function blobImage(random: () => number, width: number, height: number): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rgba.set([(x * 3) & 255, (y * 2) & 255, 128, 255], (y * width + x) * 4);
  }
  for (let r = 0; r < 12; r++) {
    const x0 = Math.floor(random() * width);
    const y0 = Math.floor(random() * height);
    const x1 = Math.min(width, x0 + 1 + Math.floor(random() * width * 0.5));
    const y1 = Math.min(height, y0 + 1 + Math.floor(random() * height * 0.5));
    const colour = [Math.floor(random() * 256), Math.floor(random() * 256), Math.floor(random() * 256)];
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) rgba.set(colour, (y * width + x) * 4);
  }
  for (let i = 0; i < rgba.length; i += 4) {
    const n = Math.floor(random() * 17) - 8;
    for (let c = 0; c < 3; c++) rgba[i + c] = Math.min(255, Math.max(0, rgba[i + c] + n));
  }
  return rgba;
}

/** The first index where a and b differ (lengths included), or -1. */
/**
 * The local cost of every pixel, computed whole in four passes over the image (luminance, blur,
 * Sobel and Laplacian, cost) as the LiveWire's doc defines it: the from-scratch reference the block
 * by block computation (`liveWireCost`, `LiveWire`) is compared with.
 */
function referenceCost(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, out: Uint8Array): void {
  const n = width * height;
  if (n === 0) return;
  // Seven bytes a pixel of intermediates, allocated per call and dropped on return.
  const luma = new Uint8Array(n);
  const smooth = new Uint16Array(n);
  const laplacian = new Int16Array(n);
  const gradient = new Uint16Array(n);
  for (let i = 0, o = 0; i < n; i++, o += 4) luma[i] = (77 * rgba[o] + 150 * rgba[o + 1] + 29 * rgba[o + 2]) >> 8;
  // Binomial blur ×16 (0..4080), borders replicated.
  for (let y = 0; y < height; y++) {
    const up = (y > 0 ? y - 1 : 0) * width;
    const row = y * width;
    const down = (y < height - 1 ? y + 1 : y) * width;
    for (let x = 0; x < width; x++) {
      const l = x > 0 ? x - 1 : 0;
      const r = x < width - 1 ? x + 1 : x;
      smooth[row + x] =
        luma[up + l] +
        2 * luma[up + x] +
        luma[up + r] +
        2 * (luma[row + l] + 2 * luma[row + x] + luma[row + r]) +
        luma[down + l] +
        2 * luma[down + x] +
        luma[down + r];
    }
  }
  // Sobel magnitude (< 23,100) and 4-neighbour Laplacian (|L| ≤ 16,320) of the blurred luminance;
  // the sample pixels' magnitudes binned (bin = G >> 4) for Gref.
  const step = sampleStep(width, height);
  const histogram = new Uint32Array(1500);
  let samples = 0;
  for (let y = 0; y < height; y++) {
    const up = (y > 0 ? y - 1 : 0) * width;
    const row = y * width;
    const down = (y < height - 1 ? y + 1 : y) * width;
    const sampled = y % step === 0;
    for (let x = 0; x < width; x++) {
      const l = x > 0 ? x - 1 : 0;
      const r = x < width - 1 ? x + 1 : x;
      const gx =
        smooth[up + r] +
        2 * smooth[row + r] +
        smooth[down + r] -
        smooth[up + l] -
        2 * smooth[row + l] -
        smooth[down + l];
      const gy =
        smooth[down + l] +
        2 * smooth[down + x] +
        smooth[down + r] -
        smooth[up + l] -
        2 * smooth[up + x] -
        smooth[up + r];
      const g = Math.round(Math.sqrt(gx * gx + gy * gy));
      gradient[row + x] = g;
      if (sampled && x % step === 0) {
        histogram[g >> 4]++;
        samples++;
      }
      laplacian[row + x] = 4 * smooth[row + x] - smooth[row + l] - smooth[row + r] - smooth[up + x] - smooth[down + x];
    }
  }
  const { reference, off, on } = costTables(histogram, samples);
  const last = n - width;
  for (let i = 0, x = 0; i < n; i++, x = x === width - 1 ? 0 : x + 1) {
    const g = gradient[i] < reference ? gradient[i] : reference;
    // Zero crossing: L changes sign towards a 4-neighbour and |L| here is the smaller.
    const v = laplacian[i];
    let crossing = false;
    if (v !== 0) {
      const m = v < 0 ? -v : v;
      if (
        (x > 0 && crosses(v, m, laplacian[i - 1])) ||
        (x < width - 1 && crosses(v, m, laplacian[i + 1])) ||
        (i >= width && crosses(v, m, laplacian[i - width])) ||
        (i < last && crosses(v, m, laplacian[i + width]))
      ) {
        crossing = true;
      }
    }
    out[i] = crossing ? on[g] : off[g];
  }
}

/** Whether L = v (|v| = m) and a neighbour's L = w straddle zero with |v| the smaller. */
function crosses(v: number, m: number, w: number): boolean {
  return w !== 0 && (v ^ w) < 0 && m <= (w < 0 ? -w : w);
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

describe('LiveWire', () => {
  it('costs are 255 on a uniform image, and pathTo is the Chebyshev-shortest walk of cost 10·361 + 10·255', () => {
    const wire = new LiveWire();
    wire.setImage(new Uint8Array(30 * 20 * 4).fill(128), 30, 20);
    expect(wire.costs.every((c) => c === 255)).toBe(true);
    wire.setSeed(0, 0);
    const path = wire.pathTo(20, 10);
    expect(path.length).toBe(2 * 21);
    expect(Array.from(path.subarray(0, 2))).toEqual([0, 0]);
    expect(Array.from(path.subarray(-2))).toEqual([20, 10]);
    expect(wire.distanceTo(20, 10)).toBe(10 * diagonalStepCost(255) + 10 * 255);
    expect(walkCost(path, wire.costs, 30)).toBe(10 * 361 + 10 * 255);
  });

  it('costs are lowest on the sides of a dark square and highest in the flat areas', () => {
    const wire = new LiveWire();
    wire.setImage(squareImage(40, 40, [10, 10, 29, 29]), 40, 40);
    const { costs } = wire;
    expect(costs[5 * 40 + 5]).toBe(255); // flat background
    expect(costs[20 * 40 + 20]).toBe(255); // flat inside
    expect(costs[20 * 40 + 10]).toBeLessThan(100); // on the left side
    expect(costs[20 * 40 + 9]).toBeLessThan(150);
  });

  it('pathTo between two corners of a dark square follows its side, not the diagonal', () => {
    const wire = new LiveWire();
    wire.setImage(squareImage(40, 40, [10, 10, 29, 29]), 40, 40);
    wire.setSeed(10, 10);
    // To the opposite corner: along two sides (the straight diagonal crosses the flat inside).
    const path = wire.pathTo(29, 29);
    for (let k = 0; k < path.length; k += 2) {
      const x = path[k];
      const y = path[k + 1];
      const nearSide = Math.min(Math.abs(x - 9.5), Math.abs(x - 29.5), Math.abs(y - 9.5), Math.abs(y - 29.5));
      expect(nearSide, `(${x}, ${y})`).toBeLessThanOrEqual(1);
    }
    // To the next corner: along the top side.
    const top = wire.pathTo(29, 10);
    for (let k = 1; k < top.length; k += 2) expect(Math.abs(top[k] - 9.5)).toBeLessThanOrEqual(1);
    expect(top.length / 2).toBeLessThanOrEqual(22);
  });

  for (const seed of [1, 2, 3, 4, 5]) {
    it(`distanceTo equals a from-scratch Dijkstra on a random image, targets in any order (seed ${seed})`, () => {
      const random = mulberry32(seed);
      const width = 5 + Math.floor(random() * 25);
      const height = 5 + Math.floor(random() * 25);
      const rgba = new Uint8Array(width * height * 4);
      for (let i = 0; i < rgba.length; i++) rgba[i] = Math.floor(random() * 256);
      const wire = new LiveWire({ window: seed === 5 ? 10 : Number.POSITIVE_INFINITY });
      wire.setImage(rgba, width, height);
      for (let s = 0; s < 2; s++) {
        const sx = Math.floor(random() * width);
        const sy = Math.floor(random() * height);
        wire.setSeed(sx, sy);
        const window = wire.searchWindow;
        const dist = referenceDistances(wire.costs, width, window, sx, sy);
        for (let t = 0; t < 12; t++) {
          const tx = window[0] + Math.floor(random() * window[2]);
          const ty = window[1] + Math.floor(random() * window[3]);
          const expected = dist[(ty - window[1]) * window[2] + (tx - window[0])];
          const path = wire.pathTo(tx, ty);
          expect(Array.from(path.subarray(0, 2))).toEqual([sx, sy]);
          expect(Array.from(path.subarray(-2))).toEqual([tx, ty]);
          expect(walkCost(path, wire.costs, width)).toBe(expected);
          expect(wire.distanceTo(tx, ty)).toBe(expected);
        }
      }
    });
  }

  it('a short path computes only the cost blocks around it: 4 of 100 for 50 px on a uniform 640×640 image', () => {
    const wire = new LiveWire();
    wire.setImage(new Uint8Array(640 * 640 * 4).fill(128), 640, 640);
    expect(wire.costBlocks).toEqual({ computed: 0, total: 100 });
    wire.setSeed(320, 320);
    // Settled: every pixel nearer than the target (50 straight steps), x and y within 270..370, and
    // their neighbours' costs read, 269..371: blocks 4 (256..319) and 5 (320..383) in each direction.
    expect(wire.pathTo(370, 320).length).toBe(2 * 51);
    expect(wire.costBlocks).toEqual({ computed: 4, total: 100 });
    expect(wire.costs.every((c) => c === 255)).toBe(true);
    expect(wire.costBlocks).toEqual({ computed: 100, total: 100 });
  });

  for (const [seed, width, height] of [
    [1, 150, 130],
    [2, 300, 260], // over 2^16 pixels: Gref from every 2nd column and row
    [3, 1, 200],
    [4, 2, 70],
    [5, 65, 1],
    [6, 129, 66],
    [7, 700, 100], // step 5
  ]) {
    it(`costs and paths computed block by block equal the whole image's costs computed from scratch (seed ${seed}, ${width}×${height})`, () => {
      const random = mulberry32(seed);
      const rgba = blobImage(random, width, height);
      const whole = new Uint8Array(width * height);
      referenceCost(rgba, width, height, whole);
      const strips = new Uint8Array(width * height);
      liveWireCost(rgba, width, height, strips);
      expect(firstDifference(strips, whole)).toBe(-1);
      const window = seed % 2 === 0 ? 64 : Number.POSITIVE_INFINITY;
      // `lazy` computes blocks as its searches reach them; `eager` has every block computed first,
      // and those costs are the reference's: same costs and the same search give the same paths.
      const lazy = new LiveWire({ window });
      lazy.setImage(rgba, width, height);
      const eager = new LiveWire({ window });
      eager.setImage(rgba, width, height);
      expect(firstDifference(eager.costs, whole)).toBe(-1);
      for (let s = 0; s < 4; s++) {
        const sx = Math.floor(random() * width);
        const sy = Math.floor(random() * height);
        lazy.setSeed(sx, sy);
        eager.setSeed(sx, sy);
        for (let t = 0; t < 6; t++) {
          const tx = Math.floor(random() * width);
          const ty = Math.floor(random() * height);
          expect(lazy.pathTo(tx, ty).join(',')).toBe(eager.pathTo(tx, ty).join(','));
        }
      }
      expect(firstDifference(lazy.costs, whole)).toBe(-1);
    });
  }

  it('pathTo clamps a target outside the search window to the window', () => {
    const wire = new LiveWire({ window: 8 });
    wire.setImage(new Uint8Array(40 * 40 * 4).fill(90), 40, 40);
    wire.setSeed(20, 20);
    expect(wire.searchWindow).toEqual([16, 16, 8, 8]);
    expect(wire.seed).toEqual([20, 20]);
    const path = wire.pathTo(0, 39);
    expect(Array.from(path.subarray(-2))).toEqual([16, 23]);
    wire.setSeed(1, 38);
    expect(wire.searchWindow).toEqual([0, 34, 5, 6]);
  });

  it('LiveWire rejects bad input with a SegkitError', () => {
    const wire = new LiveWire();
    expect(() => wire.setSeed(0, 0)).toThrow(/setSeed before setImage/);
    expect(() => wire.setImage(new Uint8Array(10), 2, 2)).toThrow(/rgba has 10 elements; a 2×2 image needs 16/);
    wire.setImage(new Uint8Array(16), 2, 2);
    expect(() => wire.pathTo(0, 0)).toThrow(/pathTo before setSeed/);
    expect(() => wire.setSeed(2, 0)).toThrow(/pixel \(2, 0\) is outside the 2×2 image/);
    wire.setSeed(0, 0);
    expect(() => wire.pathTo(Number.NaN, 0)).toThrow(SegkitError);
    expect(() => new LiveWire({ window: 1 })).toThrow(/window must be a number ≥ 2/);
  });
});
