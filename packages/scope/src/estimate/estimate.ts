/**
 * The cost of labelling a dataset, per annotation type, in box-images (1 = labelling the reference
 * image with boxes) and, given a price per box-image, in money. For type t and bound b (low,
 * expected, high):
 *
 *   factor_m   = clamp((measured_m / reference_m) ^ exponent_t,m, factorRange)   m: classes per image,
 *                                                                                instances per image,
 *                                                                                boundary complexity
 *   content_t  = fixedShare + (1 − fixedShare) · Π_m factor_m
 *   rare       = 1 + rareInstanceShare · rare.reviewPasses · rare.reviewCost
 *   perImage   = ratio_t,b · content_t · rare
 *   project    = images · perImage · (1 + goldShare · gold.extraPasses)          (× price for money)
 *
 * Example, defaults, a polygon job with 16 instances per image (2× the reference 8, exponent 0.7 →
 * 2^0.7 = 1.625), reference classes and complexity, no rare class: content = 0.2 + 0.8 · 1.625 = 1.5,
 * so 4.5 / 6 / 7.5 box-images per image against the quoted 3 / 4 / 5.
 *
 * Savings (scope report only): each class whose verdict is "box" or "polygon", where that type costs
 * less per image than t on this workload (expected bound), is costed as that type for its share of
 * the instances; a class whose verdict is t itself or a pricier type (or "segmentation") never moves:
 *   mixed = Σ_c share_c · perImage_{type(c)},  savings = perImage_t − mixed.
 * The model is applied to the dataset's mean image; it is a planning estimate, to be calibrated with
 * the pilot's measured times.
 */
import { ANNOTATION_TYPES, type AnnotationType, type CostModel, MEASURES, type Measure, type Range } from './model.js';
import type { Workload } from './workload.js';

export interface EstimateOptions {
  types: readonly AnnotationType[];
  /** Images to label (default: the dataset's). */
  images?: number;
  /** Price of one box-image; costs in money are null without it. */
  price?: number;
  /** QA gold-set share of the images, labelled `gold.extraPasses` more times (default 0.1). */
  goldShare?: number;
  /** Overrides `rare.reviewPasses` of the model (the precision required on rare classes). */
  rareReviewPasses?: number;
}

export interface ClassPlan {
  name: string;
  verdict: 'box' | 'polygon';
  share: number;
}

export interface Savings {
  /** Classes labelled as their verdict instead of the requested type. */
  classes: ClassPlan[];
  mixedPerImage: Range;
  perImage: Range;
  project: Range;
  projectCost: Range | null;
}

export interface TypeEstimate {
  type: AnnotationType;
  ratio: Range;
  factors: Record<Measure, number>;
  content: number;
  rare: number;
  perImage: Range;
  project: Range;
  projectCost: Range | null;
  /** Null without a scope report (no verdicts). */
  savings: Savings | null;
}

export interface CostEstimate {
  workload: Workload;
  settings: {
    images: number;
    price: number | null;
    goldShare: number;
    goldExtraPasses: number;
    rareReviewPasses: number;
  };
  perType: TypeEstimate[];
  notes: string[];
}

/** Bad options of the estimate (an unknown type, a negative price): the message names the value. */
export class EstimateInputError extends Error {
  override name = 'EstimateInputError';
}

const BOUNDS = ['low', 'expected', 'high'] as const;
const mapRange = (f: (b: (typeof BOUNDS)[number]) => number): Range => ({
  low: f('low'),
  expected: f('expected'),
  high: f('high'),
});

/** Parses "polygon,semantic" into types, naming an unknown one with the closest valid name. */
export function parseTypes(list: string, suggest: (name: string) => string): AnnotationType[] {
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (names.length === 0) throw new EstimateInputError('no annotation type given');
  for (const name of names) {
    if (!(ANNOTATION_TYPES as readonly string[]).includes(name)) {
      throw new EstimateInputError(
        `unknown annotation type "${name}"${suggest(name)}; use ${ANNOTATION_TYPES.join(', ')}`,
      );
    }
  }
  return [...new Set(names)] as AnnotationType[];
}

function measured(workload: Workload, m: Measure): number | null {
  return m === 'complexity' ? workload.complexity : workload[m];
}

function factors(workload: Workload, model: CostModel, type: AnnotationType): Record<Measure, number> {
  const out = {} as Record<Measure, number>;
  for (const m of MEASURES) {
    const value = measured(workload, m);
    const exponent = model.exponents[type][m];
    // Unknown measure (no region measured) or a type that ignores it: no change.
    const raw = value === null || exponent === 0 ? 1 : (value / model.reference[m]) ** exponent;
    out[m] = Math.min(model.factorRange.max, Math.max(model.factorRange.min, raw));
  }
  return out;
}

function perImage(workload: Workload, model: CostModel, type: AnnotationType, rare: number) {
  const f = factors(workload, model, type);
  const content = model.fixedShare + (1 - model.fixedShare) * MEASURES.reduce((p, m) => p * f[m], 1);
  return { factors: f, content, perImage: mapRange((b) => model.ratios[type][b] * content * rare) };
}

export function estimateCost(workload: Workload, model: CostModel, options: EstimateOptions): CostEstimate {
  const images = options.images ?? workload.images;
  const goldShare = options.goldShare ?? 0.1;
  const price = options.price ?? null;
  const rareReviewPasses = options.rareReviewPasses ?? model.rare.reviewPasses;
  if (!Number.isInteger(images) || images < 0) {
    throw new EstimateInputError(`images must be a whole number ≥ 0, got ${images}`);
  }
  if (!(goldShare >= 0 && goldShare <= 1)) {
    throw new EstimateInputError(`gold share must be from 0 to 1, got ${goldShare}`);
  }
  if (price !== null && !(Number.isFinite(price) && price >= 0)) {
    throw new EstimateInputError(`price must be a number ≥ 0, got ${price}`);
  }
  if (!(Number.isFinite(rareReviewPasses) && rareReviewPasses >= 0)) {
    throw new EstimateInputError(`rare review passes must be ≥ 0, got ${rareReviewPasses}`);
  }
  const rare = 1 + workload.rareInstanceShare * rareReviewPasses * model.rare.reviewCost;
  const projectScale = images * (1 + goldShare * model.gold.extraPasses);
  const money = (r: Range) => (price === null ? null : mapRange((b) => r[b] * price));
  const notes: string[] = [];
  if (!workload.hasVerdicts) {
    notes.push('savings need --scope REPORT.json (the per-class verdicts of segkit scope)');
  }
  if (workload.complexity === null) notes.push('no region was measured: boundary complexity left at the reference');

  const perType = options.types.map((type): TypeEstimate => {
    const own = perImage(workload, model, type, rare);
    const project = mapRange((b) => own.perImage[b] * projectScale);
    let savings: Savings | null = null;
    if (workload.hasVerdicts) {
      const classes: ClassPlan[] = [];
      // Cheaper on this workload, not only by the quoted ratio: the content factors differ per type
      // (a polygon grows with instances, a class map with classes), so a verdict type can cost more.
      const costAs = (v: 'box' | 'polygon') => perImage(workload, model, v, rare).perImage;
      const cheaper = (v: 'box' | 'polygon') => v !== type && costAs(v).expected < own.perImage.expected;
      let mixed = mapRange(() => 0);
      let movedShare = 0;
      for (const c of workload.classes) {
        const v = c.verdict;
        if ((v === 'box' || v === 'polygon') && c.share > 0 && cheaper(v)) {
          classes.push({ name: c.name, verdict: v, share: c.share });
          const as = costAs(v);
          mixed = mapRange((b) => mixed[b] + c.share * as[b]);
          movedShare += c.share;
        }
      }
      mixed = mapRange((b) => mixed[b] + (1 - movedShare) * own.perImage[b]);
      const saved = mapRange((b) => own.perImage[b] - mixed[b]);
      const savedProject = mapRange((b) => saved[b] * projectScale);
      savings = {
        classes,
        mixedPerImage: mixed,
        perImage: saved,
        project: savedProject,
        projectCost: money(savedProject),
      };
    }
    return {
      type,
      ratio: model.ratios[type],
      factors: own.factors,
      content: own.content,
      rare,
      perImage: own.perImage,
      project,
      projectCost: money(project),
      savings,
    };
  });
  return {
    workload,
    settings: { images, price, goldShare, goldExtraPasses: model.gold.extraPasses, rareReviewPasses },
    perType,
    notes,
  };
}
