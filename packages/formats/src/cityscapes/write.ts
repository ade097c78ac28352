/**
 * COCO instances whose category names are Cityscapes labels → the ground-truth PNGs cityscapesScripts
 * makes, beside where each image is (`a/x_leftImg8bit.png` → `a/x_gtFine_labelIds.png`, …):
 *
 *   _gtFine_labelIds.png       8-bit grey, label id (0 where nothing is drawn)
 *   _gtFine_labelTrainIds.png  8-bit grey, trainId (255 where nothing is drawn)
 *   _gtFine_instanceIds.png    16-bit grey, id·1000 + k for an instance, the plain id otherwise
 *   _gtFine_color.png          RGBA, the label colour
 *
 * As json2instanceImg numbers objects: k counts the (non-crowd) annotations of an instance class in
 * file order, whether or not a pixel of them survives; crowd annotations and a class's groups
 * (`cargroup`) get the plain id. Overlaps are resolved by the policy, `last` by default (later over
 * earlier, as cityscapesScripts draws); each annotation that lost pixels is named in the report.
 * A dataset with a category that is not a Cityscapes label is refused before anything is written,
 * with an error naming the first such category; license plates (id −1) are never drawn, as in
 * cityscapesScripts, and are reported.
 */

import { area, merge, type Rle, SegkitError, showValue } from '@segkit/core';
import type { CocoDataset } from '../coco/dataset.js';
import { annotationRle, imageLabel, imagesWithAnnotations } from '../coco/dataset-walk.js';
import { imageItem, OutputNames, outputName } from '../io/output-name.js';
import { stripExtension } from '../io/paths.js';
import { encodePng } from '../io/png.js';
import type { FileSink, WriteOptions, WriteResult } from '../registry/types.js';
import { type ClassLoss, emptyClassLoss, finishReport } from '../report/loss-report.js';
import { throwIfAborted } from '../report/progress.js';
import { WarningList } from '../report/tally.js';
import { paintInstances } from '../semantic/instance-map.js';
import { CITYSCAPES_OUTPUT_SUFFIXES } from './convert-folder.js';
import { type CityscapesLabel, resolveLabelName, UNLABELED } from './labels.js';

interface ResolvedCategory {
  label: CityscapesLabel;
  isGroup: boolean;
}

/**
 * Each category's Cityscapes label; throws on the first category (in `categories` order) whose name
 * is not one, so a user sees which class blocks the conversion.
 */
export function cityscapesCategories(dataset: CocoDataset): Map<number, ResolvedCategory> {
  const out = new Map<number, ResolvedCategory>();
  (dataset.categories ?? []).forEach((category, i) => {
    const { id, name } = (category ?? {}) as { id?: unknown; name?: unknown };
    const resolved = typeof name === 'string' ? resolveLabelName(name) : undefined;
    if (resolved === undefined || typeof id !== 'number') {
      throw new SegkitError(
        'UNSUPPORTED',
        `category ${showValue(id)} ${showValue(name)} is not a Cityscapes label: Cityscapes PNGs hold only the labels of cityscapesScripts' labels.py (road, sidewalk, building, …, car, bicycle); write png, coco or coco-panoptic instead`,
        [`categories[${i}]`],
      );
    }
    out.set(id, resolved);
  });
  return out;
}

interface Drawn {
  rle: Rle;
  label: CityscapesLabel;
  instanceId: number;
  where: string;
  /** The annotation's `cityscapes_instance_id`, which the Cityscapes reader records. */
  source: unknown;
}

/**
 * An image read from Cityscapes polygons keeps json2instanceImg's numbers, gaps included (an object
 * hidden by later ones took a number but has no annotation): when every instance annotation of the
 * image carries a `cityscapes_instance_id` in its class's range, all distinct, those are written;
 * otherwise all are numbered afresh (mixing the two could give two instances one number).
 */
function keepSourceNumbers(drawn: Drawn[]): void {
  const instances = drawn.filter((d) => d.instanceId !== d.label.id);
  const seen = new Set<number>();
  for (const d of instances) {
    const v = d.source;
    if (
      typeof v !== 'number' ||
      !Number.isInteger(v) ||
      Math.floor(v / 1000) !== d.label.id ||
      v > 0xffff ||
      seen.has(v)
    ) {
      return;
    }
    seen.add(v);
  }
  for (const d of instances) d.instanceId = d.source as number;
}

/** `a/x_leftImg8bit.png` → `a/x_gtFine`, the stem the output suffixes go after. */
export function cityscapesStem(fileName: string): string {
  return `${stripExtension(fileName).replace(/_leftImg8bit$/, '')}_gtFine`;
}

export async function writeCityscapes(
  dataset: CocoDataset,
  sink: FileSink,
  options: WriteOptions = {},
): Promise<WriteResult> {
  const categories = cityscapesCategories(dataset);
  const policy = options.overlap ?? 'last';
  const images = imagesWithAnnotations(dataset, options.limits);
  const losses = new Map<number, ClassLoss>();
  const lossOf = (label: CityscapesLabel) => {
    let loss = losses.get(label.id);
    if (loss === undefined) {
      loss = emptyClassLoss(label.id, label.name);
      losses.set(label.id, loss);
    }
    return loss;
  };
  const warnings = new WarningList();
  // Every output name planned before the first image is drawn: inside the output, one image per stem.
  const planned = new OutputNames(sink.name);
  const stems = images.map(({ image }, i) => {
    const stem = cityscapesStem(typeof image.file_name === 'string' ? image.file_name : `image_${String(image.id)}`);
    for (const suffix of Object.values(CITYSCAPES_OUTPUT_SUFFIXES)) planned.claim(stem + suffix, imageItem(image, i));
    return outputName(stem);
  });
  let plates = 0;
  let crowdUnmarked = 0;
  let files = 0;

  for (const [done, entry] of images.entries()) {
    throwIfAborted(options.signal);
    options.onProgress?.(done, images.length);
    const { image, height, width } = entry;
    const name = imageLabel(image);
    const stem = stems[done];

    const drawn: Drawn[] = [];
    const counters = new Map<string, number>();
    const classMasks = new Map<CityscapesLabel, Rle[]>();
    for (const { annotation, where } of entry.annotations) {
      const resolved = categories.get(annotation.category_id as number);
      if (resolved === undefined) {
        throw new SegkitError(
          'INVALID_DATASET',
          `category_id ${showValue(annotation.category_id)} is not in "categories"`,
          [where],
        );
      }
      const { label, isGroup } = resolved;
      if (label.id < 0) {
        plates++;
        continue;
      }
      const rle = annotationRle(annotation, height, width, where);
      const masks = classMasks.get(label);
      if (masks === undefined) classMasks.set(label, [rle]);
      else masks.push(rle);
      // A label without instances has one id for everything: a crowd mark on it cannot be kept.
      if (annotation.iscrowd === 1 && !label.hasInstances) crowdUnmarked++;
      let instanceId = label.id;
      if (label.hasInstances && !isGroup && annotation.iscrowd !== 1) {
        const k = counters.get(label.name) ?? 0;
        counters.set(label.name, k + 1);
        instanceId = label.id * 1000 + k;
        if (instanceId > 0xffff) {
          throw new SegkitError(
            'UNSUPPORTED',
            `instance id ${instanceId} does not fit the 16-bit _instanceIds.png (at most 65535)`,
            [name, where],
          );
        }
      }
      drawn.push({ rle, label, instanceId, where, source: annotation.cityscapes_instance_id });
    }

    keepSourceNumbers(drawn);
    const painted = paintInstances(
      height,
      width,
      drawn.map((d) => d.rle),
      policy,
    );
    // Value tables: entry 0 is the background (unlabeled), entry k + 1 the k-th drawn annotation.
    const n = drawn.length + 1;
    const labelTable = new Uint8Array(n);
    const trainTable = new Uint8Array(n);
    const instanceTable = new Uint16Array(n);
    const colorTable = new Uint8Array(n * 4);
    const set = (k: number, label: CityscapesLabel, instanceId: number) => {
      labelTable[k] = label.id;
      trainTable[k] = label.trainId;
      instanceTable[k] = instanceId;
      colorTable.set([...label.color, 255], k * 4);
    };
    set(0, UNLABELED, UNLABELED.id);
    drawn.forEach((d, k) => {
      set(k + 1, d.label, d.instanceId);
    });
    const { map } = painted;
    const labelIds = new Uint8Array(map.length);
    const trainIds = new Uint8Array(map.length);
    const instanceIds = new Uint16Array(map.length);
    const color = new Uint8Array(map.length * 4);
    for (let p = 0; p < map.length; p++) {
      const k = map[p];
      labelIds[p] = labelTable[k];
      trainIds[p] = trainTable[k];
      instanceIds[p] = instanceTable[k];
      color[4 * p] = colorTable[4 * k];
      color[4 * p + 1] = colorTable[4 * k + 1];
      color[4 * p + 2] = colorTable[4 * k + 2];
      color[4 * p + 3] = 255;
    }

    const plain = new Map<CityscapesLabel, number>();
    drawn.forEach((d, k) => {
      const loss = lossOf(d.label);
      loss.convertedPixels += painted.kept[k];
      loss.overlapPixels += painted.shared[k];
      // Annotations drawn with the plain id are one region in the instance image: all but one merge.
      if (d.instanceId === d.label.id) {
        if (plain.has(d.label)) loss.instancesMerged++;
        plain.set(d.label, 1);
      }
      const pixels = area(d.rle);
      const lost = pixels - painted.kept[k];
      if (lost > 0) {
        warnings.add(
          'pixels lost to overlaps',
          `${name}: ${d.where} lost ${lost} of ${pixels} pixels to overlaps${lost === pixels ? ' (gone)' : ''}`,
        );
      }
    });
    for (const [label, masks] of classMasks) lossOf(label).sourcePixels += area(merge(masks, 'union'));

    const outputs: [string, Parameters<typeof encodePng>[0]][] = [
      [CITYSCAPES_OUTPUT_SUFFIXES.labelIds, { width, height, channels: 1, depth: 8, data: labelIds }],
      [CITYSCAPES_OUTPUT_SUFFIXES.trainIds, { width, height, channels: 1, depth: 8, data: trainIds }],
      [CITYSCAPES_OUTPUT_SUFFIXES.instanceIds, { width, height, channels: 1, depth: 16, data: instanceIds }],
      [CITYSCAPES_OUTPUT_SUFFIXES.color, { width, height, channels: 4, depth: 8, data: color }],
    ];
    for (const [suffix, png] of outputs) {
      await sink.write(stem + suffix, encodePng(png));
      files++;
    }
  }
  options.onProgress?.(images.length, images.length);
  // Pixels of a class are only ever taken by other classes' (or its own) annotations, never added.
  for (const loss of losses.values()) loss.pixelsChanged = Math.max(0, loss.sourcePixels - loss.convertedPixels);
  if (crowdUnmarked > 0) {
    warnings.add(
      'summary',
      `${crowdUnmarked} crowd annotation(s) of labels without instances drawn like any other region: the crowd mark is lost`,
    );
  }
  if (plates > 0)
    warnings.add('summary', `${plates} license plate annotation(s) not drawn: id -1, as in cityscapesScripts`);
  const report = finishReport({
    from: 'coco',
    to: 'cityscapes',
    images: images.length,
    annotations: dataset.annotations.length,
    lossless: true,
    overlapPolicy: policy,
    perClass: [...losses.values()].sort((a, b) => a.id - b.id),
    warnings: warnings.lines(),
  });
  if (plates > 0) report.lossless = false;
  return {
    files,
    report,
    summary: `wrote labelIds, labelTrainIds, instanceIds and color PNGs for ${images.length} images`,
  };
}
