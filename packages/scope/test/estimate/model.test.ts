import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { closest } from '../../src/estimate/closest.js';
import { CostModelError, DEFAULT_COST_MODEL, parseCostModel } from '../../src/index.js';

const FILE = new URL('../../cost-model.json', import.meta.url);

describe('the default cost model', () => {
  it('packages/scope/cost-model.json is DEFAULT_COST_MODEL, field for field', () => {
    expect(JSON.parse(readFileSync(FILE, 'utf8'))).toEqual(DEFAULT_COST_MODEL);
  });

  it('holds the published production ratios: box 1x, polygon 3-5x, semantic 8-12x, instance 10-15x, panoptic 12-18x', () => {
    const { ratios } = DEFAULT_COST_MODEL;
    expect([ratios.box.low, ratios.box.high]).toEqual([1, 1]);
    expect([ratios.polygon.low, ratios.polygon.high]).toEqual([3, 5]);
    expect([ratios.semantic.low, ratios.semantic.high]).toEqual([8, 12]);
    expect([ratios.instance.low, ratios.instance.high]).toEqual([10, 15]);
    expect([ratios.panoptic.low, ratios.panoptic.high]).toEqual([12, 18]);
  });
});

describe('parseCostModel', () => {
  it('parseCostModel(some fields) changes those fields and keeps the other defaults', () => {
    const model = parseCostModel({ ratios: { polygon: { low: 2, expected: 3, high: 4 } }, gold: { extraPasses: 2 } });
    expect(model.ratios.polygon).toEqual({ low: 2, expected: 3, high: 4 });
    expect(model.gold.extraPasses).toBe(2);
    expect(model.ratios.semantic).toEqual(DEFAULT_COST_MODEL.ratios.semantic);
    expect(model.exponents).toEqual(DEFAULT_COST_MODEL.exponents);
  });

  it('a typo in a key is named, with the closest valid key', () => {
    expect(() => parseCostModel({ ratio: {} })).toThrow(
      'unknown key "ratio" at the top level (did you mean \'ratios\'?); valid keys: ratios, reference, fixedShare, exponents, factorRange, rare, gold',
    );
    expect(() => parseCostModel({ ratios: { polgon: { low: 1 } } })).toThrow(
      /unknown key "polgon" in "ratios" \(did you mean 'polygon'\?\)/,
    );
    expect(() => parseCostModel({ exponents: { instance: { instancePerImage: 1 } } })).toThrow(
      /unknown key "instancePerImage" in "exponents.instance" \(did you mean 'instancesPerImage'\?\)/,
    );
  });

  it('ratios out of order name the type and the values', () => {
    expect(() => parseCostModel({ ratios: { semantic: { low: 13 } } })).toThrow(
      'ratios.semantic: must have low ≤ expected ≤ high, got low 13, expected 10, high 12',
    );
  });

  it('a negative or non-numeric value names its path', () => {
    expect(() => parseCostModel({ rare: { reviewCost: -0.5 } })).toThrow(
      'rare.reviewCost: must not be negative, got -0.5',
    );
    expect(() => parseCostModel({ fixedShare: '0.2' })).toThrow('fixedShare: must be a number, got "0.2"');
    expect(() => parseCostModel({ ratios: [] })).toThrow('ratios: must be an object like the default, got []');
    expect(() => parseCostModel({ factorRange: { min: 5, max: 2 } })).toThrow(
      'factorRange: must have 0 < min ≤ max, got min 5, max 2',
    );
  });

  it('errors are CostModelErrors carrying the path', () => {
    try {
      parseCostModel({ ratios: { box: { high: -1 } } });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CostModelError);
      expect((error as CostModelError).path).toBe('ratios.box.high');
    }
  });
});

describe('closest', () => {
  it('closest(name, known) is the nearest by edit distance, or undefined when nothing is near', () => {
    expect(closest('semantc', ['box', 'polygon', 'semantic'])).toBe('semantic');
    expect(closest('Polygon', ['box', 'polygon'])).toBe('polygon');
    expect(closest('zzzzzzzzzz', ['box', 'polygon'])).toBeUndefined();
  });
});
