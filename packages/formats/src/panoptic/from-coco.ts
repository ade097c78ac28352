import { area, bbox, type Limits, type Rle, SegkitError, segmentationToRle, showValue } from '@segkit/core';
import { annotationLabel, categoryName, checkCocoDataset } from '../coco/dataset.js';
import { imageItem, OutputNames } from '../io/output-name.js';
import { joinPath } from '../io/paths.js';
import { writePngTo } from '../io/png.js';
import type { FileSink } from '../registry/types.js';
import {
  type ClassLoss,
  emptyClassLoss,
  finishReport,
  type InstanceLoss,
  type LossReport,
} from '../report/loss-report.js';
import { WarningList } from '../report/tally.js';
import { classRles, paintRle } from '../semantic/class-rles.js';
import { type OverlapPolicy, overlapPolicyText, paintOrder, pngName } from '../semantic/coco-to-png.js';
import { segmentIdsToPng } from './segment-ids.js';

/**
 * COCO instances → COCO panoptic: per image, every annotation painted into a segment-id PNG
 * (id = R + 256·G + 256²·B), `segments_info` with each segment's area, box and iscrowd measured
 * on what was painted. A segment keeps its annotation's id when that fits 1..2^24-1 (ids are
 * unique per image), else gets the next free one. Overlapping annotations go to one of them by the
 * policy and are reported; a segment the overlap leaves without pixels is dropped and reported.
 * The PNGs go to `pngDir` inside `sink`; the caller writes the returned JSON where it wants it.
 * Images and polygons over `options.limits` are refused before any PNG is made.
 */
export async function cocoToPanoptic(
  document: unknown,
  sink: FileSink,
  pngDir: string,
  options: { overlap?: OverlapPolicy; limits?: Partial<Limits> } = {},
): Promise<{ panoptic: Record<string, unknown>; report: LossReport }> {
  const { dataset } = checkCocoDataset(document, { limits: options.limits });
  const policy = options.overlap ?? 'last';
  const keepExisting = policy === 'first';
  const instancesLost: InstanceLoss[] = [];
  const byImage = new Map<unknown, number[]>();
  dataset.annotations.forEach((annotation, i) => {
    const list = byImage.get(annotation?.image_id);
    if (list === undefined) byImage.set(annotation?.image_id, [i]);
    else list.push(i);
  });
  const losses = new Map<number, ClassLoss>();
  const warnings = new WarningList();
  const annotations: Record<string, unknown>[] = [];
  // Names checked before anything is painted: each PNG stays inside pngDir, no two images on one file.
  const planned = new OutputNames(joinPath(sink.name, pngDir));
  const fileNames = dataset.images.map((image, i) =>
    planned.claim(pngName(String(image.file_name ?? image.id)), imageItem(image, i)),
  );
  for (const [index, image] of dataset.images.entries()) {
    const { height, width } = image;
    const ids = { height, width, data: new Uint32Array(height * width) };
    const segments: { id: number; category_id: number; iscrowd: number; source: Rle; where: string; area: number }[] =
      [];
    const used = new Set<number>();
    let next = 1;
    for (const i of byImage.get(image.id) ?? []) {
      const annotation = dataset.annotations[i];
      const where = annotationLabel(annotation, i);
      if (!Number.isInteger(annotation.category_id)) {
        throw new SegkitError('INVALID_DATASET', `category_id ${showValue(annotation.category_id)} is not an integer`, [
          where,
        ]);
      }
      let rle: Rle;
      try {
        rle = segmentationToRle(annotation.segmentation, height, width);
      } catch (error) {
        throw error instanceof SegkitError ? error.withContext(where) : error;
      }
      let id = Number(annotation.id);
      if (!Number.isInteger(id) || id < 1 || id >= 1 << 24 || used.has(id)) {
        while (used.has(next)) next++;
        id = next;
      }
      used.add(id);
      const category = annotation.category_id as number;
      if (!losses.has(category)) {
        losses.set(category, emptyClassLoss(category, categoryName(dataset.categories ?? [], category)));
      }
      segments.push({
        id,
        category_id: category,
        iscrowd: annotation.iscrowd === 1 ? 1 : 0,
        source: rle,
        where,
        area: policy === 'smaller-on-top' ? area(rle) : 0,
      });
    }
    for (const segment of paintOrder(segments, policy)) {
      (losses.get(segment.category_id) as ClassLoss).overlapPixels += paintRle(
        ids,
        segment.source,
        segment.id,
        0,
        keepExisting,
      );
    }
    const painted = classRles(ids, 0);
    const segmentsInfo = [];
    for (const segment of segments) {
      const rle = painted.get(segment.id);
      const loss = losses.get(segment.category_id) as ClassLoss;
      const kept = rle === undefined ? 0 : area(rle);
      const source = area(segment.source);
      loss.sourcePixels += source;
      loss.convertedPixels += kept;
      if (kept < source) {
        instancesLost.push({
          annotation: segment.where,
          image: String(image.file_name ?? image.id),
          pixels: source - kept,
        });
      }
      if (rle === undefined) {
        warnings.add(
          'segment lost to overlaps',
          `${segment.where}: every pixel went to other segments; no segment written`,
        );
        continue;
      }
      segmentsInfo.push({
        id: segment.id,
        category_id: segment.category_id,
        iscrowd: segment.iscrowd,
        area: kept,
        bbox: bbox(rle),
      });
    }
    const fileName = fileNames[index];
    await writePngTo(sink, joinPath(pngDir, fileName), segmentIdsToPng(ids));
    annotations.push({ image_id: image.id, file_name: fileName, segments_info: segmentsInfo });
  }
  for (const loss of losses.values()) loss.pixelsChanged = loss.sourcePixels - loss.convertedPixels;
  const categories = (dataset.categories ?? []).map((c) => ({ isthing: 1, ...c }));
  const { images, annotations: _instances, categories: _categories, ...rest } = dataset; // keep info, licenses
  return {
    panoptic: { ...rest, images, annotations, categories },
    report: finishReport({
      from: 'coco',
      to: 'coco-panoptic',
      images: images.length,
      annotations: dataset.annotations.length,
      lossless: true,
      overlapPolicy: overlapPolicyText(policy),
      perClass: [...losses.values()].sort((a, b) => a.id - b.id),
      ...(instancesLost.length > 0 ? { instancesLost } : {}),
      warnings: warnings.lines(),
    }),
  };
}
