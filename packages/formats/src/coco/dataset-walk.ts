/**
 * What the writers of a COCO dataset into another format need: its images with their checked sizes, the
 * annotations of each image in file order, category names by id, and an annotation's mask, with
 * errors that name the image and the annotation.
 */
import { type Limits, type Rle, SegkitError, segmentationToRle, showValue } from '@segkit/core';
import { annotationLabel, type CocoAnnotation, type CocoDataset, type CocoImage, checkCocoDataset } from './dataset.js';

export interface ImageAnnotations {
  image: CocoImage;
  height: number;
  width: number;
  /** Annotations of the image, in file order, with their position in `dataset.annotations`. */
  annotations: { annotation: CocoAnnotation; index: number; where: string }[];
}

/**
 * Images in file order with their annotations; an annotation naming no image is an error, and so is
 * an image or polygon over `limits` (checked before any writer allocates a mask of it).
 */
export function imagesWithAnnotations(dataset: CocoDataset, limits?: Partial<Limits>): ImageAnnotations[] {
  const { sizes } = checkCocoDataset(dataset, { limits });
  const byImage = new Map<unknown, ImageAnnotations>();
  const out: ImageAnnotations[] = [];
  for (const image of dataset.images) {
    const [height, width] = sizes.get(image.id) as [number, number];
    const entry: ImageAnnotations = { image, height, width, annotations: [] };
    byImage.set(image.id, entry);
    out.push(entry);
  }
  dataset.annotations.forEach((annotation, index) => {
    const where = annotationLabel(annotation, index);
    if (annotation === null || typeof annotation !== 'object') {
      throw new SegkitError('INVALID_DATASET', 'not an object', [where]);
    }
    const entry = byImage.get(annotation.image_id);
    if (entry === undefined) {
      throw new SegkitError('INVALID_DATASET', `image_id ${showValue(annotation.image_id)} is not in "images"`, [
        where,
      ]);
    }
    entry.annotations.push({ annotation, index, where });
  });
  return out;
}

/** Category names by id (`class_<id>` where a category has no name). */
export function categoryNames(dataset: CocoDataset): Map<number, string> {
  const names = new Map<number, string>();
  for (const category of dataset.categories ?? []) {
    const c = category as { id?: unknown; name?: unknown };
    if (typeof c.id === 'number') names.set(c.id, typeof c.name === 'string' ? c.name : `class_${c.id}`);
  }
  return names;
}

/** The largest of some ids, 0 for none (a loop: spreading a large Map into Math.max overflows the stack). */
export function largestId(ids: Iterable<number>): number {
  let max = 0;
  for (const id of ids) if (id > max) max = id;
  return max;
}

/** The class name of an annotation; an unknown or missing category is an error naming it. */
export function annotationClass(annotation: CocoAnnotation, names: ReadonlyMap<number, string>, where: string): string {
  const id = annotation.category_id;
  if (typeof id !== 'number' || !names.has(id)) {
    throw new SegkitError('INVALID_DATASET', `category_id ${showValue(id)} is not in "categories"`, [where]);
  }
  return names.get(id) as string;
}

/** The annotation's mask on its image (polygons rasterized as pycocotools does). */
export function annotationRle(annotation: CocoAnnotation, height: number, width: number, where: string): Rle {
  try {
    return segmentationToRle(annotation.segmentation, height, width);
  } catch (error) {
    throw error instanceof SegkitError ? error.withContext(where) : error;
  }
}

/** Whether a segmentation is polygon parts (as opposed to an RLE). */
export function isPolygons(segmentation: unknown): segmentation is number[][] {
  return Array.isArray(segmentation);
}

/** How a report names an image: its file name, else its id. */
export function imageLabel(image: CocoImage): string {
  return typeof image.file_name === 'string' ? image.file_name : `image ${String(image.id)}`;
}
