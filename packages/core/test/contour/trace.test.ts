/**
 * traceContours: hand-drawn masks with their rings written out, then random masks checked against a
 * pixel-by-pixel recount (flood-filled components and holes, every boundary crack).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { traceContours } from '../../src/contour/trace.js';
import { encode, rleFromCounts } from '../../src/index.js';
import { grid } from '../properties/arbitraries.js';
import { boundaryCracks, contourMaskArb, regions, ringCracks, signedArea } from './reference.js';

/** The rings as plain lists, for toEqual. */
function rings(mask: Parameters<typeof traceContours>[0]): { xy: number[]; parent: number }[] {
  const c = traceContours(mask);
  const out: { xy: number[]; parent: number }[] = [];
  for (let r = 0; r + 1 < c.ringStart.length; r++) {
    out.push({ xy: Array.from(c.xy.subarray(2 * c.ringStart[r], 2 * c.ringStart[r + 1])), parent: c.parent[r] });
  }
  return out;
}

describe('traceContours on hand-drawn masks', () => {
  it('traceContours(ring with a hole) returns the outer ring and the hole, parented to it', () => {
    const mask = grid(`
      # # #
      # . #
      # # #
    `);
    expect(rings(mask)).toEqual([
      { xy: [0, 0, 3, 0, 3, 3, 0, 3], parent: -1 },
      { xy: [1, 1, 1, 2, 2, 2, 2, 1], parent: 0 },
    ]);
  });

  it('traceContours(two blobs) returns two outer rings in column-major order of their first pixel', () => {
    const mask = grid(`
      . . . # #
      # # . # #
      # # . . .
    `);
    expect(rings(mask)).toEqual([
      { xy: [0, 1, 2, 1, 2, 3, 0, 3], parent: -1 },
      { xy: [3, 0, 5, 0, 5, 2, 3, 2], parent: -1 },
    ]);
  });

  it('traceContours(L-shape) returns one ring of six corners, clockwise on screen', () => {
    const mask = grid(`
      # .
      # .
      # #
    `);
    expect(rings(mask)).toEqual([{ xy: [0, 0, 1, 0, 1, 2, 2, 2, 2, 3, 0, 3], parent: -1 }]);
  });

  it('traceContours(checkerboard) gives every diagonal-touching pixel its own ring (4-connected foreground)', () => {
    const mask = grid(`
      # . #
      . # .
      # . #
    `);
    expect(rings(mask)).toEqual([
      { xy: [0, 0, 1, 0, 1, 1, 0, 1], parent: -1 },
      { xy: [0, 2, 1, 2, 1, 3, 0, 3], parent: -1 },
      { xy: [1, 1, 2, 1, 2, 2, 1, 2], parent: -1 },
      { xy: [2, 0, 3, 0, 3, 1, 2, 1], parent: -1 },
      { xy: [2, 2, 3, 2, 3, 3, 2, 3], parent: -1 },
    ]);
  });

  it('traceContours(two holes touching at a corner) returns one hole through the shared corner (8-connected background)', () => {
    const mask = grid(`
      # # # #
      # . # #
      # # . #
      # # # #
    `);
    expect(rings(mask)).toEqual([
      { xy: [0, 0, 4, 0, 4, 4, 0, 4], parent: -1 },
      { xy: [1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 2, 2, 2, 2, 1], parent: 0 },
    ]);
  });

  it('traceContours(island inside a hole) returns the island as an outer ring of its own, and its hole', () => {
    const mask = grid(`
      # # # # # # #
      # . . . . . #
      # . # # # . #
      # . # . # . #
      # . # # # . #
      # . . . . . #
      # # # # # # #
    `);
    expect(rings(mask)).toEqual([
      { xy: [0, 0, 7, 0, 7, 7, 0, 7], parent: -1 },
      { xy: [1, 1, 1, 6, 6, 6, 6, 1], parent: 0 },
      { xy: [2, 2, 5, 2, 5, 5, 2, 5], parent: -1 },
      { xy: [3, 3, 3, 4, 4, 4, 4, 3], parent: 2 },
    ]);
  });

  it('traceContours(full image) returns the image frame; traceContours(empty) returns no rings', () => {
    expect(rings(grid('##\n##\n##'))).toEqual([{ xy: [0, 0, 2, 0, 2, 3, 0, 3], parent: -1 }]);
    expect(rings(grid('...\n...'))).toEqual([]);
    expect(rings({ height: 0, width: 5, data: new Uint8Array(0) })).toEqual([]);
  });

  it('traceContours(C-shape open to the border) returns no hole', () => {
    const mask = grid(`
      # # #
      # . .
      # # #
    `);
    expect(rings(mask)).toEqual([{ xy: [0, 0, 3, 0, 3, 1, 1, 1, 1, 2, 3, 2, 3, 3, 0, 3], parent: -1 }]);
  });

  it('traceContours of an RLE with empty runs equals that of the bitmap it spells', () => {
    // h = 3, w = 2: runs [1, 0, 0, 2, 1, 2] spell column 0 = . # #, column 1 = . # #.
    const rle = rleFromCounts([1, 0, 0, 2, 1, 2], 3, 2);
    expect(rings(rle)).toEqual([{ xy: [0, 1, 2, 1, 2, 3, 0, 3], parent: -1 }]);
  });
});

describe('traceContours on random masks', () => {
  it('every boundary crack is walked exactly once, foreground on the right (seed 801)', () => {
    fc.assert(
      fc.property(contourMaskArb(), (mask) => {
        const c = traceContours(mask);
        const expected = boundaryCracks(mask);
        const seen = new Map<string, string>();
        for (let r = 0; r + 1 < c.ringStart.length; r++) {
          for (const { key, right } of ringCracks(c, r)) {
            expect(seen.has(key), `crack ${key} walked twice`).toBe(false);
            seen.set(key, right);
          }
        }
        expect(seen).toEqual(expected);
      }),
      { seed: 801, numRuns: 400 },
    );
  });

  it('rings are one per component and one per hole, holes parented to the component around them (seed 802)', () => {
    fc.assert(
      fc.property(contourMaskArb(), (mask) => {
        const c = traceContours(mask);
        const reg = regions(mask);
        const { width: w } = mask;
        const rings = c.ringStart.length - 1;
        const outerOf = new Map<number, number>(); // component → its outer ring
        let holes = 0;
        for (let r = 0; r < rings; r++) {
          const x = c.xy[2 * c.ringStart[r]];
          const y = c.xy[2 * c.ringStart[r] + 1];
          if (c.parent[r] < 0) {
            // First vertex: top-left corner of the component's first pixel (column-major).
            const k = reg.component[y * w + x];
            expect(k).toBeGreaterThanOrEqual(0);
            expect(outerOf.has(k)).toBe(false);
            outerOf.set(k, r);
            expect(signedArea(c, r)).toBeGreaterThan(0);
          } else {
            holes++;
            // First vertex: top-left corner of a hole pixel, under a pixel of the parent's component.
            expect(reg.hole[y * w + x]).toBeGreaterThanOrEqual(0);
            expect(outerOf.get(reg.component[(y - 1) * w + x])).toBe(c.parent[r]);
            expect(c.parent[r]).toBeLessThan(r);
            expect(signedArea(c, r)).toBeLessThan(0);
          }
          // Every edge turns: no collinear vertices (ringCracks also rejects slanted edges).
          const from = c.ringStart[r];
          const n = c.ringStart[r + 1] - from;
          expect(n % 2).toBe(0);
          for (let i = 0; i < n; i++) {
            const a = from + i;
            const b = from + ((i + 1) % n);
            const d = from + ((i + 2) % n);
            const horizontal1 = c.xy[2 * a + 1] === c.xy[2 * b + 1];
            const horizontal2 = c.xy[2 * b + 1] === c.xy[2 * d + 1];
            expect(horizontal1).not.toBe(horizontal2);
          }
          ringCracks(c, r);
        }
        expect(outerOf.size).toBe(reg.components);
        expect(holes).toBe(reg.holes);
      }),
      { seed: 802, numRuns: 400 },
    );
  });

  it('traceContours(bitmap) equals traceContours(encode(bitmap)) (seed 803)', () => {
    fc.assert(
      fc.property(contourMaskArb(), (mask) => {
        const a = traceContours(mask);
        const b = traceContours(encode(mask));
        expect(Array.from(b.xy)).toEqual(Array.from(a.xy));
        expect(Array.from(b.ringStart)).toEqual(Array.from(a.ringStart));
        expect(Array.from(b.parent)).toEqual(Array.from(a.parent));
      }),
      { seed: 803, numRuns: 200 },
    );
  });
});
