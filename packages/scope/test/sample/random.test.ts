import { mulberry32 } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { permutation, weightedIndex } from '../../src/sample/random.js';

describe('weightedIndex', () => {
  it('weightedIndex(weights) never returns an item of weight 0 while another has weight', () => {
    const random = mulberry32(7);
    for (let i = 0; i < 200; i++) expect(weightedIndex([0, 2, 0, 1], random)).not.toBe(0);
  });

  it('weightedIndex(all zero) is uniform over the items; weightedIndex([]) is -1', () => {
    const random = mulberry32(7);
    const seen = new Set<number>();
    for (let i = 0; i < 100; i++) seen.add(weightedIndex([0, 0, 0], random));
    expect([...seen].sort()).toEqual([0, 1, 2]);
    expect(weightedIndex([], random)).toBe(-1);
  });

  it('weightedIndex picks by cumulative weight: random 0.5 of [1, 1, 2] is the third item', () => {
    expect(weightedIndex([1, 1, 2], () => 0.5)).toBe(2);
    expect(weightedIndex([1, 1, 2], () => 0.49)).toBe(1);
    expect(weightedIndex([1, 1, 2], () => 0)).toBe(0);
  });
});

describe('permutation', () => {
  it('permutation(n) holds each index once', () => {
    expect(permutation(6, mulberry32(3)).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(permutation(0, mulberry32(3))).toEqual([]);
  });
});
