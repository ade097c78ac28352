import { describe, expect, it } from 'vitest';
import { exactSumAdd, exactSumValue } from '../../src/panoptic/index.js';
import { mulberry32 } from './draw.js';

const sumOf = (values: readonly number[]) => {
  const partials: number[] = [];
  for (const v of values) exactSumAdd(partials, v);
  return exactSumValue(partials);
};

describe('exactSum', () => {
  it('exactSumValue of 0.1 added ten times returns 1 (a plain sum gives 0.9999999999999999)', () => {
    expect(sumOf(new Array(10).fill(0.1))).toBe(1);
  });

  it('exactSumValue keeps what cancellation loses: 1e100 + 1 - 1e100 returns 1', () => {
    expect(sumOf([1e100, 1, -1e100])).toBe(1);
    expect(sumOf([])).toBe(0);
  });

  it('exactSumValue rounds half to even once, like math.fsum: 1 + 2^-53 + 2^-106 rounds up', () => {
    // 1 + 2^-53 is halfway between 1 and 1 + 2^-52; the tiny extra term decides.
    expect(sumOf([1, 2 ** -53])).toBe(1);
    expect(sumOf([1, 2 ** -53, 2 ** -106])).toBe(1 + 2 ** -52);
    expect(sumOf([1, 2 ** -53, -(2 ** -106)])).toBe(1);
  });

  it('exactSumValue of IoUs in any order and any split gives the same bits (seed 7)', () => {
    const random = mulberry32(7);
    const values = Array.from({ length: 500 }, () => 0.5 + random() / 2);
    const expected = sumOf(values);
    for (let trial = 0; trial < 20; trial++) {
      const shuffled = [...values].sort(() => random() - 0.5);
      const cut = Math.floor(random() * values.length);
      const left: number[] = [];
      const right: number[] = [];
      for (const v of shuffled.slice(0, cut)) exactSumAdd(left, v);
      for (const v of shuffled.slice(cut)) exactSumAdd(right, v);
      for (const part of left) exactSumAdd(right, part);
      expect(exactSumValue(right)).toBe(expected);
    }
  });
});
