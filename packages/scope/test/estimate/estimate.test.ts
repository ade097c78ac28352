import { describe, expect, it } from 'vitest';
import {
  type ClassWork,
  DEFAULT_COST_MODEL,
  didYouMean,
  EstimateInputError,
  estimateCost,
  parseTypes,
  type Workload,
} from '../../src/index.js';

/** A workload exactly at the model's reference (4 classes, 8 instances per image, complexity 25). */
function reference(overrides: Partial<Workload> = {}, classes: ClassWork[] = []): Workload {
  return {
    from: 'scope',
    semantic: false,
    images: 100,
    classesPerImage: 4,
    instancesPerImage: 8,
    complexity: 25,
    classes,
    rareInstanceShare: 0,
    hasVerdicts: classes.some((c) => c.verdict !== undefined),
    ...overrides,
  };
}

const cls = (name: string, share: number, verdict?: ClassWork['verdict']): ClassWork => ({
  id: name.length,
  name,
  instances: share * 800,
  share,
  rarityShare: share,
  rare: false,
  ...(verdict ? { verdict } : {}),
});

describe('estimateCost', () => {
  it('at the reference workload each type costs its published ratio per image', () => {
    const { perType } = estimateCost(reference(), DEFAULT_COST_MODEL, {
      types: ['box', 'polygon', 'semantic', 'instance', 'panoptic'],
    });
    expect(perType.map((t) => [t.type, t.perImage])).toEqual([
      ['box', { low: 1, expected: 1, high: 1 }],
      ['polygon', { low: 3, expected: 4, high: 5 }],
      ['semantic', { low: 8, expected: 10, high: 12 }],
      ['instance', { low: 10, expected: 12.5, high: 15 }],
      ['panoptic', { low: 12, expected: 15, high: 18 }],
    ]);
  });

  it('project = images · per image · (1 + gold share · extra passes), times the price', () => {
    const [polygon] = estimateCost(reference(), DEFAULT_COST_MODEL, {
      types: ['polygon'],
      images: 1000,
      goldShare: 0.1,
      price: 0.5,
    }).perType;
    // 1000 images, 10% labelled once more: 1100 image-labellings at 3 / 4 / 5 box-images.
    expect(polygon.project).toEqual({ low: 3300, expected: 4400, high: 5500 });
    expect(polygon.projectCost).toEqual({ low: 1650, expected: 2200, high: 2750 });
  });

  it('twice the reference instances moves polygon from 3/4/5 to 4.5/6/7.5 (2^0.7, fixed share 0.2)', () => {
    // (16 / 8)^0.7 = 1.6245; content = 0.2 + 0.8 · 1.6245 = 1.4996.
    const [polygon] = estimateCost(reference({ instancesPerImage: 16 }), DEFAULT_COST_MODEL, {
      types: ['polygon'],
    }).perType;
    const content = 0.2 + 0.8 * 2 ** 0.7;
    expect(polygon.factors.instancesPerImage).toBeCloseTo(2 ** 0.7, 12);
    expect(polygon.perImage.low).toBeCloseTo(3 * content, 12);
    expect(polygon.perImage.expected).toBeCloseTo(4 * content, 12);
    expect(polygon.perImage.high).toBeCloseTo(7.5, 2);
  });

  it('each factor is clamped to factorRange; box ignores boundary complexity', () => {
    const [box, semantic] = estimateCost(
      reference({ instancesPerImage: 8000, complexity: 2500, classesPerImage: 0 }),
      DEFAULT_COST_MODEL,
      { types: ['box', 'semantic'] },
    ).perType;
    expect(box.factors).toEqual({ classesPerImage: 0.25, instancesPerImage: 4, complexity: 1 });
    // semantic: (100)^0.5 = 10 → 4 for complexity, (1000)^0.3 = 7.9 → 4 for instances, 0 → 0.25 for classes.
    expect(semantic.factors).toEqual({ classesPerImage: 0.25, instancesPerImage: 4, complexity: 4 });
    expect(semantic.content).toBeCloseTo(0.2 + 0.8 * 4, 12);
  });

  it('rare classes add review: 20% of instances rare, 1 pass at 0.5 of the labelling → ×1.1', () => {
    const [box] = estimateCost(reference({ rareInstanceShare: 0.2 }), DEFAULT_COST_MODEL, { types: ['box'] }).perType;
    expect(box.rare).toBeCloseTo(1.1, 12);
    expect(box.perImage.expected).toBeCloseTo(1.1, 12);
    const [strict] = estimateCost(reference({ rareInstanceShare: 0.2 }), DEFAULT_COST_MODEL, {
      types: ['box'],
      rareReviewPasses: 3,
    }).perType;
    expect(strict.rare).toBeCloseTo(1.3, 12);
  });

  it('savings: half the instances in a "polygon" class, semantic 10 → 0.5·4 + 0.5·10 = 7, saving 3 per image', () => {
    const workload = reference({}, [cls('car', 0.5, 'polygon'), cls('tree', 0.5, 'segmentation')]);
    const [semantic, polygon] = estimateCost(workload, DEFAULT_COST_MODEL, {
      types: ['semantic', 'polygon'],
      images: 10,
      goldShare: 0,
    }).perType;
    expect(semantic.savings!.classes).toEqual([{ name: 'car', verdict: 'polygon', share: 0.5 }]);
    expect(semantic.savings!.mixedPerImage).toEqual({ low: 5.5, expected: 7, high: 8.5 });
    expect(semantic.savings!.perImage).toEqual({ low: 2.5, expected: 3, high: 3.5 });
    expect(semantic.savings!.project).toEqual({ low: 25, expected: 30, high: 35 });
    // Polygon is not cheaper than polygon: nothing moves.
    expect(polygon.savings!.classes).toEqual([]);
    expect(polygon.savings!.perImage).toEqual({ low: 0, expected: 0, high: 0 });
  });

  it('without verdicts (a dataset alone) savings are null and a note says they need --scope', () => {
    const estimate = estimateCost(reference({ from: 'dataset' }, [cls('car', 1)]), DEFAULT_COST_MODEL, {
      types: ['instance'],
    });
    expect(estimate.perType[0].savings).toBeNull();
    expect(estimate.notes).toContain('savings need --scope REPORT.json (the per-class verdicts of segkit scope)');
  });

  it('no region measured: complexity stays at the reference, with a note; zero images cost nothing', () => {
    const estimate = estimateCost(reference({ complexity: null }), DEFAULT_COST_MODEL, {
      types: ['semantic'],
      images: 0,
    });
    expect(estimate.perType[0].factors.complexity).toBe(1);
    expect(estimate.perType[0].project).toEqual({ low: 0, expected: 0, high: 0 });
    expect(estimate.notes).toContain('no region was measured: boundary complexity left at the reference');
  });

  it('a negative price or a gold share above 1 is an EstimateInputError naming the value', () => {
    expect(() => estimateCost(reference(), DEFAULT_COST_MODEL, { types: ['box'], price: -1 })).toThrow(
      new EstimateInputError('price must be a number ≥ 0, got -1'),
    );
    expect(() => estimateCost(reference(), DEFAULT_COST_MODEL, { types: ['box'], goldShare: 2 })).toThrow(
      'gold share must be from 0 to 1, got 2',
    );
  });
});

describe('parseTypes', () => {
  const suggest = (name: string) => didYouMean(name, ['box', 'polygon', 'semantic', 'instance', 'panoptic']);

  it('parseTypes("polygon, semantic") is the two types, duplicates dropped', () => {
    expect(parseTypes('polygon, semantic,polygon', suggest)).toEqual(['polygon', 'semantic']);
  });

  it('an unknown type is named with the closest one', () => {
    expect(() => parseTypes('box,polgon', suggest)).toThrow(
      'unknown annotation type "polgon" (did you mean \'polygon\'?); use box, polygon, semantic, instance, panoptic',
    );
    expect(() => parseTypes(' , ', suggest)).toThrow('no annotation type given');
  });
});
