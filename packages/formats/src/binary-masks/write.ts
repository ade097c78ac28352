import { decode, SegkitError, segmentationToRle } from '@segkit/core';
import { annotationLabel, checkCocoDataset } from '../coco/dataset.js';
import { writePngTo } from '../io/png.js';
import type { FileSink } from '../registry/types.js';

/**
 * COCO instances → per-instance binary masks in the Kaggle layout's mask part:
 * `<out>/<image stem>/masks/<annotation id>.png`, 8-bit, 255 inside. Returns how many were written.
 */
export async function writeBinaryMasks(document: unknown, sink: FileSink): Promise<number> {
  const { dataset, sizes } = checkCocoDataset(document);
  const stems = new Map<unknown, string>();
  for (const image of dataset.images) {
    const name = String(image.file_name ?? image.id);
    const base = name.slice(name.lastIndexOf('/') + 1);
    stems.set(image.id, base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base);
  }
  let written = 0;
  for (const [i, annotation] of dataset.annotations.entries()) {
    const where = annotationLabel(annotation, i);
    const size = sizes.get(annotation.image_id);
    if (size === undefined) {
      throw new SegkitError('INVALID_DATASET', `image_id ${JSON.stringify(annotation.image_id)} is not in "images"`, [
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
    const id = annotation.id ?? i + 1;
    await writePngTo(sink, `${stems.get(annotation.image_id) as string}/masks/${id}.png`, {
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
