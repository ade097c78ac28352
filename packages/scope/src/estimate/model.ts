/**
 * The cost model of `segkit estimate`: every ratio and modifier, in one record the user can edit as
 * JSON (packages/scope/cost-model.json holds these defaults, packages/scope/COST-MODEL.md documents
 * each field and the formula, estimate.ts applies it). Costs are in units of one bounding-box image: labelling a typical image with boxes
 * costs 1.
 */

export const ANNOTATION_TYPES = ['box', 'polygon', 'semantic', 'instance', 'panoptic'] as const;
export type AnnotationType = (typeof ANNOTATION_TYPES)[number];

/** The measured quantities that move the cost away from the published ratio. */
export const MEASURES = ['classesPerImage', 'instancesPerImage', 'complexity'] as const;
export type Measure = (typeof MEASURES)[number];

export interface Range {
  low: number;
  expected: number;
  high: number;
}

export interface CostModel {
  /** Cost of one image of the reference workload, per annotation type, in box-images. */
  ratios: Record<AnnotationType, Range>;
  /** The workload the ratios are quoted for: classes and instances per image, perimeter² / area. */
  reference: Record<Measure, number>;
  /** Share of an image's cost that does not depend on its content (opening, checking, submitting). */
  fixedShare: number;
  /** How strongly each type's cost follows each measure: factor = (measured / reference) ^ exponent. */
  exponents: Record<AnnotationType, Record<Measure, number>>;
  /** Each measure's factor is clamped to this range, so an odd dataset cannot make the model absurd. */
  factorRange: { min: number; max: number };
  /** Classes under `share` of the pixels (semantic) or instances are rare; their regions get
   * `reviewPasses` extra review passes, each costing `reviewCost` of their labelling. */
  rare: { share: number; reviewPasses: number; reviewCost: number };
  /** The QA gold set is labelled `extraPasses` more times (independently, to measure agreement). */
  gold: { extraPasses: number };
}

/** The defaults: the published production ratios (box 1×, polygon 3–5×, semantic 8–12×, instance
 * 10–15×, panoptic 12–18×) and modifiers that are assumptions to calibrate with a pilot. */
export const DEFAULT_COST_MODEL: CostModel = {
  ratios: {
    box: { low: 1, expected: 1, high: 1 },
    polygon: { low: 3, expected: 4, high: 5 },
    semantic: { low: 8, expected: 10, high: 12 },
    instance: { low: 10, expected: 12.5, high: 15 },
    panoptic: { low: 12, expected: 15, high: 18 },
  },
  reference: { classesPerImage: 4, instancesPerImage: 8, complexity: 25 },
  fixedShare: 0.2,
  exponents: {
    box: { classesPerImage: 0.1, instancesPerImage: 0.8, complexity: 0 },
    polygon: { classesPerImage: 0.1, instancesPerImage: 0.7, complexity: 0.5 },
    semantic: { classesPerImage: 0.5, instancesPerImage: 0.3, complexity: 0.5 },
    instance: { classesPerImage: 0.2, instancesPerImage: 0.7, complexity: 0.5 },
    panoptic: { classesPerImage: 0.4, instancesPerImage: 0.6, complexity: 0.5 },
  },
  factorRange: { min: 0.25, max: 4 },
  rare: { share: 0.02, reviewPasses: 1, reviewCost: 0.5 },
  gold: { extraPasses: 1 },
};
