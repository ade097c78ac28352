/**
 * polygonToRle (windowed walk that jumps along steep edges) against rasterizeDense, a literal port of
 * pycocotools' rleFrPoly that stores every DDA point. They must give identical counts.
 */

import { encodeSlow, rasterizeDense } from '@segkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bboxToRle, polygonToRle } from '../../src/index.js';
import { expectSameArray } from '../fixtures.js';
import { grid } from './arbitraries.js';

/**
 * A coordinate in [lo, hi]: integers, the .5 / .2 / .1 grids, the exact rounding edges of the ×5
 * grid (n/5 - 0.1, where (int)(5c + .5) flips), and arbitrary doubles.
 */
function coordinate(lo: number, hi: number): fc.Arbitrary<number> {
  return fc.oneof(
    fc.integer({ min: lo, max: hi }),
    fc.integer({ min: lo * 2, max: hi * 2 }).map((n) => n / 2),
    fc.integer({ min: lo * 5, max: hi * 5 }).map((n) => n / 5),
    fc.integer({ min: lo * 10, max: hi * 10 }).map((n) => n / 10),
    fc.integer({ min: lo * 5, max: hi * 5 }).map((n) => n / 5 - 0.1),
    fc.double({ min: lo, max: hi, noNaN: true }),
  );
}

type Point = [number, number];

const flatten = (points: readonly Point[]) => points.flat();

/** Up to 3 copies of each vertex and points on the segment to the next one (collinear, possibly repeated). */
function degenerate(points: readonly Point[]): fc.Arbitrary<Point[]> {
  return fc
    .array(
      fc.record({
        copies: fc.integer({ min: 1, max: 3 }),
        between: fc.array(fc.constantFrom(0, 0.25, 0.5, 1 / 3, 0.75, 1), { maxLength: 2 }),
      }),
      { minLength: points.length, maxLength: points.length },
    )
    .map((plan) => {
      const out: Point[] = [];
      plan.forEach(({ copies, between }, i) => {
        const [x0, y0] = points[i];
        const [x1, y1] = points[(i + 1) % points.length];
        for (let c = 0; c < copies; c++) out.push([x0, y0]);
        for (const t of between) out.push([x0 + t * (x1 - x0), y0 + t * (y1 - y0)]);
      });
      while (out.length < 3) out.push(out[out.length - 1]);
      return out;
    });
}

interface PolygonCase {
  height: number;
  width: number;
  xy: number[];
}

function polygonCaseArb(kind: 'plain' | 'steep' | 'degenerate'): fc.Arbitrary<PolygonCase> {
  return fc
    .record({ height: fc.integer({ min: 1, max: 40 }), width: fc.integer({ min: 1, max: 40 }) })
    .chain(({ height, width }) => {
      const near = (): fc.Arbitrary<Point> => fc.tuple(coordinate(-5, width + 5), coordinate(-5, height + 5));
      // Far vertices: long steep edges (y far out on a short image) or long shallow ones (x far out).
      const far = (): fc.Arbitrary<Point> =>
        fc.oneof(
          fc.tuple(coordinate(-5, width + 5), coordinate(-2000, 2000)),
          fc.tuple(coordinate(-2000, 2000), coordinate(-5, height + 5)),
        );
      let points: fc.Arbitrary<Point[]>;
      if (kind === 'plain') points = fc.array(near(), { minLength: 3, maxLength: 12 });
      else if (kind === 'steep') points = fc.array(fc.oneof(near(), far()), { minLength: 3, maxLength: 12 });
      else points = fc.array(near(), { minLength: 1, maxLength: 5 }).chain(degenerate);
      // pycocotools ignores an odd trailing coordinate; so must we.
      const trailing = fc.option(coordinate(-5, 45), { freq: 5, nil: undefined });
      return fc.tuple(points, trailing).map(([pts, extra]) => ({
        height,
        width,
        xy: extra === undefined ? flatten(pts) : [...flatten(pts), extra],
      }));
    });
}

function expectSameAsDense({ height, width, xy }: PolygonCase): void {
  expectSameArray(polygonToRle(xy, height, width).counts, rasterizeDense(xy, height, width), `counts of [${xy}]`);
}

describe('polygonToRle by hand', () => {
  it('polygonToRle of a 3×2 rectangle on pixel edges fills exactly those pixels', () => {
    const rle = polygonToRle([1, 1, 4, 1, 4, 3, 1, 3], 4, 5);
    const expected = grid(`
      . . . . .
      . # # # .
      . # # # .
      . . . . .
    `);
    expect(Array.from(rle.counts)).toEqual(encodeSlow(expected));
    expect(Array.from(rle.counts)).toEqual(rasterizeDense([1, 1, 4, 1, 4, 3, 1, 3], 4, 5));
  });

  it('polygonToRle of a tall thin triangle from y = -2000 to 2000 matches the dense walk', () => {
    const xy = [0.3, -2000, 3.7, 2000, 2.2, 1.5];
    expect(Array.from(polygonToRle(xy, 3, 4).counts)).toEqual(rasterizeDense(xy, 3, 4));
  });

  it('polygonToRle of triangles with a vertex at y = ±4e8 on an 8×6 image gives the counts of the dense walk', () => {
    // Found by the COCO reader fuzz (formats/test/fuzz): a falling steep edge started its search a
    // whole unit of u early and walked 1/|s| steps, 4 s for the first of these. The counts are those
    // of the walk before the fix (exact, only slow); the dense walk itself would store 2e9 points.
    const cases: [number[], number[]][] = [
      [
        [1, 4e8, 6, 1, 3, 5],
        [22, 2, 3, 3, 2, 4, 12],
      ],
      [
        [1, 1, 6, 1, 3, 4e8],
        [7, 5, 1, 5, 1, 5, 1, 5, 1, 5, 12],
      ],
      [
        [1, -4e8, 6, 1, 3, 5],
        [18, 4, 2, 3, 3, 2, 16],
      ],
      [
        [7, 4e8, 1, 1, 3, 5],
        [8, 4, 4, 2, 30],
      ],
      [
        [2.3, 3e7, 7.9, 0.2, 0.1, 5.5],
        [5, 1, 5, 1, 4, 2, 3, 3, 3, 3, 2, 4, 1, 11],
      ],
    ];
    for (const [xy, counts] of cases) expect(Array.from(polygonToRle(xy, 6, 8).counts), String(xy)).toEqual(counts);
  });

  it('polygonToRle of steep edges spanning 10^5 rows equals the dense walk, falling and rising (seed 505)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.double({ min: -3, max: 12, noNaN: true }), fc.double({ min: -1e5, max: 1e5, noNaN: true })),
          {
            minLength: 3,
            maxLength: 5,
          },
        ),
        (points) => {
          const xy = points.flat();
          expect(Array.from(polygonToRle(xy, 6, 8).counts)).toEqual(rasterizeDense(xy, 6, 8));
        },
      ),
      { seed: 505, numRuns: 60 },
    );
  });
});

describe('polygonToRle on jagged polygons (more than 8 toggles in a column: the counting-sort path)', () => {
  /** A sawtooth: `teeth` spikes left and right across columns 1..w-2, so each column is crossed ~2·teeth times. */
  function sawtooth(teeth: number, width: number, jitter: number): number[] {
    const xy: number[] = [];
    for (let i = 0; i <= 2 * teeth; i++)
      xy.push(i % 2 === 0 ? 0.5 + jitter * i : width - 1.5 - jitter * i, 1 + i * 1.3);
    return xy;
  }

  it.each([
    [3, 0],
    [6, 0],
    [12, 0.01],
    [25, 0.003],
  ])('a sawtooth of %i teeth (jitter %f) equals rasterizeDense', (teeth, jitter) => {
    const xy = sawtooth(teeth, 30, jitter);
    expectSameAsDense({ height: 80, width: 30, xy });
  });

  it('a square traced round 1,250 times (5,000 vertices, thousands of toggles per column) equals rasterizeDense', () => {
    const corners = [1, 1, 6, 1, 6, 6, 1, 6];
    const xy = Array.from({ length: 10_000 }, (_, i) => corners[i % 8] + (i % 16 < 8 ? 0 : 0.3));
    expectSameAsDense({ height: 8, width: 8, xy });
  });

  it('a jagged polygon after a plain one leaves no toggles behind (slots are cleared)', () => {
    const before = polygonToRle([2, 2, 20, 3, 18, 30, 3, 25], 40, 30);
    polygonToRle(sawtooth(25, 30, 0), 80, 30);
    expect(Array.from(polygonToRle([2, 2, 20, 3, 18, 30, 3, 25], 40, 30).counts)).toEqual(Array.from(before.counts));
  });
});

describe('polygonToRle against the dense pycocotools walk', () => {
  for (const [kind, seed, numRuns] of [
    ['plain', 501, 1500],
    ['steep', 502, 400],
    ['degenerate', 503, 1000],
  ] as const) {
    it(`polygonToRle equals rasterizeDense on ${kind} polygons (seed ${seed})`, () => {
      fc.assert(fc.property(polygonCaseArb(kind), expectSameAsDense), { seed, numRuns });
    });
  }

  it('bboxToRle equals rasterizeDense of the box corners, as frBbox (seed 504)', () => {
    const arb = fc
      .record({ height: fc.integer({ min: 1, max: 40 }), width: fc.integer({ min: 1, max: 40 }) })
      .chain(({ height, width }) =>
        fc.record({
          height: fc.constant(height),
          width: fc.constant(width),
          box: fc.tuple(
            coordinate(-5, width + 5),
            coordinate(-5, height + 5),
            coordinate(0, width + 5),
            coordinate(0, height + 5),
          ),
        }),
      );
    fc.assert(
      fc.property(arb, ({ height, width, box: [x, y, w, h] }) => {
        const corners = [x, y, x, y + h, x + w, y + h, x + w, y];
        expectSameArray(bboxToRle([x, y, w, h], height, width).counts, rasterizeDense(corners, height, width));
      }),
      { seed: 504, numRuns: 500 },
    );
  });
});

describe('polygonToRle output buffer', () => {
  it('polygonToRle gives the right counts when a polygon needs more runs than any before it', () => {
    // A small polygon first, then a comb of 700 one-pixel teeth (2,800 runs): the counts buffer grows
    // while the comb's counts are written, and what comes back must be the comb's counts.
    expectSameArray(polygonToRle([0, 0, 2, 0, 2, 2], 4, 4).counts, rasterizeDense([0, 0, 2, 0, 2, 2], 4, 4));
    const comb: number[] = [0, 0];
    for (let t = 0; t < 700; t++) comb.push(2 * t + 0.5, 6, 2 * t + 1.5, 6, 2 * t + 1.5, 1, 2 * t + 2.5, 1);
    comb.push(1400, 0);
    expectSameArray(polygonToRle(comb, 8, 1402).counts, rasterizeDense(comb, 8, 1402));
  });
});
