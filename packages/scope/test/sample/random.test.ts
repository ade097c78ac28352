import { describe, expect, it } from 'vitest';
import { mulberry32, permutation, weightedIndex } from '../../src/index.js';

describe('mulberry32', () => {
  it('mulberry32(1) starts 0.6270739405881613, 0.002735721180215478 (the reference C/JS generator)', () => {
    // Values from an independent Python transcription of Tommy Ettinger's mulberry32.
    const random = mulberry32(1);
    expect(random()).toBe(0.6270739405881613);
    expect(random()).toBe(0.002735721180215478);
    expect(random()).toBe(0.5274470399599522);
  });

  it('mulberry32(seed) gives the same sequence for the same seed and another for another seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const seqA = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(seqA);
    expect([c(), c(), c()]).not.toEqual(seqA);
  });
});

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
