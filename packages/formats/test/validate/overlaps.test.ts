import { type Bitmap, encode } from '@segkit/core';
import { grid, mulberry32 } from '@segkit/testing';
import { describe, expect, it } from 'vitest';
import { overlapsWithEarlier } from '../../src/index.js';

/** From scratch, pixel by pixel: each mask's pixels also in an earlier mask, and the earlier masks it meets. */
function slowOverlaps(masks: Bitmap[]): { shared: number[]; meets: Set<number>[] } {
  return masks
    .map((mask, m) => {
      let shared = 0;
      const meets = new Set<number>();
      for (let p = 0; p < mask.data.length; p++) {
        if (!mask.data[p]) continue;
        let covered = false;
        for (let k = 0; k < m; k++) {
          if (masks[k].data[p]) {
            covered = true;
            meets.add(k);
          }
        }
        if (covered) shared++;
      }
      return { shared, meets };
    })
    .reduce(
      (out, { shared, meets }) => {
        out.shared.push(shared);
        out.meets.push(meets);
        return out;
      },
      { shared: [] as number[], meets: [] as Set<number>[] },
    );
}

describe('overlapsWithEarlier(masks) returns, per mask, the pixels earlier masks cover and one earlier mask it meets', () => {
  it('three masks: mask 1 shares 2 pixels with mask 0, mask 2 one pixel with mask 1', () => {
    const masks = [
      grid(`
        # # . .
        # # . .
        . . . .`),
      grid(`
        . # # .
        . # # .
        . . . .`),
      grid(`
        . . . .
        . . # .
        . . # #`),
    ];
    const { shared, partner } = overlapsWithEarlier(masks.map(encode));
    // Mask 1's column 1 is mask 0's (2 pixels); mask 2's pixel (2, 1) is mask 1's, the rest is new.
    expect(Array.from(shared)).toEqual([0, 2, 1]);
    expect(Array.from(partner)).toEqual([-1, 0, 1]);
  });

  it('runs that touch do not overlap, and a mask inside another shares all its pixels', () => {
    const masks = [
      grid(`
        # # . .
        # # . .`),
      grid(`
        . . # #
        . . # #`),
      grid(`
        . . . .
        . . . #`),
    ];
    const { shared, partner } = overlapsWithEarlier(masks.map(encode));
    expect(Array.from(shared)).toEqual([0, 0, 1]);
    expect(Array.from(partner)).toEqual([-1, -1, 1]);
  });

  it('5,000 masks stacked on one square: every later mask shares all its pixels, found without pairing them', () => {
    const square = encode(
      grid(`
        # # # .
        # # # .
        . . . .`),
    );
    const { shared, partner } = overlapsWithEarlier(Array.from({ length: 5000 }, () => square));
    expect(shared[0]).toBe(0);
    expect(shared.every((v, m) => v === (m === 0 ? 0 : 6))).toBe(true);
    expect(partner.every((p, m) => (m === 0 ? p === -1 : p >= 0 && p < m))).toBe(true);
  });

  it.each([41, 42, 43])('seed %i: 300 random sets of masks agree with a pixel-by-pixel recomputation', (seed) => {
    const next = mulberry32(seed);
    for (let trial = 0; trial < 300; trial++) {
      const height = 1 + Math.floor(next() * 9);
      const width = 1 + Math.floor(next() * 9);
      const count = Math.floor(next() * 8);
      const density = next();
      const masks: Bitmap[] = Array.from({ length: count }, () => {
        const data = new Uint8Array(height * width);
        for (let p = 0; p < data.length; p++) data[p] = next() < density * 0.6 ? 1 : 0;
        return { height, width, data };
      });
      const fast = overlapsWithEarlier(masks.map(encode));
      const slow = slowOverlaps(masks);
      expect(Array.from(fast.shared), `seed ${seed} trial ${trial}`).toEqual(slow.shared);
      fast.partner.forEach((p, m) => {
        if (slow.shared[m] === 0) expect(p).toBe(-1);
        else expect(slow.meets[m].has(p), `seed ${seed} trial ${trial} mask ${m} partner ${p}`).toBe(true);
      });
    }
  });
});
