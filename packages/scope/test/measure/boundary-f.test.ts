import { describe, expect, it } from 'vitest';
import { boundaryF } from '../../src/measure/boundary-f.js';
import { grid } from '../grid.js';

const win = (h: number, w: number) => ({ x0: 0, y0: 0, width: w, height: h });

describe('boundaryF', () => {
  // Inside a larger image (the window sides are not the image's edges).
  const mask = grid(
    '. . . . .', //
    '. # # # .',
    '. # # # .',
    '. # # # .',
    '. . . . .',
  );
  const clipped = grid(
    '. . . . .', //
    '. # # . .',
    '. # # # .',
    '. # # # .',
    '. . . . .',
  );

  it('boundaryF of a mask against itself is 1', () => {
    expect(boundaryF(mask.counts, mask.counts, win(5, 5), 100, 100, 0)).toEqual({ precision: 1, recall: 1, f: 1 });
  });

  it('boundaryF at 0 px: the corner pixel the polygon lost is a mask boundary pixel it misses', () => {
    // Mask boundary: the 8 ring pixels; polygon boundary: its 7 pixels plus (2,2)... (the centre
    // pixel now touches the background diagonally), 8 in all, 7 of them on the mask's boundary.
    const score = boundaryF(mask.counts, clipped.counts, win(5, 5), 100, 100, 0);
    expect(score.precision).toBeCloseTo(7 / 8, 12);
    expect(score.recall).toBeCloseTo(7 / 8, 12);
  });

  it('boundaryF at 1 px forgives the one-pixel difference', () => {
    expect(boundaryF(mask.counts, clipped.counts, win(5, 5), 100, 100, 1).f).toBe(1);
  });

  it('boundaryF does not count the image edge as boundary', () => {
    const full = grid('# #', '# #');
    // The window is the whole 2 × 2 image: no boundary in either, F = 1.
    expect(boundaryF(full.counts, full.counts, win(2, 2), 2, 2, 0).f).toBe(1);
    const half = grid('# .', '# .');
    expect(boundaryF(full.counts, half.counts, win(2, 2), 2, 2, 0).f).toBe(0);
  });
});
