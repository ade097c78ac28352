import { area, bbox, encode, SegkitError, toCocoRle } from '@segkit/core';
import type { CocoDataset } from '../coco/dataset.js';
import { type PngDecodeOptions, readPngFrom } from '../io/png.js';
import { locate } from '../io/source-files.js';
import type { AbortSignalLike, FileSource } from '../registry/types.js';
import { type ProgressCallback, throwIfAborted } from '../report/progress.js';

export interface BinaryMasksReadOptions {
  /** The one category's name (default `object`). */
  categoryName?: string;
  onProgress?: ProgressCallback;
  signal?: AbortSignalLike;
  codec?: PngDecodeOptions;
}

/**
 * A folder of per-instance binary masks → COCO instances with compressed RLE, one annotation per
 * mask file (`iscrowd` 0, category 1, the file recorded as `mask_file`). Two layouts:
 * - Kaggle (DSB 2018): `<root>/<image>/images/<image>.png` and `<root>/<image>/masks/*.png`;
 * - flat: `<root>/<image>/*.png`, every PNG a mask, the image size taken from them.
 * A mask pixel is inside when non-zero (the files use 255). Masks are read one at a time and kept
 * only as RLE.
 */
export async function readBinaryMasks(source: FileSource, options: BinaryMasksReadOptions = {}): Promise<CocoDataset> {
  const categoryName = options.categoryName ?? 'object';
  const dataset: CocoDataset = {
    images: [],
    annotations: [],
    categories: [{ id: 1, name: categoryName, supercategory: categoryName }],
  };
  // Files by image folder (the first part of their path); sorted by folder name, then file name.
  const folders = new Map<string, string[]>();
  for (const path of await source.list()) {
    const slash = path.indexOf('/');
    if (slash < 0) continue;
    const folder = path.slice(0, slash);
    const files = folders.get(folder);
    if (files === undefined) folders.set(folder, [path.slice(slash + 1)]);
    else files.push(path.slice(slash + 1));
  }
  const imageDirs = [...folders.keys()].sort();
  if (imageDirs.length === 0) throw new SegkitError('INVALID_DATASET', 'no image folders found', [source.name]);
  const isPng = (file: string) => file.toLowerCase().endsWith('.png');
  for (const [done, name] of imageDirs.entries()) {
    options.onProgress?.(done, imageDirs.length);
    throwIfAborted(options.signal);
    const files = folders.get(name) as string[];
    const kaggle = files.some((file) => file.startsWith('masks/'));
    const prefix = kaggle ? 'masks/' : '';
    const maskFiles = files
      .filter((file) => file.startsWith(prefix) && !file.slice(prefix.length).includes('/') && isPng(file))
      .map((file) => file.slice(prefix.length))
      .sort();
    let size: [number, number] | undefined;
    let fileName = name;
    if (kaggle && files.includes(`images/${name}.png`)) {
      const image = await readPngFrom(source, `${name}/images/${name}.png`, options.codec);
      size = [image.height, image.width];
      fileName = `${name}.png`;
    }
    const imageId = dataset.images.length + 1;
    const annotations = [];
    for (const maskFile of maskFiles) {
      const file = `${name}/${prefix}${maskFile}`;
      const path = locate(source, file);
      const png = await readPngFrom(source, file, options.codec);
      if (png.channels !== 1) {
        throw new SegkitError(
          'INVALID_PNG',
          `a binary mask must be single-channel, this one has ${png.channels} channels`,
          [path],
        );
      }
      if (size === undefined) size = [png.height, png.width];
      if (png.height !== size[0] || png.width !== size[1]) {
        throw new SegkitError(
          'SIZE_MISMATCH',
          `mask is ${png.width}x${png.height} but the image is ${size[1]}x${size[0]}`,
          [path],
        );
      }
      const data = png.data instanceof Uint8Array ? png.data : Uint8Array.from(png.data, (v) => (v !== 0 ? 1 : 0));
      const rle = encode({ height: png.height, width: png.width, data });
      annotations.push({
        image_id: imageId,
        category_id: 1,
        segmentation: toCocoRle(rle),
        area: area(rle),
        bbox: bbox(rle),
        iscrowd: 0,
        mask_file: maskFile,
      });
    }
    if (size === undefined) continue; // a folder without masks or image: nothing to say about it
    dataset.images.push({ id: imageId, file_name: fileName, height: size[0], width: size[1] });
    for (const annotation of annotations)
      dataset.annotations.push({ id: dataset.annotations.length + 1, ...annotation });
  }
  return dataset;
}
