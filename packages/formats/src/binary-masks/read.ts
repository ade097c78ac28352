import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { area, bbox, encode, SegkitError, toCocoRle } from '@segkit/core';
import type { CocoDataset } from '../coco/dataset.js';
import { readPng } from '../io/png.js';
import type { ProgressCallback } from '../report/progress.js';

/**
 * A folder of per-instance binary masks → COCO instances with compressed RLE, one annotation per
 * mask file (`iscrowd` 0, category 1, the file recorded as `mask_file`). Two layouts:
 * - Kaggle (DSB 2018): `<root>/<image>/images/<image>.png` and `<root>/<image>/masks/*.png`;
 * - flat: `<root>/<image>/*.png`, every PNG a mask, the image size taken from them.
 * A mask pixel is inside when non-zero (the files use 255). Masks are read one at a time and kept
 * only as RLE.
 */
export async function readBinaryMasks(
  root: string,
  categoryName = 'object',
  onProgress?: ProgressCallback,
): Promise<CocoDataset> {
  const dataset: CocoDataset = {
    images: [],
    annotations: [],
    categories: [{ id: 1, name: categoryName, supercategory: categoryName }],
  };
  let imageDirs: string[];
  try {
    imageDirs = (await readdir(root, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch (error) {
    throw new SegkitError('IO', `cannot list: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, [
      root,
    ]);
  }
  if (imageDirs.length === 0) throw new SegkitError('INVALID_DATASET', 'no image folders found', [root]);
  for (const [done, name] of imageDirs.entries()) {
    onProgress?.(done, imageDirs.length);
    const kaggle = existsSync(join(root, name, 'masks'));
    const maskDir = kaggle ? join(root, name, 'masks') : join(root, name);
    const maskFiles = (await readdir(maskDir)).filter((f) => f.toLowerCase().endsWith('.png')).sort();
    let size: [number, number] | undefined;
    let fileName = name;
    if (kaggle) {
      const imagePath = join(root, name, 'images', `${name}.png`);
      if (existsSync(imagePath)) {
        const image = await readPng(imagePath);
        size = [image.height, image.width];
        fileName = `${name}.png`;
      }
    }
    const imageId = dataset.images.length + 1;
    const annotations = [];
    for (const maskFile of maskFiles) {
      const path = join(maskDir, maskFile);
      const png = await readPng(path);
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
