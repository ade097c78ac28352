import { basename, dirname } from 'node:path';
import { SegkitError } from '@segkit/core';
import type { CocoDataset, DatasetFormat, WriteOptions, WriteResult } from '@segkit/formats';
import { openFileSink } from '../io/file-sink.js';
import { commonFolder, posixRelative } from './paths.js';

export interface WriteDatasetOptions extends Omit<WriteOptions, 'entry' | 'pngDir'> {
  /** coco-panoptic: the folder of segment PNGs on disk (default: the JSON path without .json). */
  pngDir?: string;
}

/** True for an output that names one file (a COCO JSON, a CVAT XML) rather than a folder. */
export function isFileOutput(path: string): boolean {
  return /\.(json|xml)$/i.test(path);
}

/**
 * Writes a dataset to disk in `format`: into the folder `outputPath`, or, for an output that names a
 * file (`.json`, `.xml`), as that file with whatever the format keeps beside it (panoptic PNGs).
 * Every file is written atomically. Returns the format's loss report.
 */
export async function writeDataset(
  dataset: CocoDataset,
  outputPath: string,
  format: DatasetFormat,
  options: WriteDatasetOptions = {},
): Promise<WriteResult> {
  if (format.write === undefined) {
    throw new SegkitError('UNSUPPORTED', `${format.name} is read only; it cannot be written`);
  }
  const { pngDir, ...writeOptions } = options;
  if (!isFileOutput(outputPath)) return format.write(dataset, openFileSink(outputPath), writeOptions);
  const root = pngDir === undefined ? dirname(outputPath) : commonFolder(dirname(outputPath), pngDir);
  const sink = openFileSink(root);
  const entry = pngDir === undefined ? basename(outputPath) : posixRelative(root, outputPath);
  return format.write(dataset, sink, {
    ...writeOptions,
    entry,
    ...(pngDir === undefined ? {} : { pngDir: posixRelative(root, pngDir) }),
  });
}
