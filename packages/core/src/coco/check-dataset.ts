import { SegkitError, type SegkitErrorCode } from '../errors.js';
import { checkPixelLimit, checkPolygonVertices, type Limits } from '../limits.js';
import { showValue } from '../show-value.js';
import type { CocoCategory, CocoDataset, CocoDocument, CocoId, CocoImage } from './document.js';
import { cocoImageSizeProblem } from './image-size.js';
import { annotationLabel, categoryLabel, imageLabel } from './labels.js';
import { isBox, isCocoId, isFiniteNumber, isObject } from './values.js';

export interface CocoCheckOptions {
  /** The file errors name first (`train.json: annotation 17 (id 4021): …`); none when omitted. */
  file?: string;
  /**
   * Resource limits (core's DEFAULT_LIMITS where absent): an image over `maxPixels` or a polygon part
   * over `maxVertices` is a LimitError, before any mask of it is made.
   */
  limits?: Partial<Limits>;
}

const show = showValue;
/** Category ids are integers JavaScript holds exactly (1e300 is an integer to JSON, not an id). */
const isCategoryId = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value);

/**
 * A parsed COCO instances file → the same objects typed as a `CocoDataset`, with images and
 * categories indexed by id. One linear pass; nothing is copied or rewritten. Checked: the document is
 * an object with `images` and `annotations` lists (`categories` a list when present); every image an
 * object with a number or string id, unique, and a size `cocoImageSizeProblem` accepts; every
 * category an object with a unique integer id; every annotation an object whose `image_id` is one of
 * the images, whose `category_id` (when present) is an integer, `id` a number or string, `area` a
 * finite number and `bbox` four finite numbers; images within `limits.maxPixels` and polygon parts
 * within `limits.maxVertices`. The first problem throws a `SegkitError` (a `LimitError` for a limit)
 * naming the file and the item: `train.json: annotation 17 (id 4021): image_id 9 is not in "images"`.
 * Segmentations are checked where they are read (`segmentationToRle`).
 */
export function checkCocoDataset(value: unknown, options: CocoCheckOptions = {}): CocoDocument {
  const { file, limits } = options;
  const fail = (code: SegkitErrorCode, message: string, where?: string): never => {
    const context = [file, where].filter((part): part is string => part !== undefined);
    throw new SegkitError(code, message, context);
  };
  const withinLimit = (check: () => void, where: string): void => {
    try {
      check();
    } catch (error) {
      const located = (error as SegkitError).withContext(where);
      throw file === undefined ? located : located.withContext(file);
    }
  };
  if (!isObject(value)) {
    return fail('INVALID_DATASET', 'a COCO instances file is a JSON object with "images" and "annotations"');
  }
  const { images, annotations, categories } = value;
  if (!Array.isArray(images)) return fail('INVALID_DATASET', '"images" is missing or not a list');
  if (!Array.isArray(annotations)) return fail('INVALID_DATASET', '"annotations" is missing or not a list');
  if (categories !== undefined && !Array.isArray(categories)) {
    return fail('INVALID_DATASET', '"categories" is not a list');
  }

  const imageById = new Map<CocoId, CocoImage>();
  const sizes = new Map<CocoId, [number, number]>();
  for (let i = 0; i < images.length; i++) {
    const image: unknown = images[i];
    const where = imageLabel(image, i);
    if (!isObject(image)) return fail('INVALID_DATASET', `not an object: ${show(image)}`, where);
    const { id, height, width } = image;
    if (!isCocoId(id)) return fail('INVALID_DATASET', `"id" must be a number or a string, got ${show(id)}`, where);
    const problem = cocoImageSizeProblem(height, width);
    if (problem !== undefined) return fail('INVALID_SIZE', problem, where);
    const named = typeof image.file_name === 'string' ? image.file_name : 'the image';
    withinLimit(() => checkPixelLimit(Number(width), Number(height), limits, named), where);
    if (imageById.has(id)) return fail('INVALID_DATASET', `duplicate image id ${show(id)}`, where);
    // The checks above are what CocoImage promises.
    imageById.set(id, image as CocoImage);
    sizes.set(id, [Number(height), Number(width)]);
  }

  const categoryById = new Map<number, CocoCategory>();
  for (let i = 0; i < (categories?.length ?? 0); i++) {
    const category: unknown = categories?.[i];
    const where = categoryLabel(category, i);
    if (!isObject(category)) return fail('INVALID_DATASET', `not an object: ${show(category)}`, where);
    const { id, name } = category;
    if (!isCategoryId(id)) {
      return fail('INVALID_DATASET', `"id" must be an integer, got ${show(id)}`, where);
    }
    if (name !== undefined && typeof name !== 'string') {
      return fail('INVALID_DATASET', `"name" must be a string, got ${show(name)}`, where);
    }
    if (categoryById.has(id)) return fail('INVALID_DATASET', `duplicate category id ${id}`, where);
    categoryById.set(id, category as CocoCategory);
  }

  for (let i = 0; i < annotations.length; i++) {
    const annotation: unknown = annotations[i];
    if (!isObject(annotation)) {
      return fail('INVALID_DATASET', `not an object: ${show(annotation)}`, annotationLabel(annotation, i));
    }
    const { id, image_id: imageId, category_id: categoryId, area, bbox } = annotation;
    if (id !== undefined && !isCocoId(id)) {
      return fail(
        'INVALID_DATASET',
        `"id" must be a number or a string, got ${show(id)}`,
        annotationLabel(annotation, i),
      );
    }
    if (!isCocoId(imageId) || !imageById.has(imageId)) {
      return fail('INVALID_DATASET', `image_id ${show(imageId)} is not in "images"`, annotationLabel(annotation, i));
    }
    if (categoryId !== undefined && !isCategoryId(categoryId)) {
      return fail(
        'INVALID_DATASET',
        `category_id must be an integer, got ${show(categoryId)}`,
        annotationLabel(annotation, i),
      );
    }
    if (area !== undefined && !isFiniteNumber(area)) {
      return fail(
        'INVALID_DATASET',
        `"area" must be a finite number, got ${show(area)}`,
        annotationLabel(annotation, i),
      );
    }
    if (bbox !== undefined && !isBox(bbox)) {
      return fail('INVALID_BBOX', `"bbox" must be [x, y, w, h], got ${show(bbox)}`, annotationLabel(annotation, i));
    }
    withinLimit(() => checkPolygonVertices(annotation.segmentation, limits), annotationLabel(annotation, i));
  }
  // Every field CocoDataset names was checked above; the rest travel as they are.
  const dataset = value as CocoDataset;
  return { dataset, file, images: imageById, sizes, categories: categoryById };
}

/** Whether `value` is a `CocoDocument` (what `checkCocoDataset` returns) rather than a bare dataset. */
export function isCocoDocument(value: CocoDataset | CocoDocument): value is CocoDocument {
  return value.images instanceof Map;
}
