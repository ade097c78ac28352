import { describe, expect, it } from 'vitest';
import { findAlerts } from '../src/alerts.js';

describe('findAlerts', () => {
  it('names the rare class a high mean hides, and the classes below the threshold, worst first', () => {
    const scores = [
      { id: 0, name: 'road', score: 0.98, share: 0.6 },
      { id: 1, name: 'car', score: 0.95, share: 0.3 },
      { id: 2, name: 'sky', score: 0.97, share: 0.095 },
      { id: 3, name: 'bicycle', score: 0.35, share: 0.005 },
      { id: 4, name: 'pole', score: 0.45, share: 0.02 },
      { id: 5, name: 'train', score: null, share: 0 },
    ];
    const alerts = findAlerts(scores, { metric: 'IoU', unit: 'labelled pixels' });
    expect(alerts.map((a) => [a.name, a.kinds])).toEqual([
      ['bicycle', ['below-threshold', 'far-below-mean', 'rare']],
      ['pole', ['below-threshold', 'far-below-mean']],
    ]);
    // mean of the 5 defined scores = 3.70 / 5 = 0.74
    expect(alerts[0].message).toBe(
      'class 3 bicycle: below 0.5, far below the mean, rare (IoU 0.3500, mean 0.7400, 0.50% of labelled pixels)',
    );
  });

  it('a rare class that scores well is still named, for its frequency', () => {
    const alerts = findAlerts([
      { id: 1, name: 'a', score: 0.9, share: 0.995 },
      { id: 2, name: 'b', score: 0.92, share: 0.005 },
    ]);
    expect(alerts.map((a) => [a.name, a.kinds])).toEqual([['b', ['rare']]]);
  });
});
