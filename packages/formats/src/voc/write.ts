/**
 * COCO instances → PASCAL VOC segmentation PNGs, one pair per image, named after the image file:
 *
 *   SegmentationObject/<stem>.png   object k = the k-th instance of the image (file order), 1..254
 *   SegmentationClass/<stem>.png    the instance's category id, 1..254
 *   class_names.txt                 line i names class i (the palette PNGs hold no names)
 *
 * Both are 8-bit palette PNGs with the VOC colormap. What VOC cannot hold, and how it is reported:
 * - overlaps: one object per pixel, chosen by the overlap policy (instance-map.ts); each annotation
 *   that lost pixels is named in the warnings with how many, and one that lost all of them is gone;
 * - crowd regions: VOC's nearest notion is void (255, "ignore in evaluation"); they are painted 255 in
 *   both PNGs, under the instances, and their pixels are counted as changed;
 * - no void border is invented: VOC's 5-pixel border is an annotation protocol, not a mask.
 * Category 0 (the background) and ids over 254 have no VOC value and are an error naming the
 * annotation, as are more than 254 instances in one image.
 */

import { area, merge, type Rle, SegkitError, showValue } from '@segkit/core';
import type { CocoDataset } from '../coco/dataset.js';
import { annotationRle, categoryNames, imageLabel, imagesWithAnnotations, largestId } from '../coco/dataset-walk.js';
import { imageItem, OutputNames, outputPart } from '../io/output-name.js';
import { basenamePath, stripExtension } from '../io/paths.js';
import { encodePng } from '../io/png.js';
import type { FileSink, WriteOptions, WriteResult } from '../registry/types.js';
import { classLossTable, finishReport } from '../report/loss-report.js';
import { throwIfAborted } from '../report/progress.js';
import { WarningList } from '../report/tally.js';
import { forEachColumnRun } from '../semantic/class-rles.js';
import { paintInstances } from '../semantic/instance-map.js';
import { vocPalette } from '../semantic/label-map.js';
import { VOC_VOID } from './read.js';

/** Largest object number a VOC object PNG holds (255 is void). */
const MAX_OBJECTS = 254;

export async function writeVoc(dataset: CocoDataset, sink: FileSink, options: WriteOptions = {}): Promise<WriteResult> {
  const policy = options.overlap ?? 'last';
  const images = imagesWithAnnotations(dataset, options.limits);
  const names = categoryNames(dataset);
  const palette = vocPalette();
  const losses = classLossTable(names);
  const lossOf = losses.of;
  const warnings = new WarningList();
  // Every output name planned before the first image is drawn: inside the output, one image per stem.
  const planned = new OutputNames(sink.name);
  planned.reserve('class_names.txt');
  const stems = images.map(({ image }, i) => {
    const item = imageItem(image, i);
    const name = typeof image.file_name === 'string' ? image.file_name : String(image.id);
    const stem = outputPart(stripExtension(basenamePath(name)), [sink.name, item]);
    for (const folder of ['SegmentationObject', 'SegmentationClass']) planned.claim(`${folder}/${stem}.png`, item);
    return stem;
  });
  let crowdRegions = 0;
  let files = 0;

  for (const [done, entry] of images.entries()) {
    throwIfAborted(options.signal);
    options.onProgress?.(done, images.length);
    const { image, height, width } = entry;
    const label = imageLabel(image);
    const stem = stems[done];

    const instances: { rle: Rle; category: number; where: string }[] = [];
    const crowd: Rle[] = [];
    const classMasks = new Map<number, Rle[]>();
    for (const { annotation, where } of entry.annotations) {
      const category = annotation.category_id;
      if (typeof category !== 'number' || !Number.isInteger(category) || category < 1 || category > MAX_OBJECTS) {
        throw new SegkitError(
          'INVALID_DATASET',
          `category_id ${showValue(category)} has no VOC value: classes are 1..254 (0 is the background, 255 void)`,
          [where],
        );
      }
      const rle = annotationRle(annotation, height, width, where);
      const list = classMasks.get(category);
      if (list === undefined) classMasks.set(category, [rle]);
      else list.push(rle);
      if (annotation.iscrowd === 1) {
        crowd.push(rle);
        crowdRegions++;
      } else instances.push({ rle, category, where });
    }
    if (instances.length > MAX_OBJECTS) {
      throw new SegkitError(
        'UNSUPPORTED',
        `${instances.length} instances; a VOC object PNG numbers at most ${MAX_OBJECTS} (255 is void)`,
        [label],
      );
    }

    const painted = paintInstances(
      height,
      width,
      instances.map((i) => i.rle),
      policy,
    );
    const objectData = new Uint8Array(height * width);
    const classData = new Uint8Array(height * width);
    for (const rle of crowd) {
      forEachColumnRun(rle, (x, y0, y1) => {
        for (let y = y0, p = y0 * width + x; y < y1; y++, p += width) {
          objectData[p] = VOC_VOID;
          classData[p] = VOC_VOID;
        }
      });
    }
    const classOf = Uint8Array.from(instances, (i) => i.category);
    const { map } = painted;
    for (let p = 0; p < map.length; p++) {
      const k = map[p];
      if (k === 0) continue;
      objectData[p] = k;
      classData[p] = classOf[k - 1];
    }
    instances.forEach((instance, k) => {
      const pixels = area(instance.rle);
      const lost = pixels - painted.kept[k];
      lossOf(instance.category).overlapPixels += painted.shared[k];
      if (lost > 0) {
        warnings.add(
          'pixels lost to overlaps',
          `${label}: ${instance.where} lost ${lost} of ${pixels} pixels to overlaps${lost === pixels ? ' (gone from the PNGs)' : ''}`,
        );
      }
    });
    for (const [category, masks] of classMasks) lossOf(category).sourcePixels += area(merge(masks, 'union'));
    for (let p = 0; p < classData.length; p++) {
      const cls = classData[p];
      if (cls !== 0 && cls !== VOC_VOID) lossOf(cls).convertedPixels++;
    }
    const png = (data: Uint8Array) => encodePng({ width, height, channels: 1, depth: 8, data, palette });
    await sink.write(`SegmentationObject/${stem}.png`, png(objectData));
    await sink.write(`SegmentationClass/${stem}.png`, png(classData));
    files += 2;
  }
  options.onProgress?.(images.length, images.length);
  for (const loss of losses.all()) loss.pixelsChanged = loss.sourcePixels - loss.convertedPixels;
  const maxId = largestId(names.keys());
  const lines = ['background'];
  for (let id = 1; id <= Math.min(maxId, MAX_OBJECTS); id++) lines.push(names.get(id) ?? `class_${id}`);
  await sink.write('class_names.txt', `${lines.join('\n')}\n`);
  files++;
  const warningLines = warnings.lines();
  if (crowdRegions > 0)
    warningLines.unshift(`${crowdRegions} crowd region(s) written as void (255): VOC has no iscrowd`);
  const report = finishReport({
    from: 'coco',
    to: 'voc',
    images: images.length,
    annotations: dataset.annotations.length,
    lossless: true,
    overlapPolicy: policy,
    perClass: losses.perClass(),
    warnings: warningLines,
  });
  if (crowdRegions > 0 || warnings.total > 0) report.lossless = false;
  return {
    files,
    report,
    summary: `wrote ${images.length} VOC SegmentationObject + SegmentationClass pairs and class_names.txt`,
  };
}
