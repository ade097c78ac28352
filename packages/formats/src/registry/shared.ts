import { SegkitError } from '@segkit/core';
import type { CocoDataset } from '../coco/dataset.js';
import { locate } from '../io/source-files.js';
import type { FileSource } from './types.js';

/** `--classes` as the readers take it: class names by id (holes in the list are ids without a name). */
export function classNameMap(names: readonly string[] | undefined): Map<number, string> | undefined {
  if (names === undefined) return undefined;
  const map = new Map<number, string>();
  names.forEach((name, id) => {
    if (typeof name === 'string') map.set(id, name);
  });
  return map;
}

/** The one file a single-file format reads, or an error saying the input is a folder. */
export function requireEntry(source: FileSource, format: string, what: string): string {
  if (source.entry === undefined) {
    throw new SegkitError('INVALID_DATASET', `${format} reads one ${what}, not a folder`, [source.name]);
  }
  return source.entry;
}

/** Runs `work`, naming `path` of `source` in the SegkitErrors it raises unless they name it already. */
export async function locatedIn<T>(source: FileSource, path: string, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const where = locate(source, path);
    throw error instanceof SegkitError && !error.message.startsWith(where) ? error.withContext(where) : error;
  }
}

/**
 * A writer's own copy of the dataset: rewriting segmentations in place must not change the
 * caller's (annotations are copied one level; masks are replaced, never edited).
 */
export function copyForWriting(dataset: CocoDataset): CocoDataset {
  return { ...dataset, annotations: dataset.annotations.map((annotation) => ({ ...annotation })) };
}

/** JSON text of a dataset, as every COCO-family writer puts it on disk (compact). */
export function jsonText(value: unknown): string {
  return JSON.stringify(value);
}
