/**
 * maskToPolygons at tolerance 0 is exact: pycocotools' rasterization of the parts (union of parts,
 * even-odd inside each) gives back the mask's counts, for every mask. Checked with the fast
 * rasterizer (polygonsToRle) and, part by part, with the literal port of rleFrPoly.
 */

import { encodeSlow, rasterizeDense } from '@segkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { polygonLoss } from '../../src/contour/loss.js';
import { maskToPolygons } from '../../src/contour/to-polygons.js';
import { type Bitmap, encode, isSegkitError, polygonsToRle, polygonToRle, rleFromCounts } from '../../src/index.js';
import { expectSameArray } from '../fixtures.js';
import { grid, largeBitmapArb } from '../properties/arbitraries.js';
import { componentMask, contourMaskArb, coversPixelCentre, regions, slitsOf } from './reference.js';

/** polygonsToRle(parts) must spell the mask exactly; an empty mask must give no parts. */
function expectExact(mask: Bitmap, parts: number[][]): void {
  const expected = encode(mask).counts;
  if (parts.length === 0) {
    expect(Array.from(expected).every((c, i) => i % 2 === 0 || c === 0)).toBe(true);
    return;
  }
  expectSameArray(polygonsToRle(parts, mask.height, mask.width).counts, expected, 'counts');
}

describe('maskToPolygons on hand-drawn masks', () => {
  it('maskToPolygons(ring with a hole) returns one part, the hole entered by a slit down from the top edge', () => {
    const mask = grid(`
      # # #
      # . #
      # # #
    `);
    const parts = maskToPolygons(mask);
    expect(parts).toEqual([[0, 0, 1, 0, 1, 2, 2, 2, 2, 1, 1, 1, 1, 0, 3, 0, 3, 3, 0, 3]]);
    expectExact(mask, parts);
  });

  it('maskToPolygons(two holes) splices both into the outer ring, west to east', () => {
    const mask = grid(`
      # # # # #
      # . # . #
      # # # # #
    `);
    const parts = maskToPolygons(mask);
    expect(parts).toEqual([
      [0, 0, 1, 0, 1, 2, 2, 2, 2, 1, 1, 1, 1, 0, 3, 0, 3, 2, 4, 2, 4, 1, 3, 1, 3, 0, 5, 0, 5, 3, 0, 3],
    ]);
    expectExact(mask, parts);
  });

  it('maskToPolygons(two blobs) returns two parts', () => {
    const mask = grid(`
      . . . # #
      # # . # #
      # # . . .
    `);
    expect(maskToPolygons(mask)).toEqual([
      [0, 1, 2, 1, 2, 3, 0, 3],
      [3, 0, 5, 0, 5, 2, 3, 2],
    ]);
  });

  it('maskToPolygons(L-shape) returns its six corners', () => {
    const mask = grid(`
      # .
      # .
      # #
    `);
    expect(maskToPolygons(mask)).toEqual([[0, 0, 1, 0, 1, 2, 2, 2, 2, 3, 0, 3]]);
  });

  it('maskToPolygons(checkerboard) returns one square per pixel, the corners they share not filled in', () => {
    const mask = grid(`
      # . #
      . # .
      # . #
    `);
    const parts = maskToPolygons(mask);
    expect(parts).toEqual([
      [0, 0, 1, 0, 1, 1, 0, 1],
      [0, 2, 1, 2, 1, 3, 0, 3],
      [1, 1, 2, 1, 2, 2, 1, 2],
      [2, 0, 3, 0, 3, 1, 2, 1],
      [2, 2, 3, 2, 3, 3, 2, 3],
    ]);
    expectExact(mask, parts);
  });

  it('maskToPolygons(hole under a hole) lands the lower slit on the upper hole, then that one on the outer ring', () => {
    const mask = grid(`
      # # # #
      # . . #
      # # # #
      # # . #
      # # # #
    `);
    const parts = maskToPolygons(mask);
    // Upper hole: slit (1,0)–(1,1). Lower hole: its corner (2,3), slit up to (2,2) on the upper hole's bottom edge.
    expect(parts).toEqual([
      [0, 0, 1, 0, 1, 2, 2, 2, 2, 4, 3, 4, 3, 3, 2, 3, 2, 2, 3, 2, 3, 1, 1, 1, 1, 0, 4, 0, 4, 5, 0, 5],
    ]);
    expectExact(mask, parts);
  });

  it('maskToPolygons(island in a hole) returns the ring with its hole and the island as its own part', () => {
    const mask = grid(`
      # # # # #
      # . . . #
      # . # . #
      # . . . #
      # # # # #
    `);
    const parts = maskToPolygons(mask);
    expect(parts).toEqual([
      [0, 0, 1, 0, 1, 4, 4, 4, 4, 1, 1, 1, 1, 0, 5, 0, 5, 5, 0, 5],
      [2, 2, 3, 2, 3, 3, 2, 3],
    ]);
    expectExact(mask, parts);
  });

  it('maskToPolygons(full image) returns the frame; maskToPolygons(empty image) returns []', () => {
    expect(maskToPolygons(grid('###\n###'))).toEqual([[0, 0, 3, 0, 3, 2, 0, 2]]);
    expect(maskToPolygons(grid('...\n...'))).toEqual([]);
    expect(maskToPolygons({ height: 0, width: 0, data: new Uint8Array(0) })).toEqual([]);
    expect(maskToPolygons(rleFromCounts([16], 4, 4))).toEqual([]);
  });

  it('maskToPolygons rejects a negative tolerance and a budget below 3 vertices, naming the value', () => {
    const mask = grid('#');
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return isSegkitError(error) ? `${error.code}: ${error.message}` : String(error);
      }
      return 'no error';
    };
    expect(codeOf(() => maskToPolygons(mask, { tolerance: -1 }))).toBe(
      'UNSUPPORTED: tolerance must be a finite number ≥ 0, got -1',
    );
    expect(codeOf(() => maskToPolygons(mask, { tolerance: Number.NaN }))).toMatch(/got NaN/);
    expect(codeOf(() => maskToPolygons(mask, { maxVertices: 2 }))).toBe(
      'UNSUPPORTED: maxVertices must be an integer ≥ 3, got 2',
    );
    expect(codeOf(() => maskToPolygons(mask, { maxVertices: 3.5 }))).toMatch(/got 3.5/);
    expect(codeOf(() => maskToPolygons({ height: 1, width: 4e8 + 1, counts: new Uint32Array([4e8 + 1]) }))).toMatch(
      /^UNSUPPORTED: a \[1, 400000001\] mask/,
    );
  });
});

describe('maskToPolygons at tolerance 0 on random masks', () => {
  it('polygonsToRle(maskToPolygons(m), h, w) equals encode(m) (seed 811)', () => {
    fc.assert(
      fc.property(contourMaskArb(), (mask) => expectExact(mask, maskToPolygons(mask))),
      { seed: 811, numRuns: 1500 },
    );
  });

  it('polygonsToRle(maskToPolygons(m), h, w) equals encode(m) on larger blob and noise masks (seed 812)', () => {
    fc.assert(
      fc.property(largeBitmapArb, (mask) => expectExact(mask, maskToPolygons(mask))),
      { seed: 812, numRuns: 150 },
    );
  });

  it('each part, rasterized alone by the literal rleFrPoly port, is one component with its holes empty (seed 813)', () => {
    fc.assert(
      fc.property(contourMaskArb(16), (mask) => {
        const parts = maskToPolygons(mask);
        const reg = regions(mask);
        expect(parts.length).toBe(reg.components);
        parts.forEach((part, i) => {
          // Parts come in column-major order of their first pixel; find the component from it.
          const k = reg.component[part[1] * mask.width + part[0]];
          const expected = encodeSlow(componentMask(mask, reg, k));
          expect(rasterizeDense(part, mask.height, mask.width), `part ${i}`).toEqual(expected);
        });
      }),
      { seed: 813, numRuns: 500 },
    );
  });

  it('every edge is horizontal or vertical on pixel-edge lines, and every slit covers no pixel centre (seed 814)', () => {
    fc.assert(
      fc.property(contourMaskArb(), (mask) => {
        for (const part of maskToPolygons(mask)) {
          const n = part.length >> 1;
          for (let i = 0; i < n; i++) {
            const j = (i + 1) % n;
            expect(part[2 * i] === part[2 * j] || part[2 * i + 1] === part[2 * j + 1]).toBe(true);
            expect(Number.isInteger(part[2 * i]) && Number.isInteger(part[2 * i + 1])).toBe(true);
          }
          for (const [x0, y0, x1, y1] of slitsOf(part)) {
            expect(x0).toBe(x1);
            expect(coversPixelCentre(x0, y0, x1, y1)).toBe(false);
            // pycocotools' rule applied to the slit alone (a 2-point part): no pixel.
            const slit = polygonToRle([x0, y0, x1, y1], mask.height, mask.width, 2);
            expect(Array.from(slit.counts)).toEqual([mask.height * mask.width]);
          }
        }
      }),
      { seed: 814, numRuns: 500 },
    );
  });

  it('maskToPolygons(rle) equals maskToPolygons(bitmap), and polygonLoss of the result is lossless (seed 815)', () => {
    fc.assert(
      fc.property(contourMaskArb(), (mask) => {
        const parts = maskToPolygons(mask);
        expect(maskToPolygons(encode(mask))).toEqual(parts);
        const loss = polygonLoss(mask, parts);
        expect(loss.iou).toBe(1);
        expect(loss.pixelsChanged).toBe(0);
        expect(loss.holesDropped).toBe(0);
        expect(loss.vertexCount).toBe(parts.reduce((n, p) => n + p.length / 2, 0));
      }),
      { seed: 815, numRuns: 300 },
    );
  });
});

describe('coversPixelCentre (the test helper) by hand', () => {
  it('a diagonal through (0.5, 0.5) covers a centre; axis-aligned and (2, 1) steps do not', () => {
    expect(coversPixelCentre(0, 0, 1, 1)).toBe(true);
    expect(coversPixelCentre(0, 0, 3, 3)).toBe(true);
    expect(coversPixelCentre(0, 0, 3, 1)).toBe(true);
    expect(coversPixelCentre(0, 0, 2, 1)).toBe(false);
    expect(coversPixelCentre(2, 0, 2, 9)).toBe(false);
    expect(coversPixelCentre(0, 4, 7, 4)).toBe(false);
  });
});
