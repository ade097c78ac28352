import { dirname } from 'node:path';
import { type Limits, SegkitError } from '@segkit/core';
import {
  type DatasetFormat,
  detectFormat,
  type FileSource,
  formatByName,
  type ReadOptions,
  type ReadResult,
} from '@segkit/formats';
import { openFileSource } from '../io/file-source.js';
import { nodePngCodec } from '../io/png-file.js';
import { commonFolder, posixRelative } from './paths.js';

export interface OpenDatasetOptions extends Omit<ReadOptions, 'inflate' | 'crc32' | 'pngDir'> {
  /** The format's name (`--from`); detected from the input when absent. */
  from?: string;
  /** coco-panoptic: the folder of segment PNGs on disk (default: the JSON path without .json). */
  pngDir?: string;
}

/** A dataset read from disk as COCO, with the format it was read as. */
export interface OpenedDataset extends ReadResult {
  format: DatasetFormat;
  source: FileSource;
}

/**
 * Reads a dataset from a file or folder through the format registry: the format named by `from`, or
 * the one the registry detects; PNGs decoded with node:zlib. Every file is sized, and every image
 * and polygon held to `options.limits`, before it is read or drawn. Errors name the input file.
 */
export async function openDataset(
  path: string,
  options: OpenDatasetOptions = {},
  opened?: FileSource,
): Promise<OpenedDataset> {
  const { from, pngDir, ...readOptions } = options;
  const { limits } = options;
  const format = from === undefined ? undefined : formatByName(from, '--from');
  // A caller that detected the format already hands its source on, so nothing is read twice.
  const source =
    opened !== undefined && pngDir === undefined
      ? opened
      : await openFileSource(
          path,
          pngDir === undefined ? { limits } : { root: commonFolder(dirname(path), pngDir), limits },
        );
  const reading = opened === source ? source : cacheEntry(source);
  const chosen = format ?? (await detectFormat(reading));
  const read: ReadOptions = { ...readOptions, ...nodePngCodec };
  if (pngDir !== undefined) read.pngDir = posixRelative(commonFolder(dirname(path), pngDir), pngDir);
  try {
    const result = await chosen.read(reading, read);
    return { ...result, format: chosen, source };
  } catch (error) {
    throw locatedAt(error, path);
  }
}

/** Names `path` in a SegkitError that does not name it already. */
export function locatedAt(error: unknown, path: string): unknown {
  return error instanceof SegkitError && !error.message.startsWith(path) ? error.withContext(path) : error;
}

/**
 * A source for `openDataset` whose single-file entry is read once, however often detection and
 * reading ask for it; its files are held to `limits.maxFileBytes`.
 */
export async function openDatasetSource(path: string, limits?: Partial<Limits>): Promise<FileSource> {
  return cacheEntry(await openFileSource(path, { limits }));
}

/**
 * Detection may read a single-file input whole (a panoptic JSON's "segments_info" can lie past the
 * head), and reading reads it again: the bytes are kept for the one openDataset call, not after.
 */
function cacheEntry(source: FileSource): FileSource {
  if (source.entry === undefined) return source;
  let bytes: Promise<Uint8Array> | undefined;
  return {
    ...source,
    read: (file) => {
      if (file !== source.entry) return source.read(file);
      bytes ??= source.read(file);
      return bytes;
    },
  };
}
