import { area, encode, traceContours } from '@segkit/core';
import { decodeSlow } from '@segkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawExact, measureRegion } from '../../src/measure/measure-region.js';
import { cropRle, windowAround } from '../../src/measure/window.js';
import { shapeDescriptors } from '../../src/shape/descriptors.js';
import { regionsOf } from '../../src/shape/regions.js';
import { disc, grid, rectangle } from '../grid.js';

const settings = { vertices: 20, tolerance: 2, targetIou: 0.95 };

describe('drawExact', () => {
  it('drawExact rasterizes a region back to exactly its pixels, for random masks (seed 61)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 14 }),
        fc.integer({ min: 1, max: 14 }),
        fc.array(fc.boolean(), { minLength: 196, maxLength: 196 }),
        (h, w, bits) => {
          const rle = encode({ height: h, width: w, data: Uint8Array.from(bits.slice(0, h * w), Number) });
          const [region] = regionsOf(traceContours(rle), false);
          if (region === undefined) {
            expect(area(rle)).toBe(0);
            return;
          }
          const win = windowAround(shapeDescriptors(region).bbox, 3, h, w);
          const drawn = drawExact(region, win);
          const expected = cropRle(rle, win);
          expect(Array.from(decodeSlow(win.height, win.width, drawn.counts))).toEqual(
            Array.from(decodeSlow(win.height, win.width, expected.counts)),
          );
        },
      ),
      { seed: 61, numRuns: 300 },
    );
  });
});

describe('measureRegion', () => {
  it('measureRegion of a 10 × 6 rectangle: 4 vertices, box and polygon exact', () => {
    const [region] = regionsOf(traceContours(rectangle(20, 30, 5, 4, 10, 6)), false);
    const m = measureRegion(region, settings);
    expect(m).toMatchObject({
      area: 60,
      perimeter: 32,
      holes: 0,
      parts: 1,
      bbox: [5, 4, 10, 6],
      iou: 1,
      boundaryF: 1,
      verticesUsed: 4,
      boxIou: 1,
      boxBoundaryF: 1,
      verticesForTarget: 4,
      pixelIou: 1,
    });
    expect(m.complexity).toBeCloseTo((32 * 32) / 60, 12);
    expect(m.meanWidth).toBeCloseTo(120 / 32, 12);
    expect(m.polygon).toHaveLength(1);
  });

  it('measureRegion of a single pixel: its 4 corners, IoU 1', () => {
    const [region] = regionsOf(traceContours(grid('. . .', '. # .', '. . .')), false);
    expect(measureRegion(region, settings)).toMatchObject({ area: 1, iou: 1, verticesUsed: 4, boxIou: 1 });
  });

  it('measureRegion of a ring keeps its hole when the budget allows', () => {
    const mask = grid(
      '. . . . . . .', //
      '. # # # # # .',
      '. # . . . # .',
      '. # . . . # .',
      '. # # # # # .',
      '. . . . . . .',
    );
    const [region] = regionsOf(traceContours(mask), false);
    const m = measureRegion(region, settings);
    expect(m).toMatchObject({ area: 14, holes: 1, iou: 1, verticesUsed: 8 });
    // With 4 vertices only the outer square fits: the hole (6 pixels) is filled.
    const tight = measureRegion(region, { ...settings, vertices: 4 });
    expect(tight.iou).toBeCloseTo(14 / 20, 12);
    expect(tight.verticesUsed).toBe(4);
  });

  it('measureRegion splits the budget between the parts of an instance', () => {
    const mask = grid(
      '# # . . . .', //
      '# # . . . .',
      '. . . . # #',
      '. . . . # #',
    );
    const regions = regionsOf(traceContours(mask), false);
    expect(regions).toHaveLength(1);
    expect(measureRegion(regions[0], settings)).toMatchObject({ parts: 2, iou: 1, verticesUsed: 8 });
    expect(regionsOf(traceContours(mask), true)).toHaveLength(2);
  });

  it('measureRegion handles a mask touching the image border (no boundary along the border)', () => {
    const [region] = regionsOf(traceContours(rectangle(10, 10, 0, 0, 10, 4)), false);
    expect(measureRegion(region, settings)).toMatchObject({ iou: 1, boundaryF: 1, boxIou: 1 });
  });

  it('measureRegion of a disc: an 8-gon that crosses the circle beats the inscribed one', () => {
    const [region] = regionsOf(traceContours(disc(80, 80, 40, 40, 30)), false);
    const m = measureRegion(region, { ...settings, vertices: 8 });
    expect(m.verticesUsed).toBeLessThanOrEqual(8);
    expect(m.iou).toBeGreaterThanOrEqual(m.baselineIou);
    // The inscribed regular octagon covers 2√2 / π ≈ 0.900 of the disc (its IoU).
    expect(m.iou).toBeGreaterThan(0.92);
    // 0.95 needs more vertices than 8; the disc's outline at 1 px needs far more than that.
    expect(m.verticesForTarget).toBeGreaterThan(8);
    expect(m.verticesForTarget).toBeLessThan(30);
  });

  it('measureRegion survives a mask with tens of thousands of holes', () => {
    // A 300 × 300 square with a one-pixel hole at every other pixel of every other row: 21,904 holes.
    const n = 300;
    const data = new Uint8Array(n * n).fill(1);
    for (let y = 2; y < n - 2; y += 2) for (let x = 2; x < n - 2; x += 2) data[y * n + x] = 0;
    const [region] = regionsOf(traceContours(encode({ height: n, width: n, data })), false);
    const m = measureRegion(region, settings);
    expect(m.holes).toBe(148 * 148);
    expect(m.verticesUsed).toBeLessThanOrEqual(20);
    // The square takes 4 vertices, 4 holes the other 16, every other hole is filled.
    expect(m.iou).toBeCloseTo((n * n - 148 * 148) / (n * n - 4), 12);
    // No polygon of the candidates reaches 0.95: the exact outline's every corner is needed.
    expect(m.verticesForTarget).toBe(4 + 4 * 148 * 148);
  });
});
