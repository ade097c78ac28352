import { encode, polygonToRle, traceContours } from '@segkit/core';
import { decodeSlow } from '@segkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { measureRegion } from '../../src/measure/measure-region.js';
import { regionsOf } from '../../src/shape/regions.js';

/*
 * measureRegion on random masks, checked against a recomputation from scratch: the returned polygon
 * is rasterized in the full image by polygonToRle (each part even-odd, parts united, pixel by
 * pixel), its IoU with the mask counted pixel by pixel and its boundary F-score found by brute force;
 * the box fill, the budget and the baseline guarantee are checked as stated.
 */

const H = 24;
const W = 28;

/** Random blobs: a few filled discs and rectangles, some cut by holes. */
const blobs = fc.array(
  fc.record({
    kind: fc.constantFrom('disc', 'rect', 'hole'),
    x: fc.integer({ min: 0, max: W - 1 }),
    y: fc.integer({ min: 0, max: H - 1 }),
    r: fc.integer({ min: 1, max: 8 }),
  }),
  { minLength: 1, maxLength: 6 },
);

function paint(shapes: { kind: string; x: number; y: number; r: number }[]): Uint8Array {
  const data = new Uint8Array(H * W);
  for (const s of shapes) {
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const inside =
          s.kind === 'rect'
            ? Math.abs(x - s.x) <= s.r && Math.abs(y - s.y) <= s.r / 2
            : (x - s.x) ** 2 + (y - s.y) ** 2 <= s.r * s.r;
        if (inside) data[y * W + x] = s.kind === 'hole' ? 0 : 1;
      }
    }
  }
  return data;
}

/** Boundary pixels: foreground with a background 8-neighbour inside the image (the image edge is not one). */
function boundary(pixels: Uint8Array): [number, number][] {
  const out: [number, number][] = [];
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (!pixels[y * W + x]) continue;
      let edge = false;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx >= 0 && nx < W && ny >= 0 && ny < H && !pixels[ny * W + nx]) edge = true;
        }
      if (edge) out.push([x, y]);
    }
  }
  return out;
}

/** Boundary F-score at Chebyshev tolerance t, by brute force. */
function boundaryFSlow(mask: Uint8Array, drawn: Uint8Array, t: number): number {
  const a = boundary(mask);
  const b = boundary(drawn);
  if (a.length === 0 && b.length === 0) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const near = (p: [number, number], set: [number, number][]) =>
    set.some((q) => Math.max(Math.abs(p[0] - q[0]), Math.abs(p[1] - q[1])) <= t);
  const precision = b.filter((p) => near(p, a)).length / b.length;
  const recall = a.filter((p) => near(p, b)).length / a.length;
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

describe('measureRegion (property)', () => {
  it('IoU, boundary F, budget, box fill and baseline hold when recomputed pixel by pixel (seed 81)', () => {
    fc.assert(
      fc.property(blobs, fc.integer({ min: 3, max: 24 }), (shapes, budget) => {
        const data = paint(shapes);
        const rle = encode({ height: H, width: W, data });
        const [region] = regionsOf(traceContours(rle), false);
        if (region === undefined) return;
        const m = measureRegion(region, { vertices: budget, tolerance: 1, targetIou: 0.95 });
        const drawn = new Uint8Array(H * W);
        let vertices = 0;
        for (const part of m.polygon) {
          const inPart = new Uint8Array(H * W);
          for (const ring of part) {
            vertices += ring.length / 2;
            const pixels = decodeSlow(H, W, polygonToRle(ring, H, W).counts);
            for (let i = 0; i < pixels.length; i++) inPart[i] ^= pixels[i];
          }
          for (let i = 0; i < drawn.length; i++) drawn[i] |= inPart[i];
        }
        let inside = 0;
        let union = 0;
        let area = 0;
        for (let i = 0; i < data.length; i++) {
          inside += data[i] & drawn[i];
          union += data[i] | drawn[i];
          area += data[i];
        }
        expect(m.iou).toBeCloseTo(inside / union, 12);
        expect(m.boundaryF).toBeCloseTo(boundaryFSlow(data, drawn, 1), 12);
        expect(m.area).toBe(area);
        expect(vertices).toBe(m.verticesUsed);
        expect(m.verticesUsed).toBeLessThanOrEqual(budget);
        expect(m.iou).toBeGreaterThanOrEqual(m.baselineIou);
        expect(m.boxIou).toBeCloseTo(area / (m.bbox[2] * m.bbox[3]), 12);
        for (const v of [m.boundaryF, m.boxBoundaryF, m.baselineBoundaryF, m.pixelIou])
          expect(v >= 0 && v <= 1).toBe(true);
        expect(m.verticesForTarget).toBeGreaterThanOrEqual(3);
      }),
      { seed: 81, numRuns: 300 },
    );
  });
});
