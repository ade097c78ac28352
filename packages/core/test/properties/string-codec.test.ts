/**
 * rleToString / rleFromString: round trips on random counts up to 2^32-1, and agreement with a
 * BigInt port of maskApi.c's rleToString / rleFrString (64-bit `long` arithmetic, no overflow to fake).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rleFromString, rleToString } from '../../src/index.js';
import { expectSameArray } from '../fixtures.js';
import { UINT32_MAX } from './arbitraries.js';
import { fromStringReference, toStringReference } from './string-reference.js';

/** Counts that stress the codec: values around each 5-bit chunk boundary, 2^30 (our fast path's edge), 2^32-1. */
const INTERESTING = [
  0,
  1,
  15,
  16,
  31,
  32,
  511,
  512,
  1023,
  1024,
  0x3fffffff,
  0x40000000,
  0x40000001,
  0x7fffffff,
  0x80000000,
  0xfffffffe,
  UINT32_MAX,
];

const countArb = fc.oneof(
  fc.constantFrom(...INTERESTING),
  fc.integer({ min: 0, max: 40 }),
  fc.integer({ min: 0, max: UINT32_MAX }),
  fc.integer({ min: 0, max: 5 }).map((e) => 32 ** e + (e % 2 === 0 ? -1 : 0)),
);

/**
 * Counts whose sum fits a uint32 (so h = 1, w = sum is a valid size): each value is clipped to what
 * is left, which turns the tail after a huge run into zeros, as in [0, 2^32-1, 0, 0].
 */
const fittingCountsArb = fc.array(countArb, { minLength: 1, maxLength: 60 }).map((values) => {
  let left = UINT32_MAX;
  return values.map((v) => {
    const c = Math.min(v, left);
    left -= c;
    return c;
  });
});

/** Long arrays of small runs (thousands of values, every delta a 1- or 2-char code). */
const longCountsArb = fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: 1000, maxLength: 5000 });

/** Counts from sorted cut points in [0, 2^32-1]: huge and tiny runs mixed, deltas of both signs. */
const cutCountsArb = fc.array(fc.integer({ min: 0, max: UINT32_MAX }), { maxLength: 30 }).map((cuts) => {
  const sorted = [...cuts].sort((a, b) => a - b);
  const counts: number[] = [];
  let previous = 0;
  for (const c of sorted) {
    counts.push(c - previous);
    previous = c;
  }
  counts.push(UINT32_MAX - previous);
  return counts;
});

const sum = (counts: readonly number[]) => counts.reduce((a, b) => a + b, 0);

describe('rleToString by hand', () => {
  it('rleToString([2, 3, 1, 1]) is "231N" (the last value is written as 1 - 3 = -2)', () => {
    expect(rleToString({ counts: Uint32Array.from([2, 3, 1, 1]) })).toBe('231N');
    expect(Array.from(rleFromString('231N', 1, 7).counts)).toEqual([2, 3, 1, 1]);
  });

  it('rleToString([0, 2^32-1, 0, 0]) round trips through a 7-character negative delta', () => {
    const counts = [0, UINT32_MAX, 0, 0];
    const s = rleToString({ counts: Uint32Array.from(counts) });
    expect(s).toBe(toStringReference(counts));
    expect(Array.from(rleFromString(s, 1, UINT32_MAX).counts)).toEqual(counts);
    expect(Array.from(rleFromString(s, 65535, 65537).counts)).toEqual(counts);
  });
});

describe('rleToString then rleFromString on random counts', () => {
  for (const [name, arb, seed, numRuns] of [
    ['clipped interesting values', fittingCountsArb, 201, 800],
    ['cut points over [0, 2^32-1]', cutCountsArb, 202, 500],
    ['long arrays of small runs', longCountsArb, 203, 40],
  ] as const) {
    it(`gives back the same counts, and the C codec's string (${name}, seed ${seed})`, () => {
      fc.assert(
        fc.property(arb, (counts) => {
          const total = sum(counts);
          expect(total).toBeLessThanOrEqual(UINT32_MAX);
          const s = rleToString({ counts: Uint32Array.from(counts) });
          expect(s).toBe(toStringReference(counts));
          expect(s).toMatch(/^[0-o]*$/);
          const back = rleFromString(s, 1, total);
          expectSameArray(back.counts, counts, 'counts');
          expectSameArray(fromStringReference(s), counts, 'reference decode');
        }),
        { seed, numRuns },
      );
    });
  }
});
