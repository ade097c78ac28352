import { basename, dirname } from 'node:path';
import { SegkitError } from '@segkit/core';
import type { CocoDataset, DatasetFormat, FileSink, OutputTarget, WriteOptions, WriteResult } from '@segkit/formats';
import { openStagedSink, type StagedSink } from '../io/staged-sink.js';
import { commonFolder, posixRelative } from './paths.js';

export interface WriteDatasetOptions extends Omit<WriteOptions, 'entry' | 'pngDir'> {
  /** coco-panoptic: the folder of segment PNGs on disk (default: the JSON path without .json). */
  pngDir?: string;
  /** Replace a non-empty output folder (`--overwrite`); without it one is refused (OUTPUT_EXISTS). */
  overwrite?: boolean;
}

/** True for an output that names one file (a COCO JSON, a CVAT XML) rather than a folder. */
export function isFileOutput(path: string): boolean {
  return /\.(json|xml)$/i.test(path);
}

/**
 * Writes a dataset to disk in `format`: into the folder `outputPath`, or, for an output that names a
 * file (`.json`, `.xml`), as that file with whatever the format keeps beside it (panoptic PNGs).
 * Nothing appears until everything is written (see openStagedSink): a failure leaves no output and
 * no temporary. Returns the format's loss report.
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
  const { pngDir, overwrite, ...writeOptions } = options;
  const staged = { overwrite: overwrite === true };
  if (!isFileOutput(outputPath)) {
    const sink = await openStagedSink(outputPath, [{ path: '', folder: true }], staged);
    return written(sink, (s) => (format.write as NonNullable<DatasetFormat['write']>)(dataset, s, writeOptions));
  }
  if (format.outputs === undefined) {
    throw new SegkitError('UNSUPPORTED', `${format.name} is written as a folder of files; name a folder, not a file`, [
      outputPath,
    ]);
  }
  const root = pngDir === undefined ? dirname(outputPath) : commonFolder(dirname(outputPath), pngDir);
  const entry = pngDir === undefined ? basename(outputPath) : posixRelative(root, outputPath);
  const inSink = pngDir === undefined ? {} : { pngDir: posixRelative(root, pngDir) };
  const targets: OutputTarget[] = format.outputs({ entry, ...inSink });
  const sink = await openStagedSink(root, targets, staged);
  return written(sink, (s) =>
    (format.write as NonNullable<DatasetFormat['write']>)(dataset, s, { ...writeOptions, entry, ...inSink }),
  );
}

/** Runs a write into a staged sink: committed when it succeeds, every temporary removed when it fails. */
export async function written<T>(sink: StagedSink, write: (sink: FileSink) => Promise<T>): Promise<T> {
  try {
    const result = await write(sink);
    await sink.commit();
    return result;
  } catch (error) {
    await sink.abort();
    throw error;
  }
}
