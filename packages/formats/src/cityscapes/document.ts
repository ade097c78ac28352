import {
  checkLimit,
  checkPixelLimit,
  type ImageSizeFields,
  imageSizeProblem,
  type Limits,
  SegkitError,
  showValue,
} from '@segkit/core';
import { MAX_PILLOW_COORDINATE } from './pillow-polygon.js';

/**
 * A `*_gtFine_polygons.json` document (cityscapesScripts helpers/annotation.py `Annotation` and
 * `CsPoly.fromJsonText`). Fields segkit does not read (`id`, `verified`, `date`, `user`, `draw`) are
 * kept as they are.
 */
export interface CityscapesPolygons {
  imgHeight: number;
  imgWidth: number;
  objects: CityscapesObject[];
  [field: string]: unknown;
}

export interface CityscapesObject {
  /** A name from the label table, or one ending in `group` (e.g. `cargroup`). */
  label: string;
  /** Vertices `[x, y]` in pixel coordinates (pixel centres at integers); any number of them. */
  polygon: [number, number][];
  /** Truthy in Python's sense (1, true, "x") → the object is skipped. Missing means 0. */
  deleted?: unknown;
  [field: string]: unknown;
}

/** How Cityscapes names an image's size. */
const SIZE_FIELDS: ImageSizeFields = { height: 'imgHeight', width: 'imgWidth' };

/** Largest side we accept: PNG's limit (2^31 − 1). */
const MAX_SIDE = 0x7fffffff;

/** "object 3 (car)": how errors name an object. */
export function objectLabel(object: unknown, index: number): string {
  const label =
    object !== null && typeof object === 'object' && typeof (object as CityscapesObject).label === 'string'
      ? ` (${(object as CityscapesObject).label})`
      : '';
  return `object ${index}${label}`;
}

/**
 * Checks the shape of a parsed polygons document: a positive integer size, and objects that each have
 * a string `label` and a `polygon` of `[x, y]` pairs of finite numbers below 2^30 in magnitude. Whether
 * the label is known, and whether the polygon has enough vertices, is checked only for objects that
 * are drawn (see `planObjects`), as cityscapesScripts does. Errors name the object:
 * "object 4 (car): polygon vertex 2 is [3, null]; …". A size over `limits.maxPixels` or a polygon
 * over `limits.maxVertices` is a LimitError, thrown before anything is drawn.
 */
export function checkPolygonsDocument(value: unknown, limits?: Partial<Limits>): CityscapesPolygons {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SegkitError(
      'INVALID_DATASET',
      'a Cityscapes polygons file is a JSON object with "imgHeight", "imgWidth" and "objects"',
    );
  }
  const document = value as CityscapesPolygons;
  const { imgHeight, imgWidth } = document;
  const problem = imageSizeProblem(imgHeight, imgWidth, SIZE_FIELDS);
  if (problem !== undefined) throw new SegkitError('INVALID_SIZE', problem);
  if (!isSide(imgHeight) || !isSide(imgWidth)) {
    throw new SegkitError(
      'INVALID_SIZE',
      `"imgHeight" and "imgWidth" are ${imgHeight} and ${imgWidth}; a side of a Cityscapes PNG is at most ${MAX_SIDE} (PNG's limit)`,
    );
  }
  checkPixelLimit(imgWidth, imgHeight, limits, 'imgWidth × imgHeight');
  if (!Array.isArray(document.objects)) {
    throw new SegkitError('INVALID_DATASET', '"objects" is missing or not a list');
  }
  document.objects.forEach((object, index) => {
    try {
      checkObject(object, limits);
    } catch (error) {
      throw error instanceof SegkitError ? error.withContext(objectLabel(object, index)) : error;
    }
  });
  return document;
}

const isSide = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= MAX_SIDE;

function checkObject(object: unknown, limits: Partial<Limits> | undefined): void {
  if (object === null || typeof object !== 'object' || Array.isArray(object)) {
    throw new SegkitError('INVALID_DATASET', `an object must be a JSON object, got ${showValue(object)}`);
  }
  const { label, polygon } = object as CityscapesObject;
  if (typeof label !== 'string') {
    throw new SegkitError('INVALID_DATASET', `"label" must be a string, got ${showValue(label)}`);
  }
  if (!Array.isArray(polygon)) {
    throw new SegkitError('INVALID_POLYGON', `"polygon" must be a list of [x, y] points, got ${showValue(polygon)}`);
  }
  checkLimit('maxVertices', polygon.length, limits, 'the polygon');
  polygon.forEach((point, vertex) => {
    if (!Array.isArray(point) || point.length !== 2 || !isCoordinate(point[0]) || !isCoordinate(point[1])) {
      throw new SegkitError(
        'INVALID_POLYGON',
        `polygon vertex ${vertex} is ${showValue(point)}; a vertex is [x, y], two finite numbers below ${MAX_PILLOW_COORDINATE} in magnitude`,
      );
    }
  });
}

const isCoordinate = (value: unknown): boolean => typeof value === 'number' && Math.abs(value) < MAX_PILLOW_COORDINATE;
