import { decode, type Limits, SegkitError, segmentationToRle } from '@segkit/core';
import { annotationLabel, checkCocoDataset } from '../coco/dataset.js';
import { writePngTo } from '../io/png.js';
import type { FileSink } from '../registry/types.js';

/**
 * COCO instances → per-instance binary masks in the Kaggle layout's mask part:
 * `<out>/<image stem>/masks/<name>.png`, 8-bit, 255 inside, where the name is the mask's original
 * file (`mask_file`, as readBinaryMasks records it) or else `<annotation id>.png`. Returns how many
 * were written. Images and polygons over `limits` are refused before any mask is made.
 */
export async function writeBinaryMasks(document: unknown, sink: FileSink, limits?: Partial<Limits>): Promise<number> {
  const { dataset, sizes } = checkCocoDataset(document, { limits });
  const stems = new Map<unknown, string>();
  for (const image of dataset.images) {
    const name = String(image.file_name ?? image.id);
    const base = name.slice(name.lastIndexOf('/') + 1);
    stems.set(image.id, base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base);
  }
  let written = 0;
  const used = new Set<string>();
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
    const folder = `${stems.get(annotation.image_id) as string}/masks/`;
    const original = annotation.mask_file;
    // The original name when it is a plain .png file name not taken in this image, else the id.
    const keep = typeof original === 'string' && /^[^/\\]+\.png$/i.test(original) && !used.has(folder + original);
    const path = folder + (keep ? original : `${annotation.id ?? i + 1}.png`);
    used.add(path);
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
