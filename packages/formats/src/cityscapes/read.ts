/**
 * Cityscapes `*_gt*_polygons.json` documents → COCO instances, with the pixels cityscapesScripts'
 * json2instanceImg gives each object: the objects are drawn in document order with Pillow's polygon
 * fill (pillow-polygon.ts), later objects over earlier ones, and each annotation is one value of the
 * resulting `_instanceIds.png`:
 *
 * - an object of an instance class (car, person, …) is its own annotation, id·1000 + k;
 * - the objects of a class without instances (road, sky, …) are one annotation per image, as they
 *   share the plain id in the instance image; so are a class's groups (`cargroup`), which become
 *   one crowd annotation (`iscrowd: 1`, COCO's notion of a region of many objects);
 * - deleted objects and license plates are skipped as cityscapesScripts skips them, and an object
 *   entirely hidden by later ones has no pixel left; both are counted in the warnings.
 *
 * Each annotation carries `cityscapes_instance_id`, its value in `_instanceIds.png`. Categories are
 * the whole label table (ids ≥ 0), so every dataset read this way has the same ids.
 */

import { area, bbox, merge, type Rle, SegkitError, toCocoRle } from '@segkit/core';
import type { CocoAnnotation, CocoDataset } from '../coco/dataset.js';
import { basenamePath } from '../io/paths.js';
import { readJson, where } from '../io/source-files.js';
import type { FileSource, ReadOptions, ReadResult } from '../registry/types.js';
import { throwIfAborted } from '../report/progress.js';
import { WarningList } from '../report/tally.js';
import { classRles } from '../semantic/class-rles.js';
import { POLYGONS_FILE } from './convert-folder.js';
import { checkPolygonsDocument, objectLabel } from './document.js';
import { type DrawPlan, planObjects } from './draw-plan.js';
import { CITYSCAPES_LABELS } from './labels.js';
import { rasterizeObjects } from './render.js';

/** `a/x_gtFine_polygons.json` → `a/x_leftImg8bit.png`, the photo the polygons were drawn on. */
export function cityscapesImageName(path: string): string {
  return path.replace(/_gt[^/_]*_polygons\.json$/, '_leftImg8bit.png');
}

export async function readCityscapes(source: FileSource, options: ReadOptions = {}): Promise<ReadResult> {
  const files =
    source.entry !== undefined
      ? [source.entry]
      : (await source.list()).filter((path) => POLYGONS_FILE.test(basenamePath(path)));
  if (files.length === 0) {
    throw new SegkitError('INVALID_DATASET', 'no *_gtFine_polygons.json file: not a Cityscapes folder', [source.name]);
  }
  const dataset: CocoDataset = {
    images: [],
    annotations: [],
    categories: CITYSCAPES_LABELS.filter((label) => label.id >= 0).map((label) => ({
      id: label.id,
      name: label.name,
      supercategory: label.category,
    })),
  };
  const warnings = new WarningList();
  for (const [done, path] of files.entries()) {
    throwIfAborted(options.signal);
    options.onProgress?.(done, files.length);
    const file = where(source, path);
    const document = await readJson(source, path);
    let plan: DrawPlan;
    let width: number;
    let height: number;
    try {
      const checked = checkPolygonsDocument(document, options.limits);
      plan = planObjects(checked);
      width = checked.imgWidth;
      height = checked.imgHeight;
    } catch (error) {
      throw error instanceof SegkitError ? error.withContext(file) : error;
    }
    const imageId = dataset.images.length + 1;
    dataset.images.push({ id: imageId, file_name: cityscapesImageName(path), height, width });

    // Which object each pixel shows, then one mask per object (value k + 1 of the map).
    const map = rasterizeObjects(width, height, plan.drawn);
    const masks = classRles({ height, width, data: map }, 0);
    // Annotations in the order of their first object; merged ones collect their objects' masks.
    const merged = new Map<string, { annotation: CocoAnnotation; parts: Rle[] }>();
    const ordered: { annotation: CocoAnnotation; parts: Rle[] }[] = [];
    plan.drawn.forEach((object, k) => {
      const rle = masks.get(k + 1);
      if (rle === undefined) {
        warnings.add(
          'hidden object',
          `${file}: ${objectLabel({ label: object.label.name }, object.index)} is hidden by later objects: no pixel left`,
        );
        return;
      }
      const own = object.instanceId !== object.labelId;
      const key = own ? `#${k}` : object.label.name;
      let entry = merged.get(key);
      if (entry === undefined) {
        entry = {
          annotation: {
            image_id: imageId,
            category_id: object.label.id,
            iscrowd: object.isGroup && object.label.hasInstances ? 1 : 0,
            cityscapes_instance_id: object.instanceId,
          },
          parts: [],
        };
        merged.set(key, entry);
        ordered.push(entry);
      } else if (!object.isGroup) {
        // A group and a plain object of a class without instances share the id; the region is not all crowd.
        entry.annotation.iscrowd = 0;
      }
      entry.parts.push(rle);
    });
    for (const { annotation, parts } of ordered) {
      const rle = parts.length === 1 ? parts[0] : merge(parts, 'union');
      annotation.id = dataset.annotations.length + 1;
      annotation.segmentation = toCocoRle(rle);
      annotation.area = area(rle);
      annotation.bbox = bbox(rle);
      dataset.annotations.push(annotation);
    }
    if (plan.skipped.length > 0) {
      const deleted = plan.skipped.filter((s) => s.reason === 'deleted').length;
      warnings.add(
        'skipped objects',
        `${file}: ${plan.skipped.length} object(s) skipped as cityscapesScripts skips them (${deleted} deleted, ${plan.skipped.length - deleted} license plate)`,
      );
    }
  }
  options.onProgress?.(files.length, files.length);
  return { dataset, semantic: false, warnings: warnings.lines() };
}
