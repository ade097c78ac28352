/**
 * Brush masks and polygons from a Label Studio JSON export (Export → "JSON"): a list of tasks, each with
 * `data` (the image URL under the key the labeling config names, usually `image`) and
 * `annotations[]` / `predictions[]`, each with `result[]`. A brush result looks like
 *
 *   { "type": "brushlabels", "from_name": "tag", "to_name": "image", "id": "a1b2",
 *     "original_width": 640, "original_height": 480, "image_rotation": 0,
 *     "value": { "format": "rle", "rle": [0, 4, 176, ...], "brushlabels": ["car"] } }
 *
 * (label-studio-converter brush.py `image2annotation` writes this shape). Each brush result becomes
 * one COCO RLE of the full image. A polygon result is
 *
 *   { "type": "polygonlabels", "from_name": "label", "to_name": "image", "id": "p1",
 *     "original_width": 640, "original_height": 480, "image_rotation": 0,
 *     "value": { "points": [[12.5, 20], [50, 20], [50, 62.5]], "closed": true, "polygonlabels": ["car"] } }
 *
 * with points in percent of the image's width and height (x% · width / 100 is the pixel coordinate,
 * as label-studio-converter's COCO export computes it). Results of other types (rectangles, choices,
 * ...) are skipped: they are not regions. Pure: the caller reads the file (labelStudioFormat).
 */
import {
  type Bitmap,
  checkImageSize,
  checkLimit,
  encode,
  type ImageSizeFields,
  type Limits,
  type Rle,
  SegkitError,
  showValue,
} from '@segkit/core';
import { readPointList } from '../io/points.js';
import { bitmapToBrushRle, brushRleToBitmap } from './brush.js';

export interface LabelStudioBrushMask {
  /** `value.brushlabels` as written (usually one label; empty when none was chosen). */
  labels: string[];
  /** The mask over the whole image (`original_height` × `original_width`). */
  rle: Rle;
  /** The result's `id`, `from_name` and `to_name`, when present. */
  id?: string;
  fromName?: string;
  toName?: string;
}

export interface LabelStudioPolygon {
  /** `value.polygonlabels` as written. */
  labels: string[];
  /** `[x0, y0, x1, y1, …]` in pixels of the `height` × `width` image. */
  points: number[];
  height: number;
  width: number;
  id?: string;
  fromName?: string;
  toName?: string;
}

export interface LabelStudioAnnotationMasks {
  id?: number | string;
  /** `was_cancelled`: the annotator skipped the task (its result is usually empty). */
  wasCancelled: boolean;
  masks: LabelStudioBrushMask[];
  polygons: LabelStudioPolygon[];
  /** The regions in result order: `['mask', i]` is `masks[i]`, `['polygon', j]` is `polygons[j]`. */
  order: ['mask' | 'polygon', number][];
}

export interface LabelStudioTaskMasks {
  id?: number | string;
  /** The task's `data` (e.g. `{ image: "/data/upload/1/a.png" }`), untouched. */
  data: Record<string, unknown>;
  annotations: LabelStudioAnnotationMasks[];
  predictions: LabelStudioAnnotationMasks[];
}

/** Result types that carry a brush `rle` (label-studio-converter brush.py reads both). */
const BRUSH_TYPES: Record<string, 'brushlabels' | 'labels'> = { brushlabels: 'brushlabels', labels: 'labels' };

/**
 * Reads the masks of a parsed Label Studio JSON export. Throws a SegkitError located by task,
 * annotation and result ("task 2 (id 17): annotation 0 (id 4): result 1 (id "x7"): ..."); a result
 * whose `original_width` × `original_height` passes `limits.maxPixels`, or a polygon over
 * `limits.maxVertices`, is a LimitError before its mask is decoded.
 */
export function parseLabelStudioExport(document: unknown, limits?: Partial<Limits>): LabelStudioTaskMasks[] {
  if (!Array.isArray(document)) {
    throw new SegkitError('INVALID_DATASET', `a Label Studio JSON export is a list of tasks, got ${kind(document)}`);
  }
  return document.map((task, i) => {
    const where = `task ${i}${idSuffix(task)}`;
    try {
      return parseTask(task, limits);
    } catch (error) {
      throw error instanceof SegkitError ? error.withContext(where) : error;
    }
  });
}

function parseTask(task: unknown, limits: Partial<Limits> | undefined): LabelStudioTaskMasks {
  if (!isRecord(task)) throw new SegkitError('INVALID_DATASET', `a task must be an object, got ${kind(task)}`);
  const data = task.data === undefined ? {} : task.data;
  if (!isRecord(data)) throw new SegkitError('INVALID_DATASET', `"data" must be an object, got ${kind(data)}`);
  const out: LabelStudioTaskMasks = {
    data,
    annotations: parseAnnotations(task.annotations, 'annotation', limits),
    predictions: parseAnnotations(task.predictions, 'prediction', limits),
  };
  const id = optionalId(task.id, 'task "id"');
  if (id !== undefined) out.id = id;
  return out;
}

function parseAnnotations(
  list: unknown,
  what: 'annotation' | 'prediction',
  limits: Partial<Limits> | undefined,
): LabelStudioAnnotationMasks[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new SegkitError('INVALID_DATASET', `"${what}s" must be a list, got ${kind(list)}`);
  return list.map((annotation, j) => {
    const where = `${what} ${j}${idSuffix(annotation)}`;
    try {
      return parseAnnotation(annotation, limits);
    } catch (error) {
      throw error instanceof SegkitError ? error.withContext(where) : error;
    }
  });
}

function parseAnnotation(annotation: unknown, limits: Partial<Limits> | undefined): LabelStudioAnnotationMasks {
  if (!isRecord(annotation)) throw new SegkitError('INVALID_DATASET', `must be an object, got ${kind(annotation)}`);
  const results = annotation.result === undefined ? [] : annotation.result;
  if (!Array.isArray(results))
    throw new SegkitError('INVALID_DATASET', `"result" must be a list, got ${kind(results)}`);
  const masks: LabelStudioBrushMask[] = [];
  const polygons: LabelStudioPolygon[] = [];
  const order: ['mask' | 'polygon', number][] = [];
  results.forEach((result, k) => {
    try {
      const polygon = parsePolygon(result, limits);
      if (polygon) {
        order.push(['polygon', polygons.length]);
        polygons.push(polygon);
        return;
      }
      const mask = parseResult(result, limits);
      if (mask) {
        order.push(['mask', masks.length]);
        masks.push(mask);
      }
    } catch (error) {
      throw error instanceof SegkitError ? error.withContext(`result ${k}${idSuffix(result)}`) : error;
    }
  });
  const out: LabelStudioAnnotationMasks = {
    wasCancelled: annotation.was_cancelled === true,
    masks,
    polygons,
    order,
  };
  const id = optionalId(annotation.id, '"id"');
  if (id !== undefined) out.id = id;
  return out;
}

/** Result types that carry polygon `points` (`polygon` is the unlabelled tag's type). */
const POLYGON_TYPES: Record<string, 'polygonlabels' | 'polygon'> = {
  polygonlabels: 'polygonlabels',
  polygon: 'polygon',
};

/** One result → a polygon in pixels, or undefined for results that are not polygons. */
function parsePolygon(result: unknown, limits: Partial<Limits> | undefined): LabelStudioPolygon | undefined {
  if (!isRecord(result)) throw new SegkitError('INVALID_DATASET', `must be an object, got ${kind(result)}`);
  const type = typeof result.type === 'string' ? POLYGON_TYPES[result.type.toLowerCase()] : undefined;
  if (type === undefined) return undefined;
  const value = result.value;
  if (!isRecord(value)) throw new SegkitError('INVALID_DATASET', `"value" must be an object, got ${kind(value)}`);
  const { width, height } = originalSize(result, limits);
  const points = value.points;
  if (Array.isArray(points)) checkLimit('maxVertices', points.length, limits, 'the polygon');
  if (!Array.isArray(points) || points.length < 3) {
    throw new SegkitError(
      'INVALID_POLYGON',
      `"value.points" must be a list of at least 3 [x, y] points, got ${Array.isArray(points) ? `${points.length} points` : kind(points)}`,
    );
  }
  const xy = readPointList(points, {
    field: '"value.points"',
    form: '[x%, y%]',
    scaleX: width / 100,
    scaleY: height / 100,
  });
  const labels = value.polygonlabels === undefined ? [] : value.polygonlabels;
  if (!Array.isArray(labels) || !labels.every((label) => typeof label === 'string')) {
    throw new SegkitError(
      'INVALID_DATASET',
      `"value.polygonlabels" must be a list of strings, got ${showValue(labels)}`,
    );
  }
  const polygon: LabelStudioPolygon = { labels: [...labels], points: xy, height, width };
  if (typeof result.id === 'string') polygon.id = result.id;
  if (typeof result.from_name === 'string') polygon.fromName = result.from_name;
  if (typeof result.to_name === 'string') polygon.toName = result.to_name;
  return polygon;
}

/** `original_width` / `original_height`, checked (and held to the pixel limit). */
function originalSize(
  result: Record<string, unknown>,
  limits: Partial<Limits> | undefined,
): { width: number; height: number } {
  return checkImageSize(result.original_height, result.original_width, limits, SIZE_FIELDS);
}

/** How Label Studio names an image's size. */
const SIZE_FIELDS: ImageSizeFields = { width: 'original_width', height: 'original_height', widthFirst: true };

/** One result → a mask, or undefined for results that are not brush masks. */
function parseResult(result: unknown, limits: Partial<Limits> | undefined): LabelStudioBrushMask | undefined {
  if (!isRecord(result)) throw new SegkitError('INVALID_DATASET', `must be an object, got ${kind(result)}`);
  const type = typeof result.type === 'string' ? BRUSH_TYPES[result.type.toLowerCase()] : undefined;
  if (type === undefined) return undefined;
  const value = result.value;
  if (!isRecord(value)) throw new SegkitError('INVALID_DATASET', `"value" must be an object, got ${kind(value)}`);
  // A "labels" result is a brush mask only when it carries an rle (otherwise it labels text or audio).
  if (type === 'labels' && value.rle === undefined) return undefined;
  if (value.format !== undefined && value.format !== 'rle') {
    throw new SegkitError('UNSUPPORTED', `brush "value.format" is ${showValue(value.format)}; only "rle" is read`);
  }
  if (!Array.isArray(value.rle)) {
    throw new SegkitError('INVALID_DATASET', `"value.rle" must be a list of bytes, got ${kind(value.rle)}`);
  }
  const { width, height } = originalSize(result, limits);
  const labels = value[type] === undefined ? [] : value[type];
  if (!Array.isArray(labels) || !labels.every((label) => typeof label === 'string')) {
    throw new SegkitError('INVALID_DATASET', `"value.${type}" must be a list of strings, got ${showValue(labels)}`);
  }
  const bitmap = brushRleToBitmap(value.rle, height, width);
  const mask: LabelStudioBrushMask = { labels: [...labels], rle: encode(bitmap) };
  if (typeof result.id === 'string') mask.id = result.id;
  if (typeof result.from_name === 'string') mask.fromName = result.from_name;
  if (typeof result.to_name === 'string') mask.toName = result.to_name;
  return mask;
}

/** What `polygonLabelsResult` needs: pixel coordinates, the image size and the config's names. */
export interface PolygonLabelsInput {
  /** `[x0, y0, x1, y1, …]` in pixels. */
  points: readonly number[];
  height: number;
  width: number;
  labels: string[];
  /** Name of the `<PolygonLabels>` tag. */
  fromName: string;
  /** Name of the `<Image>` tag. */
  toName: string;
  id?: string;
}

/** A `polygonlabels` result, points in percent of the image (x · 100 / width), as Label Studio stores them. */
export function polygonLabelsResult(input: PolygonLabelsInput): Record<string, unknown> {
  const { points, height, width, labels, fromName, toName, id } = input;
  const percent: [number, number][] = [];
  for (let i = 0; i + 1 < points.length; i += 2)
    percent.push([(points[i] * 100) / width, (points[i + 1] * 100) / height]);
  return {
    ...(id === undefined ? {} : { id }),
    type: 'polygonlabels',
    from_name: fromName,
    to_name: toName,
    original_width: width,
    original_height: height,
    image_rotation: 0,
    value: { points: percent, closed: true, polygonlabels: [...labels] },
  };
}

/** What `brushLabelsResult` needs: the mask and the names from the labeling config. */
export interface BrushLabelsInput {
  bitmap: Bitmap;
  labels: string[];
  /** Name of the `<BrushLabels>` tag. */
  fromName: string;
  /** Name of the `<Image>` tag. */
  toName: string;
  id?: string;
}

/**
 * A `brushlabels` result for a Label Studio task (import or pre-annotation), in the shape
 * label-studio-converter's `image2annotation` writes. `original_width`/`original_height` are the
 * bitmap's size.
 */
export function brushLabelsResult(input: BrushLabelsInput): Record<string, unknown> {
  const { bitmap, labels, fromName, toName, id } = input;
  return {
    ...(id === undefined ? {} : { id }),
    type: 'brushlabels',
    from_name: fromName,
    to_name: toName,
    original_width: bitmap.width,
    original_height: bitmap.height,
    image_rotation: 0,
    value: { format: 'rle', rle: bitmapToBrushRle(bitmap), brushlabels: [...labels] },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${showValue(value)}`;
}

function optionalId(value: unknown, what: string): number | string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' || typeof value === 'string') return value;
  throw new SegkitError('INVALID_DATASET', `${what} must be a number or a string, got ${kind(value)}`);
}

/** " (id 17)" when the item has a printable id, for error locations. */
function idSuffix(item: unknown): string {
  if (!isRecord(item)) return '';
  const id = item.id;
  return typeof id === 'number' || typeof id === 'string' ? ` (id ${showValue(id)})` : '';
}
