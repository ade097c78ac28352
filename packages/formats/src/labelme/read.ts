import { SegkitError } from '@segkit/core';
import type { CocoAnnotation, CocoDataset } from '../coco/dataset.js';
import { imageSize } from '../io/image-size.js';
import { dirnamePath, joinPath } from '../io/paths.js';
import { listMatching, locate, readJson } from '../io/source-files.js';
import { base64ToBytes } from '../io/text.js';
import type { FileSource } from '../registry/types.js';

interface LabelmeShape {
  label?: unknown;
  points?: unknown;
  shape_type?: unknown;
  group_id?: unknown;
}

/** Vertices used for a labelme circle, which COCO can only hold as a polygon. */
const CIRCLE_VERTICES = 64;

/**
 * labelme JSON files (a folder, searched recursively, or one file) → COCO instances with polygon
 * segmentations, as labelme2coco does: every polygon or rectangle is an instance, shapes sharing a
 * label and a `group_id` are one instance of several parts, `area` is the polygons' shoelace area
 * and `bbox` their extent. Image sizes come from `imageHeight`/`imageWidth` or, in older files, from
 * the header of the embedded `imageData`. Circles become 64-gons; lines, points and `__ignore__`
 * regions are left out; each is reported in `warnings`.
 */
export async function readLabelme(
  source: FileSource,
  options: { classNames?: ReadonlyMap<number, string> } = {},
): Promise<{ dataset: CocoDataset; warnings: string[] }> {
  const single = source.entry !== undefined;
  const files = single
    ? [source.entry as string]
    : await listMatching(source, (n) => n.toLowerCase().endsWith('.json'));
  const dataset: CocoDataset = { images: [], annotations: [], categories: [] };
  const warnings: string[] = [];
  const categoryIds = new Map<string, number>();
  for (const [id, name] of options.classNames ?? []) categoryIds.set(name, id);
  const categoryOf = (label: string) => {
    let id = categoryIds.get(label);
    if (id === undefined) {
      id = Math.max(0, ...categoryIds.values()) + 1;
      categoryIds.set(label, id);
    }
    return id;
  };

  for (const file of files) {
    const path = locate(source, file);
    const doc = (await readJson(source, file)) as Record<string, unknown>;
    if (doc === null || typeof doc !== 'object' || !Array.isArray(doc.shapes)) {
      if (single) throw new SegkitError('INVALID_DATASET', 'not a labelme file: no "shapes" list', [path]);
      continue; // another kind of JSON in the folder
    }
    const size = labelmeImageSize(doc, path);
    const imageId = dataset.images.length + 1;
    const imagePath = typeof doc.imagePath === 'string' ? doc.imagePath : file.replace(/\.json$/i, '.jpg');
    dataset.images.push({
      id: imageId,
      file_name: joinPath(dirnamePath(file), imagePath),
      height: size.height,
      width: size.width,
    });
    const groups = new Map<string, CocoAnnotation>();
    (doc.shapes as LabelmeShape[]).forEach((shape, s) => {
      const where = `${path}: shape ${s}`;
      if (shape === null || typeof shape !== 'object' || typeof shape.label !== 'string') {
        throw new SegkitError('INVALID_DATASET', 'a shape needs a "label" string', [where]);
      }
      const type = typeof shape.shape_type === 'string' ? shape.shape_type : 'polygon';
      if (shape.label === '__ignore__') {
        warnings.push(`${where}: __ignore__ region left out`);
        return;
      }
      const part = shapePolygon(shape, type, where);
      if (part === undefined) {
        warnings.push(`${where}: ${type} "${shape.label}" has no area and was left out`);
        return;
      }
      if (type === 'circle') warnings.push(`${where}: circle "${shape.label}" stored as a ${CIRCLE_VERTICES}-gon`);
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
        category_id: categoryOf(shape.label),
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
  dataset.categories = [...categoryIds]
    .sort((a, b) => a[1] - b[1])
    .map(([name, id]) => ({ id, name, supercategory: name }));
  return { dataset, warnings };
}

function labelmeImageSize(doc: Record<string, unknown>, path: string): { width: number; height: number } {
  const { imageHeight: height, imageWidth: width, imageData } = doc;
  if (Number.isInteger(height) && Number.isInteger(width)) return { width: width as number, height: height as number };
  if (typeof imageData === 'string' && imageData !== 'None') {
    const size = imageSize(base64ToBytes(imageData));
    if (size !== undefined) return size;
  }
  throw new SegkitError('INVALID_DATASET', 'no image size: neither imageHeight/imageWidth nor a readable imageData', [
    path,
  ]);
}

function shapePolygon(shape: LabelmeShape, type: string, where: string): number[] | undefined {
  const points = shape.points;
  if (!Array.isArray(points) || points.some((p) => !Array.isArray(p) || p.length < 2 || !p.every(Number.isFinite))) {
    throw new SegkitError('INVALID_POLYGON', '"points" must be a list of finite [x, y] pairs', [where]);
  }
  const pts = points as [number, number][];
  if (type === 'polygon') {
    if (pts.length < 3)
      throw new SegkitError('INVALID_POLYGON', `polygon has ${pts.length} points; at least 3 are needed`, [where]);
    return pts.flatMap(([x, y]) => [x, y]);
  }
  if (type === 'rectangle' && pts.length === 2) {
    const [[x0, y0], [x1, y1]] = pts;
    return [x0, y0, x1, y0, x1, y1, x0, y1];
  }
  if (type === 'circle' && pts.length === 2) {
    const [[cx, cy], [ex, ey]] = pts;
    const r = Math.hypot(ex - cx, ey - cy);
    const out: number[] = [];
    for (let k = 0; k < CIRCLE_VERTICES; k++) {
      const angle = (2 * Math.PI * k) / CIRCLE_VERTICES;
      out.push(cx + r * Math.cos(angle), cy + r * Math.sin(angle));
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
