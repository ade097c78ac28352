/**
 * COCO instances → labelme JSON files, one per image, beside where the image is (`JPEGImages/a.jpg` →
 * `JPEGImages/a.json`, `imagePath: "a.jpg"`), plus a `labels.txt` that gives the classes their ids
 * back (labels.ts).
 *
 * - Polygon annotations are written as they are: one `polygon` shape per part; the parts of one
 *   annotation share a `group_id`, which labelme2coco (and our reader) groups back into one instance.
 *   Nothing is lost.
 * - RLE annotations are traced to polygons with core's `maskToPolygons` (exact at tolerance 0). A
 *   labelme shape is a simple ring and labelme has no holes, so holes are filled first and reported
 *   lost (the pixels they add, per class, and how many); `tolerance` / `maxVertices` simplify the
 *   rings, and the pixels that costs are measured too (rasterized as pycocotools does).
 * - Crowd regions (`iscrowd: 1`) have no labelme form: they are written as ordinary shapes, reported.
 * - An image with no annotation is written with no shapes; the image stays in the dataset.
 */

import {
  area,
  checkLimit,
  combine,
  maskToPolygons,
  polygonLoss,
  polygonsToRle,
  type Rle,
  SegkitError,
} from '@segkit/core';
import type { CocoDataset } from '../coco/dataset.js';
import {
  annotationClass,
  annotationRle,
  categoryNames,
  imageLabel,
  imagesWithAnnotations,
  isPolygons,
  largestId,
} from '../coco/dataset-walk.js';
import { basenamePath, stripExtension } from '../io/paths.js';
import type { FileSink, WriteOptions, WriteResult } from '../registry/types.js';
import { classLossTable, finishReport } from '../report/loss-report.js';
import { throwIfAborted } from '../report/progress.js';
import { WarningList } from '../report/tally.js';
import { fillHoles } from './fill-holes.js';
import { labelsTxt } from './labels.js';

/** The labelme version our files claim: the 5.x file layout (shape `description`, `flags`). */
export const LABELME_VERSION = '5.2.1';

interface Shape {
  label: string;
  points: [number, number][];
  group_id: number | null;
  description: string;
  shape_type: 'polygon';
  flags: Record<string, never>;
}

export async function writeLabelme(
  dataset: CocoDataset,
  sink: FileSink,
  options: WriteOptions = {},
): Promise<WriteResult> {
  const images = imagesWithAnnotations(dataset, options.limits);
  const names = categoryNames(dataset);
  const losses = classLossTable(names);
  const lossOf = (id: number) => {
    const loss = losses.of(id);
    // Traced polygons may add pixels the source lacks: the report counts the intersection itself.
    loss.intersectionPixels ??= 0;
    return loss;
  };
  const negative = [...names.keys()].find((id) => id < 0 || !Number.isInteger(id));
  if (negative !== undefined) {
    throw new SegkitError('INVALID_DATASET', `category id ${negative}: labels.txt numbers classes 0, 1, 2, …`, [
      'categories',
    ]);
  }
  // labels.txt has a line per id up to the largest: refused before any file is written.
  const largest = largestId(names.keys());
  try {
    checkLimit(
      'maxClasses',
      largest + 1,
      options.limits,
      `category id ${largest} (labels.txt numbers every id from 0)`,
    );
  } catch (error) {
    throw (error as SegkitError).withContext('categories');
  }
  const warnings = new WarningList();
  let crowd = 0;
  let traced = 0;
  const written = new Map<string, string>();
  let files = 0;

  for (const [done, entry] of images.entries()) {
    throwIfAborted(options.signal);
    options.onProgress?.(done, images.length);
    const { image, height, width } = entry;
    const imageName = typeof image.file_name === 'string' ? image.file_name : `image_${String(image.id)}.jpg`;
    const jsonPath = `${stripExtension(imageName)}.json`;
    const clash = written.get(jsonPath);
    if (clash !== undefined) {
      throw new SegkitError(
        'INVALID_DATASET',
        `images ${JSON.stringify(clash)} and ${JSON.stringify(imageName)} would both be labelled by ${jsonPath}`,
        [imageLabel(image)],
      );
    }
    written.set(jsonPath, imageName);
    const shapes: Shape[] = [];
    let group = 0;
    for (const { annotation, where } of entry.annotations) {
      const label = annotationClass(annotation, names, where);
      const id = annotation.category_id as number;
      const loss = lossOf(id);
      if (annotation.iscrowd === 1) crowd++;
      let parts: number[][];
      const mask = annotationRle(annotation, height, width, where);
      const pixels = area(mask);
      loss.sourcePixels += pixels;
      if (isPolygons(annotation.segmentation)) {
        // Written vertex for vertex: labelme reads back the same parts, so the same pixels.
        parts = annotation.segmentation;
        loss.convertedPixels += pixels;
        loss.intersectionPixels = (loss.intersectionPixels ?? 0) + pixels;
      } else {
        traced++;
        parts = trace(mask, options);
        if (parts.length === 0) {
          warnings.add('empty mask', `${where}: empty mask, no shape written`);
          continue;
        }
        const drawn = polygonsToRle(parts, height, width);
        const kept = area(combine(mask, drawn, 'intersection'));
        const drawnPixels = area(drawn);
        const measured = polygonLoss(mask, parts);
        loss.convertedPixels += drawnPixels;
        loss.intersectionPixels = (loss.intersectionPixels ?? 0) + kept;
        loss.pixelsChanged += pixels - kept + (drawnPixels - kept);
        loss.holesDropped += measured.holesDropped;
      }
      const groupId = parts.length > 1 ? group++ : null;
      for (const part of parts) {
        const points: [number, number][] = [];
        for (let i = 0; i + 1 < part.length; i += 2) points.push([part[i], part[i + 1]]);
        shapes.push({ label, points, group_id: groupId, description: '', shape_type: 'polygon', flags: {} });
      }
    }
    const document = {
      version: LABELME_VERSION,
      flags: {},
      shapes,
      imagePath: basenamePath(imageName),
      imageData: null,
      imageHeight: height,
      imageWidth: width,
    };
    await sink.write(jsonPath, `${JSON.stringify(document, null, 2)}\n`);
    files++;
  }
  options.onProgress?.(images.length, images.length);

  const gaps = [...names.keys()].filter((id) => id > 0).length < largest;
  if (gaps)
    warnings.add(
      'summary',
      'category ids have gaps: labels.txt holds an "_unused_<id>_" line for each, so ids keep their numbers',
    );
  await sink.write('labels.txt', labelsTxt(names));
  files++;
  if (crowd > 0) warnings.add('summary', `${crowd} crowd region(s) written as ordinary shapes: labelme has no iscrowd`);
  const holes = [...losses.all()].reduce((n, loss) => n + loss.holesDropped, 0);
  if (holes > 0) warnings.add('summary', `${holes} hole(s) filled: labelme polygons cannot hold holes`);

  const report = finishReport({
    from: 'coco',
    to: 'labelme',
    images: images.length,
    annotations: dataset.annotations.length,
    lossless: true,
    perClass: losses.perClass(),
    warnings: warnings.lines(),
  });
  if (crowd > 0) report.lossless = false;
  return {
    files,
    report,
    summary: `wrote ${files - 1} labelme files and labels.txt (${dataset.annotations.length} annotations, ${traced} traced from masks)`,
  };
}

/** Outer rings of the mask with its holes filled, simplified as asked. */
function trace(mask: Rle, options: WriteOptions): number[][] {
  return maskToPolygons(fillHoles(mask), {
    ...(options.tolerance === undefined ? {} : { tolerance: options.tolerance }),
    ...(options.maxVertices === undefined ? {} : { maxVertices: options.maxVertices }),
  });
}
