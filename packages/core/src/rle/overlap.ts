import { SegkitError } from '../errors.js';
import { checkSameSize } from '../size.js';
import type { Rle } from './types.js';

/** Two masks of a list that share a pixel. */
export interface Overlap {
  /** The higher index of the two. */
  later: number;
  /** The lower index of the two. */
  earlier: number;
}

// Foreground intervals of every mask, [start, end) in column-major pixel order, grown on demand.
let starts = new Float64Array(1024);
let ends = new Float64Array(1024);
let keys = new Float64Array(1024);

/**
 * The first overlap in a list of masks of one size, in list order: the smallest `later` whose mask
 * shares a pixel with an earlier mask, and the smallest such `earlier`; undefined when no two masks
 * share a pixel (what a panoptic or semantic document must satisfy).
 *
 * Works on runs, never on pixels: each mask's foreground runs are intervals of the column-major pixel
 * index, sorted once by start; a sweep that keeps the furthest end seen finds whether any interval
 * starts inside an earlier one (a mask's own runs never overlap each other). The smallest `later` is
 * found by halving the prefix of the list that is swept, and its `earlier` by one more sweep.
 * Example: masks of a 1×4 image with counts [0, 2, 2], [1, 1, 2], [3, 1] → { later: 1, earlier: 0 }
 * (pixel 1 is in both; the third mask is pixel 3 alone).
 * Cost: O(R log R) for R foreground runs in all when no masks overlap, plus O(R log n) when they do.
 */
export function firstOverlap(masks: readonly Rle[]): Overlap | undefined {
  const n = masks.length;
  if (n < 2) return undefined;
  const pixels = masks[0].height * masks[0].width;
  if (pixels * n >= 2 ** 53) {
    throw new SegkitError('LIMIT', `overlap of ${n} masks of ${pixels} pixels: too many to order exactly`);
  }
  let total = 0;
  for (const mask of masks) {
    checkSameSize(masks[0], mask, 'overlap of masks');
    total += mask.counts.length >> 1;
  }
  if (starts.length < total) {
    starts = new Float64Array(total * 2);
    ends = new Float64Array(total * 2);
    keys = new Float64Array(total * 2);
  }
  // Interval i of mask m is at first[m] + i; ordering keys are start·n + m, exact below 2^53.
  const first = new Uint32Array(n + 1);
  let count = 0;
  for (let m = 0; m < n; m++) {
    first[m] = count;
    const counts = masks[m].counts;
    let at = 0;
    for (let i = 0; i < counts.length; i++) {
      const run = counts[i];
      if ((i & 1) === 1 && run > 0) {
        starts[count] = at;
        ends[count] = at + run;
        keys[count] = at * n + m;
        count++;
      }
      at += run;
    }
  }
  first[n] = count;
  const order = keys.subarray(0, count).sort();
  const sweep = new Sweep(order, n, first);
  if (!sweep.overlapsBelow(n)) return undefined;
  // overlapsBelow(k) holds from some k on: find the smallest (the masks below it include `later`).
  let low = 1; // overlapsBelow(low) is false
  let high = n; // overlapsBelow(high) is true
  while (high - low > 1) {
    const middle = (low + high) >>> 1;
    if (sweep.overlapsBelow(middle)) high = middle;
    else low = middle;
  }
  const later = high - 1;
  return { later, earlier: sweep.firstMeeting(later) };
}

/** Passes over the sorted interval keys, each restricted to a prefix of the list. */
class Sweep {
  readonly #order: Float64Array;
  readonly #n: number;
  readonly #first: Uint32Array;
  readonly #next: Uint32Array;

  constructor(order: Float64Array, n: number, first: Uint32Array) {
    this.#order = order;
    this.#n = n;
    this.#first = first;
    this.#next = new Uint32Array(n);
  }

  /** Whether two of the masks 0..k-1 share a pixel. */
  overlapsBelow(k: number): boolean {
    const n = this.#n;
    this.#next.set(this.#first.subarray(0, n));
    let furthest = 0;
    for (let j = 0; j < this.#order.length; j++) {
      const key = this.#order[j];
      const m = key % n;
      const interval = this.#next[m]++; // a mask's intervals come in start order
      if (m >= k) continue;
      if (starts[interval] < furthest) return true;
      if (ends[interval] > furthest) furthest = ends[interval];
    }
    return false;
  }

  /**
   * The smallest index below `later` whose mask shares a pixel with mask `later`, given that the
   * masks below `later` share none among themselves (so at most one of their intervals is open).
   */
  firstMeeting(later: number): number {
    const n = this.#n;
    this.#next.set(this.#first.subarray(0, n));
    let best = later;
    let otherEnd = 0; // the interval of masks below `later` that started last, and its mask
    let otherMask = -1;
    let laterEnd = 0;
    for (let j = 0; j < this.#order.length; j++) {
      const key = this.#order[j];
      const m = key % n;
      const interval = this.#next[m]++;
      if (m > later) continue;
      if (m === later) {
        if (starts[interval] < otherEnd && otherMask < best) best = otherMask;
        laterEnd = ends[interval];
      } else {
        if (starts[interval] < laterEnd && m < best) best = m;
        otherEnd = ends[interval];
        otherMask = m;
      }
    }
    return best;
  }
}
