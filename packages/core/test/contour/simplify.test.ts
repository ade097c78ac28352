/**
 * Simplification: simplifyRing on traced rings (tolerance bound, vertex budget, nesting of results),
 * and maskToPolygons with a tolerance or a budget (what it costs, measured with polygonLoss).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { polygonLoss } from '../../src/contour/loss.js';
import { segmentDistance2, simplifyRing } from '../../src/contour/simplify.js';
import { maskToPolygons } from '../../src/contour/to-polygons.js';
import { type Contours, traceContours } from '../../src/contour/trace.js';
import { encode, polygonsToRle } from '../../src/index.js';
import { expectSameArray } from '../fixtures.js';
import { grid } from '../properties/arbitraries.js';
import { contourMaskArb, coversPixelCentre, ellipseMaskArb, slitsOf } from './reference.js';

/** simplifyRing on ring r of a trace, as a plain list of kept vertex indices. */
function keptOf(c: Contours, r: number, tolerance: number, maxVertices = Number.POSITIVE_INFINITY): number[] {
  const from = c.ringStart[r];
  const count = c.ringStart[r + 1] - from;
  const out = new Uint32Array(count);
  const n = simplifyRing(c.xy, from, count, tolerance, maxVertices, out, 0);
  return Array.from(out.subarray(0, n));
}

const isSubset = (a: number[], b: number[]) => {
  const set = new Set(b);
  return a.every((v) => set.has(v));
};

/** Masks with many rings, and smooth ones with long staircase boundaries. */
const ringsArb = fc.oneof(contourMaskArb(), ellipseMaskArb());

describe('simplifyRing on traced rings', () => {
  it('simplifyRing(ring of a disc, 1.5) keeps a few corners, always the first', () => {
    const mask = grid(`
      . . # # # . .
      . # # # # # .
      # # # # # # #
      # # # # # # #
      # # # # # # #
      . # # # # # .
      . . # # # . .
    `);
    const c = traceContours(mask);
    expect(c.ringStart[1]).toBe(20);
    expect(keptOf(c, 0, 0)).toEqual([...Array(20).keys()]);
    const kept = keptOf(c, 0, 1.5);
    expect(kept[0]).toBe(0);
    expect(kept.length).toBeGreaterThanOrEqual(3);
    expect(kept.length).toBeLessThan(12);
  });

  it('with no budget, every dropped vertex lies within the tolerance of the edge replacing it (seed 831)', () => {
    fc.assert(
      fc.property(ringsArb, fc.constantFrom(0, 0.5, 1, 1.5, 2, 4), (mask, tolerance) => {
        const c = traceContours(mask);
        for (let r = 0; r + 1 < c.ringStart.length; r++) {
          const from = c.ringStart[r];
          const count = c.ringStart[r + 1] - from;
          const kept = keptOf(c, r, tolerance);
          expect(kept[0]).toBe(from);
          expect(kept.length).toBeGreaterThanOrEqual(Math.min(3, count));
          if (tolerance === 0) expect(kept.length).toBe(count);
          for (let i = 0; i < kept.length; i++) {
            const a = kept[i];
            const b = i + 1 < kept.length ? kept[i + 1] : from + count;
            expect(b).toBeGreaterThan(a);
            const bv = b === from + count ? from : b;
            for (let v = a + 1; v < b; v++) {
              const d2 = segmentDistance2(
                c.xy[2 * v],
                c.xy[2 * v + 1],
                c.xy[2 * a],
                c.xy[2 * a + 1],
                c.xy[2 * bv],
                c.xy[2 * bv + 1],
              );
              expect(Math.sqrt(d2)).toBeLessThanOrEqual(tolerance + 1e-9);
            }
          }
        }
      }),
      { seed: 831, numRuns: 300 },
    );
  });

  it('maxVertices caps each ring, and smaller budgets and larger tolerances keep subsets (seed 832)', () => {
    fc.assert(
      fc.property(ringsArb, fc.integer({ min: 3, max: 12 }), (mask, budget) => {
        const c = traceContours(mask);
        for (let r = 0; r + 1 < c.ringStart.length; r++) {
          const small = keptOf(c, r, 0, budget);
          const large = keptOf(c, r, 0, budget + 5);
          expect(small.length).toBeLessThanOrEqual(budget);
          expect(small.length).toBe(Math.min(budget, c.ringStart[r + 1] - c.ringStart[r]));
          expect(isSubset(small, large)).toBe(true);
          const coarse = keptOf(c, r, 2);
          const fine = keptOf(c, r, 0.7);
          expect(isSubset(coarse, fine)).toBe(true);
          expect(keptOf(c, r, 2, budget).length).toBeLessThanOrEqual(Math.min(budget, coarse.length));
        }
      }),
      { seed: 832, numRuns: 300 },
    );
  });
});

describe('maskToPolygons with a tolerance or a vertex budget', () => {
  it('tolerance 0.15 still reproduces every mask exactly (simplified edges stay within 0.4 px of centre-free boundary) (seed 833)', () => {
    // A changed pixel's centre would lie within 2·tolerance of the boundary, plus 0.1 px of rleFrPoly's
    // rounding; pixel centres are 0.5 px from every crack.
    fc.assert(
      fc.property(ringsArb, (mask) => {
        const parts = maskToPolygons(mask, { tolerance: 0.15 });
        if (parts.length === 0) return;
        expectSameArray(polygonsToRle(parts, mask.height, mask.width).counts, encode(mask).counts, 'counts');
      }),
      { seed: 833, numRuns: 300 },
    );
  });

  it('maskToPolygons(m, { tolerance: 0, maxVertices: Infinity }) equals maskToPolygons(m) (seed 834)', () => {
    fc.assert(
      fc.property(contourMaskArb(), (mask) => {
        expect(maskToPolygons(mask, { tolerance: 0, maxVertices: Number.POSITIVE_INFINITY })).toEqual(
          maskToPolygons(mask),
        );
      }),
      { seed: 834, numRuns: 200 },
    );
  });

  it('IoU falls gracefully with the tolerance on drawn shapes: 1 up to 0.15, ≥ 0.8 at 1, ≥ 0.65 at 2, mean non-increasing (seed 835)', () => {
    const tolerances = [0, 0.15, 1, 2, 4];
    const floors = [1, 1, 0.8, 0.65, 0];
    const masks = fc.sample(ellipseMaskArb(), { seed: 835, numRuns: 60 });
    const mean = tolerances.map(() => 0);
    const vertices = tolerances.map(() => 0);
    for (const mask of masks) {
      tolerances.forEach((tolerance, i) => {
        const loss = polygonLoss(mask, maskToPolygons(mask, { tolerance }));
        expect(loss.iou, `tolerance ${tolerance}`).toBeGreaterThanOrEqual(floors[i]);
        mean[i] += loss.iou / masks.length;
        vertices[i] += loss.vertexCount;
      });
    }
    for (let i = 1; i < tolerances.length; i++) {
      expect(mean[i]).toBeLessThanOrEqual(mean[i - 1]);
      expect(vertices[i]).toBeLessThan(vertices[i - 1] + (i === 1 ? 1 : 0));
    }
  });

  it('with a budget, parts hold at most maxVertices per ring plus 3 slit points per hole; slits stay vertical (seed 836)', () => {
    fc.assert(
      fc.property(ringsArb, fc.integer({ min: 3, max: 10 }), fc.constantFrom(0, 0.5, 2), (mask, budget, tolerance) => {
        const c = traceContours(mask);
        const rings = c.ringStart.length - 1;
        const holes = Array.from(c.parent).filter((p) => p >= 0).length;
        const parts = maskToPolygons(mask, { tolerance, maxVertices: budget });
        const total = parts.reduce((n, p) => n + p.length / 2, 0);
        expect(total).toBeLessThanOrEqual(budget * rings + 3 * holes);
        for (const part of parts) {
          expect(part.length).toBeGreaterThanOrEqual(6);
          for (const [x0, y0, x1, y1] of slitsOf(part)) {
            if (x0 !== x1) continue; // a simplified edge may happen to run back over itself; slits are vertical
            expect(coversPixelCentre(x0, y0, x1, y1)).toBe(false);
          }
        }
        if (rings > 0) expect(parts.length).toBeGreaterThan(0);
      }),
      { seed: 836, numRuns: 300 },
    );
  });

  it('maskToPolygons(m, { tolerance: 1 }) drops 1-pixel holes and islands but keeps the largest ring', () => {
    const mask = grid(`
      # # # # # # .
      # . # # # # .
      # # # # . # .
      # # # # # # #
      . . . . . . .
      . # . . . . .
    `);
    const exact = polygonLoss(mask, maskToPolygons(mask));
    expect(exact).toEqual({ iou: 1, pixelsChanged: 0, holesDropped: 0, vertexCount: 22 });
    const parts = maskToPolygons(mask, { tolerance: 1 });
    expect(parts).toHaveLength(1);
    const loss = polygonLoss(mask, parts);
    expect(loss.holesDropped).toBe(2);
    expect(loss.pixelsChanged).toBeGreaterThanOrEqual(3);
    // A lone pixel at tolerance 5 is the largest (only) ring: it stays, as a triangle.
    expect(maskToPolygons(grid('. .\n. #'), { tolerance: 5 })).toEqual([[1, 1, 2, 1, 2, 2]]);
  });
});
