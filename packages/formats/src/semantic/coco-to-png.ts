import { area, type Limits, merge, type Rle, SegkitError, segmentationToRle, showValue } from '@segkit/core';
import { annotationLabel, checkCocoDataset } from '../coco/dataset.js';
import { categoryNames } from '../coco/dataset-walk.js';
import { imageItem, OutputNames } from '../io/output-name.js';
import { writePngTo } from '../io/png.js';
import type { AbortSignalLike, FileSink } from '../registry/types.js';
import { classLossTable, finishReport, type InstanceLoss, type LossReport } from '../report/loss-report.js';
import { type ProgressCallback, throwIfAborted } from '../report/progress.js';
import { countOtherLabels, paintRle } from './class-rles.js';
import { type ColorTable, labelMapToColors } from './color-table.js';
import { type LabelMap, labelMapToPng } from './label-map.js';

/**
 * Which annotation keeps a pixel two of them claim: the later one in the file, the earlier, or the
 * smaller (by area; small objects are not wiped out by a large one drawn later).
 */
export type OverlapPolicy = 'last' | 'first' | 'smaller-on-top';

/** Words for a policy in a report. */
export function overlapPolicyText(policy: OverlapPolicy): string {
  return policy === 'first'
    ? 'earlier annotation wins'
    : policy === 'smaller-on-top'
      ? 'smaller annotation wins'
      : 'later annotation wins';
}

/**
 * The order annotations are painted in, each over the ones before: file order, or by area from the
 * largest down for smaller-on-top (a stable sort: equal areas keep file order).
 */
export function paintOrder<T extends { area: number }>(entries: T[], policy: OverlapPolicy): T[] {
  if (policy !== 'smaller-on-top') return entries;
  return entries
    .map((entry, order) => ({ entry, order }))
    .sort((a, b) => b.entry.area - a.entry.area || a.order - b.order)
    .map(({ entry }) => entry);
}

export interface CocoToSemanticOptions {
  /** Value of pixels no annotation covers (default 255). */
  ignoreIndex?: number;
  overlap?: OverlapPolicy;
  /** Write RGB colour-coded masks with this table instead of class indices. */
  colors?: ColorTable;
  /** Images and polygons over these are refused before any label map is allocated. */
  limits?: Partial<Limits>;
  onProgress?: ProgressCallback;
  signal?: AbortSignalLike;
}

/**
 * COCO instances → one class-index PNG per image (named after the image file, with .png), every
 * annotation painted with its category id, unannotated pixels set to the ignore value; 8-bit with
 * the VOC palette, or greyscale where the image says `png_mode: 'grey'` (read from a grey PNG). Reports
 * per class the instances merged, the overlaps and how the policy resolved them, and, for polygon
 * sources, the area the rasterization gained or lost against the polygons.
 */
export async function cocoToSemanticFolder(
  document: unknown,
  sink: FileSink,
  options: CocoToSemanticOptions = {},
): Promise<LossReport> {
  const ignore = options.ignoreIndex ?? 255;
  const policy = options.overlap ?? 'last';
  // Checked: every annotation an object on one of the images, every category_id an integer.
  const { dataset } = checkCocoDataset(document, { limits: options.limits });
  const names = categoryNames(dataset);
  const byImage = new Map<unknown, number[]>();
  dataset.annotations.forEach((annotation, i) => {
    const list = byImage.get(annotation.image_id);
    if (list === undefined) byImage.set(annotation.image_id, [i]);
    else list.push(i);
  });
  const losses = classLossTable(names);
  const lossOf = losses.of;

  // Every output name checked, and no two images on one file, before the first pixel is painted.
  const planned = new OutputNames(sink.name);
  const paths = dataset.images.map((image, i) =>
    planned.claim(pngName(String(image.file_name ?? image.id)), imageItem(image, i)),
  );
  const instancesLost: InstanceLoss[] = [];
  for (const [done, image] of dataset.images.entries()) {
    options.onProgress?.(done, dataset.images.length);
    throwIfAborted(options.signal);
    const { height, width } = image;
    const data = ignore > 255 ? new Uint16Array(height * width) : new Uint8Array(height * width);
    if (ignore !== 0) data.fill(ignore);
    const map: LabelMap = { height, width, data };
    const classMasks = new Map<number, Rle[]>();
    const painted: { where: string; label: number; rle: Rle; area: number }[] = [];
    for (const i of byImage.get(image.id) ?? []) {
      const annotation = dataset.annotations[i];
      const where = annotationLabel(annotation, i);
      const category = annotation.category_id;
      if (category === undefined || category < 0 || category > 65535) {
        throw new SegkitError('INVALID_DATASET', `category_id ${showValue(category)} is not a class index 0..65535`, [
          where,
        ]);
      }
      const label = category;
      if (label === ignore) {
        throw new SegkitError(
          'INVALID_DATASET',
          `category_id ${label} equals the ignore value; pass another --ignore-index`,
          [where],
        );
      }
      if (label > 255 && data instanceof Uint8Array) {
        throw new SegkitError(
          'INVALID_DATASET',
          `category_id ${label} does not fit an 8-bit mask; use --ignore-index 65535`,
          [where],
        );
      }
      let rle: Rle;
      try {
        rle = segmentationToRle(annotation.segmentation, height, width);
      } catch (error) {
        throw error instanceof SegkitError ? error.withContext(where) : error;
      }
      const loss = lossOf(label);
      const masks = classMasks.get(label);
      if (masks === undefined) classMasks.set(label, [rle]);
      else {
        masks.push(rle);
        loss.instancesMerged++;
      }
      if (Array.isArray(annotation.segmentation)) {
        loss.polygonAreaDelta += Math.abs(polygonArea(annotation.segmentation) - area(rle));
      }
      painted.push({ where, label, rle, area: policy === 'smaller-on-top' ? area(rle) : 0 });
    }
    let imageOverlaps = 0;
    for (const { label, rle } of paintOrder(painted, policy)) {
      const overlaps = paintRle(map, rle, label, ignore, policy === 'first');
      lossOf(label).overlapPixels += overlaps;
      imageOverlaps += overlaps;
    }
    if (imageOverlaps > 0) {
      // Only where objects met: which of them lost pixels to another class, and how many.
      for (const { where, label, rle } of painted) {
        const pixels = countOtherLabels(map, rle, label);
        if (pixels > 0) instancesLost.push({ annotation: where, image: String(image.file_name ?? image.id), pixels });
      }
    }
    for (const [label, masks] of classMasks) lossOf(label).sourcePixels += area(merge(masks));
    const histogram = new Map<number, number>();
    for (let i = 0; i < data.length; i++) {
      const label = data[i];
      if (label !== ignore) histogram.set(label, (histogram.get(label) ?? 0) + 1);
    }
    for (const [label, pixels] of histogram) lossOf(label).convertedPixels += pixels;
    const mode = image.png_mode === 'grey' ? 'grey' : 'palette';
    const png = options.colors ? labelMapToColors(map, options.colors, ignore) : labelMapToPng(map, mode);
    await writePngTo(sink, paths[done], png);
  }
  for (const loss of losses.all()) loss.pixelsChanged = loss.sourcePixels - loss.convertedPixels;
  return finishReport({
    from: 'coco',
    to: 'png',
    images: dataset.images.length,
    annotations: dataset.annotations.length,
    lossless: true,
    overlapPolicy: overlapPolicyText(policy),
    perClass: losses.perClass(),
    ...(instancesLost.length > 0 ? { instancesLost } : {}),
    warnings: [],
  });
}

/** `dir/name.jpg` → `dir/name.png`. */
export function pngName(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  const slash = fileName.lastIndexOf('/');
  return `${dot > slash ? fileName.slice(0, dot) : fileName}.png`;
}

/** Shoelace area summed over the parts, as COCO computes a polygon annotation's `area`. */
function polygonArea(parts: number[][]): number {
  let total = 0;
  for (const xy of parts) {
    let twice = 0;
    const k = Math.floor(xy.length / 2);
    for (let i = 0; i < k; i++) {
      const j = (i + 1) % k;
      twice += xy[2 * i] * xy[2 * j + 1] - xy[2 * j] * xy[2 * i + 1];
    }
    total += Math.abs(twice) / 2;
  }
  return total;
}
