import { area, bbox, SegkitError, toCocoRle } from '@segkit/core';
import type { CocoAnnotation, CocoDataset } from '../coco/dataset.js';
import { type PngDecodeOptions, readPngFrom } from '../io/png.js';
import { listMatching, locate } from '../io/source-files.js';
import type { AbortSignalLike, FileSource } from '../registry/types.js';
import { type ClassLoss, emptyClassLoss, finishReport, type LossReport } from '../report/loss-report.js';
import { type ProgressCallback, throwIfAborted } from '../report/progress.js';
import { classRles } from './class-rles.js';
import { type ColorTable, labelMapFromColors } from './color-table.js';
import { labelMapFromPng } from './label-map.js';

export interface SemanticToCocoOptions {
  /** Pixels with this value are left unannotated (default 255). */
  ignoreIndex?: number;
  classNames?: Map<number, string>;
  /** Read RGB colour-coded masks through this table instead of single-channel indices. */
  colors?: ColorTable;
  onProgress?: ProgressCallback;
  signal?: AbortSignalLike;
  /** The fast PNG path's inflate (see decodePng), and the limits each PNG header is held to. */
  codec?: PngDecodeOptions;
}

/**
 * A folder of class-index PNGs → COCO instances JSON: one annotation per image and class present,
 * `iscrowd` 0, compressed RLE, image sizes from the PNGs, ignored pixels unannotated. Lossless: each
 * class's RLE is exactly its pixels. Each image records `png_mode` ('grey' or 'palette'), which
 * cocoToSemanticFolder follows when it writes the PNG back.
 */
export async function semanticFolderToCoco(
  source: FileSource,
  options: SemanticToCocoOptions = {},
): Promise<{ dataset: CocoDataset; report: LossReport }> {
  const ignore = options.ignoreIndex ?? 255;
  const files = await listMatching(source, (name) => name.toLowerCase().endsWith('.png'));
  if (files.length === 0) throw new SegkitError('INVALID_DATASET', 'no .png label files found', [source.name]);
  const dataset: CocoDataset = { images: [], annotations: [], categories: [] };
  const losses = new Map<number, ClassLoss>();
  const name = (id: number) => options.classNames?.get(id) ?? `class_${id}`;
  for (const [index, file] of files.entries()) {
    options.onProgress?.(index, files.length);
    throwIfAborted(options.signal);
    const path = locate(source, file);
    const png = await readPngFrom(source, file, options.codec);
    const map = options.colors ? labelMapFromColors(png, options.colors, path) : labelMapFromPng(png, path);
    const imageId = index + 1;
    // How the indices were stored, so writing PNGs back keeps a greyscale mask greyscale.
    const pngMode = options.colors ? undefined : png.palette === undefined ? 'grey' : 'palette';
    dataset.images.push({
      id: imageId,
      file_name: file,
      height: map.height,
      width: map.width,
      ...(pngMode === undefined ? {} : { png_mode: pngMode }),
    });
    for (const [label, rle] of classRles(map, ignore)) {
      const pixels = area(rle);
      dataset.annotations.push({
        id: dataset.annotations.length + 1,
        image_id: imageId,
        category_id: label,
        segmentation: toCocoRle(rle),
        area: pixels,
        bbox: bbox(rle),
        iscrowd: 0,
      } satisfies CocoAnnotation);
      let loss = losses.get(label);
      if (loss === undefined) {
        loss = emptyClassLoss(label, name(label));
        losses.set(label, loss);
      }
      loss.sourcePixels += pixels;
      loss.convertedPixels += pixels;
    }
  }
  const ids = new Set<number>([...losses.keys(), ...(options.classNames?.keys() ?? [])]);
  ids.delete(ignore);
  dataset.categories = [...ids].sort((a, b) => a - b).map((id) => ({ id, name: name(id), supercategory: 'class' }));
  const report = finishReport({
    from: 'png',
    to: 'coco',
    images: dataset.images.length,
    annotations: dataset.annotations.length,
    lossless: true,
    perClass: [...losses.values()].sort((a, b) => a.id - b.id),
    warnings: [],
  });
  return { dataset, report };
}
