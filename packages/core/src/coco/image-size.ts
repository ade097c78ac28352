import { SegkitError } from '../errors.js';
import { checkPixelLimit, type Limits } from '../limits.js';
import { showValue } from '../show-value.js';
import { MAX_PIXELS } from '../size.js';

/**
 * How a format names an image's two sides in messages, in the order it writes them: COCO's
 * `"height" and "width"`, labelme's `"imageWidth" and "imageHeight"`, Label Studio's
 * `"original_width" and "original_height"`.
 */
export interface ImageSizeFields {
  /** The height's field name in the format (`height`, `imageHeight`, `original_height`, `imgHeight`). */
  height: string;
  /** The width's field name. */
  width: string;
  /** Name the width first (`"imageWidth" and "imageHeight"`); COCO names the height first. */
  widthFirst?: boolean;
}

const COCO_FIELDS: ImageSizeFields = { height: 'height', width: 'width' };

/**
 * The one rule for an image's size, whatever the format it comes from (COCO records, labelme and
 * Cityscapes documents, Label Studio results, CVAT `<image>`s): `height` and `width` are positive
 * integers whose product fits a COCO RLE count (a uint32), the form every mask takes in segkit.
 * Zero is refused: pycocotools would rasterize every annotation of such an image to an empty mask
 * and evaluate it as a miss, which hides the broken record instead of naming it; a negative,
 * fractional, string or missing side is not a size. Returns the problem, or undefined.
 */
export function imageSizeProblem(
  height: unknown,
  width: unknown,
  fields: ImageSizeFields = COCO_FIELDS,
): string | undefined {
  if (!isPositiveInteger(height) || !isPositiveInteger(width)) {
    const [first, second] = fields.widthFirst
      ? [`"${fields.width}" and "${fields.height}"`, `${showValue(width)} and ${showValue(height)}`]
      : [`"${fields.height}" and "${fields.width}"`, `${showValue(height)} and ${showValue(width)}`];
    return `${first} must be positive integers, got ${second}`;
  }
  if (height * width > MAX_PIXELS) {
    const [w, h] = [String(width), String(height)];
    const shown = fields === COCO_FIELDS ? `size ${h}×${w}` : `${fields.width} × ${fields.height} (${w}×${h})`;
    return `${shown} has ${height * width} pixels, more than the 2^32-1 that COCO RLE counts can hold`;
  }
  return undefined;
}

/** The COCO record's rule (`imageSizeProblem` with COCO's field names). */
export function cocoImageSizeProblem(height: unknown, width: unknown): string | undefined {
  return imageSizeProblem(height, width, COCO_FIELDS);
}

/**
 * Checks an image's size where a reader takes it from a record or a header: an invalid size is an
 * INVALID_SIZE error (`imageSizeProblem`), a valid one over `limits.maxPixels` a LimitError naming
 * `what` (default: the two fields, `imageWidth × imageHeight (40000×40000) has …`). Returns the size.
 */
export function checkImageSize(
  height: unknown,
  width: unknown,
  limits: Partial<Limits> | undefined,
  fields: ImageSizeFields = COCO_FIELDS,
  what = `${fields.width} × ${fields.height}`,
): { height: number; width: number } {
  const problem = imageSizeProblem(height, width, fields);
  if (problem !== undefined) throw new SegkitError('INVALID_SIZE', problem);
  checkPixelLimit(width as number, height as number, limits, what);
  return { height: height as number, width: width as number };
}

const isPositiveInteger = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value > 0;
