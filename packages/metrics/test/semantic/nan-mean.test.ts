import { describe, expect, it } from 'vitest';
import { nanMean, numpySum, orderedMean, ratio } from '../../src/semantic/nan-mean.js';

describe('numpySum', () => {
  // np.array([1/(i+3) for i in range(n)]).sum(), numpy 2.4.6; all but n=5 differ from an ordered sum.
  const reference: [number, number][] = [
    [5, 1.0928571428571427],
    [8, 1.4289682539682538],
    [19, 2.1453587047627294],
    [150, 4.1043820525685915],
    [300, 4.789297397713862],
    [1000, 5.987467865541362],
  ];
  for (const [n, expected] of reference) {
    it(`numpySum(1/(i+3), n = ${n}) returns numpy's pairwise sum to the last bit`, () => {
      const values = Array.from({ length: n }, (_, i) => 1 / (i + 3));
      expect(numpySum(values, 0, n)).toBe(expected);
    });
  }
});

describe('nanMean / orderedMean / ratio', () => {
  it('nanMean skips nulls but keeps them as zeros in the pairwise order, as np.nanmean does', () => {
    expect(nanMean([1, null, 2])).toBe(1.5);
    expect(nanMean([null, null])).toBeNull();
    expect(nanMean([])).toBeNull();
  });

  it('orderedMean skips nulls and sums in order, as getScoreAverage does', () => {
    expect(orderedMean([0.1, null, 0.2, 0.3])).toBe((0.1 + 0.2 + 0.3) / 3);
    expect(orderedMean([null])).toBeNull();
  });

  it('ratio returns null for a zero denominator', () => {
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(3, 4)).toBe(0.75);
  });
});
