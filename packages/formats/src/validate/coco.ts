import {
  area,
  bbox,
  checkPixelLimit,
  checkPolygonVertices,
  cocoImageSizeProblem,
  isSegkitError,
  type Limits,
  type Rle,
  SegkitError,
  segmentationToRle,
  showValue,
} from '@segkit/core';
import type { CocoAnnotation, CocoImage } from '../coco/dataset.js';
import { annotationLabel } from '../coco/dataset.js';
import { imageSize } from '../io/image-size.js';
import type { FileSource } from '../registry/types.js';
import { overlapsWithEarlier } from './overlaps.js';
import { ProblemList } from './problems.js';

/** Bytes read for an image's size: the header is at the start, or within EXIF data. */
const HEAD_BYTES = 256 * 1024;

export type DatasetType = 'semantic' | 'instance' | 'panoptic';

export interface ValidateOptions {
  /** Name used in every problem's location. */
  file: string;
  type?: DatasetType;
  /** Resource limits: an image over `maxPixels` or a polygon over `maxVertices` is refused (LimitError). */
  limits?: Partial<Limits>;
  /** Problems listed per code and severity (all are counted); default LISTED_PER_KIND. */
  listed?: number;
}

/**
 * Every problem of a COCO-style dataset, not just the first: structure, unique ids, known images
 * and categories, masks the size of their image, RLE counts summing to h·w, polygons of ≥ 3 finite
 * points, `area`/`bbox` consistent with the mask, image files present, and overlaps (a warning for
 * instances, an error for panoptic, where every pixel must also be covered exactly once).
 */
export function validateCoco(document: unknown, options: ValidateOptions): ProblemList {
  const problems = new ProblemList(options.listed);
  const file = options.file;
  const type = options.type ?? 'instance';
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    problems.error('STRUCTURE', file, 'a COCO file is a JSON object with "images", "annotations" and "categories"');
    return problems;
  }
  const doc = document as Record<string, unknown>;
  for (const key of ['images', 'annotations', 'categories']) {
    if (!Array.isArray(doc[key])) problems.error('STRUCTURE', file, `"${key}" is missing or not a list`);
  }
  if (problems.errors > 0) return problems;
  const images = doc.images as CocoImage[];
  const annotations = doc.annotations as CocoAnnotation[];
  const categories = doc.categories as { id?: unknown }[];

  const categoryIds = new Set<unknown>();
  categories.forEach((category, i) => {
    const where = `${file}: category ${i}`;
    if (category === null || typeof category !== 'object' || Array.isArray(category)) {
      problems.error('STRUCTURE', where, `not an object: ${showValue(category)}`);
    } else if (!Number.isSafeInteger(category.id)) {
      problems.error('STRUCTURE', where, `a category needs an integer "id", got ${showValue(category.id)}`);
    } else if (categoryIds.has(category.id)) {
      problems.error('DUPLICATE_ID', where, `category id ${category.id} appears more than once`);
    } else {
      categoryIds.add(category.id);
    }
  });

  const sizes = new Map<unknown, [number, number]>();
  for (const [i, image] of images.entries()) {
    const where = `${file}: image ${i}${image && typeof image === 'object' ? ` (id ${image.id})` : ''}`;
    if (image === null || typeof image !== 'object') {
      problems.error('STRUCTURE', where, 'not an object');
      continue;
    }
    if (sizes.has(image.id)) {
      problems.error('DUPLICATE_ID', where, `image id ${image.id} appears more than once`);
      continue;
    }
    const { height, width } = image;
    // The one size rule of core's checker, reported here instead of thrown.
    const sizeProblem = cocoImageSizeProblem(height, width);
    if (sizeProblem !== undefined) {
      problems.error('IMAGE_SIZE', where, sizeProblem);
      continue;
    }
    const named = typeof image.file_name === 'string' ? image.file_name : 'the image';
    refuseOverLimit(() => checkPixelLimit(width, height, options.limits, named), where);
    sizes.set(image.id, [height, width]);
  }

  const annotationIds = new Set<unknown>();
  const masksByImage = new Map<unknown, { index: number; rle: Rle; crowd: boolean }[]>();
  for (const [i, annotation] of annotations.entries()) {
    const where = `${file}: ${annotationLabel(annotation, i)}`;
    if (annotation === null || typeof annotation !== 'object') {
      problems.error('STRUCTURE', where, 'not an object');
      continue;
    }
    if (annotation.id === undefined) problems.error('STRUCTURE', where, 'has no "id"');
    else if (annotationIds.has(annotation.id)) {
      problems.error('DUPLICATE_ID', where, `annotation id ${annotation.id} appears more than once`);
    } else annotationIds.add(annotation.id);
    if (annotation.id === 0) {
      problems.warning(
        'ID_ZERO',
        where,
        'annotation id 0 can never be matched by pycocotools COCOeval (it means "no match")',
      );
    }
    if (!categoryIds.has(annotation.category_id)) {
      problems.error(
        'UNKNOWN_CATEGORY',
        where,
        `category_id ${showValue(annotation.category_id)} is not in "categories"`,
      );
    }
    if (annotation.iscrowd !== undefined && annotation.iscrowd !== 0 && annotation.iscrowd !== 1) {
      problems.error('STRUCTURE', where, `iscrowd must be 0 or 1, got ${showValue(annotation.iscrowd)}`);
    }
    const size = sizes.get(annotation.image_id);
    if (size === undefined) {
      problems.error('UNKNOWN_IMAGE', where, `image_id ${showValue(annotation.image_id)} is not in "images"`);
      continue;
    }
    const segmentation = annotation.segmentation;
    if (segmentation === undefined) {
      problems.error('STRUCTURE', where, 'has no "segmentation"');
      continue;
    }
    refuseOverLimit(() => checkPolygonVertices(segmentation, options.limits), where);
    let rle: Rle;
    try {
      rle = segmentationToRle(segmentation, size[0], size[1]);
    } catch (error) {
      if (!isSegkitError(error)) throw error;
      const code = { SIZE_MISMATCH: 'MASK_SIZE', INVALID_POLYGON: 'POLYGON', INVALID_BBOX: 'POLYGON' }[
        error.code as string
      ];
      problems.error(code ?? 'RLE', where, error.message);
      continue;
    }
    checkPolygonParts(segmentation, size, where, problems);
    checkAreaAndBox(annotation, rle, where, problems);
    const list = masksByImage.get(annotation.image_id);
    const entry = { index: i, rle, crowd: annotation.iscrowd === 1 };
    if (list === undefined) masksByImage.set(annotation.image_id, [entry]);
    else list.push(entry);
  }

  for (const [imageId, masks] of masksByImage) checkOverlaps(imageId, masks, annotations, type, file, problems);
  if (type === 'panoptic') {
    for (const [imageId, [h, w]] of sizes) {
      let covered = 0;
      for (const { rle } of masksByImage.get(imageId) ?? []) covered += area(rle);
      if (covered < h * w) {
        problems.error(
          'COVERAGE',
          `${file}: image id ${imageId}`,
          `segments cover at most ${covered} of ${h * w} pixels`,
        );
      }
    }
  }
  return problems;
}

function checkPolygonParts(
  segmentation: unknown,
  [h, w]: [number, number],
  where: string,
  problems: ProblemList,
): void {
  if (!Array.isArray(segmentation)) return;
  let outside = 0;
  segmentation.forEach((part: number[], p) => {
    if (p > 0 && part.length < 6) {
      problems.warning('POLYGON', where, `polygon part ${p} has ${part.length >> 1} points and draws nothing`);
    }
    if (part.length % 2 === 1) problems.warning('POLYGON', where, `polygon part ${p} has an odd number of coordinates`);
    for (let i = 0; i + 1 < part.length; i += 2) {
      if (part[i] < -1 || part[i] > w + 1 || part[i + 1] < -1 || part[i + 1] > h + 1) outside++;
    }
  });
  if (outside > 0) problems.warning('OUTSIDE', where, `${outside} polygon vertices lie outside the ${w}x${h} image`);
}

/**
 * `area` and `bbox` against the mask. For RLE the mask is the truth (area equal, box equal); for
 * polygons COCO stores the polygon's own area and extent, so only a gross mismatch is reported.
 */
function checkAreaAndBox(annotation: CocoAnnotation, rle: Rle, where: string, problems: ProblemList): void {
  const pixels = area(rle);
  const box = bbox(rle);
  const polygon = Array.isArray(annotation.segmentation);
  // What the converters and COCOeval refuse (core's checker) is an error here too, not a silent pass.
  if (annotation.area !== undefined && !(typeof annotation.area === 'number' && Number.isFinite(annotation.area))) {
    problems.error('AREA', where, `"area" must be a finite number, got ${showValue(annotation.area)}`);
  }
  const boxOk =
    Array.isArray(annotation.bbox) && annotation.bbox.length === 4 && annotation.bbox.every(Number.isFinite);
  if (annotation.bbox !== undefined && !boxOk) {
    problems.error('BBOX', where, `"bbox" must be [x, y, w, h], got ${showValue(annotation.bbox)}`);
  }
  if (typeof annotation.area === 'number') {
    const off = Math.abs(annotation.area - pixels);
    if (polygon ? off > Math.max(2, 0.25 * pixels) : off > 0) {
      problems.warning('AREA', where, `area is ${annotation.area} but the mask has ${pixels} pixels`);
    }
  }
  if (boxOk) {
    const b = annotation.bbox as number[];
    const tolerance = polygon ? 1.5 : 0;
    if (pixels > 0 && b.some((v, k) => Math.abs(v - box[k]) > tolerance)) {
      problems.warning('BBOX', where, `bbox is [${b.join(', ')}] but the mask's box is [${box.join(', ')}]`);
    }
  }
}

/** A limit passed is no problem of the data but a refusal: thrown, naming the item. */
function refuseOverLimit(check: () => void, where: string): void {
  try {
    check();
  } catch (error) {
    throw error instanceof SegkitError ? error.withContext(where) : error;
  }
}

/**
 * Masks of one image that share pixels with earlier ones (overlaps.ts): one problem per such mask,
 * naming one earlier mask it meets and how many of its pixels earlier masks cover. Crowd regions may
 * overlap their members in instance datasets, so they are left out there.
 */
function checkOverlaps(
  imageId: unknown,
  masks: { index: number; rle: Rle; crowd: boolean }[],
  annotations: CocoAnnotation[],
  type: DatasetType,
  file: string,
  problems: ProblemList,
): void {
  const swept = type === 'panoptic' ? masks : masks.filter((m) => !m.crowd);
  const { shared, partner } = overlapsWithEarlier(swept.map((m) => m.rle));
  for (let k = 0; k < swept.length; k++) {
    if (shared[k] === 0) continue;
    const later = annotationLabel(annotations[swept[k].index], swept[k].index);
    const earlier = annotationLabel(annotations[swept[partner[k]].index], swept[partner[k]].index);
    const pixels = `${shared[k]} pixel${shared[k] === 1 ? '' : 's'}`;
    const message = `${later} shares ${pixels} with earlier annotations of image id ${String(imageId)}, among them ${earlier}`;
    if (type === 'panoptic')
      problems.error('OVERLAP', `${file}: ${later}`, `${message}; a panoptic pixel belongs to one segment`);
    else problems.warning('OVERLAP', `${file}: ${later}`, message);
  }
}

/**
 * The image files of a COCO document (`--images`): each `file_name` present in `images` and of the
 * size the document says (read from the file's header). Images without a valid size are left to
 * validateCoco, which reports them. With `byStem`, a file matches whatever its extension (a label
 * mask `a.png` for the photo `a.jpg`, as class-index and binary-mask folders name them).
 */
export async function validateImageFiles(
  document: unknown,
  images: FileSource,
  file: string,
  options: { byStem?: boolean; listed?: number } = {},
): Promise<ProblemList> {
  const problems = new ProblemList(options.listed);
  const list = (document as { images?: unknown } | null)?.images;
  if (!Array.isArray(list)) return problems;
  const stem = (path: string) => (options.byStem ? path.replace(/\.[^./]*$/, '') : path);
  const present = new Map<string, string>();
  for (const path of await images.list()) if (!present.has(stem(path))) present.set(stem(path), path);
  for (const [i, image] of (list as CocoImage[]).entries()) {
    if (image === null || typeof image !== 'object') continue;
    const where = `${file}: image ${i} (id ${image.id})`;
    const { height, width } = image;
    if (!Number.isInteger(height) || height <= 0 || !Number.isInteger(width) || width <= 0) continue;
    if (typeof image.file_name !== 'string') {
      problems.error('IMAGE_MISSING', where, 'has no "file_name"');
      continue;
    }
    const found = present.get(stem(image.file_name));
    if (found === undefined) {
      problems.error('IMAGE_MISSING', where, `${image.file_name} is not in ${images.name}`);
      continue;
    }
    const head = images.head ? await images.head(found, HEAD_BYTES) : await images.read(found);
    const actual = imageSize(head);
    if (actual === undefined) {
      problems.warning('IMAGE_SIZE', where, `cannot read the size of ${image.file_name} (not a PNG or JPEG?)`);
    } else if (actual.width !== width || actual.height !== height) {
      problems.error(
        'IMAGE_SIZE',
        where,
        `${found} is ${actual.width}x${actual.height} but the dataset says ${width}x${height}`,
      );
    }
  }
  return problems;
}
