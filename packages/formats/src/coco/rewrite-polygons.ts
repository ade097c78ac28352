import {
  area,
  combine,
  type Limits,
  maskToPolygons,
  type PolygonOptions,
  polygonLoss,
  polygonsToRle,
  SegkitError,
  segmentationToCocoRle,
  segmentationToRle,
  showValue,
} from '@segkit/core';
import { type ClassLoss, emptyClassLoss, finishReport, type LossReport } from '../report/loss-report.js';
import { WarningList } from '../report/tally.js';
import { annotationLabel, type CocoDataset, categoryName, checkCocoDataset } from './dataset.js';

/**
 * Every annotation's segmentation as COCO polygons traced from its mask (holes kept, joined to
 * their outer ring by zero-width slits), simplified when `tolerance`/`maxVertices` ask for it, and
 * the loss measured per class against the original mask. Crowd annotations stay RLE (COCO's
 * convention) and so do empty masks, which have no polygon.
 */
export function rewriteSegmentationsAsPolygons(
  document: unknown,
  options: PolygonOptions & { limits?: Partial<Limits> } = {},
): { dataset: CocoDataset; report: LossReport } {
  const { dataset, sizes } = checkCocoDataset(document, { limits: options.limits });
  const losses = new Map<number, ClassLoss>();
  const warnings = new WarningList();
  let crowdKept = 0;
  for (const [i, annotation] of dataset.annotations.entries()) {
    const where = annotationLabel(annotation, i);
    try {
      const size = sizes.get(annotation?.image_id);
      if (size === undefined) {
        throw new SegkitError('INVALID_DATASET', `image_id ${showValue(annotation?.image_id)} is not in "images"`);
      }
      const rle = segmentationToRle(annotation.segmentation, size[0], size[1]);
      if (annotation.iscrowd === 1) {
        annotation.segmentation = segmentationToCocoRle(annotation.segmentation, size[0], size[1]);
        crowdKept++;
        continue;
      }
      const parts = maskToPolygons(rle, options);
      const category = Number(annotation.category_id);
      let loss = losses.get(category);
      if (loss === undefined) {
        loss = emptyClassLoss(category, categoryName(dataset.categories ?? [], category));
        loss.intersectionPixels = 0;
        losses.set(category, loss);
      }
      const pixels = area(rle);
      if (parts.length === 0) {
        annotation.segmentation = segmentationToCocoRle(annotation.segmentation, size[0], size[1]);
        warnings.add('empty mask', `${where}: empty mask kept as RLE (a polygon needs pixels)`);
        continue;
      }
      const back = polygonsToRle(parts, size[0], size[1]);
      const convertedPixels = area(back);
      const intersection = area(combine(rle, back, 'intersection'));
      const changed = pixels + convertedPixels - 2 * intersection;
      loss.sourcePixels += pixels;
      loss.convertedPixels += convertedPixels;
      loss.intersectionPixels = (loss.intersectionPixels ?? 0) + intersection;
      loss.pixelsChanged += changed;
      if (changed > 0) loss.holesDropped += polygonLoss(rle, parts).holesDropped;
      annotation.segmentation = parts;
    } catch (error) {
      throw error instanceof SegkitError ? error.withContext(where) : error;
    }
  }
  if (crowdKept > 0) warnings.add('summary', `${crowdKept} crowd annotations kept as RLE`);
  const report = finishReport({
    from: 'coco',
    to: 'coco',
    images: dataset.images.length,
    annotations: dataset.annotations.length,
    lossless: true,
    perClass: [...losses.values()].sort((a, b) => a.id - b.id),
    warnings: warnings.lines(),
  });
  return { dataset, report };
}
