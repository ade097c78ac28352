import { decode, type Limits, SegkitError, segmentationToRle, showValue } from '@segkit/core';
import { annotationLabel, checkCocoDataset } from '../coco/dataset.js';
import { annotationItem, imageItem, OutputNames, outputPart } from '../io/output-name.js';
import { writePngTo } from '../io/png.js';
import { CLASS_SIDECAR } from '../registry/shared.js';
import type { FileSink } from '../registry/types.js';

/** The folder an image's masks and image go in: its file name without folders and extension (`a/b.jpg` → `b`). */
export function binaryMaskStem(image: { file_name?: unknown; id?: unknown }): string {
  const name = String(image.file_name ?? image.id);
  const base = name.slice(name.lastIndexOf('/') + 1);
  return base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
}

/**
 * COCO instances → per-instance binary masks in the Kaggle layout's mask part:
 * `<out>/<image stem>/masks/<name>.png`, 8-bit, 255 inside, where the name is the mask's original
 * file (`mask_file`, as readBinaryMasks records it) or else `<annotation id>.png`. Returns how many
 * were written. Images and polygons over `limits` are refused before any mask is made.
 */
export async function writeBinaryMasks(document: unknown, sink: FileSink, limits?: Partial<Limits>): Promise<number> {
  const { dataset, sizes } = checkCocoDataset(document, { limits });
  // Every name planned before the first mask is written: one folder per image, one file per mask.
  const planned = new OutputNames(sink.name);
  planned.reserve(CLASS_SIDECAR);
  const stems = new Map<unknown, string>();
  dataset.images.forEach((image, i) => {
    const item = imageItem(image, i);
    stems.set(image.id, planned.claimFolder(outputPart(binaryMaskStem(image), [sink.name, item]), item));
  });
  const paths = dataset.annotations.map((annotation, i) => {
    const stem = stems.get(annotation.image_id);
    if (stem === undefined) return undefined; // reported below, where the annotation is read
    const item = annotationItem(annotation, i);
    const original = annotation.mask_file;
    // The original name when it is a plain .png file name not taken in this image, else the id.
    const keep =
      typeof original === 'string' && /^[^/\\]+\.png$/i.test(original) && !planned.has(`${stem}/masks/${original}`);
    const name = outputPart(keep ? original : `${String(annotation.id ?? i + 1)}.png`, [sink.name, item]);
    return planned.claim(`${stem}/masks/${name}`, item);
  });
  let written = 0;
  for (const [i, annotation] of dataset.annotations.entries()) {
    const where = annotationLabel(annotation, i);
    const size = sizes.get(annotation.image_id);
    if (size === undefined) {
      throw new SegkitError('INVALID_DATASET', `image_id ${showValue(annotation.image_id)} is not in "images"`, [
        where,
      ]);
    }
    let mask: Uint8Array;
    try {
      mask = decode(segmentationToRle(annotation.segmentation, size[0], size[1])).data;
    } catch (error) {
      throw error instanceof SegkitError ? error.withContext(where) : error;
    }
    for (let p = 0; p < mask.length; p++) mask[p] *= 255;
    const path = paths[i] as string;
    await writePngTo(sink, path, {
      width: size[1],
      height: size[0],
      channels: 1,
      depth: 8,
      data: mask,
    });
    written++;
  }
  return written;
}
