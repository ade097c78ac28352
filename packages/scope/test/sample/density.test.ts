import { describe, expect, it } from 'vitest';
import { densityBins } from '../../src/index.js';

describe('densityBins', () => {
  it('densityBins([0, 1, 1, 2, 5, 9, 9, 30], 4) gives bins 0–1, 2, 5–9, 30 (equal values together)', () => {
    const { binOf, ranges } = densityBins([9, 0, 30, 1, 5, 2, 1, 9], 4);
    expect(binOf).toEqual([2, 0, 3, 0, 2, 1, 0, 2]);
    expect(ranges).toEqual([
      { min: 0, max: 1 },
      { min: 2, max: 2 },
      { min: 5, max: 9 },
      { min: 30, max: 30 },
    ]);
  });

  it('densityBins of one repeated value is one bin; of nothing, no bin', () => {
    expect(densityBins([3, 3, 3], 4)).toEqual({ binOf: [0, 0, 0], ranges: [{ min: 3, max: 3 }] });
    expect(densityBins([], 4)).toEqual({ binOf: [], ranges: [] });
  });
});
