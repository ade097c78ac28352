/**
 * What the sampler and the estimate need to know about a dataset, measured once: per image, the
 * classes it holds (pixels, regions) and its source; per class, its share of the pixels and regions
 * and the median boundary complexity (perimeter² / area) of its regions.
 *
 * A "region" is an annotation of instance data, or a connected part (at least `minRegionArea`
 * pixels) of an annotation of semantic data, where one annotation is all the pixels of one class in
 * one image. Perimeters run along pixel edges (`traceContours` rings), as `segkit scope` measures
 * them, so a square gives 16 and a digital disc about 20.
 *
 *   # # # .     one region of 8 pixels with a one-pixel hole: perimeter = outer ring 12 + hole 4
 *   # . # .     = 16, complexity 16² / 8 = 32 (the filled 3 × 3 square: 12² / 9 = 16)
 *   # # # .
 *
 * Cost: one rasterization and one contour trace per annotation, O(runs).
 */
import {
  annotationLabel,
  area,
  type CocoAnnotation,
  type CocoDataset,
  type CocoImage,
  checkCocoDataset,
  type Limits,
  SegkitError,
  segmentationToRle,
  showValue,
  traceContours,
} from '@segkit/core';
import { annotationClass, categoryNames } from '../annotations.js';
import { inferSources } from './source.js';

// The profile reads core's COCO records; these names are kept for callers.
export type ProfileImage = CocoImage;
/** `bbox` is used when there is no segmentation. */
export type ProfileAnnotation = CocoAnnotation;
/** A COCO dataset as `loadDataset` gives it (any format `segkit convert` reads). */
export type ProfileInput = CocoDataset;

export interface ProfileOptions {
  /** True where each annotation is all pixels of one class in one image (class-index PNG folders). */
  semantic: boolean;
  /** Semantic data: connected parts smaller than this are not counted as regions (default 20 pixels). */
  minRegionArea?: number;
  /** Source of each image by file name (default: `inferSources`). */
  sources?: readonly string[];
  /** Called before each annotation with its index (progress; a throw stops the profile). */
  onAnnotation?: (index: number) => void;
  /** Images over `maxPixels` and polygons over `maxVertices` are refused before anything is rasterized. */
  limits?: Partial<Limits>;
}

export interface ClassInImage {
  id: number;
  pixels: number;
  regions: number;
}

export interface ImageProfile {
  /** Position in the dataset's `images` list. */
  index: number;
  imageId: number | string;
  fileName: string;
  source: string;
  /** Classes with at least one pixel in the image, by id. */
  classes: ClassInImage[];
  /** Regions of all classes: the image's scene density. */
  regions: number;
}

export interface ClassProfile {
  id: number;
  name: string;
  /** Images holding at least one pixel of the class. */
  images: number;
  pixels: number;
  regions: number;
  /** Share of all annotated pixels, and of all regions (0 when the dataset has none). */
  pixelShare: number;
  regionShare: number;
  /** Median perimeter² / area of the class's regions; null when it has none. */
  complexity: number | null;
}

export interface DatasetProfile {
  semantic: boolean;
  minRegionArea: number;
  images: ImageProfile[];
  /** Every class named in `categories` or used by an annotation, by id; a class in no image has `images: 0`. */
  classes: ClassProfile[];
  pixels: number;
  regions: number;
}

export const DEFAULT_MIN_REGION_AREA = 20;

interface Measured {
  pixels: number;
  /** perimeter² / area of each counted region. */
  complexities: number[];
}

/** Sum of the edge lengths of ring r and its shoelace area (positive for outer rings, negative for holes). */
function ringMeasure(xy: Uint32Array, start: number, end: number): { length: number; signedArea: number } {
  let length = 0;
  let twice = 0;
  for (let i = start; i < end; i++) {
    const j = i + 1 < end ? i + 1 : start;
    const x0 = xy[2 * i];
    const y0 = xy[2 * i + 1];
    const x1 = xy[2 * j];
    const y1 = xy[2 * j + 1];
    length += Math.abs(x1 - x0) + Math.abs(y1 - y0);
    twice += x0 * y1 - x1 * y0;
  }
  return { length, signedArea: twice / 2 };
}

/** One annotation: its pixels and the complexity of each region it counts for. */
function measureAnnotation(
  annotation: ProfileAnnotation,
  image: ProfileImage,
  semantic: boolean,
  minRegionArea: number,
): Measured {
  if (annotation.segmentation === undefined || annotation.segmentation === null) {
    const box = annotation.bbox;
    if (Array.isArray(box) && box.length === 4 && box.every((v) => Number.isFinite(v) && v >= 0)) {
      const [, , w, h] = box;
      const pixels = w * h;
      return { pixels, complexities: pixels > 0 ? [(2 * w + 2 * h) ** 2 / pixels] : [] };
    }
    throw new SegkitError('INVALID_DATASET', 'has neither a segmentation nor a bbox [x, y, w, h]');
  }
  const rle = segmentationToRle(annotation.segmentation, image.height, image.width);
  const pixels = area(rle);
  if (pixels === 0) return { pixels, complexities: [] };
  const { xy, ringStart, parent } = traceContours(rle);
  const rings = parent.length;
  const perimeter = new Float64Array(rings);
  const regionArea = new Float64Array(rings);
  for (let r = 0; r < rings; r++) {
    const { length, signedArea } = ringMeasure(xy, ringStart[r], ringStart[r + 1]);
    // A hole belongs to the component of its parent outer ring: its edges add to that perimeter,
    // its (negative) area takes pixels away.
    const owner = parent[r] < 0 ? r : parent[r];
    perimeter[owner] += length;
    regionArea[owner] += signedArea;
  }
  if (!semantic) {
    let total = 0;
    for (let r = 0; r < rings; r++) total += perimeter[r];
    return { pixels, complexities: [total ** 2 / pixels] };
  }
  const complexities: number[] = [];
  for (let r = 0; r < rings; r++) {
    if (parent[r] >= 0 || regionArea[r] < minRegionArea) continue;
    complexities.push(perimeter[r] ** 2 / regionArea[r]);
  }
  return { pixels, complexities };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Measures every annotation of `dataset`; errors name the annotation (index and id) and its image. */
export function profileDataset(dataset: ProfileInput, options: ProfileOptions): DatasetProfile {
  const checked = checkCocoDataset(dataset, { limits: options.limits });
  const minRegionArea = options.minRegionArea ?? DEFAULT_MIN_REGION_AREA;
  const fileNames = dataset.images.map((image) => String(image.file_name ?? image.id));
  const sources = options.sources ?? inferSources(fileNames);
  const names = categoryNames(checked.categories);
  const byId = new Map<number | string, number>();
  const images: ImageProfile[] = dataset.images.map((image, index) => {
    byId.set(image.id, index);
    return { index, imageId: image.id, fileName: fileNames[index], source: sources[index], classes: [], regions: 0 };
  });
  const perImage = images.map(() => new Map<number, ClassInImage>());
  const complexities = new Map<number, number[]>();
  for (const id of names.keys()) complexities.set(id, []);
  dataset.annotations.forEach((annotation, i) => {
    options.onAnnotation?.(i);
    const where = annotationLabel(annotation, i);
    const classId = annotationClass(annotation, where, names);
    const index = byId.get(annotation.image_id);
    if (index === undefined) {
      throw new SegkitError('INVALID_DATASET', `image_id ${showValue(annotation.image_id)} is not in "images"`, [
        where,
      ]);
    }
    let measured: Measured;
    try {
      measured = measureAnnotation(annotation, dataset.images[index], options.semantic, minRegionArea);
    } catch (error) {
      throw error instanceof SegkitError ? error.withContext(where) : error;
    }
    if (measured.pixels === 0) return;
    const regions = options.semantic ? measured.complexities.length : 1;
    const entry = perImage[index].get(classId) ?? { id: classId, pixels: 0, regions: 0 };
    entry.pixels += measured.pixels;
    entry.regions += regions;
    perImage[index].set(classId, entry);
    const list = complexities.get(classId) ?? [];
    list.push(...measured.complexities);
    complexities.set(classId, list);
  });
  const totals = new Map<number, { images: number; pixels: number; regions: number }>();
  for (const id of complexities.keys()) totals.set(id, { images: 0, pixels: 0, regions: 0 });
  let pixels = 0;
  let regions = 0;
  images.forEach((image, index) => {
    image.classes = [...perImage[index].values()].sort((a, b) => a.id - b.id);
    for (const entry of image.classes) {
      const total = totals.get(entry.id)!;
      total.images++;
      total.pixels += entry.pixels;
      total.regions += entry.regions;
      image.regions += entry.regions;
    }
    pixels += image.classes.reduce((sum, c) => sum + c.pixels, 0);
    regions += image.regions;
  });
  const classes: ClassProfile[] = [...totals.entries()]
    .sort(([a], [b]) => a - b)
    .map(([id, total]) => ({
      id,
      name: names.get(id) ?? `class_${id}`,
      ...total,
      pixelShare: pixels > 0 ? total.pixels / pixels : 0,
      regionShare: regions > 0 ? total.regions / regions : 0,
      complexity: median(complexities.get(id) ?? []),
    }));
  return { semantic: options.semantic, minRegionArea, images, classes, pixels, regions };
}
