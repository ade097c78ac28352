import { describe, expect, it } from 'vitest';
import { boundaryDilation } from '../../src/boundary/dilation.js';
import { fixture } from './boundary.case.js';

describe('boundaryDilation', () => {
  it('returns the reference d of every boundary.json case', () => {
    for (const c of [...fixture.cases, ...fixture.other_ratio_cases]) {
      expect(c.dilation_ratio * Math.sqrt(c.h * c.h + c.w * c.w), `case ${c.id}`).toBe(c.ratio_x_diag);
      expect(boundaryDilation(c.h, c.w, c.dilation_ratio), `case ${c.id} (${c.h}x${c.w})`).toBe(c.dilation);
    }
  });

  it('rounds exact halves to even, as Python round does (2.5 -> 2, 1.5 -> 2, 3.5 -> 4, 4.5 -> 4)', () => {
    expect(boundaryDilation(75, 100)).toBe(2);
    expect(boundaryDilation(45, 60)).toBe(2);
    expect(boundaryDilation(105, 140)).toBe(4);
    expect(boundaryDilation(135, 180)).toBe(4);
    expect(boundaryDilation(1, 125)).toBe(3); // 2.50008
  });

  it('returns at least 1, also for ratio 0 and negative ratios', () => {
    expect(boundaryDilation(5, 5)).toBe(1);
    expect(boundaryDilation(0, 0)).toBe(1);
    expect(boundaryDilation(300, 400, 0)).toBe(1);
    expect(boundaryDilation(300, 400, -0.5)).toBe(1);
  });

  it('refuses a ratio that is not a finite number', () => {
    expect(() => boundaryDilation(10, 10, Number.NaN)).toThrow(/finite number, got NaN/);
    expect(() => boundaryDilation(10, 10, Number.POSITIVE_INFINITY)).toThrow(/Infinity/);
  });
});
