/**
 * COCO instances → a Label Studio JSON export (a list of tasks, one per image, `data.image` the image
 * file name), each with one annotation whose results are the image's regions in file order:
 *
 * - polygon parts → `polygonlabels` results (from_name "label", as Label Studio's "Semantic
 *   Segmentation with Polygons" template names the tag), points in percent of the image. Percent
 *   coordinates do not always come back to the same float (x · 100 / w · w / 100), so the writer
 *   rasterizes what the reader will get and reports any pixel that moves. Label Studio has no
 *   multi-part polygon: each part is its own result, so an instance of n parts reads back as n
 *   instances (reported).
 * - RLE masks → `brushlabels` results (from_name "tag", the "Semantic Segmentation with Masks"
 *   template), exact (brush.ts).
 * - crowd regions are written as ordinary regions (Label Studio has no iscrowd), reported.
 * - an image with no annotation gets a task with no result; Label Studio keeps the image size only in
 *   results, so reading the file back leaves it out (reported).
 */

import { area, combine, decode, polygonsToRle, SegkitError } from '@segkit/core';
import type { CocoDataset } from '../coco/dataset.js';
import {
  annotationClass,
  annotationRle,
  categoryNames,
  imagesWithAnnotations,
  isPolygons,
} from '../coco/dataset-walk.js';
import type { FileSink, WriteOptions, WriteResult } from '../registry/types.js';
import { type ClassLoss, emptyClassLoss, finishReport } from '../report/loss-report.js';
import { throwIfAborted } from '../report/progress.js';
import { WarningList } from '../report/tally.js';
import { brushLabelsResult, polygonLabelsResult } from './json-export.js';

export async function writeLabelStudio(
  dataset: CocoDataset,
  sink: FileSink,
  options: WriteOptions = {},
): Promise<WriteResult> {
  const images = imagesWithAnnotations(dataset, options.limits);
  const names = categoryNames(dataset);
  const losses = new Map<number, ClassLoss>();
  const warnings = new WarningList();
  let split = 0;
  let crowd = 0;
  let empty = 0;
  let regions = 0;
  const tasks = images.map(({ image, height, width, annotations }, i) => {
    throwIfAborted(options.signal);
    options.onProgress?.(i, images.length);
    const result: Record<string, unknown>[] = [];
    for (const { annotation, where, index } of annotations) {
      const label = annotationClass(annotation, names, where);
      const id = annotation.category_id as number;
      const mask = annotationRle(annotation, height, width, where);
      let loss = losses.get(id);
      if (loss === undefined) {
        loss = emptyClassLoss(id, label);
        loss.intersectionPixels = 0;
        losses.set(id, loss);
      }
      const pixels = area(mask);
      loss.sourcePixels += pixels;
      if (annotation.iscrowd === 1) crowd++;
      if (!isPolygons(annotation.segmentation)) {
        loss.convertedPixels += pixels;
        loss.intersectionPixels = (loss.intersectionPixels ?? 0) + pixels;
        result.push(
          brushLabelsResult({
            bitmap: decode(mask),
            labels: [label],
            fromName: 'tag',
            toName: 'image',
            id: `a${index}`,
          }),
        );
        regions++;
        continue;
      }
      const parts = annotation.segmentation;
      if (parts.length > 1) split++;
      const back: number[][] = [];
      parts.forEach((points, k) => {
        if (!Array.isArray(points) || points.length < 6) {
          throw new SegkitError('INVALID_POLYGON', `polygon part ${k} has fewer than 3 points`, [where]);
        }
        const written = polygonLabelsResult({
          points,
          height,
          width,
          labels: [label],
          fromName: 'label',
          toName: 'image',
          id: parts.length > 1 ? `a${index}-${k}` : `a${index}`,
        });
        // What the reader computes from the percent points (json-export.ts parsePolygon).
        const percent = (written.value as { points: [number, number][] }).points;
        back.push(percent.flatMap(([x, y]) => [(x * width) / 100, (y * height) / 100]));
        result.push(written);
        regions++;
      });
      const moved = back.some((xy, k) => xy.some((v, j) => v !== parts[k][j]));
      if (!moved) {
        loss.convertedPixels += pixels;
        loss.intersectionPixels = (loss.intersectionPixels ?? 0) + pixels;
        continue;
      }
      const drawn = polygonsToRle(back, height, width);
      const kept = area(combine(mask, drawn, 'intersection'));
      loss.convertedPixels += area(drawn);
      loss.intersectionPixels = (loss.intersectionPixels ?? 0) + kept;
      loss.pixelsChanged += pixels - kept + (area(drawn) - kept);
    }
    if (result.length === 0) empty++;
    return {
      id: i + 1,
      data: { image: typeof image.file_name === 'string' ? image.file_name : `image_${String(image.id)}` },
      annotations: [{ id: i + 1, result, was_cancelled: false, ground_truth: false }],
      predictions: [],
    };
  });
  options.onProgress?.(images.length, images.length);
  const entry = options.entry ?? 'tasks.json';
  await sink.write(entry, JSON.stringify(tasks));
  if (split > 0) {
    warnings.add(
      'summary',
      `${split} multi-part polygon annotation(s) written as one result per part: read back, each part is an instance`,
    );
  }
  if (crowd > 0)
    warnings.add('summary', `${crowd} crowd region(s) written as ordinary regions: Label Studio has no iscrowd`);
  if (empty > 0) {
    warnings.add(
      'summary',
      `${empty} image(s) without annotations written as tasks with no result: Label Studio keeps the image size only in results, so they read back without one`,
    );
  }
  const report = finishReport({
    from: 'coco',
    to: 'label-studio',
    images: images.length,
    annotations: dataset.annotations.length,
    lossless: true,
    perClass: [...losses.values()].sort((a, b) => a.id - b.id),
    warnings: warnings.lines(),
  });
  if (warnings.total > 0) report.lossless = false;
  return { files: 1, report, summary: `wrote ${tasks.length} Label Studio tasks with ${regions} regions to ${entry}` };
}
