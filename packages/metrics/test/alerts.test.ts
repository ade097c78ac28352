import { describe, expect, it } from 'vitest';
import { findAlerts, reviewClasses } from '../src/alerts.js';

describe('findAlerts', () => {
  it('names the rare class a high mean hides, and the classes below the threshold, worst first', () => {
    const scores = [
      { id: 0, name: 'road', score: 0.98, share: 0.6 },
      { id: 1, name: 'car', score: 0.95, share: 0.3 },
      { id: 2, name: 'sky', score: 0.97, share: 0.095 },
      { id: 3, name: 'bicycle', score: 0.35, share: 0.005 },
      { id: 4, name: 'pole', score: 0.45, share: 0.02 },
      { id: 5, name: 'train', score: null, share: 0, absent: true },
    ];
    const alerts = findAlerts(scores, { metric: 'IoU', unit: 'labelled pixels' });
    expect(alerts.map((a) => [a.name, a.kinds])).toEqual([
      ['bicycle', ['below-threshold', 'far-below-mean', 'rare-and-low']],
      ['pole', ['below-threshold', 'far-below-mean']],
    ]);
    // mean of the 5 present scores = 3.70 / 5 = 0.74; 0.75 · 0.74 = 0.555
    expect(alerts[0].message).toBe(
      'class 3 bicycle: below 0.5, far below the mean, rare (IoU 0.3500, mean 0.7400, 0.50% of labelled pixels)',
    );
  });

  it('a rare class that scores well is a note, not an alert; a rare class that scores low is rare-and-low', () => {
    const fine = reviewClasses([
      { id: 1, name: 'a', score: 0.9, share: 0.995 },
      { id: 2, name: 'b', score: 0.92, share: 0.005 },
    ]);
    expect(fine.alerts).toEqual([]);
    expect(fine.rare).toEqual([2]);
    const low = reviewClasses([
      { id: 1, name: 'a', score: 0.9, share: 0.995 },
      { id: 2, name: 'b', score: 0.3, share: 0.005 },
    ]);
    expect(low.alerts.map((a) => [a.id, a.kinds])).toEqual([
      [2, ['below-threshold', 'far-below-mean', 'rare-and-low']],
    ]);
    expect(low.rare).toEqual([2]);
  });

  it('a class with score 1.0 is never alerted, however rare', () => {
    const review = reviewClasses([
      { id: 1, name: 'a', score: 1, share: 0.999 },
      { id: 2, name: 'b', score: 1, share: 0.001 },
    ]);
    expect(review.alerts).toEqual([]);
    expect(review.rare).toEqual([2]);
  });

  it('classes absent from both sides are never alerted nor averaged: PQ 100 on 3 of 6 classes gives no alert', () => {
    // panopticapi reports 0.0 for the absent ones; averaged in they would put the mean at 0.5.
    const review = reviewClasses([
      { id: 1, name: 'person', score: 1, share: 0.5 },
      { id: 2, name: 'car', score: 0, share: 0, absent: true },
      { id: 3, name: 'sky', score: 1, share: 0.25 },
      { id: 4, name: 'train', score: 0, share: 0, absent: true },
      { id: 5, name: 'grass', score: 1, share: 0.25 },
      { id: 6, name: 'boat', score: 0, share: 0, absent: true },
    ]);
    expect(review.alerts).toEqual([]);
    expect(review.mean).toBe(1);
    expect(review.absent.map((c) => c.id)).toEqual([2, 4, 6]);
  });

  it('a removed class comes first, ahead of absent classes with the same reference score', () => {
    const review = reviewClasses(
      [
        { id: 1, name: 'boat', score: 0, share: 0, absent: true },
        { id: 2, name: 'person', score: 0.9, share: 0.6 },
        { id: 3, name: 'horse', score: 0, share: 0.3 },
        { id: 4, name: 'sky', score: 0.6, share: 0.1 },
      ],
      { metric: 'PQ', unit: 'ground-truth segments' },
    );
    // mean over the three present = 1.5 / 3 = 0.5; sky 0.6 is neither below 0.5 nor below 0.375
    expect(review.alerts.map((a) => a.name)).toEqual(['horse']);
    expect(review.alerts[0].message).toBe(
      'class 3 horse: below 0.5, far below the mean (PQ 0.0000, mean 0.5000, 30.00% of ground-truth segments)',
    );
  });

  it('equal scores keep the class order', () => {
    const alerts = findAlerts([
      { id: 7, name: 'x', score: 0.1, share: 0.5 },
      { id: 3, name: 'y', score: 0.1, share: 0.5 },
      { id: 5, name: 'z', score: 0.05, share: 0 },
    ]);
    expect(alerts.map((a) => a.id)).toEqual([5, 7, 3]);
  });
});
