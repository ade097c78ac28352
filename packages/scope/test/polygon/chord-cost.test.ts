import { describe, expect, it } from 'vitest';
import { chordCost } from '../../src/polygon/chord-cost.js';

describe('chordCost', () => {
  // The outline of a 2 × 2 block: (0,0) → (2,0) → (2,2) → (0,2).
  const square = [0, 0, 2, 0, 2, 2, 0, 2];

  it('chordCost of the diagonal of a 2 × 2 block is the triangle it cuts off: 2 px²', () => {
    expect(chordCost(square, 0, 4, 0, 2)).toBeCloseTo(2, 12);
    expect(chordCost(square, 0, 4, 2, 0)).toBeCloseTo(2, 12);
  });

  it('chordCost of an edge of the outline is 0', () => {
    expect(chordCost(square, 0, 4, 1, 2)).toBe(0);
  });

  it('chordCost charges both sides when the outline crosses the chord', () => {
    // Path (0,0) → (0,1) → (2,1) → (2,2)... as a ring: chord (0,0) → (2,2) meets the path at (1,1):
    // triangles (0,0),(0,1),(1,1) and (1,1),(2,1),(2,2), half a pixel each.
    const ring = [0, 0, 0, 1, 2, 1, 2, 2, 3, 2, 3, 0];
    expect(chordCost(ring, 0, 6, 0, 3)).toBeCloseTo(1, 12);
  });

  it('chordCost of a chord between two visits of one corner is infinite (never chosen)', () => {
    const pinched = [0, 0, 1, 0, 1, 1, 0, 0, 0, 1];
    expect(chordCost(pinched, 0, 5, 0, 3)).toBe(Number.POSITIVE_INFINITY);
  });
});
