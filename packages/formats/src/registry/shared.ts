import { type Limits, SegkitError } from '@segkit/core';
import type { CocoDataset } from '../coco/dataset.js';
import { locate } from '../io/source-files.js';
import { decodeUtf8 } from '../io/text.js';
import { parseClassNames } from '../semantic/class-names.js';
import type { FileSink, FileSource } from './types.js';

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

/** The sidecar that carries class names for formats with no place for them (png, binary-masks). */
export const CLASS_SIDECAR = 'classes.json';

/**
 * Writes `classes.json` (`[{id, name}]`, the `--classes` JSON form) when the dataset names its
 * classes; true when written.
 */
export async function writeClassSidecar(dataset: CocoDataset, sink: FileSink): Promise<boolean> {
  const named = (dataset.categories ?? [])
    .map((c) => c as { id?: unknown; name?: unknown })
    .filter((c) => Number.isInteger(c.id) && typeof c.name === 'string' && c.name !== `class_${c.id}`)
    .map((c) => ({ id: c.id as number, name: c.name as string }))
    .sort((a, b) => a.id - b.id);
  if (named.length === 0) return false;
  await sink.write(CLASS_SIDECAR, `${JSON.stringify(named, null, 1)}\n`);
  return true;
}

/** Class names from a source's `classes.json`, if it has one at its root (ids held to `limits.maxClasses`). */
export async function readClassSidecar(
  source: FileSource,
  limits?: Partial<Limits>,
): Promise<Map<number, string> | undefined> {
  if (source.entry !== undefined || !(await source.list()).includes(CLASS_SIDECAR)) return undefined;
  return parseClassNames(decodeUtf8(await source.read(CLASS_SIDECAR)), locate(source, CLASS_SIDECAR), limits);
}
