import { mulberry32 } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { planBatch } from '../src/services/batch-plan.js';
import { batchStatus, statusFromDecisions } from '../src/services/batches.js';

describe('planBatch', () => {
  it('splits the requested images round-robin in the order given, with no gold and no honeypots', () => {
    const plan = planBatch([5, 6, 7, 8, 9], [10, 20], new Set(), 0.1, mulberry32(1));
    expect(plan.images).toEqual([5, 6, 7, 8, 9].map((imageId) => ({ imageId, honeypot: false })));
    expect(plan.assignments).toEqual([
      { imageId: 5, userId: 10 },
      { imageId: 6, userId: 20 },
      { imageId: 7, userId: 10 },
      { imageId: 8, userId: 20 },
      { imageId: 9, userId: 10 },
    ]);
  });

  it('draws h = min(gold not requested, ceil(share × requested)) honeypots, each assigned to every assignee (seed 7)', () => {
    const requested = Array.from({ length: 11 }, (_, i) => i + 1);
    const gold = new Set([100, 101, 102, 103]);
    const plan = planBatch(requested, [1, 2, 3], gold, 0.25, mulberry32(7));
    const honeypots = plan.images.filter((image) => image.honeypot).map((image) => image.imageId);
    expect(honeypots).toHaveLength(3); // ceil(0.25 × 11) = 3 ≤ 4 gold images
    expect(new Set(honeypots).size).toBe(3);
    for (const id of honeypots) expect(gold.has(id)).toBe(true);
    // The requested images keep their order around the honeypots.
    expect(plan.images.filter((image) => !image.honeypot).map((image) => image.imageId)).toEqual(requested);
    for (const id of honeypots) {
      expect(plan.assignments.filter((a) => a.imageId === id).map((a) => a.userId)).toEqual([1, 2, 3]);
    }
    expect(plan.assignments).toHaveLength(11 + 3 * 3);
  });

  it('caps the honeypots at the gold images not requested', () => {
    const plan = planBatch([1, 2, 3, 4], [9], new Set([2, 50]), 1, mulberry32(3));
    // Image 2 is gold and requested: labelled by every assignee, not round-robin. Only 50 is left to draw.
    expect(
      plan.images
        .filter((image) => image.honeypot)
        .map((image) => image.imageId)
        .sort(),
    ).toEqual([2, 50]);
    expect(plan.assignments.filter((a) => a.imageId === 2)).toEqual([{ imageId: 2, userId: 9 }]);
  });

  it('places honeypots at every position over many seeds (first, middle, last)', () => {
    const positions = new Set<number>();
    for (let seed = 0; seed < 200; seed++) {
      const plan = planBatch([1, 2, 3], [1], new Set([9]), 0.1, mulberry32(seed));
      positions.add(plan.images.findIndex((image) => image.honeypot));
    }
    expect([...positions].sort()).toEqual([0, 1, 2, 3]);
  });
});

describe('batchStatus', () => {
  it.each([
    [['todo', 'todo'], 'todo'],
    [['todo', 'in_progress'], 'in_progress'],
    [['submitted', 'in_progress'], 'in_progress'],
    [['submitted', 'submitted'], 'submitted'],
    [['submitted', 'in_review'], 'in_review'],
    [['accepted', 'submitted'], 'submitted'],
    [['accepted', 'rejected'], 'rejected'],
    [['accepted', 'accepted'], 'accepted'],
  ] as const)('%j → %s', (statuses, expected) => {
    expect(batchStatus(statuses)).toBe(expected);
  });
});

describe('statusFromDecisions', () => {
  it.each([
    [['accepted', 'accepted'], 'accepted'],
    [['accepted', null], 'in_review'],
    [[null, null], 'in_review'],
    [['accepted', 'rejected'], 'rejected'],
    [['rejected', null], 'rejected'],
    [['accepted'], 'accepted'],
  ] as const)('%j → %s', (decisions, expected) => {
    expect(statusFromDecisions(decisions)).toBe(expected);
  });
});
