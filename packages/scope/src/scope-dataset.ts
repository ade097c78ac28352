import {
  annotationLabel,
  type CocoDataset,
  checkCocoDataset,
  checkPolygonVertices,
  type Limits,
  SegkitError,
  segmentationToRle,
  showValue,
  traceContours,
} from '@segkit/core';
import { annotationClass, categoryNames } from './annotations.js';
import { type MeasureSettings, measureRegion, type RegionMeasure } from './measure/measure-region.js';
import { distribution } from './report/distribution.js';
import type { ClassScope, VerdictRules } from './report/types.js';
import { classVerdict, DEFAULT_RULES } from './report/verdict.js';
import { regionsOf } from './shape/regions.js';

/*
 * `segkit scope` on a dataset held as COCO: every annotation (crowd ones aside) is traced, split into
 * regions (the whole instance, or each connected part of a semantic class map), and each region of
 * at least `minArea` pixels is measured (measure-region.ts); then the measures are summarized per
 * class with a verdict (verdict.ts).
 */

/** The COCO document scope reads (core's record; the name is kept for callers). */
export type ScopeDataset = CocoDataset;

export interface ScopeOptions extends MeasureSettings {
  /** Regions are connected parts of each annotation (class-index maps) rather than whole annotations. */
  semantic: boolean;
  /** Regions smaller than this many pixels are counted but not measured. */
  minArea: number;
  rules?: VerdictRules;
  /** Images over `maxPixels` and polygons over `maxVertices` are refused before they are rasterized. */
  limits?: Partial<Limits>;
  onProgress?: (done: number, total: number) => void;
}

/** One measured region and where it came from. */
export interface ScopedRegion {
  annotation: number;
  /** Which region of the annotation (always 0 for instances). */
  part: number;
  classId: number;
  measure: RegionMeasure;
}

export interface ScopeResult {
  perClass: ClassScope[];
  regions: ScopedRegion[];
  images: number;
  crowdSkipped: number;
}

/**
 * The measures of one contiguous run of annotations: the unit a worker thread
 * computes. Regions keep their annotation's index in the whole list, and per class only integer
 * counts and the image ids are kept, so `summarizeScope` merges runs exactly: the report is the
 * same bytes whatever the split.
 */
export interface ScopeMeasures {
  regions: ScopedRegion[];
  /** Per class id (annotation order of first sight): regions too small, their pixels, and the images holding any. */
  classes: { id: number; skipped: number; pixels: number; imageIds: unknown[] }[];
  crowdSkipped: number;
}

/** Called before each annotation with its index in the whole list (progress, cancellation). */
export type ScopeTick = (index: number) => void;

/**
 * Measures every annotation of `dataset`, which holds a contiguous run of a larger list starting at
 * index `first` (0: the whole list); regions and errors carry indexes in the whole list.
 */
export function measureScope(dataset: ScopeDataset, options: ScopeOptions, first = 0, tick?: ScopeTick): ScopeMeasures {
  // Images and categories are checked here; annotations one by one below, named by their index in the whole list.
  const { sizes, categories } = checkCocoDataset({ ...dataset, annotations: [] }, { limits: options.limits });
  const names = categoryNames(categories);
  interface Tally {
    skipped: number;
    pixels: number;
    images: Set<unknown>;
  }
  const tallies = new Map<number, Tally>();
  const tally = (id: number): Tally => {
    let t = tallies.get(id);
    if (t === undefined) {
      t = { skipped: 0, pixels: 0, images: new Set() };
      tallies.set(id, t);
    }
    return t;
  };
  const regions: ScopedRegion[] = [];
  let crowdSkipped = 0;
  const count = dataset.annotations.length;
  for (let i = 0; i < count; i++) {
    const index = first + i;
    tick?.(index);
    const annotation = dataset.annotations[i];
    const where = annotationLabel(annotation, index);
    const classId = annotationClass(annotation, where, names);
    if (annotation.iscrowd === 1) {
      crowdSkipped++;
      continue;
    }
    const size = sizes.get(annotation.image_id);
    if (size === undefined) {
      throw new SegkitError('INVALID_DATASET', `image_id ${showValue(annotation.image_id)} is not in "images"`, [
        where,
      ]);
    }
    let contours: ReturnType<typeof traceContours>;
    try {
      checkPolygonVertices(annotation.segmentation, options.limits);
      contours = traceContours(segmentationToRle(annotation.segmentation, size[0], size[1]));
    } catch (error) {
      throw error instanceof SegkitError ? error.withContext(where) : error;
    }
    const t = tally(classId);
    const found = regionsOf(contours, options.semantic);
    // An empty mask is a region of 0 pixels: under any minimum area.
    if (found.length === 0) t.skipped++;
    found.forEach((region, part) => {
      const measure = measureRegion(region, options);
      t.pixels += measure.area;
      t.images.add(annotation.image_id);
      if (measure.area < options.minArea) {
        t.skipped++;
        return;
      }
      regions.push({ annotation: index, part, classId, measure });
    });
  }
  const classes = [...tallies.entries()].map(([id, t]) => ({
    id,
    skipped: t.skipped,
    pixels: t.pixels,
    imageIds: [...t.images],
  }));
  return { regions, classes, crowdSkipped };
}

/** The per-class report of measured runs, given in annotation order (their regions are concatenated). */
export function summarizeScope(
  dataset: ScopeDataset,
  parts: readonly ScopeMeasures[],
  options: ScopeOptions,
): ScopeResult {
  const rules = options.rules ?? DEFAULT_RULES;
  const names = categoryNames(checkCocoDataset({ ...dataset, annotations: [] }, { limits: options.limits }).categories);
  interface Tally {
    measured: RegionMeasure[];
    skipped: number;
    pixels: number;
    images: Set<unknown>;
  }
  const tallies = new Map<number, Tally>();
  const tally = (id: number): Tally => {
    let t = tallies.get(id);
    if (t === undefined) {
      t = { measured: [], skipped: 0, pixels: 0, images: new Set() };
      tallies.set(id, t);
    }
    return t;
  };
  for (const id of names.keys()) tally(id);
  const regions: ScopedRegion[] = [];
  let crowdSkipped = 0;
  for (const part of parts) {
    crowdSkipped += part.crowdSkipped;
    for (const c of part.classes) {
      const t = tally(c.id);
      t.skipped += c.skipped;
      t.pixels += c.pixels;
      for (const id of c.imageIds) t.images.add(id);
    }
    for (const r of part.regions) {
      tally(r.classId).measured.push(r.measure);
      regions.push(r);
    }
  }
  const perClass = [...tallies.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([id, t]): ClassScope => {
      const m = t.measured;
      const pick = (f: (r: RegionMeasure) => number) => distribution(m.map(f));
      const verdict = classVerdict(m, rules, options);
      return {
        id,
        name: names.get(id) ?? `class_${id}`,
        instances: m.length,
        skipped: t.skipped,
        images: t.images.size,
        pixels: t.pixels,
        ...verdict,
        iou: pick((r) => r.iou),
        boundaryF: pick((r) => r.boundaryF),
        boxIou: pick((r) => r.boxIou),
        boxBoundaryF: pick((r) => r.boxBoundaryF),
        verticesForTarget: pick((r) => r.verticesForTarget),
        pixelIou: pick((r) => r.pixelIou),
        baselineIou: pick((r) => r.baselineIou),
        baselineBoundaryF: pick((r) => r.baselineBoundaryF),
        area: pick((r) => r.area),
        complexity: pick((r) => r.complexity),
        holes: pick((r) => r.holes),
        parts: pick((r) => r.parts),
        meanWidth: pick((r) => r.meanWidth),
      };
    });
  return { perClass, regions, images: dataset.images.length, crowdSkipped };
}

export function scopeDataset(dataset: ScopeDataset, options: ScopeOptions): ScopeResult {
  const total = dataset.annotations.length;
  const measures = measureScope(dataset, options, 0, (index) => options.onProgress?.(index, total));
  options.onProgress?.(total, total);
  return summarizeScope(dataset, [measures], options);
}
