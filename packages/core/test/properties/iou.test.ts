/**
 * maskIou (run walking inside shared columns, box prefilter) against IoU counted pixel by pixel, and
 * boxIou against pycocotools' bbIou formula written out directly. Compared with ===: both sides divide
 * the same two integers (masks) or do the same float operations in the same order (boxes).
 */

import { countOn, decodeSlow } from '@segkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Bbox, boxIou, encode, type IouMatrix, maskIou, prepareMasks, type Rle } from '../../src/index.js';
import { dataArb, grid } from './arbitraries.js';

/** |d ∩ g| / |d ∪ g|, or |d ∩ g| / |d| for a crowd gt; 0 when nothing is shared. */
function pixelIou(d: Uint8Array, g: Uint8Array, crowd: boolean): number {
  let intersection = 0;
  for (let i = 0; i < d.length; i++) if (d[i] !== 0 && g[i] !== 0) intersection++;
  if (intersection === 0) return 0;
  const union = crowd ? countOn(d) : countOn(d) + countOn(g) - intersection;
  return intersection / union;
}

/** pycocotools bbIou for one pair, in its operation order. */
function boxIouDirect(d: Bbox, g: Bbox, crowd: boolean): number {
  const iw = Math.min(d[2] + d[0], g[2] + g[0]) - Math.max(d[0], g[0]);
  if (iw <= 0) return 0;
  const ih = Math.min(d[3] + d[1], g[3] + g[1]) - Math.max(d[1], g[1]);
  if (ih <= 0) return 0;
  const intersection = iw * ih;
  return intersection / (crowd ? d[2] * d[3] : d[2] * d[3] + g[2] * g[3] - intersection);
}

/** Every cell of the matrix must equal `expected(d, g)` exactly. */
function expectMatrix(m: IouMatrix, rows: number, cols: number, expected: (d: number, g: number) => number): void {
  expect([m.rows, m.cols]).toEqual([rows, cols]);
  for (let d = 0; d < rows; d++) {
    for (let g = 0; g < cols; g++) {
      const want = expected(d, g);
      if (m.values[d * cols + g] !== want) {
        throw new Error(`iou[${d}][${g}] is ${m.values[d * cols + g]}, expected ${want}`);
      }
    }
  }
}

const imageArb = fc.record({ height: fc.integer({ min: 1, max: 16 }), width: fc.integer({ min: 1, max: 16 }) });

/** Detections and ground truths on one image, each 0..4 masks, with a crowd flag per gt. */
const iouCaseArb = imageArb.chain(({ height, width }) =>
  fc.record({
    height: fc.constant(height),
    width: fc.constant(width),
    dt: fc.array(dataArb(height, width), { maxLength: 4 }),
    gt: fc.array(fc.record({ data: dataArb(height, width), crowd: fc.boolean() }), { maxLength: 4 }),
  }),
);

describe('maskIou by hand', () => {
  it('maskIou gives 2/6 for two 2×2 squares sharing a column, and 2/4 when the gt is a crowd', () => {
    const d = grid(`
      # # .
      # # .
    `);
    const g = grid(`
      . # #
      . # #
    `);
    const m = maskIou([encode(d)], [encode(g), encode(g)], [false, true]);
    expect(Array.from(m.values)).toEqual([2 / 6, 2 / 4]);
  });

  it('maskIou is 0 when the boxes overlap but the masks do not (an L around a dot)', () => {
    const d = grid(`
      # # #
      # . .
      # . .
    `);
    const g = grid(`
      . . .
      . # .
      . . .
    `);
    expect(Array.from(maskIou([encode(d)], [encode(g)]).values)).toEqual([0]);
  });
});

describe('maskIou and boxIou on random inputs', () => {
  it('maskIou equals the pixel IoU exactly, for plain and prepared masks (seed 401)', () => {
    fc.assert(
      fc.property(iouCaseArb, ({ height, width, dt, gt }) => {
        const dtRles: Rle[] = dt.map((data) => encode({ height, width, data }));
        const gtRles: Rle[] = gt.map(({ data }) => encode({ height, width, data }));
        const crowd = gt.map((g) => g.crowd);
        const dtPixels = dtRles.map((r) => decodeSlow(height, width, r.counts));
        const gtPixels = gtRles.map((r) => decodeSlow(height, width, r.counts));
        const expected = (d: number, g: number) => pixelIou(dtPixels[d], gtPixels[g], crowd[g]);
        expectMatrix(maskIou(dtRles, gtRles, crowd), dt.length, gt.length, expected);
        expectMatrix(
          maskIou(prepareMasks(dtRles), prepareMasks(gtRles), crowd.map(Number)),
          dt.length,
          gt.length,
          expected,
        );
      }),
      { seed: 401, numRuns: 500 },
    );
  });

  const coordinate = fc.oneof(
    fc.integer({ min: -5, max: 30 }),
    fc.double({ min: -5, max: 30, noNaN: true }),
    fc.integer({ min: -50, max: 300 }).map((n) => n / 10),
  );
  const extent = fc.oneof(
    fc.constant(0),
    fc.integer({ min: 0, max: 20 }),
    fc.double({ min: 0, max: 20, noNaN: true }),
    fc.integer({ min: 0, max: 200 }).map((n) => n / 10),
  );
  const boxArb = fc.tuple(coordinate, coordinate, extent, extent) as fc.Arbitrary<Bbox>;

  it('boxIou equals the bbIou formula exactly, touching boxes give 0 (seed 402)', () => {
    fc.assert(
      fc.property(
        fc.array(boxArb, { maxLength: 5 }),
        fc.array(fc.tuple(boxArb, fc.boolean()), { maxLength: 5 }),
        (dt, gtWithCrowd) => {
          const gt = gtWithCrowd.map(([box]) => box);
          const crowd = gtWithCrowd.map(([, c]) => c);
          const m = boxIou(dt, gt, crowd);
          expectMatrix(m, dt.length, gt.length, (d, g) => boxIouDirect(dt[d], gt[g], crowd[g]));
        },
      ),
      { seed: 402, numRuns: 500 },
    );
  });

  it('boxIou([0 0 2 2], [1 1 2 2]) is 1/7, and 0 for boxes that only touch', () => {
    const m = boxIou(
      [[0, 0, 2, 2]],
      [
        [1, 1, 2, 2],
        [2, 0, 2, 2],
      ],
    );
    expect(Array.from(m.values)).toEqual([1 / 7, 0]);
  });
});
