import {
  checkImageSize,
  checkLimit,
  type ImageSizeFields,
  isPolygonCoordinate,
  type Limits,
  MAX_POLYGON_COORDINATE,
  SegkitError,
  showValue,
} from '@segkit/core';
import type { CocoAnnotation, CocoDataset } from '../coco/dataset.js';
import { decodeBase64 } from '../io/base64.js';
import { imageSize } from '../io/image-size.js';
import { basenamePath, dirnamePath, joinPath } from '../io/paths.js';
import { readPointList } from '../io/points.js';
import { readJson, readText, where } from '../io/source-files.js';
import type { AbortSignalLike, FileSource } from '../registry/types.js';
import type { ProgressCallback } from '../report/progress.js';
import { throwIfAborted } from '../report/progress.js';
import { WarningList } from '../report/tally.js';
import { labelmeCategories } from './labels.js';

interface LabelmeShape {
  label?: unknown;
  points?: unknown;
  shape_type?: unknown;
  group_id?: unknown;
}

/** Vertices used for a labelme circle, which COCO can only hold as a polygon. */
const CIRCLE_VERTICES = 64;

export interface ReadLabelmeOptions {
  /**
   * Class names by id (`--classes`). A list whose entry 0 is `__ignore__` is a labelme labels.txt
   * (see labels.ts); otherwise entry i names class i. A `labels.txt` in the source is read the same
   * way when this is absent.
   */
  classNames?: Map<number, string> | readonly string[];
  /** An image over `maxPixels` or a shape over `maxVertices` is refused (LimitError naming the file and shape). */
  limits?: Partial<Limits>;
  onProgress?: ProgressCallback;
  signal?: AbortSignalLike;
}

/**
 * labelme JSON files (every `*.json` of the source, or its `entry`) → COCO instances with polygon
 * segmentations, as labelme2coco does: every polygon or rectangle is an instance, shapes sharing a
 * label and a `group_id` are one instance of several parts, `area` is the polygons' shoelace area
 * and `bbox` their extent. Image sizes come from `imageHeight`/`imageWidth` or, in older files, from
 * the header of the embedded `imageData`. Circles become 64-gons; lines, points and `__ignore__`
 * regions are left out; each is reported in `warnings`. With a labels.txt, ids are labelme2coco's and
 * shapes whose label it does not list are left out (reported).
 */
export async function readLabelme(
  source: FileSource,
  options: ReadLabelmeOptions = {},
): Promise<{ dataset: CocoDataset; warnings: string[] }> {
  const all = await source.list();
  const single = source.entry !== undefined;
  const files = single ? [source.entry as string] : all.filter((n) => n.toLowerCase().endsWith('.json'));
  const dataset: CocoDataset = { images: [], annotations: [], categories: [] };
  const warnings = new WarningList();
  const labels = await labelsFor(source, all, files, options);
  const categories = labelmeCategories(labels?.names);
  const closed = labels?.closed === true;

  for (const [done, path] of files.entries()) {
    throwIfAborted(options.signal);
    options.onProgress?.(done, files.length);
    const file = where(source, path);
    const doc = (await readJson(source, path)) as Record<string, unknown>;
    if (doc === null || typeof doc !== 'object' || !Array.isArray(doc.shapes)) {
      if (single) throw new SegkitError('INVALID_DATASET', 'not a labelme file: no "shapes" list', [file]);
      continue; // another kind of JSON in the folder
    }
    const size = labelmeImageSize(doc, file, options.limits);
    const imageId = dataset.images.length + 1;
    const imagePath =
      typeof doc.imagePath === 'string' ? doc.imagePath : basenamePath(path).replace(/\.json$/i, '.jpg');
    dataset.images.push({
      id: imageId,
      // labelme writes imagePath as the annotator's OS spells it: Windows separators read as '/'.
      file_name: joinPath(dirnamePath(path), imagePath.replace(/\\/g, '/')),
      height: size.height,
      width: size.width,
    });
    const groups = new Map<string, CocoAnnotation>();
    (doc.shapes as LabelmeShape[]).forEach((shape, s) => {
      const at = `${file}: shape ${s}`;
      if (shape === null || typeof shape !== 'object' || Array.isArray(shape)) {
        throw new SegkitError('INVALID_DATASET', `a shape must be an object, got ${showValue(shape)}`, [at]);
      }
      if (typeof shape.label !== 'string') {
        throw new SegkitError('INVALID_DATASET', `a shape needs a "label" string, got ${showValue(shape.label)}`, [at]);
      }
      const type = typeof shape.shape_type === 'string' ? shape.shape_type : 'polygon';
      if (shape.label === '__ignore__') {
        warnings.add('__ignore__ region', `${at}: __ignore__ region left out`);
        return;
      }
      const part = shapePolygon(shape, type, at, options.limits);
      if (part === undefined) {
        warnings.add('shape without area', `${at}: ${type} "${shape.label}" has no area and was left out`);
        return;
      }
      const categoryId = closed ? categories.known(shape.label) : categories.id(shape.label);
      if (categoryId === undefined) {
        warnings.add(
          'unlisted label',
          `${at}: label "${shape.label}" is not in ${labels?.from}; left out, as labelme2coco does`,
        );
        return;
      }
      if (type === 'circle')
        warnings.add('circle', `${at}: circle "${shape.label}" stored as a ${CIRCLE_VERTICES}-gon`);
      const group =
        shape.group_id === null || shape.group_id === undefined ? `#${s}` : `${shape.label}\u0000${shape.group_id}`;
      const existing = groups.get(group);
      if (existing !== undefined) {
        (existing.segmentation as number[][]).push(part);
        return;
      }
      const annotation: CocoAnnotation = {
        id: dataset.annotations.length + 1,
        image_id: imageId,
        category_id: categoryId,
        segmentation: [part],
        area: 0,
        bbox: [0, 0, 0, 0],
        iscrowd: 0,
      };
      groups.set(group, annotation);
      dataset.annotations.push(annotation);
    });
    for (const annotation of groups.values()) measurePolygons(annotation);
  }
  options.onProgress?.(files.length, files.length);
  dataset.categories = categories.list();
  return { dataset, warnings: warnings.lines() };
}

/**
 * The class names to number by: the caller's, else a `labels.txt` of the source (the one nearest the
 * root: labelme's examples keep it beside the folder of JSONs, `labels.txt` + `data_annotated/`, or
 * beside a single JSON). `closed` when they come from a labels.txt, whose list labelme2coco treats as
 * complete.
 */
async function labelsFor(
  source: FileSource,
  all: readonly string[],
  files: readonly string[],
  options: ReadLabelmeOptions,
): Promise<{ names: Map<number, string>; closed: boolean; from: string } | undefined> {
  const given = options.classNames;
  if (given !== undefined) {
    const list = given instanceof Map ? given : new Map(given.map((name, i) => [i, name] as [number, string]));
    const labelme = list.get(0) === '__ignore__';
    return { names: labelme ? shiftLabelsTxt(list) : list, closed: labelme, from: 'the class list' };
  }
  const candidates = all.filter((path) => basenamePath(path) === 'labels.txt');
  const nearest =
    source.entry !== undefined
      ? candidates.find((path) => dirnamePath(path) === dirnamePath(source.entry as string))
      : candidates.sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1))[0];
  if (nearest === undefined || files.length === 0) return undefined;
  const text = await readText(source, nearest);
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines[0] !== '__ignore__') {
    throw new SegkitError(
      'INVALID_DATASET',
      `a labelme labels.txt starts with "__ignore__" (labelme2coco numbers line i as class i - 1), found ${JSON.stringify(lines[0] ?? '')}`,
      [where(source, nearest)],
    );
  }
  return {
    names: shiftLabelsTxt(new Map(lines.map((name, i) => [i, name] as [number, string]))),
    closed: true,
    from: where(source, nearest),
  };
}

/** labels.txt line i → class i − 1 (`__ignore__` is −1 and is not a class; `_background_` is 0). */
function shiftLabelsTxt(lines: Map<number, string>): Map<number, string> {
  const out = new Map<number, string>();
  for (const [line, name] of lines) if (line > 0) out.set(line - 1, name);
  return out;
}

function labelmeImageSize(
  doc: Record<string, unknown>,
  file: string,
  limits: Partial<Limits> | undefined,
): { width: number; height: number } {
  const { imageHeight: height, imageWidth: width, imageData } = doc;
  try {
    // A size written in the file is held to the one rule (positive integers, fits a mask), then the limit.
    if ((height !== undefined && height !== null) || (width !== undefined && width !== null)) {
      return checkImageSize(height, width, limits, SIZE_FIELDS);
    }
    if (typeof imageData === 'string' && imageData !== 'None') {
      const bytes = decodeBase64(imageData);
      const size = bytes === undefined ? undefined : imageSize(bytes);
      if (size !== undefined)
        return checkImageSize(size.height, size.width, limits, SIZE_FIELDS, 'the embedded imageData');
    }
  } catch (error) {
    throw error instanceof SegkitError ? error.withContext(file) : error;
  }
  throw new SegkitError('INVALID_DATASET', 'no image size: neither imageHeight/imageWidth nor a readable imageData', [
    file,
  ]);
}

/** How labelme names an image's size. */
const SIZE_FIELDS: ImageSizeFields = { width: 'imageWidth', height: 'imageHeight', widthFirst: true };

function shapePolygon(
  shape: LabelmeShape,
  type: string,
  at: string,
  limits: Partial<Limits> | undefined,
): number[] | undefined {
  const points = shape.points;
  if (Array.isArray(points)) {
    try {
      checkLimit('maxVertices', points.length, limits, `${type} "${String(shape.label)}"`);
    } catch (error) {
      throw (error as SegkitError).withContext(at);
    }
  }
  let flat: number[];
  try {
    flat = readPointList(points, { field: '"points"' });
  } catch (error) {
    throw error instanceof SegkitError ? error.withContext(at) : error;
  }
  const n = flat.length / 2;
  if (type === 'polygon') {
    if (n < 3) throw new SegkitError('INVALID_POLYGON', `polygon has ${n} points; at least 3 are needed`, [at]);
    return flat;
  }
  if (type === 'rectangle' && n === 2) {
    const [x0, y0, x1, y1] = flat;
    return [x0, y0, x1, y0, x1, y1, x0, y1];
  }
  if (type === 'circle' && n === 2) {
    const [cx, cy, ex, ey] = flat;
    const r = Math.hypot(ex - cx, ey - cy);
    const out: number[] = [];
    for (let k = 0; k < CIRCLE_VERTICES; k++) {
      const angle = (2 * Math.PI * k) / CIRCLE_VERTICES;
      out.push(cx + r * Math.cos(angle), cy + r * Math.sin(angle));
    }
    if (!out.every(isPolygonCoordinate)) {
      throw new SegkitError(
        'INVALID_POLYGON',
        `circle of centre [${cx}, ${cy}] and radius ${r} reaches past ±${MAX_POLYGON_COORDINATE}, where no polygon can go`,
        [at],
      );
    }
    return out;
  }
  return undefined; // line, linestrip, point: no area
}

/** COCO's polygon `area` (shoelace, summed over parts) and `bbox` (extent of all vertices). */
function measurePolygons(annotation: CocoAnnotation): void {
  const parts = annotation.segmentation as number[][];
  let total = 0;
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const xy of parts) {
    const k = xy.length >> 1;
    let twice = 0;
    for (let i = 0; i < k; i++) {
      const j = (i + 1) % k;
      twice += xy[2 * i] * xy[2 * j + 1] - xy[2 * j] * xy[2 * i + 1];
      x0 = Math.min(x0, xy[2 * i]);
      x1 = Math.max(x1, xy[2 * i]);
      y0 = Math.min(y0, xy[2 * i + 1]);
      y1 = Math.max(y1, xy[2 * i + 1]);
    }
    total += Math.abs(twice) / 2;
  }
  annotation.area = total;
  annotation.bbox = [x0, y0, x1 - x0, y1 - y0];
}
