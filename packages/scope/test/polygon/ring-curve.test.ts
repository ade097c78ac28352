import { traceContours } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { ringCurve } from '../../src/polygon/ring-curve.js';
import { disc, rectangle } from '../grid.js';

describe('ringCurve', () => {
  it('ringCurve of a 5 × 5 square: 4 corners exact, a triangle loses half', () => {
    const c = traceContours(rectangle(9, 9, 2, 2, 5, 5));
    const curve = ringCurve(c.xy, 0, c.ringStart[1], 20, 40);
    expect(curve.maxVertices).toBe(4);
    expect(curve.error[4]).toBe(0);
    expect(curve.error[3]).toBeCloseTo(12.5, 12);
    const corners = Array.from(curve.vertices(4), (i) => [c.xy[2 * i], c.xy[2 * i + 1]]);
    expect(corners.sort()).toEqual([
      [2, 2],
      [2, 7],
      [7, 2],
      [7, 7],
    ]);
  });

  it('ringCurve errors never grow with the budget (disc of radius 12)', () => {
    const c = traceContours(disc(40, 40, 20, 20, 12));
    const curve = ringCurve(c.xy, 0, c.ringStart[1], 40, 40);
    for (let m = 4; m <= curve.maxVertices; m++) expect(curve.error[m]).toBeLessThanOrEqual(curve.error[m - 1] + 1e-9);
    expect(curve.vertices(12).length).toBeLessThanOrEqual(12);
  });
});
