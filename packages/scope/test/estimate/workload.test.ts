import { describe, expect, it } from 'vitest';
import { makeProfileForTest, type Verdict, workloadFromProfile, workloadFromScope } from './fixtures.js';

/**
 * A scope-report class with the fields the estimate reads (`segkit scope --format json` prints more:
 * the IoU distributions, shape descriptors, the rule; the estimate ignores them).
 */
function scopeClass(
  id: number,
  name: string,
  images: number,
  instances: number,
  pixels: number,
  verdict: Verdict,
  complexity: number | null,
) {
  return { id, name, instances, skipped: 0, images, pixels, verdict, complexity: { median: complexity } };
}

// 4 images; road in all 4 (8 regions, 9900 px, complexity 16), sign in 1 (2 regions, 100 px, complexity 40).
const REPORT = {
  dataset: { input: 'x', from: 'png', images: 4, regions: 10, semantic: true },
  perClass: [scopeClass(0, 'road', 4, 8, 9900, 'polygon', 16), scopeClass(1, 'sign', 1, 2, 100, 'box', 40)],
};

describe('workloadFromScope', () => {
  it('reads the mean image from the report: classes and instances per image, complexity, rare classes', () => {
    const w = workloadFromScope(REPORT, 0.02);
    expect(w).toMatchObject({ from: 'scope', semantic: true, images: 4, hasVerdicts: true });
    // (4 + 1) / 4 classes, 10 / 4 instances per image.
    expect(w.classesPerImage).toBe(1.25);
    expect(w.instancesPerImage).toBe(2.5);
    // Instance-weighted: (8 · 16 + 2 · 40) / 10 = 20.8.
    expect(w.complexity).toBeCloseTo(20.8, 12);
    // sign: 100 of 10,000 pixels = 1% < 2%: rare; its 2 of 10 instances are the rare share.
    expect(w.classes.map((c) => [c.name, c.rare, c.verdict, c.share])).toEqual([
      ['road', false, 'polygon', 0.8],
      ['sign', true, 'box', 0.2],
    ]);
    expect(w.rareInstanceShare).toBe(0.2);
  });

  it('a bad report names the item: a verdict that is not box, polygon or segmentation', () => {
    const bad = { ...REPORT, perClass: [REPORT.perClass[0], { ...REPORT.perClass[1], verdict: 'poly' }] };
    expect(() => workloadFromScope(bad, 0.02)).toThrow(
      'perClass[1] (id 1): "verdict" must be box, polygon or segmentation, got "poly"',
    );
    expect(() => workloadFromScope({ perClass: [] }, 0.02)).toThrow(/a scope report is the JSON object/);
    expect(() => workloadFromScope({ ...REPORT, perClass: [{ id: 3, instances: -1 }] }, 0.02)).toThrow(
      'perClass[0] (id 3): "instances" must be a count, got -1',
    );
  });
});

describe('workloadFromProfile', () => {
  it('gives the same measures as the scope report of the same data, without verdicts', () => {
    const profile = makeProfileForTest();
    const w = workloadFromProfile(profile, 0.02);
    expect(w).toMatchObject({
      from: 'dataset',
      images: 4,
      classesPerImage: 1.25,
      instancesPerImage: 2.5,
      hasVerdicts: false,
    });
    expect(w.complexity).toBeCloseTo(20.8, 12);
    expect(w.rareInstanceShare).toBe(0.2);
  });
});
