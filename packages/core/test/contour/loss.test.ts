/**
 * polygonLoss (run-walking, holes found through the mask's trace) against the same numbers counted
 * pixel by pixel on decoded masks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { polygonLoss } from '../../src/contour/loss.js';
import { maskToPolygons } from '../../src/contour/to-polygons.js';
import { type Bitmap, decode, encode, polygonsToRle } from '../../src/index.js';
import { grid } from '../properties/arbitraries.js';
import { contourMaskArb, regions } from './reference.js';

/** The loss recounted on pixels: IoU, changed pixels, holes whose every pixel the polygons cover. */
function lossSlow(mask: Bitmap, parts: number[][]) {
  const { height: h, width: w } = mask;
  const polygons = parts.length > 0 ? decode(polygonsToRle(parts, h, w)).data : new Uint8Array(h * w);
  let inside = 0;
  let union = 0;
  for (let p = 0; p < h * w; p++) {
    const a = mask.data[p] !== 0;
    const b = polygons[p] !== 0;
    if (a && b) inside++;
    if (a || b) union++;
  }
  const reg = regions(mask);
  const open = new Uint8Array(reg.holes);
  for (let p = 0; p < h * w; p++) if (reg.hole[p] >= 0 && polygons[p] === 0) open[reg.hole[p]] = 1;
  return {
    iou: union === 0 ? 1 : inside / union,
    pixelsChanged: union - inside,
    holesDropped: open.filter((v) => v === 0).length,
    vertexCount: parts.reduce((n, part) => n + (part.length >> 1), 0),
  };
}

describe('polygonLoss by hand', () => {
  const ring = grid(`
    # # # # #
    # . # . #
    # # # # #
  `);

  it('polygonLoss(ring with two holes, its bounding box) drops both holes', () => {
    expect(polygonLoss(ring, [[0, 0, 5, 0, 5, 3, 0, 3]])).toEqual({
      iou: 13 / 15,
      pixelsChanged: 2,
      holesDropped: 2,
      vertexCount: 4,
    });
  });

  it('polygonLoss(mask, []) is an empty prediction: IoU 0, every pixel changed, no hole filled', () => {
    expect(polygonLoss(ring, [])).toEqual({ iou: 0, pixelsChanged: 13, holesDropped: 0, vertexCount: 0 });
    expect(polygonLoss(grid('..\n..'), [])).toEqual({ iou: 1, pixelsChanged: 0, holesDropped: 0, vertexCount: 0 });
  });

  it('polygonLoss counts a hole as kept while any of its pixels stays empty', () => {
    const mask = grid(`
      # # # # #
      # . . . #
      # # # # #
    `);
    const [exact] = maskToPolygons(mask);
    // A box over two of the hole's three pixels leaves the hole; over all three it fills it.
    expect(polygonLoss(mask, [exact, [1, 1, 3, 1, 3, 2, 1, 2]])).toMatchObject({ pixelsChanged: 2, holesDropped: 0 });
    expect(polygonLoss(mask, [exact, [1, 1, 4, 1, 4, 2, 1, 2]])).toMatchObject({ pixelsChanged: 3, holesDropped: 1 });
  });
});

describe('polygonLoss on many parts', () => {
  it('polygonLoss(checkerboard, its 50 one-pixel parts) is lossless (parts unioned pairwise)', () => {
    const data = Uint8Array.from({ length: 100 }, (_, p) => ((p % 10) + Math.floor(p / 10)) % 2);
    const mask = { height: 10, width: 10, data };
    const parts = maskToPolygons(mask);
    expect(parts).toHaveLength(50);
    expect(polygonLoss(mask, parts)).toEqual({ iou: 1, pixelsChanged: 0, holesDropped: 0, vertexCount: 200 });
    expect(polygonLoss(mask, parts.slice(1))).toMatchObject({ iou: 49 / 50, pixelsChanged: 1 });
  });
});

describe('polygonLoss on random masks', () => {
  it('equals the pixel recount for simplified polygons and for boxes (seed 841)', () => {
    const partsArb = fc.oneof(
      fc.constantFrom(0, 0.5, 1, 2, 5).map((tolerance) => (mask: Bitmap) => maskToPolygons(mask, { tolerance })),
      fc
        .array(fc.tuple(fc.nat(30), fc.nat(30), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 })), {
          maxLength: 3,
        })
        .map((boxes) => () => boxes.map(([x, y, w, h]) => [x, y, x + w, y, x + w, y + h, x, y + h])),
    );
    fc.assert(
      fc.property(contourMaskArb(), partsArb, (mask, makeParts) => {
        const parts = makeParts(mask);
        const loss = polygonLoss(mask, parts);
        const slow = lossSlow(mask, parts);
        expect(loss.iou).toBeCloseTo(slow.iou, 12);
        expect({ ...loss, iou: 0 }).toEqual({ ...slow, iou: 0 });
        expect(polygonLoss(encode(mask), parts)).toEqual(loss);
      }),
      { seed: 841, numRuns: 500 },
    );
  });
});
