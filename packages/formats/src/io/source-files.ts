import { SegkitError } from '@segkit/core';
import type { FileSource } from '../registry/types.js';
import { joinPath } from './paths.js';
import { decodeUtf8 } from './text.js';

/** How messages name `path` of `source`: its path on disk for a disk source, else `<source name>/<path>`. */
export function locate(source: FileSource, path: string): string {
  if (source.locate !== undefined) return source.locate(path);
  return path === source.entry ? source.name : joinPath(source.name, path);
}

/** How messages name a file of a source (`locate` by another name, as the codecs call it). */
export const where = locate;

/** The UTF-8 text of a file (a byte-order mark dropped); a read failure keeps its SegkitError or becomes one naming the file. */
export async function readText(source: FileSource, path: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await source.read(path);
  } catch (error) {
    if (error instanceof SegkitError) throw error;
    throw new SegkitError('IO', `cannot read: ${(error as Error).message}`, [locate(source, path)]);
  }
  const text = decodeUtf8(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Parses JSON bytes; malformed JSON is a SegkitError naming `name`. */
export function parseJson(bytes: Uint8Array | string, name: string): unknown {
  try {
    return JSON.parse(typeof bytes === 'string' ? bytes : decodeUtf8(bytes));
  } catch (error) {
    throw new SegkitError('INVALID_JSON', `malformed JSON: ${(error as Error).message}`, [name]);
  }
}

/** Reads and parses a JSON file of a source; errors name the file. */
export async function readJson(source: FileSource, path: string): Promise<unknown> {
  return parseJson(await readText(source, path), locate(source, path));
}

/** The files of `source` whose name (last part) passes `keep`, sorted as `list()` sorts them. */
export async function listMatching(source: FileSource, keep: (name: string) => boolean): Promise<string[]> {
  return (await source.list()).filter((path) => keep(path.slice(path.lastIndexOf('/') + 1)));
}
